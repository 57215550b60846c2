// Reductions along one axis of a tensor viewed as (outer, n, inner): sum and max (with the
// index of the first maximum, which max's backward routes the gradient to).
import type { FloatArray } from './broadcast.ts';

/** out[o, i] = Σ_j x[o, j, i]. out has outer·inner elements. */
export function sumAxis(x: FloatArray, outer: number, n: number, inner: number, out: FloatArray): void {
  out.fill(0);
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    const ob = o * inner;
    for (let j = 0; j < n; j++) {
      const row = base + j * inner;
      for (let i = 0; i < inner; i++) out[ob + i]! += x[row + i]!;
    }
  }
}

/** out[o, i] = max_j x[o, j, i]; argmax[o, i] = the first j attaining it (NaN wins, as in PyTorch). */
export function maxAxis(x: FloatArray, outer: number, n: number, inner: number, out: FloatArray, argmax: Int32Array): void {
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    for (let i = 0; i < inner; i++) {
      let best = x[base + i]!;
      let bestJ = 0;
      for (let j = 1; j < n && !Number.isNaN(best); j++) {
        const v = x[base + j * inner + i]!;
        if (v > best || Number.isNaN(v)) {
          best = v;
          bestJ = j;
        }
      }
      out[o * inner + i] = best;
      argmax[o * inner + i] = bestJ;
    }
  }
}

/** dx[o, argmax[o, i], i] = dOut[o, i]; every other element of dx is 0. */
export function maxAxisBackward(dOut: FloatArray, argmax: Int32Array, outer: number, n: number, inner: number, dx: FloatArray): void {
  dx.fill(0);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      dx[o * n * inner + argmax[o * inner + i]! * inner + i] = dOut[o * inner + i]!;
    }
  }
}
