// The WASM matmul equals the JS reference (computed in float64) on awkward shapes: every value
// of {1, 3, 17, 64, 65, 127, 128, 129, 300} appears as M, as K and as N; A·B, A·Bᵀ, Aᵀ·B, Aᵀ·Bᵀ;
// batch 1 and 3 (with per-matrix strides and with one operand broadcast, stride 0); 1 and 2
// threads (small products forced onto both threads); both kernel builds, SIMD128 and relaxed
// SIMD (f32x4.relaxed_madd: fused or not, it differs from the reference only by rounding).
// The output is poisoned with NaN first.
import { afterAll, describe, expect, it } from 'vitest';
import { matmulReference, type MatmulSpec } from '../../kernels/matmul.ts';
import { Rng } from '../../src/tensor/rng.ts';
import {
  allocResident,
  freeResident,
  getBackend,
  getKernelVariant,
  type KernelVariant,
  matmul,
  setBackend,
  setThreads,
} from '../../src/backend/index.ts';
import {
  MIN_THREADED_FLOPS,
  relaxedSimdAvailable,
  setMinThreadedFlops,
  wasmCopiedBytes,
  wasmThreadGroup,
} from '../../src/backend/wasm.ts';

/** Relaxed SIMD is on unless PROXYFORMER_RELAXED_SIMD=0 (Node 20 sets V8's flag at run time). */
const relaxedOptedOut = /^(0|off|false)$/i.test(process.env['PROXYFORMER_RELAXED_SIMD'] ?? '');
const kernels: KernelVariant[] = ['simd128', 'relaxed-simd'];

function useKernel(kernel: KernelVariant): void {
  setBackend('wasm', { relaxedSimd: kernel === 'relaxed-simd' });
  expect(getKernelVariant()).toBe(kernel);
}

const sizes = [1, 3, 17, 64, 65, 127, 128, 129, 300];
/** (M, K, N): a cyclic Latin square, so each size appears once in each position. */
const shapes = sizes.map((m, i) => [m, sizes[(i + 3) % 9]!, sizes[(i + 6) % 9]!] as const);
const variants = [
  { name: 'A·B', transA: false, transB: false },
  { name: 'A·Bᵀ', transA: false, transB: true },
  { name: 'Aᵀ·B', transA: true, transB: false },
  { name: 'Aᵀ·Bᵀ', transA: true, transB: true },
];
const batches = [
  { name: 'batch 1', batch: 1, broadcast: 'none' },
  { name: 'batch 3', batch: 3, broadcast: 'none' },
  { name: 'batch 3, B broadcast', batch: 3, broadcast: 'b' },
  { name: 'batch 3, A broadcast', batch: 3, broadcast: 'a' },
] as const;

function randomArray(length: number, rng: Rng): Float32Array {
  // never zero: magnitude in [0.1, 1), random sign
  return Float32Array.from({ length }, () => (rng.random() < 0.5 ? -1 : 1) * rng.uniform(0.1, 1));
}

/** Sum of squared differences over the sum of squares of the reference. */
function normalizedError(out: Float32Array, ref: Float64Array): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < ref.length; i++) {
    diff += (out[i]! - ref[i]!) ** 2;
    norm += ref[i]! ** 2;
  }
  return diff / norm;
}

function check(m: number, k: number, n: number, transA: boolean, transB: boolean, batch: number, broadcast: string, seed: number): number {
  const rng = new Rng(seed);
  const strideA = broadcast === 'a' ? 0 : m * k;
  const strideB = broadcast === 'b' ? 0 : k * n;
  const a = randomArray(broadcast === 'a' ? m * k : batch * m * k, rng);
  const b = randomArray(broadcast === 'b' ? k * n : batch * k * n, rng);
  const out = new Float32Array(batch * m * n).fill(NaN);
  const spec: MatmulSpec = { a, b, out, batch, m, k, n, transA, transB, strideA, strideB };
  matmul(spec);
  const ref = new Float64Array(batch * m * n);
  matmulReference({ ...spec, a: Float64Array.from(a), b: Float64Array.from(b), out: ref });
  return normalizedError(out, ref);
}

