// Matmul benchmark: `npm run bench -- matmul [--time ms] [--shapes MxKxN,...] [--crossover]`.
// Measured in the same run, per shape: the 128-bit SIMD peak loop (kernels/peak.wat), ours with
// 1 and 2 threads (operands resident in the WASM memory, like tfjs keeps its tensors; plus ours
// with 1 thread on plain JS arrays, copy-in/copy-out included), @tensorflow/tfjs-backend-wasm
// 4.22 (unbatched, untransposed tf.matMul: its XNNPACK path) and the naive JS loop.
// Writes bench/results/matmul.json and prints a table. Timings: median of repeated runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { wasmBase64 } from '../kernels/generated/wasm-bytes.ts';
import { matmulReference, type MatmulSpec } from '../kernels/matmul.ts';
import { allocResident, freeResident, matmul, setBackend, setThreads } from '../src/backend/index.ts';
import { ThreadGroup } from '../src/backend/threads.ts';
import { nodeThreads } from '../src/backend/threads-node.ts';
import { decodeBase64, MIN_THREADED_FLOPS, setMinThreadedFlops, wasmThreadGroup } from '../src/backend/wasm.ts';

const SHAPES: Array<[number, number, number]> = [
  [64, 64, 64], [128, 128, 128], [256, 256, 256], [512, 512, 512], [1024, 1024, 1024],
  [4096, 64, 128], [4096, 128, 64], [128, 4096, 64], [1024, 32, 1024], [1024, 1024, 32],
  [4096, 32, 4096], [4096, 4096, 32], [4096, 32, 128],
];

const median = (values: number[]): number => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Seconds of repeated runs of `fn`: at least `minRuns` and `minMs` of work, after a warm-up. */
function sample(fn: () => void, minMs: number, minRuns = 5, maxRuns = 2000): number[] {
  fn(); // warm-up (compilation, page faults, worker wake-up)
  const times: number[] = [];
  const start = performance.now();
  while (times.length < maxRuns && (times.length < minRuns || performance.now() - start < minMs)) {
    const t = performance.now();
    fn();
    times.push((performance.now() - t) / 1e3);
  }
  return times;
}

function medianSeconds(fn: () => void, minMs: number, minRuns = 5): number {
  return median(sample(fn, minMs, minRuns));
}

/**
 * Median seconds of each variant, sampled in ROUNDS alternating windows (1T, 2T, copy, tfjs,
 * 1T, ...): the machine is shared, and a burst of someone else's work then hits every column
 * alike instead of one column's whole window.
 */
const ROUNDS = 3;
function interleaved(variants: Array<() => void>, minMs: number): number[] {
  const all = variants.map((): number[] => []);
  for (let r = 0; r < ROUNDS; r++) {
    variants.forEach((fn, i) => all[i]!.push(...sample(fn, minMs / ROUNDS, 3)));
  }
  return all.map(median);
}

/** The peak loop on one thread, and on two at once (the roofline of the 2-thread column). */
async function peakGflops(minMs: number): Promise<{ one: number; two: number }> {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
  const module = new WebAssembly.Module(decodeBase64(wasmBase64.peak));
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const peak = instance.exports['peak'] as (n: number, s: number) => number;
  const iters = 200_000; // 64 Mflop per call
  const flop = iters * 4 * 10 * 8;
  let one = 0;
  for (let r = 0; r < 5; r++) one = Math.max(one, flop / medianSeconds(() => peak(iters, 1), minMs / 5) / 1e9);
  // the same loop on the caller and one worker at the same time (the thread group is general)
  const group = new ThreadGroup(2, memory, [module], [instance], [[0, 'peak']], nodeThreads);
  await group.ready();
  const task = { fn: 0, args: [iters, 1] };
  let two = 0;
  for (let r = 0; r < 5; r++) two = Math.max(two, (2 * flop) / medianSeconds(() => group.run([task, task]), minMs / 5) / 1e9);
  group.close();
  return { one, two };
}

function fill(array: Float32Array, seed: number): Float32Array {
  let x = seed;
  for (let i = 0; i < array.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    array[i] = x / 2 ** 32 - 0.5;
  }
  return array;
}

interface TfLike {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  tensor2d(values: Float32Array, shape: [number, number]): { dispose(): void };
  matMul(a: unknown, b: unknown): { dispose(): void };
}

async function loadTfjs(): Promise<TfLike | undefined> {
  try {
    const tf = (await import('@tensorflow/tfjs-core')) as unknown as TfLike;
    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
    await tf.ready();
    return tf;
  } catch (error) {
    console.warn(`tfjs-backend-wasm unavailable: ${String(error)}`);
    return undefined;
  }
}


