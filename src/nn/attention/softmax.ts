// Exact softmax attention, the oracle every efficient core is tested against:
//   out = Dropout(softmax(Q·Kᵀ/√D − 1e6·(1 − mask_k))) · V
// (the reference's key mask; its −1e6 and Nyström's −1e9 both give exp = 0 exactly).
// It forms the (B, H, T, T) matrix: memory and time O(T²). Not here: projections (multi-head.ts).
import type { Tensor } from '../../tensor/tensor.ts';
import { add, matmul, mul, softmax } from '../../ops/index.ts';
import { Dropout } from '../dropout.ts';
import { Module } from '../module.ts';
import type { AttentionCore, AttentionInput, AttentionOutput } from './core.ts';
import type { AttentionDims, AttentionRngs } from './dims.ts';
import { addKeyBias, keyBias } from './masking.ts';

export class SoftmaxAttention extends Module implements AttentionCore {
  readonly name = 'softmax';
  drop: Dropout;

  constructor(attentionDropout: number, readonly dims: AttentionDims, rngs: AttentionRngs) {
    super();
    this.drop = new Dropout(attentionDropout, rngs.dropout, 'attention.attentionDropout');
  }

  forward({ q, k, v, mask }: AttentionInput): AttentionOutput {
    const scores = matmul(mul(q, 1 / Math.sqrt(q.shape[3]!)), k, { transB: true }); // (B, H, T, T)
    const weights = this.drop.forward(softmax(addKeyBias(scores, mask, 1e6))); // (B, H, T, T)
    return { out: matmul(weights, v), auxLoss: null, landmarks: null }; // (B, H, T, D)
  }
}

/** Exact attention without dropout, for analysis: the reference output for relative errors. */
export function exactAttention(q: Tensor, k: Tensor, v: Tensor, mask: Tensor): Tensor {
  const scores = matmul(mul(q, 1 / Math.sqrt(q.shape[3]!)), k, { transB: true }); // (B, H, T, T)
  return matmul(softmax(add(scores, keyBias(mask, 1e6))), v); // (B, H, T, D)
}
