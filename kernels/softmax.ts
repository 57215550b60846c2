// Softmax and log-softmax over the last axis of a (rows, n) block, numerically stable (the row
// maximum is subtracted before exponentiating), forward and backward side by side.
import type { FloatArray } from './broadcast.ts';

export function softmaxRows(x: FloatArray, rows: number, n: number, y: FloatArray): void {
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    let max = -Infinity;
    for (let j = 0; j < n; j++) if (x[base + j]! > max) max = x[base + j]!;
    if (max === -Infinity) max = 0; // an all −∞ row: every e is 0 and the row comes out 0/0 = NaN, as in PyTorch
    let total = 0;
    for (let j = 0; j < n; j++) {
      const e = Math.exp(x[base + j]! - max);
      y[base + j] = e;
      total += e;
    }
    const inv = 1 / total;
    for (let j = 0; j < n; j++) y[base + j]! *= inv;
  }
}

/** y = softmax(x): dx = y ⊙ (dy − Σ_j dy_j y_j). */
export function softmaxRowsBackward(y: FloatArray, dy: FloatArray, rows: number, n: number, dx: FloatArray): void {
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    let dot = 0;
    for (let j = 0; j < n; j++) dot += dy[base + j]! * y[base + j]!;
    for (let j = 0; j < n; j++) dx[base + j] = y[base + j]! * (dy[base + j]! - dot);
  }
}

export function logSoftmaxRows(x: FloatArray, rows: number, n: number, y: FloatArray): void {
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    let max = -Infinity;
    for (let j = 0; j < n; j++) if (x[base + j]! > max) max = x[base + j]!;
    let total = 0;
    for (let j = 0; j < n; j++) total += Math.exp(x[base + j]! - max);
    const logZ = max + Math.log(total);
    for (let j = 0; j < n; j++) y[base + j] = x[base + j]! - logZ;
  }
}

/** y = log softmax(x): dx = dy − exp(y) · Σ_j dy_j. */
export function logSoftmaxRowsBackward(y: FloatArray, dy: FloatArray, rows: number, n: number, dx: FloatArray): void {
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    let total = 0;
    for (let j = 0; j < n; j++) total += dy[base + j]!;
    for (let j = 0; j < n; j++) dx[base + j] = dy[base + j]! - Math.exp(y[base + j]!) * total;
  }
}