export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { time: { type: 'string', default: '600' }, shapes: { type: 'string' }, crossover: { type: 'boolean', default: false } },
  });
  const minMs = Number(values.time);
  const shapes = values.shapes
    ? values.shapes.split(',').map((s) => s.split('x').map(Number) as [number, number, number])
    : SHAPES;
  setBackend('wasm');
  setThreads(2);
  await wasmThreadGroup().ready();
  const tf = await loadTfjs();
  const load = loadavg()[0]!;
  const peaks = await peakGflops(minMs);
  const peak = peaks.one;
  console.log(
    `peak loop: ${peak.toFixed(1)} GFLOP/s on 1 thread, ${peaks.two.toFixed(1)} on 2 (x${(peaks.two / peak).toFixed(2)}) ` +
      `(128-bit f32x4 mul+add); load average ${load.toFixed(2)}`,
  );

  const rows = [];
  for (const [m, k, n] of shapes) {
    const flop = 2 * m * k * n;
    const a = fill(allocResident(m * k), 1);
    const b = fill(allocResident(k * n), 2);
    const out = allocResident(m * n);
    const spec: MatmulSpec = { a, b, out, batch: 1, m, k, n, transA: false, transB: false, strideA: 0, strideB: 0 };
    const gflops = (seconds: number): number => flop / seconds / 1e9;
    const js = { ...spec, a: Float32Array.from(a), b: Float32Array.from(b), out: new Float32Array(m * n) };
    const ta = tf?.tensor2d(Float32Array.from(a), [m, k]);
    const tb = tf?.tensor2d(Float32Array.from(b), [k, n]);
    const [t1, t2, t1Copy, tTfjs] = interleaved(
      [
        () => (setThreads(1), matmul(spec)),
        () => (setThreads(2), matmul(spec)),
        () => (setThreads(1), matmul(js)),
        () => tf?.matMul(ta, tb).dispose(),
      ],
      minMs,
    );
    ta?.dispose();
    tb?.dispose();
    const [gflops1, gflops2, gflops1Copy] = [gflops(t1!), gflops(t2!), gflops(t1Copy!)];
    const tfjs = tf === undefined ? NaN : gflops(tTfjs!);
    const naiveRuns = flop > 3e8 ? 1 : 3; // about 1 GFLOP/s: keep the slow column short
    const naive = gflops(medianSeconds(() => matmulReference(js), 0, naiveRuns));
    for (const array of [a, b, out]) freeResident(array);
    rows.push({ m, k, n, gflops1, gflops2, tfjs, naive, gflops1Copy });
    console.log(
      `${`${m}x${k}x${n}`.padEnd(14)} ${(flop / 1e6).toFixed(1).padStart(7)} MFLOP  1T ${gflops1.toFixed(1).padStart(5)}` +
        ` (${((100 * gflops1) / peak).toFixed(0)}% peak, copied ${gflops1Copy.toFixed(1)})  2T ${gflops2.toFixed(1).padStart(5)}` +
        ` (x${(gflops2 / gflops1).toFixed(2)})  tfjs ${tfjs.toFixed(1).padStart(5)} (x${(gflops1 / tfjs).toFixed(2)})  naive ${naive.toFixed(2)}`,
    );
  }
  setThreads(2);
  const pct = rows.map((r) => (100 * r.gflops1) / peak);
  const big = rows.filter((r) => 2 * r.m * r.k * r.n >= 2e6);
  const summary = {
    command: `npm run bench -- matmul ${argv.join(' ')}`.trim(),
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    loadAverage: loadavg(),
    loadAtStart: load,
    peakGflops: peak,
    peakGflops2: peaks.two,
    medianPctPeak1: median(pct),
    minPctPeak1: Math.min(...pct),
    medianRatioTfjs: median(rows.map((r) => r.gflops1 / r.tfjs)),
    medianSpeedup2: median(big.map((r) => r.gflops2 / r.gflops1)),
    minSpeedup2: Math.min(...big.map((r) => r.gflops2 / r.gflops1)),
    medianCopyCostPct: median(rows.map((r) => 100 * (1 - r.gflops1Copy / r.gflops1))),
    shapes: rows,
  };
  const here = dirname(fileURLToPath(import.meta.url));
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'matmul.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(
    `median ${summary.medianPctPeak1.toFixed(1)}% of peak (min ${summary.minPctPeak1.toFixed(1)}%), ` +
      `x${summary.medianRatioTfjs.toFixed(2)} tfjs-wasm, 2 threads x${summary.medianSpeedup2.toFixed(2)} ` +
      `(min x${summary.minSpeedup2.toFixed(2)}) on >= 2 MFLOP; copy-in/out costs ${summary.medianCopyCostPct.toFixed(1)}% (median)`,
  );
  if (values.crossover) crossover(minMs);
}

/** 1 vs 2 threads on small square products: where MIN_THREADED_FLOPS should sit. */
function crossover(minMs: number): void {
  setMinThreadedFlops(0);
  for (const size of [32, 48, 64, 80, 96, 128]) {
    const a = fill(allocResident(size * size), 3);
    const b = fill(allocResident(size * size), 4);
    const out = allocResident(size * size);
    const spec: MatmulSpec = { a, b, out, batch: 1, m: size, k: size, n: size, transA: false, transB: false, strideA: 0, strideB: 0 };
    setThreads(1);
    const t1 = medianSeconds(() => matmul(spec), minMs);
    setThreads(2);
    const t2 = medianSeconds(() => matmul(spec), minMs);
    console.log(`crossover ${size}^3 (${((2 * size ** 3) / 1e6).toFixed(2)} MFLOP): 1T ${(t1 * 1e6).toFixed(1)} µs, 2T ${(t2 * 1e6).toFixed(1)} µs`);
    for (const array of [a, b, out]) freeResident(array);
  }
  setMinThreadedFlops(MIN_THREADED_FLOPS);
}
