// What a replica worker does, independent of the platform: on `init`, build the model from its
// config and point its tensors at the shared weights; then answer `compute` and `reduce`.
// Matrix products run on this thread only (the replicas already use every core).
import { setThreads } from '../../backend/index.ts';
import { buildModel } from '../model.ts';
import type { FromReplica, ToReplica } from './protocol.ts';
import { Replica } from './replica.ts';
import { attachWeights } from './shared-memory.ts';

export interface WorkerPort {
  onMessage(handler: (message: ToReplica) => void): void;
  send(message: FromReplica): void;
}

export function serveReplica(port: WorkerPort): void {
  let replica: Replica | null = null;
  port.onMessage((message) => {
    try {
      if (message.type === 'init') {
        setThreads(1);
        const model = buildModel(message.config);
        attachWeights(model, message.shared, false);
        replica = new Replica(model, message.index, message.shared);
        port.send({ type: 'ready' });
        return;
      }
      if (replica === null) throw new Error(`got '${message.type}' before 'init'`);
      if (message.type === 'compute') {
        replica.model.train(message.training); // dropout on or off, as on the main thread
        const results = replica.compute(message.shards, message.step, message.batchSize, message.seed);
        port.send({ type: 'computed', id: message.id, results });
      } else {
        replica.reduce(message.from, message.to, message.shards);
        port.send({ type: 'reduced', id: message.id });
      }
    } catch (error) {
      port.send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  });
}
