// WASM backend glue: loads kernels/matmul.wat (assembled in kernels/generated/wasm-bytes.ts)
// over one shared memory, places the operands there (in place when they already live there,
// else copied into resident scratch), and splits big products by rows over the thread group.
// Not here: the meaning of a matmul (kernels/matmul.ts) or choosing a backend (index.ts).
import { wasmBase64 } from '../../kernels/generated/wasm-bytes.ts';
import type { MatmulSpec } from '../../kernels/matmul.ts';
import { ThreadGroup } from './threads.ts';
import { defaultThreadCount, nodeThreads } from './threads-node.ts';
import { WasmHeap } from './wasm-heap.ts';

/**
 * Products below this many flops (128^3 and up are split) stay on the calling thread: waking a
 * sleeping worker costs ~120 µs on this VM, a spinning one ~6 µs (bench/NOTES.md); a 4 MFLOP
 * product takes ~110 µs on one thread.
 */
export const MIN_THREADED_FLOPS = 1 << 22;
let minThreadedFlops = MIN_THREADED_FLOPS;

/** Overrides the single-thread cut-off (tests force small products onto threads with 0). */
export function setMinThreadedFlops(flops: number): void {
  minThreadedFlops = flops;
}

type Gemm = (...args: number[]) => void;

interface WasmState {
  heap: WasmHeap;
  module: WebAssembly.Module;
  instance: WebAssembly.Instance;
  gemm: Gemm;
  workBytes: number;
  /** Kernel scratch of each thread (byte offsets). */
  work: number[];
  threads: number;
  group: ThreadGroup | undefined;
  /** Resident scratch for operands that are copied in: [offset, bytes]. */
  scratch: Record<'a' | 'b' | 'c', [number, number]>;
  copiedBytes: number;
}

let state: WasmState | undefined;
let probed: boolean | undefined;

export function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Feature probe: SIMD128 and shared WebAssembly memory. */
export function wasmAvailable(): boolean {
  if (probed !== undefined) return probed;
  let ok = false;
  try {
    ok =
      typeof WebAssembly === 'object' &&
      typeof SharedArrayBuffer === 'function' &&
      WebAssembly.validate(decodeBase64(wasmBase64.matmul)) &&
      new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    ok = false;
  }
  probed = ok;
  return ok;
}

function init(): WasmState {
  if (state !== undefined) return state;
  const heap = new WasmHeap();
  const module = new WebAssembly.Module(decodeBase64(wasmBase64.matmul));
  const instance = new WebAssembly.Instance(module, { env: { memory: heap.memory } });
  const workBytes = (instance.exports['workBytes'] as () => number)();
  state = {
    heap,
    module,
    instance,
    gemm: instance.exports['gemm'] as Gemm,
    workBytes,
    work: [heap.alloc(workBytes)],
    threads: defaultThreadCount(),
    group: undefined,
    scratch: { a: [0, 0], b: [0, 0], c: [0, 0] },
    copiedBytes: 0,
  };
  return state;
}

/** Threads used for one product (the caller included); workers start on first use. */
export function setWasmThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`setThreads: expected an integer >= 1, got ${n}`);
  const s = init();
  s.threads = n;
  // A smaller count reuses the running group (its extra workers sleep); a larger one replaces it.
  if (s.group !== undefined && s.group.size < n) {
    s.group.close();
    s.group = undefined;
  }
}

export function getWasmThreads(): number {
  return state?.threads ?? defaultThreadCount();
}

/** The running thread group (started if needed), for tests and for other parallel work. */
export function wasmThreadGroup(): ThreadGroup {
  const s = init();
  if (s.group === undefined) {
    while (s.work.length < s.threads) s.work.push(s.heap.alloc(s.workBytes));
    s.group = new ThreadGroup(s.threads, s.heap.memory, [s.module], [s.instance], [[0, 'gemm']], nodeThreads);
  }
  return s.group;
}

