// A persistent group of worker threads over one shared WebAssembly.Memory. The general verb is
// `run(tasks)`: task i (an exported WebAssembly function and its i32 arguments) runs on thread i,
// thread 0 being the caller, and `run` returns when all are done. Hand-off through Atomics on a
// small control SharedArrayBuffer: spin briefly, then wait. Used to split one matmul by rows;
// meant to be reused (data-parallel training: "run this task on worker i over shared memory").
// Not here: how a worker is started (see ThreadAdapter: Node worker_threads, later Web Workers)
// and what the tasks compute.

/** Ints per worker in the control array. */
export const SLOT = 32;
/** Offsets inside a worker's slot. */
export const GEN = 0; // caller bumps it to start a task (and notifies)
export const DONE = 1; // worker copies GEN here when the task is over (and notifies)
export const STATE = 2; // 0 starting, 1 ready, 2 gone (exited or failed to start)
export const STATUS = 3; // 0 ok, 1 the task threw (message in the message area)
export const FN = 4; // index into the function table; -1 asks the worker to stop
export const NARGS = 5;
export const ARGS = 6;
export const MAX_ARGS = SLOT - ARGS;
/** UTF-16 code units of error message per worker. */
export const MESSAGE = 512;

/** What a worker receives at start; thread-worker.mjs reads exactly these fields. */
export interface WorkerInit {
  index: number;
  control: SharedArrayBuffer;
  messages: SharedArrayBuffer;
  memory: WebAssembly.Memory;
  modules: WebAssembly.Module[];
  /** Function table: [module index, export name]; a task names a function by its position. */
  functions: Array<[number, string]>;
  spin: number;
}

export interface WorkerHandle {
  terminate(): void;
}

/**
 * The platform part: start one worker running thread-worker.mjs with `init`; call `onFailure`
 * (asynchronously, from the event loop) if it fails to start or dies.
 */
export interface ThreadAdapter {
  spawn(init: WorkerInit, onFailure: (error: Error) => void): WorkerHandle;
}

export interface ThreadTask {
  fn: number;
  args: number[];
}

type WasmFunction = (...args: number[]) => unknown;

/**
 * Spin iterations before sleeping. Waking a sleeping thread costs about 120 µs on this VM,
 * a spinning one about 6 µs (bench/NOTES.md): the caller spins ~20-50 µs for the workers, a
 * worker spins ~5x longer for the next task, so products issued back to back stay hot.
 */
const SPIN = 20_000;
const WORKER_SPIN = 100_000;

export class ThreadGroup {
  readonly size: number;
  private readonly control: Int32Array;
  private readonly messages: Uint16Array;
  private readonly workers: WorkerHandle[] = [];
  private readonly local: WasmFunction[];
  private generation = 0;
  private closed = false;
  /** A worker's failure seen by the event loop (e.g. it could not start), thrown by run. */
  private failure: Error | undefined;

  /**
   * `size` threads in all (the caller and size - 1 workers). `instances` are the caller's
   * instances of `modules`, so thread 0 calls the same function table directly.
   */
  constructor(
    size: number,
    memory: WebAssembly.Memory,
    modules: WebAssembly.Module[],
    instances: WebAssembly.Instance[],
    functions: Array<[number, string]>,
    adapter: ThreadAdapter,
  ) {
    this.size = size;
    const control = new SharedArrayBuffer(size * SLOT * 4);
    const messages = new SharedArrayBuffer(size * MESSAGE * 2);
    this.control = new Int32Array(control);
    this.messages = new Uint16Array(messages);
    this.local = functions.map(([module, name]) => instances[module]!.exports[name] as WasmFunction);
    for (let index = 1; index < size; index++) {
      const init = { index, control, messages, memory, modules, functions, spin: WORKER_SPIN };
      this.workers.push(
        adapter.spawn(init, (error) => {
          if (!this.closed) this.failure ??= new Error(`worker ${index} failed: ${error.message}`);
        }),
      );
    }
  }

