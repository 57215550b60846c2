// Embedding: a (V, C) table of rows looked up by integer ids, init N(0, 0.02²) (the spec's
// init for token and position embeddings). Not here: adding positions (see models/encoder.ts).
import type { Rng } from '../tensor/rng.ts';
import type { Shape } from '../tensor/shape.ts';
import type { DType, Tensor } from '../tensor/tensor.ts';
import { embedding } from '../ops/index.ts';
import { normalParameter } from './init.ts';
import { Module } from './module.ts';

export class Embedding extends Module {
  weight: Tensor; // (V, C)

  constructor(readonly count: number, readonly width: number, rng: Rng, options: { std?: number; dtype?: DType } = {}) {
    super();
    this.weight = normalParameter([count, width], rng, options.std ?? 0.02, options.dtype ?? 'float32');
  }

  /** ids laid out as idsShape, e.g. (B, T) → (B, T, C). */
  forward(ids: Int32Array, idsShape: Shape): Tensor {
    return embedding(this.weight, ids, idsShape);
  }
}
