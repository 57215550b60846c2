// The body of one worker of a ThreadGroup (src/backend/threads.ts), plain JavaScript so it runs
// as a worker everywhere (Node, under vitest, in a bundle) without a TypeScript loader.
// It instantiates the WebAssembly modules it is given over the shared memory, then loops: wait
// for a task in its control slot, call the function, report done (or the error message).
// Not here: anything about what the tasks compute. Offsets must match threads.ts.
import { workerData } from 'node:worker_threads';
import process from 'node:process';

const SLOT = 32, GEN = 0, DONE = 1, STATE = 2, STATUS = 3, FN = 4, NARGS = 5, ARGS = 6, MESSAGE = 512;

const { index, control, messages, memory, modules, functions, spin } = workerData;
const ctrl = new Int32Array(control);
const base = index * SLOT;
const message = new Uint16Array(messages, index * MESSAGE * 2, MESSAGE);

function report(error) {
  const text = String(error instanceof Error ? `${error.name}: ${error.message}` : error);
  const n = Math.min(text.length, MESSAGE - 1);
  for (let i = 0; i < n; i++) message[i] = text.charCodeAt(i);
  message[n] = 0;
}

// A worker that dies (process.exit, fatal error) says so, so the caller never waits forever.
process.on('exit', () => {
  Atomics.store(ctrl, base + STATE, 2);
  Atomics.notify(ctrl, base + DONE);
});

let table;
try {
  const instances = modules.map((module) => new WebAssembly.Instance(module, { env: { memory } }));
  table = functions.map(([module, name]) => instances[module].exports[name]);
} catch (error) {
  report(error);
  process.exit(1);
}
Atomics.store(ctrl, base + STATE, 1);

let seen = 0;
for (;;) {
  let gen = Atomics.load(ctrl, base + GEN);
  for (let s = 0; s < spin && gen === seen; s++) gen = Atomics.load(ctrl, base + GEN);
  while (gen === seen) {
    Atomics.wait(ctrl, base + GEN, seen);
    gen = Atomics.load(ctrl, base + GEN);
  }
  seen = gen;
  const fn = ctrl[base + FN];
  if (fn === -1) break;
  try {
    const f = table[fn];
    if (typeof f !== 'function') throw new Error(`no function ${fn} in the table of ${table.length}`);
    const args = Array.from(ctrl.subarray(base + ARGS, base + ARGS + ctrl[base + NARGS]));
    f(...args);
  } catch (error) {
    report(error);
    ctrl[base + STATUS] = 1;
  }
  Atomics.store(ctrl, base + DONE, gen);
  Atomics.notify(ctrl, base + DONE);
}
