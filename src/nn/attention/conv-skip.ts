// The optional depthwise convolution skip on V (Nyströmformer's `use_conv`): one K-tap filter
// per head over the sequence, shared by the D columns, zero padding K//2, no bias; weight init
// U(±1/√K) (PyTorch's Conv2d default, kept by the reference).
import type { Rng } from '../../tensor/rng.ts';
import type { DType, Tensor } from '../../tensor/tensor.ts';
import { depthwiseConv1d } from '../../ops/index.ts';
import { uniformFanInParameter } from '../init.ts';
import { Module } from '../module.ts';

export class ConvSkip extends Module {
  weight: Tensor; // (H, K)

  constructor(heads: number, readonly kernel: number, rng: Rng, dtype: DType) {
    super();
    this.weight = uniformFanInParameter([heads, kernel], rng, kernel, dtype);
  }

  /** v: (B, H, T, D), already masked → (B, H, T, D). */
  forward(v: Tensor): Tensor {
    return depthwiseConv1d(v, this.weight, (this.kernel - 1) / 2);
  }
}
