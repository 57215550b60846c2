// Dropout module: in training, zeroes each element with probability p (scaling survivors by
// 1/(1−p)) with a fresh seed drawn from its Rng per call; in eval mode, the identity.
// The Rng is shared by every dropout site of a model, so saving and restoring its state
// replays exactly the same masks (what gradient checks of whole models do).
import type { Rng } from '../tensor/rng.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { dropout, type DropoutOptions } from '../ops/index.ts';
import { checkRate } from './config-error.ts';
import { Module } from './module.ts';

export class Dropout extends Module {
  constructor(readonly p: number, readonly rng: Rng, readonly option = 'dropout') {
    super();
    checkRate(option, p);
  }

  forward(x: Tensor, options: DropoutOptions = {}): Tensor {
    if (!this.training || this.p === 0) return x;
    return dropout(x, this.p, this.rng.nextUint32(), options);
  }
}
