// FeedForward: the position-wise MLP of a transformer block, as in the reference LRA code:
// Linear(C→F), GELU (exact erf form), Dropout, Linear(F→C), Dropout.
import type { Rng } from '../tensor/rng.ts';
import type { DType, Tensor } from '../tensor/tensor.ts';
import { gelu } from '../ops/index.ts';
import { Dropout } from './dropout.ts';
import { Linear } from './linear.ts';
import { Module } from './module.ts';

export class FeedForward extends Module {
  up: Linear;
  down: Linear;
  drop: Dropout;

  constructor(width: number, hidden: number, dropout: number, initRng: Rng, dropoutRng: Rng, dtype: DType = 'float32') {
    super();
    this.up = new Linear(width, hidden, initRng, { dtype });
    this.down = new Linear(hidden, width, initRng, { dtype });
    this.drop = new Dropout(dropout, dropoutRng);
  }

  /** x: (B, T, C) → (B, T, C). */
  forward(x: Tensor): Tensor {
    const h = this.drop.forward(gelu(this.up.forward(x))); // (B, T, F)
    return this.drop.forward(this.down.forward(h));
  }
}
