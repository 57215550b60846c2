// Embedding lookup: out[i] = weight[ids[i]] (a gather of rows), and its backward, which
// scatter-adds each output row's gradient into the row it came from (ids may repeat).
import type { FloatArray } from './broadcast.ts';

export function gatherRows(weight: FloatArray, ids: Int32Array, c: number, out: FloatArray): void {
  for (let i = 0; i < ids.length; i++) {
    const from = ids[i]! * c;
    out.set(weight.subarray(from, from + c), i * c);
  }
}

export function scatterAddRows(dOut: FloatArray, ids: Int32Array, c: number, dWeight: FloatArray): void {
  for (let i = 0; i < ids.length; i++) {
    const to = ids[i]! * c;
    const from = i * c;
    for (let j = 0; j < c; j++) dWeight[to + j]! += dOut[from + j]!;
  }
}
