// EncoderBlock: the pre-LN transformer block of the reference LRA code, attention by name:
//   X ← X + Dropout(W_o · Attention(LN(X)))
//   X ← X + FFN(LN(X))
// It passes the attention core's auxiliary loss (Proxyformer's contrastive term) upward.
import type { DType, Tensor } from '../tensor/tensor.ts';
import { add } from '../ops/index.ts';
import type { AttentionDims, AttentionRngs } from './attention/dims.ts';
import { MultiHeadAttention } from './attention/multi-head.ts';
import type { AttentionOptions } from './attention/options.ts';
import { Dropout } from './dropout.ts';
import { FeedForward } from './feed-forward.ts';
import { LayerNorm } from './layer-norm.ts';
import { Module } from './module.ts';

export interface EncoderBlockDims extends AttentionDims {
  hidden: number; // F
  dropout: number;
  dtype: DType;
}

export class EncoderBlock extends Module {
  norm1: LayerNorm;
  attention: MultiHeadAttention;
  drop: Dropout;
  norm2: LayerNorm;
  ffn: FeedForward;

  constructor(attention: AttentionOptions, dims: EncoderBlockDims, rngs: AttentionRngs) {
    super();
    this.norm1 = new LayerNorm(dims.width, { dtype: dims.dtype });
    this.attention = new MultiHeadAttention(attention, dims, rngs);
    this.drop = new Dropout(dims.dropout, rngs.dropout);
    this.norm2 = new LayerNorm(dims.width, { dtype: dims.dtype });
    this.ffn = new FeedForward(dims.width, dims.hidden, dims.dropout, rngs.init, rngs.dropout, dims.dtype);
  }

  /** x: (B, T, C), mask: (B, T) → (B, T, C). */
  forward(x: Tensor, mask: Tensor): { x: Tensor; auxLoss: Tensor | null } {
    const attended = this.attention.forward(this.norm1.forward(x), mask);
    const h = add(x, this.drop.forward(attended.out));
    return { x: add(h, this.ffn.forward(this.norm2.forward(h))), auxLoss: attended.auxLoss };
  }
}
