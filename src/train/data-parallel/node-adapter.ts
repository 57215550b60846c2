// Node adapter of the replica workers: worker_threads running worker-shim.mjs. The only file of
// the data-parallel layer that knows it is on Node (with node-worker-port.ts on the worker side).
import { Worker } from 'node:worker_threads';
import { workerExecArgv } from '../../backend/threads-node.ts';
import type { FromReplica, ReplicaAdapter, ReplicaPort, ToReplica } from './protocol.ts';

export const nodeReplicas: ReplicaAdapter = {
  spawn(onMessage: (message: FromReplica) => void, onFailure: (error: Error) => void): ReplicaPort {
    const worker = new Worker(new URL('./worker-shim.mjs', import.meta.url), {
      execArgv: workerExecArgv(), // the parent's loader options only (see threads-node.ts)
    });
    worker.unref(); // held only while a reply is awaited (see hold)
    let terminating = false;
    worker.on('message', onMessage);
    worker.on('error', onFailure);
    worker.on('exit', (code) => {
      if (!terminating) onFailure(new Error(`the worker exited with code ${code}`));
    });
    return {
      post: (message: ToReplica) => worker.postMessage(message),
      hold: (busy: boolean) => (busy ? worker.ref() : worker.unref()),
      terminate: () => {
        terminating = true;
        void worker.terminate();
      },
    };
  },
};