  /**
   * Runs tasks[i] on thread i (tasks.length <= size) and waits for all; rethrows any failure.
   * A worker still starting does not make the caller wait: its task runs on the caller.
   */
  run(tasks: ThreadTask[]): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.closed) throw new Error('ThreadGroup.run: the group is closed');
    if (tasks.length > this.size) throw new Error(`ThreadGroup.run: ${tasks.length} tasks for ${this.size} threads`);
    for (const { fn } of tasks) {
      if (this.local[fn] === undefined) throw new Error(`ThreadGroup.run: no function ${fn} in the table of ${this.local.length}`);
    }
    const ctrl = this.control;
    const gen = ++this.generation;
    const posted: boolean[] = [false];
    for (let w = 1; w < tasks.length; w++) {
      const base = w * SLOT;
      const { fn, args } = tasks[w]!;
      posted[w] = Atomics.load(ctrl, base + STATE) === 1;
      if (!posted[w]) continue;
      if (args.length > MAX_ARGS) throw new Error(`ThreadGroup.run: at most ${MAX_ARGS} arguments`);
      ctrl[base + FN] = fn;
      ctrl[base + NARGS] = args.length;
      for (let i = 0; i < args.length; i++) ctrl[base + ARGS + i] = args[i]! | 0;
      ctrl[base + STATUS] = 0;
      Atomics.store(ctrl, base + GEN, gen);
      Atomics.notify(ctrl, base + GEN);
    }
    let failure: unknown;
    for (let w = 0; w < tasks.length; w++) {
      if (posted[w]) continue;
      const { fn, args } = tasks[w]!;
      try {
        this.local[fn]!(...args);
      } catch (error) {
        failure ??= error;
      }
    }
    // Wait for every worker even when the caller failed: they write into shared scratch.
    for (let w = 1; w < tasks.length; w++) {
      if (!posted[w]) continue;
      const error = this.wait(w, gen);
      failure ??= error;
    }
    if (failure !== undefined) throw failure;
  }

  /** Resolves when every worker has started (until then the caller does their share). */
  async ready(timeoutMs = 30_000): Promise<void> {
    const started = Date.now();
    for (;;) {
      if (this.failure !== undefined) throw this.failure;
      let ready = true;
      for (let w = 1; w < this.size; w++) ready &&= Atomics.load(this.control, w * SLOT + STATE) === 1;
      if (ready) return;
      if (Date.now() - started > timeoutMs) throw new Error(`ThreadGroup: workers not started after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Stops the workers; the group cannot run again. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (let w = 1; w < this.size; w++) {
      const base = w * SLOT;
      this.control[base + FN] = -1;
      Atomics.store(this.control, base + GEN, ++this.generation);
      Atomics.notify(this.control, base + GEN);
    }
    for (const worker of this.workers) worker.terminate();
  }

  /** Waits until worker w finished generation gen: spin, then sleep in short slices. */
  private wait(w: number, gen: number): Error | undefined {
    const ctrl = this.control;
    const base = w * SLOT;
    let done = Atomics.load(ctrl, base + DONE);
    for (let s = 0; s < SPIN && done !== gen; s++) done = Atomics.load(ctrl, base + DONE);
    while (done !== gen) {
      const state = Atomics.load(ctrl, base + STATE);
      if (state === 2) {
        this.closed = true;
        return new Error(`worker ${w} is gone: ${this.message(w) || 'it exited'}`);
      }
      Atomics.wait(ctrl, base + DONE, done, 100);
      done = Atomics.load(ctrl, base + DONE);
    }
    if (ctrl[base + STATUS] !== 0) return new Error(`worker ${w} failed: ${this.message(w)}`);
    return undefined;
  }

  private message(w: number): string {
    const codes = this.messages.subarray(w * MESSAGE, (w + 1) * MESSAGE);
    const end = codes.indexOf(0);
    return String.fromCharCode(...codes.subarray(0, end < 0 ? codes.length : end));
  }
}