describe('kernel selection', () => {
  it.skipIf(relaxedOptedOut)('on Node the relaxed-SIMD kernel passes its probe and is the default', () => {
    expect(relaxedSimdAvailable()).toBe(true);
    setBackend('wasm');
    expect(getKernelVariant()).toBe('relaxed-simd');
  });

  it('relaxedSimd: false selects SIMD128; getKernelVariant reports js on the JS backend', () => {
    setBackend('wasm', { relaxedSimd: false });
    expect(getKernelVariant()).toBe('simd128');
    setBackend('js');
    expect(getKernelVariant()).toBe('js');
    setBackend('wasm');
  });

  it.skipIf(relaxedOptedOut)('with 2 threads the workers run the selected kernel too (bitwise equal to 1 thread)', async () => {
    const [m, k, n] = [64, 515, 40];
    const rng = new Rng(11);
    const a = randomArray(m * k, rng);
    const b = randomArray(k * n, rng);
    const run = async (kernel: KernelVariant, threads: number): Promise<Float32Array> => {
      useKernel(kernel);
      setThreads(threads);
      if (threads > 1) await wasmThreadGroup().ready();
      setMinThreadedFlops(threads > 1 ? 0 : MIN_THREADED_FLOPS);
      const out = new Float32Array(m * n).fill(NaN);
      matmul({ a, b, out, batch: 1, m, k, n, transA: false, transB: false, strideA: 0, strideB: 0 });
      return out;
    };
    const simd1 = await run('simd128', 1);
    const relaxed1 = await run('relaxed-simd', 1);
    expect(Array.from(await run('simd128', 2))).toEqual(Array.from(simd1));
    expect(Array.from(await run('relaxed-simd', 2))).toEqual(Array.from(relaxed1));
    // Where relaxed_madd is fused (x86-64 with FMA3, as on the reference VM) the two builds
    // round differently, which is what makes the two checks above tell them apart.
    const differ = simd1.some((x, i) => x !== relaxed1[i]);
    console.log(`relaxed_madd ${differ ? 'fused (results differ from SIMD128 by rounding)' : 'not fused here'}`);
    setThreads(1);
    setMinThreadedFlops(MIN_THREADED_FLOPS);
  });
});

describe('wasm matmul equals the float64 reference', () => {
  afterAll(() => {
    setThreads(1);
    setMinThreadedFlops(MIN_THREADED_FLOPS);
    setBackend('wasm');
  });

  for (const kernel of kernels) {
    for (const threads of [1, 2]) {
      for (const variant of variants) {
        for (const batching of batches) {
          const skip = kernel === 'relaxed-simd' && relaxedOptedOut;
          it.skipIf(skip)(`${kernel}: ${variant.name}, ${batching.name}, ${threads} thread(s): normalized squared error <= 1e-7`, async () => {
            useKernel(kernel);
            setThreads(threads);
            if (threads > 1) await wasmThreadGroup().ready(); // else the caller does the workers' share
            setMinThreadedFlops(threads > 1 ? 0 : MIN_THREADED_FLOPS);
            expect(getBackend()).toBe('wasm');
            shapes.forEach(([m, k, n], i) => {
              const error = check(m, k, n, variant.transA, variant.transB, batching.batch, batching.broadcast, 1000 * threads + i);
              expect(error, `M=${m} K=${k} N=${n}`).toBeLessThanOrEqual(1e-7);
            });
          });
        }
      }
    }

    it.skipIf(kernel === 'relaxed-simd' && relaxedOptedOut)(
      `${kernel}: K beyond one K block (K = 300 to 4500) and N beyond one N block (N = 1030, 1100) accumulate correctly`,
      async () => {
        useKernel(kernel);
        setThreads(2);
        await wasmThreadGroup().ready();
        setMinThreadedFlops(0);
        for (const [m, k, n] of [[65, 600, 17], [9, 300, 1100], [33, 513, 1030], [9, 4500, 8]] as const) {
          for (const variant of variants) {
            expect(check(m, k, n, variant.transA, variant.transB, 1, 'none', m + k + n)).toBeLessThanOrEqual(1e-7);
          }
        }
      },
    );
  }

  it('resident arrays (allocResident) are read and written in place, with the same result', () => {
    setBackend('wasm');
    setThreads(2);
    const [m, k, n] = [65, 129, 127];
    const rng = new Rng(7);
    const a = allocResident(m * k);
    const b = allocResident(k * n);
    const out = allocResident(m * n);
    a.set(randomArray(m * k, rng));
    b.set(randomArray(k * n, rng));
    out.fill(NaN);
    const spec: MatmulSpec = { a, b, out, batch: 1, m, k, n, transA: false, transB: false, strideA: 0, strideB: 0 };
    const copied = wasmCopiedBytes();
    matmul(spec);
    expect(wasmCopiedBytes()).toBe(copied);
    const ref = new Float64Array(m * n);
    matmulReference({ ...spec, a: Float64Array.from(a), b: Float64Array.from(b), out: ref });
    expect(normalizedError(out, ref)).toBeLessThanOrEqual(1e-7);
    for (const array of [a, b, out]) freeResident(array);
  });

  it('K = 0 writes zeros, and float64 inputs take the JS reference', () => {
    const out = new Float32Array(6).fill(NaN);
    matmul({ a: new Float32Array(0), b: new Float32Array(0), out, batch: 2, m: 1, k: 0, n: 3, transA: false, transB: false, strideA: 0, strideB: 0 });
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0]);
    const out64 = new Float64Array(1).fill(NaN);
    matmul({ a: Float64Array.of(1 / 3), b: Float64Array.of(3), out: out64, batch: 1, m: 1, k: 1, n: 1, transA: false, transB: false, strideA: 0, strideB: 0 });
    expect(out64[0]).toBe((1 / 3) * 3);
  });
});
