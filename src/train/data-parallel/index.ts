// Data-parallel training: model replicas in worker threads over shared weights and gradients.
export { ReplicaGroup, type GroupStep } from './group.ts';
export { nodeReplicas } from './node-adapter.ts';
export { shardDropoutSeed, type Shard, type ShardResult } from './replica.ts';
export type { ReplicaAdapter, ReplicaPort, FromReplica, ToReplica } from './protocol.ts';
