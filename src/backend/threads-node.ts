// Node adapter of the thread group: workers are worker_threads running thread-worker.mjs,
// unref'ed so they never keep the process alive. The browser adapter (Web Workers) is to come.
// Also the one Node-only switch of the WASM backend: the V8 flag that enables relaxed SIMD.
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { ThreadAdapter, WorkerHandle, WorkerInit } from './threads.ts';

const V8_WASM_FLAG = /^--(no-)?(experimental-)?wasm[-_]/;

export const nodeThreads: ThreadAdapter = {
  spawn(init: WorkerInit, onFailure: (error: Error) => void): WorkerHandle {
    const worker = new Worker(new URL('./thread-worker.mjs', import.meta.url), {
      workerData: init,
      // Inherit the parent's flags except --input-type, which stops a worker file from loading,
      // and V8's wasm flags, which a Worker rejects (ERR_WORKER_INVALID_EXEC_ARGV); V8 flags
      // are process-wide, so the worker has them anyway.
      execArgv: process.execArgv.filter((flag) => !flag.startsWith('--input-type') && !V8_WASM_FLAG.test(flag)),
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

/**
 * Turns on V8's `--experimental-wasm-relaxed-simd` (Node 20, V8 11.3: off by default; shipped
 * from V8 11.4). V8 flags are process-wide: worker_threads started later see it too, and
 * modules compiled before keep working. Returns false where the flag cannot be set.
 */
export function enableRelaxedSimdFlag(): boolean {
  try {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
    return true;
  } catch {
    return false;
  }
}
