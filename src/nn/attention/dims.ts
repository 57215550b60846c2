// The sizes and generators every attention core is built from.
import type { Rng } from '../../tensor/rng.ts';
import type { DType } from '../../tensor/tensor.ts';

export interface AttentionDims {
  heads: number; // H
  headDim: number; // D
  width: number; // C (the model width; H·D in the LRA models)
  seqLen: number; // T (the longest sequence the layer is built for)
  dtype: DType;
}

export interface AttentionRngs {
  /** Parameter initialisation and fixed random features. */
  init: Rng;
  /** Dropout masks, drawn afresh per call in training. */
  dropout: Rng;
}
