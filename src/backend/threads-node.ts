// Node adapter of the thread group: workers are worker_threads running thread-worker.mjs,
// unref'ed so they never keep the process alive. The browser adapter (Web Workers) is to come.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ThreadAdapter, WorkerHandle, WorkerInit } from './threads.ts';

export const nodeThreads: ThreadAdapter = {
  spawn(init: WorkerInit, onFailure: (error: Error) => void): WorkerHandle {
    const worker = new Worker(new URL('./thread-worker.mjs', import.meta.url), {
      workerData: init,
      // Inherit the parent's flags except --input-type, which stops a worker file from loading.
      execArgv: process.execArgv.filter((flag) => !flag.startsWith('--input-type')),
      // The worker's own stdout/stderr would otherwise hold the event loop open.
      stdout: false,
      stderr: false,
    });
    worker.unref();
    // A task's errors come back through shared memory (threads.ts); these are the others.
    let terminating = false;
    worker.on('error', onFailure);
    worker.on('exit', (code) => {
      if (!terminating) onFailure(new Error(`worker exited with code ${code}`));
    });
    return {
      terminate: () => {
        terminating = true;
        void worker.terminate();
      },
    };
  },
};

export function defaultThreadCount(): number {
  return availableParallelism();
}
