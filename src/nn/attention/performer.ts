// Performer attention, FAVOR+ (Choromanski et al. 2021) as performer_pytorch computes it:
// positive random features φ(x) = F^-½ · (exp(x̂ωᵀ − |x̂|²/2 − stab) + 1e-4), x̂ = x / D^¼,
// ω = F orthogonal Gaussian rows (D-blocks, rows rescaled by Gaussian norms), fixed by the seed
// (a buffer, not trained, never redrawn). stab is the row max for queries and the max over all
// of a head's keys (as the reference). Then, with no T×T matrix:
//   out = φ(Q)·(φ(K)ᵀV) / (φ(Q)·Σ_t φ(K)_t)
// Ours: padded keys are zeroed before the features (as the reference) and their features are
// zeroed too (the reference leaves exp(−stab)+eps in the sums), and x is scaled once by D^-¼
// (the reference wrapper scales again inside the kernel).
import type { Rng } from '../../tensor/rng.ts';
import { Tensor, allocate } from '../../tensor/tensor.ts';
import { add, div, exp, matmul, max, mul, reshape, sub, sum } from '../../ops/index.ts';
import { Module } from '../module.ts';
import type { AttentionCore, AttentionInput, AttentionOutput } from './core.ts';
import type { AttentionDims, AttentionRngs } from './dims.ts';
import { rowMask } from './masking.ts';

export class PerformerAttention extends Module implements AttentionCore {
  readonly name = 'performer';
  omega: Tensor; // (F, D), a buffer

  constructor(features: number, readonly dims: AttentionDims, rngs: AttentionRngs) {
    super();
    this.omega = new Tensor(orthogonalGaussian(features, dims.headDim, rngs.init, dims.dtype), [features, dims.headDim]);
  }

  forward({ q, k, v, mask }: AttentionInput): AttentionOutput {
    const phiQ = this.features(q, true); // (B, H, T, F)
    const rows = rowMask(mask, 4); // (B, 1, T, 1)
    const phiK = mul(this.features(mul(k, rows), false), rows); // (B, H, T, F), padded keys 0
    const context = matmul(phiK, v, { transA: true }); // (B, H, F, D)
    const keySum = sum(phiK, -2, true); // (B, H, 1, F)
    const numerator = matmul(phiQ, context); // (B, H, T, D)
    const denominator = matmul(phiQ, keySum, { transB: true }); // (B, H, T, 1)
    return { out: div(numerator, denominator), auxLoss: null, landmarks: null };
  }

  private features(x: Tensor, isQuery: boolean): Tensor {
    const [b, h, t, d] = x.shape as [number, number, number, number];
    const f = this.omega.shape[0]!;
    const xs = mul(x, d ** -0.25);
    const dash = matmul(xs, this.omega, { transB: true }); // (B, H, T, F)
    const half = mul(sum(mul(xs, xs), -1, true), 0.5); // (B, H, T, 1)
    const stab = isQuery ? max(dash, -1, true) : reshape(max(reshape(dash, [b, h, t * f]), -1, true), [b, h, 1, 1]); // (B, H, T|1, 1)
    return mul(add(exp(sub(sub(dash, half), stab)), 1e-4), f ** -0.5);
  }
}

/** F × D matrix of orthogonal D-blocks (Gram–Schmidt of Gaussians), each row scaled by the norm of a Gaussian D-vector. */
export function orthogonalGaussian(rows: number, cols: number, rng: Rng, dtype: 'float32' | 'float64'): Float32Array | Float64Array {
  const out = allocate(dtype, rows * cols);
  for (let start = 0; start < rows; start += cols) {
    const block: Float64Array[] = [];
    for (let i = 0; i < cols; i++) {
      const v = Float64Array.from({ length: cols }, () => rng.normal());
      for (const u of block) {
        let dot = 0;
        for (let j = 0; j < cols; j++) dot += v[j]! * u[j]!;
        for (let j = 0; j < cols; j++) v[j]! -= dot * u[j]!;
      }
      let norm = 0;
      for (let j = 0; j < cols; j++) norm += v[j]! * v[j]!;
      norm = Math.sqrt(norm);
      for (let j = 0; j < cols; j++) v[j]! /= norm;
      block.push(v);
    }
    for (let i = 0; i < cols && start + i < rows; i++) {
      let g = 0;
      for (let j = 0; j < cols; j++) g += rng.normal() ** 2;
      const scale = Math.sqrt(g);
      for (let j = 0; j < cols; j++) out[(start + i) * cols + j] = block[i]![j]! * scale;
    }
  }
  return out;
}
