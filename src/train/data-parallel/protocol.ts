// The messages between the main thread and a replica worker. Batches travel in messages (copied);
// weights and gradients never do: they are in the shared buffers.
import type { ModelConfig } from '../../models/config.ts';
import type { Shard, ShardResult } from './replica.ts';
import type { SharedBuffers } from './shared-memory.ts';

export type ToReplica =
  | { type: 'init'; index: number; config: ModelConfig; shared: SharedBuffers }
  | { type: 'compute'; id: number; step: number; batchSize: number; seed: number; training: boolean; shards: Shard[] }
  | { type: 'reduce'; id: number; from: number; to: number; shards: number };

export type FromReplica =
  | { type: 'ready' }
  | { type: 'computed'; id: number; results: ShardResult[] }
  | { type: 'reduced'; id: number }
  | { type: 'failed'; message: string };

/** The platform part of a worker, as the main thread sees it (Node: worker_threads; later Web Workers). */
export interface ReplicaPort {
  post(message: ToReplica): void;
  /** Keep the process (or page) alive while a reply is awaited; let it go when idle. */
  hold(busy: boolean): void;
  terminate(): void;
}

export interface ReplicaAdapter {
  /** Starts one worker; `onMessage` gets its replies, `onFailure` its crash or unexpected exit. */
  spawn(onMessage: (message: FromReplica) => void, onFailure: (error: Error) => void): ReplicaPort;
}
