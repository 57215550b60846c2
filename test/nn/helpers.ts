// Test helpers for attention: seeded float64 Q, K, V, masks with padding, and dense reference
// linear algebra on plain arrays (the oracles, independent of the engine's ops).
import { Rng, Tensor } from '../../src/index.ts';

export function randomTensor(shape: number[], seed: number, options: { scale?: number; requiresGrad?: boolean } = {}): Tensor {
  const rng = new Rng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return new Tensor(Float64Array.from({ length: size }, () => rng.normal() * (options.scale ?? 1)), shape, options.requiresGrad ?? false);
}

/** (B, T) float64 mask whose row b has realLengths[b] real tokens, then padding. */
export function lengthMask(t: number, realLengths: number[]): Tensor {
  const data = new Float64Array(realLengths.length * t);
  realLengths.forEach((n, b) => data.fill(1, b * t, b * t + n));
  return new Tensor(data, [realLengths.length, t]);
}

export type Matrix = number[][];

export function block(t: Tensor, b: number, h: number): Matrix {
  const [, hs, r, c] = t.shape as [number, number, number, number];
  const off = (b * hs + h) * r * c;
  return Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => t.data[off + i * c + j]!));
}

export const matMul = (a: Matrix, b: Matrix): Matrix => a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
export const transposeM = (a: Matrix): Matrix => a[0]!.map((_, j) => a.map((row) => row[j]!));
export const scaleM = (a: Matrix, s: number): Matrix => a.map((row) => row.map((v) => v * s));
export const addM = (a: Matrix, b: Matrix): Matrix => a.map((row, i) => row.map((v, j) => v + b[i]![j]!));
export const identityM = (n: number, s = 1): Matrix => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? s : 0)));
export const softmaxRowsM = (a: Matrix): Matrix =>
  a.map((row) => {
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const s = e.reduce((x, y) => x + y, 0);
    return e.map((v) => v / s);
  });

/** The reference's iterative inverse on plain arrays (global max over the given matrices). */
export function referenceNewtonSchulz(mats: Matrix[], iterations: number): Matrix[] {
  let colMax = -Infinity;
  for (const k of mats) for (let j = 0; j < k.length; j++) colMax = Math.max(colMax, k.reduce((s, row) => s + row[j]!, 0));
  return mats.map((k) => {
    const n = k.length;
    let z = scaleM(transposeM(k), 1 / colMax);
    for (let it = 0; it < iterations; it++) {
      const kz = matMul(k, z);
      const inner = matMul(kz, addM(identityM(n, 15), scaleM(matMul(kz, addM(identityM(n, 7), scaleM(kz, -1))), -1)));
      z = matMul(scaleM(z, 0.25), addM(identityM(n, 13), scaleM(inner, -1)));
    }
    return z;
  });
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export function relativeDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i]! - b[i]!) ** 2;
    n += b[i]! ** 2;
  }
  return Math.sqrt(d / n);
}
