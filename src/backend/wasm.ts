// WASM backend glue: loads kernels/matmul.wat (assembled in kernels/generated/wasm-bytes.ts)
// over one shared memory, places the operands there (in place when they already live there,
// else copied into resident scratch), and splits big products by rows over the thread group.
// Two builds of the same kernel: SIMD128 (f32x4.mul + f32x4.add) and its relaxed-SIMD twin
// (f32x4.relaxed_madd: one FMA where the hardware has it), chosen by a probe, SIMD128 being the
// fallback. Both are loaded side by side, so switching is a function index, not a restart.
// Not here: the meaning of a matmul (kernels/matmul.ts) or choosing a backend (index.ts).
import { wasmBase64 } from '../../kernels/generated/wasm-bytes.ts';
import type { MatmulSpec } from '../../kernels/matmul.ts';
import { ThreadGroup } from './threads.ts';
import { defaultThreadCount, enableRelaxedSimdFlag, nodeThreads } from './threads-node.ts';
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

/** Which build of the matmul kernel runs float32 products. */
export type KernelVariant = 'relaxed-simd' | 'simd128';
/** 'auto': relaxed SIMD where its probe passes, else SIMD128. */
export type KernelPreference = KernelVariant | 'auto';

interface Kernel {
  variant: KernelVariant;
  module: WebAssembly.Module;
  instance: WebAssembly.Instance;
  gemm: Gemm;
}

interface WasmState {
  heap: WasmHeap;
  /** Loaded kernels; a kernel's index is its function index in the thread group. */
  kernels: Kernel[];
  /** Index of the kernel products use. */
  active: number;
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
let relaxedProbed: boolean | undefined;
let preference: KernelPreference = 'auto';

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

/** `PROXYFORMER_RELAXED_SIMD=0` (or `off`, `false`): never probe relaxed SIMD, never set the V8 flag. */
function relaxedOptOut(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.['PROXYFORMER_RELAXED_SIMD']?.toLowerCase();
  return value === '0' || value === 'off' || value === 'false';
}

function loadKernel(variant: KernelVariant, memory: WebAssembly.Memory): Kernel {
  const module = new WebAssembly.Module(decodeBase64(variant === 'simd128' ? wasmBase64.matmul : wasmBase64.matmulRelaxed));
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return { variant, module, instance, gemm: instance.exports['gemm'] as Gemm };
}

/**
 * A 5 x 7 x 9 product of small integers (exact in float32, fused or not) through `gemm`:
 * catches a module that compiles but computes something else.
 */
function numericCheck(heap: WasmHeap, gemm: Gemm, workBytes: number): boolean {
  const [m, k, n] = [5, 7, 9];
  const bytes = 4 * (m * k + k * n + m * n);
  const block = heap.alloc(bytes);
  const work = heap.alloc(workBytes);
  try {
    const [pa, pb, pc] = [block, block + 4 * m * k, block + 4 * (m * k + k * n)];
    const f32 = heap.f32;
    for (let i = 0; i < m * k; i++) f32[(pa >> 2) + i] = (i % 7) - 3;
    for (let i = 0; i < k * n; i++) f32[(pb >> 2) + i] = (i % 5) - 2;
    f32.fill(NaN, pc >> 2, (pc >> 2) + m * n);
    gemm(pa, pb, pc, m, k, n, 0, 0, 0, 0, 0, m, work);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) sum += f32[(pa >> 2) + i * k + p]! * f32[(pb >> 2) + p * n + j]!;
        if (f32[(pc >> 2) + i * n + j] !== sum) return false;
      }
    }
    return true;
  } finally {
    heap.release(work);
    heap.release(block);
  }
}

/**
 * Relaxed-SIMD probe (once): not opted out, the relaxed module validates (after setting V8's
 * flag on Node 20, where it is off by default), compiles, and passes the numeric check.
 * On success the kernel is added to the state (and a running thread group is restarted so
 * its workers load it).
 */
