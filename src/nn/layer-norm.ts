// LayerNorm module: normalises the last axis (width C) with a learned scale (ones) and shift
// (zeros), eps 1e-5 as in PyTorch. The arithmetic is the fused op in src/ops/layer-norm.ts.
import type { DType, Tensor } from '../tensor/tensor.ts';
import { layerNorm } from '../ops/index.ts';
import { constantParameter } from './init.ts';
import { Module } from './module.ts';

export class LayerNorm extends Module {
  weight: Tensor; // (C,)
  bias: Tensor; // (C,)
  readonly eps: number;

  constructor(readonly width: number, options: { eps?: number; dtype?: DType } = {}) {
    super();
    const dtype = options.dtype ?? 'float32';
    this.weight = constantParameter([width], 1, dtype);
    this.bias = constantParameter([width], 0, dtype);
    this.eps = options.eps ?? 1e-5;
  }

  /** x: (..., C) → (..., C). */
  forward(x: Tensor): Tensor {
    return layerNorm(x, this.weight, this.bias, this.eps);
  }
}
