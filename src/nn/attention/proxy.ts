// Proxyformer attention: Nyström attention whose landmarks are trainable proxy tokens of the
// layer, made input-aware by injection (see injection.ts), with a contrastive auxiliary loss
// (contrastive.ts) and a decomposed (column) dropout of the middle factor:
//   Q̃, K̃ = P′W_q, P′W_k split into heads, / D^¼          (project: shared; or per-head proxies)
//   K1 = softmax(Q K̃ᵀ)  (T, M);  K2 = softmax(Q̃ K̃ᵀ)  (M, M);  K3 = softmax(Q̃ Kᵀ − 1e9(1 − mask))  (M, T)
//   out = K1 · (Z · (diag(b)/(1−p) · (K3 · V)))             right to left: no T×T matrix
//   Z = Newton–Schulz(K2, N steps) | I | K2⁻¹ (exact, analysis only)
// diag(b) on the rows of K3·V is column dropout on Z (placement after-inverse); before-inverse
// drops columns of K2 instead. Options and defaults: options.ts. Not here: W_q, W_k, W_v, W_o.
import { OpError } from '../../tensor/shape.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import { add, broadcastTo, inverse, matmul, mul, reshape, softmax } from '../../ops/index.ts';
import { Dropout } from '../dropout.ts';
import { normalParameter } from '../init.ts';
import { Module } from '../module.ts';
import { infoNceLoss, uniformityLoss } from './contrastive.ts';
import { ConvSkip } from './conv-skip.ts';
import type { AttentionCore, AttentionInput, AttentionOutput } from './core.ts';
import type { AttentionDims, AttentionRngs } from './dims.ts';
import { injectInput } from './injection.ts';
import { addKeyBias, rowMask, scaledRowMask } from './masking.ts';
import { newtonSchulzInverse } from './newton-schulz.ts';
import type { AttentionOptions, ProxyOptions } from './options.ts';

export class ProxyAttention extends Module implements AttentionCore {
  readonly name = 'proxy';
  readonly proxyOptions: ProxyOptions;
  /** shared: P (M, C); separate: [Pq, Pk], each (H, M, D). All N(0, 0.02²). */
  proxies: Tensor[];
  decomposedDropout: Dropout;
  conv: ConvSkip | null;

  constructor(readonly options: AttentionOptions, readonly dims: AttentionDims, rngs: AttentionRngs) {
    super();
    const { heads, headDim, width, dtype } = dims;
    const m = options.landmarks;
    this.proxyOptions = options.proxy;
    this.proxies =
      options.proxy.project === 'shared'
        ? [normalParameter([m, width], rngs.init, 0.02, dtype)]
        : [normalParameter([1, heads, m, headDim], rngs.init, 0.02, dtype), normalParameter([1, heads, m, headDim], rngs.init, 0.02, dtype)];
    this.decomposedDropout = new Dropout(options.proxy.decomposedDropout.rate, rngs.dropout, 'attention.proxy.decomposedDropout.rate');
    this.conv = options.convKernel > 0 ? new ConvSkip(heads, options.convKernel, rngs.init, dtype) : null;
  }

  forward({ q: qIn, k: kIn, v, mask, context }: AttentionInput): AttentionOutput {
    const o = this.proxyOptions;
    const rows = rowMask(mask, 4); // (B, 1, T, 1)
    const scale = qIn.shape[3]! ** -0.25;
    const rowsScaled = scaledRowMask(mask, scale); // (B, 1, T, 1)
    const q = mul(qIn, rowsScaled); // (B, H, T, D)
    const k = mul(kIn, rowsScaled);
    const { qL, kL } = this.landmarks(q, k, mask, context); // (B | 1, H, M, D)
    const k1 = softmax(matmul(q, kL, { transB: true })); // (B, H, T, M)
    let k2 = softmax(matmul(qL, kL, { transB: true })); // (B | 1, H, M, M)
    const k3 = softmax(addKeyBias(matmul(qL, k, { transB: true }), mask, 1e9)); // (B, H, M, T)
    const before = o.decomposedDropout.placement === 'before-inverse';
    if (before && this.decomposedDropout.training && this.decomposedDropout.p > 0) {
      const [b, h] = q.shape as [number, number];
      const m = k2.shape[3]!;
      if (k2.shape[0] !== b) k2 = broadcastTo(k2, [b, h, m, m]); // one mask per sample
      k2 = this.decomposedDropout.forward(k2, { sharedAxes: [-2] }); // columns of K2
    }
    const z = this.middle(k2); // (B | 1, H, M, M) or null for the identity
    let kv = matmul(k3, v); // (B, H, M, D)
    if (!before) kv = this.decomposedDropout.forward(kv, { sharedAxes: [-1] }); // rows of K3·V = columns of Z
    let out = matmul(k1, z === null ? kv : matmul(z, kv)); // (B, H, T, D)
    if (this.conv !== null) out = add(out, this.conv.forward(mul(v, rows)));
    return { out, auxLoss: this.contrastive(qL, kL), landmarks: { q: qL, k: kL } };
  }

  /** Q̃, K̃ after injection and projection, scaled by D^-¼: (B | 1, H, M, D). */
  private landmarks(q: Tensor, k: Tensor, mask: Tensor, context: AttentionInput['context']): { qL: Tensor; kL: Tensor } {
    const o = this.proxyOptions;
    const scale = q.shape[3]! ** -0.25;
    if (o.project === 'separate') {
      const [pq, pk] = this.proxies as [Tensor, Tensor];
      return { qL: injectInput(o.injection, pq, q, k, mask), kL: injectInput(o.injection, pk, k, k, mask) };
    }
    if (context === undefined) throw new OpError('proxy', "shared proxies need the layer's context (input and projections); call through MultiHeadAttention");
    const p = this.proxies[0]!; // (M, C)
    const injected = o.injection === 'none' ? p : injectInput(o.injection, p, context.x, context.x, mask); // (B | -, M, C)
    const batched = injected.ndim === 2 ? reshape(injected, [1, ...injected.shape]) : injected; // (B | 1, M, C)
    return { qL: mul(context.projectQ(batched), scale), kL: mul(context.projectK(batched), scale) };
  }

  private middle(k2: Tensor): Tensor | null {
    const o = this.proxyOptions;
    if (o.inverse === 'identity') return null;
    if (o.inverse === 'exact') return inverse(k2);
    return newtonSchulzInverse(k2, o.inverseIterations);
  }

  private contrastive(qL: Tensor, kL: Tensor): Tensor | null {
    const o = this.proxyOptions;
    if (o.contrastive === 'none' || o.contrastiveWeight === 0) return null;
    const loss = o.contrastive === 'infonce' ? infoNceLoss(qL, kL, o.temperature) : uniformityLoss(qL, kL, o.temperature);
    return mul(loss, o.contrastiveWeight);
  }
}