function relaxedKernel(s: WasmState): number | undefined {
  const loaded = s.kernels.findIndex((kernel) => kernel.variant === 'relaxed-simd');
  if (loaded >= 0) return loaded;
  if (relaxedProbed === false) return undefined;
  relaxedProbed = false;
  if (relaxedOptOut()) return undefined;
  try {
    const bytes = decodeBase64(wasmBase64.matmulRelaxed);
    if (!WebAssembly.validate(bytes) && !(enableRelaxedSimdFlag() && WebAssembly.validate(bytes))) return undefined;
    const kernel = loadKernel('relaxed-simd', s.heap.memory);
    if (!numericCheck(s.heap, kernel.gemm, s.workBytes)) return undefined;
    s.kernels.push(kernel);
  } catch {
    return undefined;
  }
  relaxedProbed = true;
  if (s.group !== undefined) {
    s.group.close();
    s.group = undefined;
  }
  return s.kernels.length - 1;
}

/** Whether the relaxed-SIMD kernel passes its probe here (runs the probe if needed). */
export function relaxedSimdAvailable(): boolean {
  return relaxedKernel(init()) !== undefined;
}

/**
 * Which kernel float32 products use: 'auto' (default) picks relaxed SIMD where its probe
 * passes; 'relaxed-simd' throws where it does not; 'simd128' never probes it.
 */
export function setKernelPreference(wanted: KernelPreference): void {
  if (wanted !== 'auto' && wanted !== 'relaxed-simd' && wanted !== 'simd128') {
    throw new Error(`kernel: expected 'auto', 'relaxed-simd' or 'simd128', got ${String(wanted)}`);
  }
  if (wanted === 'relaxed-simd' && relaxedOptOut()) {
    throw new Error('relaxed SIMD is disabled by PROXYFORMER_RELAXED_SIMD');
  }
  const s = init();
  const relaxed = wanted === 'simd128' ? undefined : relaxedKernel(s);
  if (wanted === 'relaxed-simd' && relaxed === undefined) {
    throw new Error('relaxed SIMD is not available here (the module does not validate or fails its check)');
  }
  preference = wanted;
  s.active = relaxed ?? 0;
}

export function getKernelVariant(): KernelVariant {
  const s = init();
  return s.kernels[s.active]!.variant;
}

function init(): WasmState {
  if (state !== undefined) return state;
  const heap = new WasmHeap();
  const simd128 = loadKernel('simd128', heap.memory);
  const workBytes = (simd128.instance.exports['workBytes'] as () => number)();
  state = {
    heap,
    kernels: [simd128],
    active: 0,
    workBytes,
    work: [heap.alloc(workBytes)],
    threads: defaultThreadCount(),
    group: undefined,
    scratch: { a: [0, 0], b: [0, 0], c: [0, 0] },
    copiedBytes: 0,
  };
  if (preference !== 'simd128') state.active = relaxedKernel(state) ?? 0;
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
    // function i of the group is kernel i's gemm
    s.group = new ThreadGroup(
      s.threads,
      s.heap.memory,
      s.kernels.map((kernel) => kernel.module),
      s.kernels.map((kernel) => kernel.instance),
      s.kernels.map((_, i): [number, string] => [i, 'gemm']),
      nodeThreads,
    );
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
    s.kernels[s.active]!.gemm(...args, 0, rows, s.work[0]!);
  } else {
    const group = wasmThreadGroup();
    const chunk = Math.ceil(rows / threads / 4) * 4;
    const tasks = [];
    for (let t = 0, g0 = 0; g0 < rows; t++, g0 += chunk) {
      tasks.push({ fn: s.active, args: [...args, g0, Math.min(rows, g0 + chunk), s.work[t]!] });
    }
    group.run(tasks);
  }
  if (s.heap.offsetOf(out) === undefined) {
    out.set(f32.subarray(pc >> 2, (pc >> 2) + count));
    s.copiedBytes += count * 4;
  }
}
