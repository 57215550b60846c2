// Node adapter of the thread group: workers are worker_threads running thread-worker.mjs,
// unref'ed so they never keep the process alive. The browser adapter (Web Workers) is to come.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ThreadAdapter, WorkerHandle, WorkerInit } from './threads.ts';

export const nodeThreads: ThreadAdapter = {
  spawn(init: WorkerInit): WorkerHandle {
    const worker = new Worker(new URL('./thread-worker.mjs', import.meta.url), {
      workerData: init,
      // The worker's own stdout/stderr would otherwise hold the event loop open.
      stdout: false,
      stderr: false,
    });
    worker.unref();
    // Errors are reported through shared memory (see threads.ts); this keeps a worker's
    // 'error' event from becoming an uncaught exception in the main thread.
    worker.on('error', () => {});
    return { terminate: () => void worker.terminate() };
  },
};

export function defaultThreadCount(): number {
  return availableParallelism();
}