/** A Float32Array living in the WASM memory: matmul reads and writes it without copying. */
export function allocResident(length: number): Float32Array {
  const s = init();
  const offset = s.heap.alloc(length * 4);
  return new Float32Array(s.heap.f32.buffer, offset, length);
}

export function freeResident(array: Float32Array): void {
  const offset = state?.heap.offsetOf(array);
  if (offset === undefined) throw new Error('freeResident: the array was not made by allocResident');
  state!.heap.release(offset);
}

/** Bytes copied between JS arrays and the WASM memory so far (in and out). */
export function wasmCopiedBytes(): number {
  return state?.copiedBytes ?? 0;
}

/** Byte offset of `array` in the memory: in place if resident, else copied into scratch. */
function place(s: WasmState, which: 'a' | 'b' | 'c', array: Float32Array, length: number): number {
  const resident = s.heap.offsetOf(array);
  if (resident !== undefined) return resident;
  const slot = s.scratch[which];
  if (slot[1] < length * 4) {
    if (slot[1] > 0) s.heap.release(slot[0]);
    s.scratch[which] = [s.heap.alloc(length * 4), length * 4];
  }
  return s.scratch[which][0];
}

export function matmulWasm(spec: MatmulSpec): void {
  const s = init();
  const { k, n, transA, transB } = spec;
  let { batch, m, strideA } = spec;
  const { strideB } = spec;
  const count = batch * m * n;
  if (count === 0) return;
  if (k === 0) {
    spec.out.fill(0, 0, count);
    return;
  }
  // Every A matrix right after the previous one and one shared B: a single (B·M, K) product.
  if (batch > 1 && strideB === 0 && !transA && strideA === m * k) {
    m *= batch;
    batch = 1;
    strideA = 0;
  }
  const extentA = (batch - 1) * strideA + m * k;
  const extentB = (batch - 1) * strideB + k * n;
  const a = spec.a as Float32Array;
  const b = spec.b as Float32Array;
  const out = spec.out as Float32Array;
  if (a.length < extentA || b.length < extentB || out.length < count) {
    throw new Error(
      `matmul: arrays too short for batch ${spec.batch} of (${spec.m}, ${k}) x (${k}, ${n}): ` +
        `a ${a.length} < ${extentA}, b ${b.length} < ${extentB} or out ${out.length} < ${count}`,
    );
  }
  const pa = place(s, 'a', a, extentA);
  const pb = place(s, 'b', b, extentB);
  const pc = place(s, 'c', out, count);
  const f32 = s.heap.f32; // after every alloc above: views of the grown memory
  if (s.heap.offsetOf(a) === undefined) {
    f32.set(extentA === a.length ? a : a.subarray(0, extentA), pa >> 2);
    s.copiedBytes += extentA * 4;
  }
  if (s.heap.offsetOf(b) === undefined) {
    f32.set(extentB === b.length ? b : b.subarray(0, extentB), pb >> 2);
    s.copiedBytes += extentB * 4;
  }
  const rows = batch * m;
  const flops = 2 * rows * n * k;
  const threads = Math.min(s.threads, rows >> 2);
  const args = [pa, pb, pc, m, k, n, transA ? 1 : 0, transB ? 1 : 0, strideA, strideB];
  if (threads < 2 || flops < minThreadedFlops) {
    s.gemm(...args, 0, rows, s.work[0]!);
  } else {
    const group = wasmThreadGroup();
    const chunk = Math.ceil(rows / threads / 4) * 4;
    const tasks = [];
    for (let t = 0, g0 = 0; g0 < rows; t++, g0 += chunk) {
      tasks.push({ fn: 0, args: [...args, g0, Math.min(rows, g0 + chunk), s.work[t]!] });
    }
    group.run(tasks);
  }
  if (s.heap.offsetOf(out) === undefined) {
    out.set(f32.subarray(pc >> 2, (pc >> 2) + count));
    s.copiedBytes += count * 4;
  }
}
