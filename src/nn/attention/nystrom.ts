// Nyström attention, exactly the semantics of the Nyströmformer reference code (LRA version):
//   Q, K ← Q·mask / D^¼, K·mask / D^¼
//   M == T: exact masked softmax attention (the free correctness test)
//   Q̃, K̃ = means of M contiguous segments (full segment length; `landmarkMean: masked` option)
//   K1 = softmax(Q K̃ᵀ)  (T, M);  K2 = softmax(Q̃ K̃ᵀ)  (M, M);  K3 = softmax(Q̃ Kᵀ − 1e9(1 − mask))  (M, T)
//   out = K1 · (Z · (K3 · V)),  Z = Newton–Schulz(K2, 6 steps, global-max init)
//   optional: out += depthwise 35-tap conv over T of V·mask (one filter per head).
// Products run right to left (the reference groups (K1·Z)·(K3·V): equal up to rounding), so no
// T×T matrix exists when M < T.
import type { Tensor } from '../../tensor/tensor.ts';
import { add, matmul, mul, softmax } from '../../ops/index.ts';
import { Module } from '../module.ts';
import type { AttentionCore, AttentionInput, AttentionOutput } from './core.ts';
import type { AttentionDims, AttentionRngs } from './dims.ts';
import { ConvSkip } from './conv-skip.ts';
import { addKeyBias, keyBias, rowMask, scaledRowMask, segmentMean } from './masking.ts';
import { newtonSchulzInverse } from './newton-schulz.ts';
import type { AttentionOptions } from './options.ts';

export class NystromAttention extends Module implements AttentionCore {
  readonly name = 'nystrom';
  conv: ConvSkip | null;

  constructor(readonly options: AttentionOptions, readonly dims: AttentionDims, rngs: AttentionRngs) {
    super();
    this.conv = options.convKernel > 0 ? new ConvSkip(dims.heads, options.convKernel, rngs.init, dims.dtype) : null;
  }

  forward({ q: qIn, k: kIn, v, mask }: AttentionInput): AttentionOutput {
    const t = qIn.shape[2]!;
    const m = this.options.landmarks;
    const rows = rowMask(mask, 4); // (B, 1, T, 1)
    const scale = qIn.shape[3]! ** -0.25;
    const rowsScaled = scaledRowMask(mask, scale); // (B, 1, T, 1)
    const q = mul(qIn, rowsScaled); // (B, H, T, D)
    const k = mul(kIn, rowsScaled);
    let out: Tensor;
    let landmarks: AttentionOutput['landmarks'] = null;
    if (m === t) {
      out = matmul(softmax(add(matmul(q, k, { transB: true }), keyBias(mask, 1e9))), v); // (B, H, T, T) · V
    } else {
      const meanMask = this.options.landmarkMean === 'masked' ? mask : null;
      const qL = segmentMean(q, m, meanMask); // (B, H, M, D)
      const kL = segmentMean(k, m, meanMask); // (B, H, M, D)
      const k1 = softmax(matmul(q, kL, { transB: true })); // (B, H, T, M)
      const k2 = softmax(matmul(qL, kL, { transB: true })); // (B, H, M, M)
      const k3 = softmax(addKeyBias(matmul(qL, k, { transB: true }), mask, 1e9)); // (B, H, M, T)
      const z = newtonSchulzInverse(k2, this.options.nystromIterations); // (B, H, M, M)
      out = matmul(k1, matmul(z, matmul(k3, v))); // (B, H, T, M)·(M, M)·(M, D) → (B, H, T, D)
      landmarks = { q: qL, k: kL };
    }
    if (this.conv !== null) out = add(out, this.conv.forward(mul(v, rows)));
    return { out, auxLoss: null, landmarks };
  }
}
