// Linformer attention (as in Nyströmformer's LRA baselines): one learned projection E (H, k, T)
// over the sequence, shared by K and V, init N(0, 0.02²):
//   out = softmax(Q · (E·(K·mask))ᵀ / √D) · (E·(V·mask))
// Memory O(T·k). Ours: E is per layer (the reference shares one E across layers too), and a
// shorter input uses the first T columns of E.
import { OpError } from '../../tensor/shape.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import { matmul, mul, slice, softmax } from '../../ops/index.ts';
import { normalParameter } from '../init.ts';
import { Module } from '../module.ts';
import type { AttentionCore, AttentionInput, AttentionOutput } from './core.ts';
import type { AttentionDims, AttentionRngs } from './dims.ts';
import { rowMask } from './masking.ts';

export class LinformerAttention extends Module implements AttentionCore {
  readonly name = 'linformer';
  projection: Tensor; // E: (H, k, T)

  constructor(k: number, readonly dims: AttentionDims, rngs: AttentionRngs) {
    super();
    this.projection = normalParameter([dims.heads, k, dims.seqLen], rngs.init, 0.02, dims.dtype);
  }

  forward({ q, k, v, mask }: AttentionInput): AttentionOutput {
    const t = q.shape[2]!;
    if (t > this.dims.seqLen) throw new OpError('linformer', `sequence length ${t} exceeds the ${this.dims.seqLen} the projection was built for`);
    const e = t === this.dims.seqLen ? this.projection : slice(this.projection, 2, 0, t); // (H, k, T)
    const rows = rowMask(mask, 4); // (B, 1, T, 1)
    const kP = matmul(e, mul(k, rows)); // (H, k, T)·(B, H, T, D) → (B, H, k, D)
    const vP = matmul(e, mul(v, rows)); // (B, H, k, D)
    const weights = softmax(matmul(mul(q, 1 / Math.sqrt(q.shape[3]!)), kP, { transB: true })); // (B, H, T, k)
    return { out: matmul(weights, vP), auxLoss: null, landmarks: null }; // (B, H, T, D)
  }
}
