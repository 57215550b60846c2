// Copying blocks along one axis of a tensor viewed as (outer, n, inner): the forward of slice
// and the backward of concat read a window [start, start + len) of n; the backward of slice and
// the forward of concat write one.
import type { FloatArray } from './broadcast.ts';

/** dst(outer, len, inner) = src(outer, n, start:start+len, inner). */
export function readWindow(src: FloatArray, outer: number, n: number, inner: number, start: number, len: number, dst: FloatArray): void {
  for (let o = 0; o < outer; o++) {
    const from = (o * n + start) * inner;
    dst.set(src.subarray(from, from + len * inner), o * len * inner);
  }
}

/** dst(outer, n, start:start+len, inner) = src(outer, len, inner); the rest of dst is untouched. */
export function writeWindow(src: FloatArray, outer: number, n: number, inner: number, start: number, len: number, dst: FloatArray): void {
  for (let o = 0; o < outer; o++) {
    const from = o * len * inner;
    dst.set(src.subarray(from, from + len * inner), (o * n + start) * inner);
  }
}
