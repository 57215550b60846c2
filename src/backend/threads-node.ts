// Node adapter of the thread group: workers are worker_threads running thread-worker.mjs,
// unref'ed so they never keep the process alive. The browser adapter (Web Workers) is to come.
// Also the one Node-only switch of the WASM backend: the V8 flag that enables relaxed SIMD.
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { ThreadAdapter, WorkerHandle, WorkerInit } from './threads.ts';

/** Node options that load code (tsx, loaders, conditions) and that a Worker accepts, with a separate value. */
const LOADER_OPTIONS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader', '--conditions', '-C']);

/**
 * The parent's execArgv a worker should get: the options that decide how code is loaded
 * (tsx's --require/--import, loaders, conditions) and nothing else. V8 flags are process-wide,
 * so a worker has them anyway, and a Worker rejects most of them (ERR_WORKER_INVALID_EXEC_ARGV:
 * wasm flags, --single-threaded-gc, ...); --input-type would stop a worker file from loading.
 */
export function workerExecArgv(argv: readonly string[] = process.execArgv): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const [name] = flag.split('=', 1) as [string];
    if (LOADER_OPTIONS.has(name)) {
      kept.push(flag);
      if (!flag.includes('=') && i + 1 < argv.length) kept.push(argv[++i]!);
    } else if (flag === '--enable-source-maps' || flag === '--no-warnings') {
      kept.push(flag);
    }
  }
  return kept;
}

export const nodeThreads: ThreadAdapter = {
  spawn(init: WorkerInit, onFailure: (error: Error) => void): WorkerHandle {
    const worker = new Worker(new URL('./thread-worker.mjs', import.meta.url), {
      workerData: init,
      execArgv: workerExecArgv(),
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
