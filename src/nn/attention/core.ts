// The one interface of every attention core: per-head Q, K, V and a key mask in, the attended
// values out, plus an optional auxiliary loss (Proxyformer's contrastive term) and the
// landmarks the core actually used (for the RQ3 analysis). Not here: the projections W_q, W_k,
// W_v, W_o and the head split (see multi-head.ts).
import type { Tensor } from '../../tensor/tensor.ts';

export interface AttentionContext {
  /** The layer's normalised input X̂: (B, T, C). */
  x: Tensor;
  /** (B', N, C) → (B', H, N, D) through the layer's W_q (Proxyformer's `shared` projection). */
  projectQ(x: Tensor): Tensor;
  /** (B', N, C) → (B', H, N, D) through the layer's W_k. */
  projectK(x: Tensor): Tensor;
}

export interface AttentionInput {
  q: Tensor; // (B, H, T, D)
  k: Tensor; // (B, H, T, D)
  v: Tensor; // (B, H, T, D)
  /** 1 for real tokens, 0 for padding: (B, T), the dtype of q. */
  mask: Tensor;
  /** Only the proxy core needs it (to inject the input into its proxies). */
  context?: AttentionContext;
}

export interface AttentionOutput {
  out: Tensor; // (B, H, T, D)
  /** A scalar already weighted by its λ, or null. */
  auxLoss: Tensor | null;
  /** The landmarks used, (B or 1, H, M, D) for Q̃ and K̃, if the core has any. */
  landmarks: { q: Tensor; k: Tensor } | null;
}

export interface AttentionCore {
  readonly name: string;
  training: boolean;
  forward(input: AttentionInput): AttentionOutput;
}
