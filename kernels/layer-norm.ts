// Layer normalisation over the last axis of a (rows, C) block, forward and backward.
// Forward saves, per row, the mean and rstd = 1/√(var + eps) that backward needs.
import type { FloatArray } from './broadcast.ts';

export function layerNormRows(
  x: FloatArray, weight: FloatArray, bias: FloatArray, rows: number, c: number, eps: number,
  y: FloatArray, mean: FloatArray, rstd: FloatArray,
): void {
  for (let r = 0; r < rows; r++) {
    const base = r * c;
    let total = 0;
    for (let j = 0; j < c; j++) total += x[base + j]!;
    const mu = total / c;
    let squares = 0;
    for (let j = 0; j < c; j++) {
      const d = x[base + j]! - mu;
      squares += d * d;
    }
    const s = 1 / Math.sqrt(squares / c + eps); // biased variance, as PyTorch
    mean[r] = mu;
    rstd[r] = s;
    for (let j = 0; j < c; j++) y[base + j] = (x[base + j]! - mu) * s * weight[j]! + bias[j]!;
  }
}

/**
 * With x̂ = (x − μ)·rstd and g = dy ⊙ weight:
 *   dx = rstd · (g − mean(g) − x̂ · mean(g ⊙ x̂)),  dweight += Σ_rows dy ⊙ x̂,  dbias += Σ_rows dy.
 */
export function layerNormRowsBackward(
  x: FloatArray, weight: FloatArray, mean: FloatArray, rstd: FloatArray, dy: FloatArray, rows: number, c: number,
  dx: FloatArray, dWeight: FloatArray, dBias: FloatArray,
): void {
  dWeight.fill(0);
  dBias.fill(0);
  for (let r = 0; r < rows; r++) {
    const base = r * c;
    const mu = mean[r]!;
    const s = rstd[r]!;
    let meanG = 0;
    let meanGXhat = 0;
    for (let j = 0; j < c; j++) {
      const xhat = (x[base + j]! - mu) * s;
      const g = dy[base + j]! * weight[j]!;
      meanG += g;
      meanGXhat += g * xhat;
      dWeight[j]! += dy[base + j]! * xhat;
      dBias[j]! += dy[base + j]!;
    }
    meanG /= c;
    meanGXhat /= c;
    for (let j = 0; j < c; j++) {
      const xhat = (x[base + j]! - mu) * s;
      dx[base + j] = s * (dy[base + j]! * weight[j]! - meanG - xhat * meanGXhat);
    }
  }
}
