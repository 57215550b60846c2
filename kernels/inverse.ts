// Matrix inverse of a batch of square (M, M) matrices by Gauss–Jordan elimination with partial
// pivoting, in double-precision scratch whatever the storage. Used by the `exact` inverse of
// the Nyström middle factor (an analysis option, O(M³)). Knows nothing of Tensor.
import type { FloatArray } from './broadcast.ts';

/** Writes inv(a_p) for each of `batch` matrices; returns the index of a singular one, or −1. */
export function invertBatch(a: FloatArray, batch: number, m: number, out: FloatArray): number {
  const work = new Float64Array(m * 2 * m); // [A | I], row-major, width 2m
  const w = 2 * m;
  for (let p = 0; p < batch; p++) {
    const base = p * m * m;
    work.fill(0);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) work[i * w + j] = a[base + i * m + j]!;
      work[i * w + m + i] = 1;
    }
    for (let col = 0; col < m; col++) {
      // Partial pivoting: the row with the largest |entry| in this column.
      let pivot = col;
      for (let r = col + 1; r < m; r++) if (Math.abs(work[r * w + col]!) > Math.abs(work[pivot * w + col]!)) pivot = r;
      const pv = work[pivot * w + col]!;
      if (pv === 0 || !Number.isFinite(pv)) return p;
      if (pivot !== col) {
        for (let j = 0; j < w; j++) {
          const tmp = work[col * w + j]!;
          work[col * w + j] = work[pivot * w + j]!;
          work[pivot * w + j] = tmp;
        }
      }
      const inv = 1 / pv;
      for (let j = 0; j < w; j++) work[col * w + j]! *= inv;
      for (let r = 0; r < m; r++) {
        if (r === col) continue;
        const f = work[r * w + col]!;
        if (f === 0) continue;
        for (let j = 0; j < w; j++) work[r * w + j]! -= f * work[col * w + j]!;
      }
    }
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) out[base + i * m + j] = work[i * w + m + j]!;
  }
  return -1;
}
