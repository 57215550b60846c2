// Multi-head attention around a core, as the reference LRA code: Q, K, V = X̂W_q, X̂W_k, X̂W_v
// split into H heads of width D, the core (chosen by name), heads joined, then W_o.
// The core also gets the layer's context (X̂ and the Q/K projections) for Proxyformer's
// shared proxies. Not here: layer norm, residual, dropout (encoder-block.ts).
import type { Tensor } from '../../tensor/tensor.ts';
import { permute, reshape } from '../../ops/index.ts';
import { Linear } from '../linear.ts';
import { Module } from '../module.ts';
import type { AttentionCore, AttentionInput, AttentionOutput } from './core.ts';
import type { AttentionDims, AttentionRngs } from './dims.ts';
import { createAttentionCore } from './create.ts';
import type { AttentionOptions } from './options.ts';

export class MultiHeadAttention extends Module {
  wq: Linear;
  wk: Linear;
  wv: Linear;
  core: AttentionCore & Module;
  wo: Linear;
  /** The landmarks the core used in the last forward (detached), for analysis. */
  lastLandmarks: { q: Tensor; k: Tensor } | null = null;
  /** Called with the core's input on every forward when set (analysis hooks). */
  probe: ((input: AttentionInput) => void) | null = null;

  constructor(options: AttentionOptions, readonly dims: AttentionDims, rngs: AttentionRngs) {
    super();
    const { width, heads, headDim, dtype } = dims;
    this.wq = new Linear(width, heads * headDim, rngs.init, { dtype });
    this.wk = new Linear(width, heads * headDim, rngs.init, { dtype });
    this.wv = new Linear(width, heads * headDim, rngs.init, { dtype });
    this.core = createAttentionCore(options, dims, rngs);
    this.wo = new Linear(heads * headDim, width, rngs.init, { dtype });
  }

  /** (B, N, H·D) → (B, H, N, D). */
  splitHeads(x: Tensor): Tensor {
    const [b, n] = x.shape as [number, number];
    return permute(reshape(x, [b, n, this.dims.heads, this.dims.headDim]), [0, 2, 1, 3]); // (B, N, H, D) → (B, H, N, D)
  }

  /** x: the normalised input (B, T, C); mask: (B, T) → out (B, T, C) and the core's auxiliary loss. */
  forward(x: Tensor, mask: Tensor): { out: Tensor; auxLoss: Tensor | null } {
    const [b, t] = x.shape as [number, number];
    const q = this.splitHeads(this.wq.forward(x)); // (B, H, T, D)
    const k = this.splitHeads(this.wk.forward(x));
    const v = this.splitHeads(this.wv.forward(x));
    const context = { x, projectQ: (p: Tensor) => this.splitHeads(this.wq.forward(p)), projectK: (p: Tensor) => this.splitHeads(this.wk.forward(p)) };
    const input: AttentionInput = { q, k, v, mask, context };
    this.probe?.(input);
    const result: AttentionOutput = this.core.forward(input);
    this.lastLandmarks = result.landmarks === null ? null : { q: result.landmarks.q.detach(), k: result.landmarks.k.detach() };
    const joined = reshape(permute(result.out, [0, 2, 1, 3]), [b, t, this.dims.heads * this.dims.headDim]); // (B, T, H, D) → (B, T, C)
    return { out: this.wo.forward(joined), auxLoss: result.auxLoss };
  }
}
