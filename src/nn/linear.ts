// Linear: y = x·Wᵀ + b over the last axis, W stored (out, in) as in PyTorch, init
// U(−1/√in, 1/√in) for W and b (PyTorch's default, which the reference LRA code keeps).
// Not here: activation or dropout (see FeedForward).
import type { Rng } from '../tensor/rng.ts';
import type { DType, Tensor } from '../tensor/tensor.ts';
import { add, matmul } from '../ops/index.ts';
import { uniformFanInParameter } from './init.ts';
import { Module } from './module.ts';

export class Linear extends Module {
  weight: Tensor; // (out, in)
  bias: Tensor | null; // (out,)

  constructor(readonly inFeatures: number, readonly outFeatures: number, rng: Rng, options: { bias?: boolean; dtype?: DType } = {}) {
    super();
    const dtype = options.dtype ?? 'float32';
    this.weight = uniformFanInParameter([outFeatures, inFeatures], rng, inFeatures, dtype);
    this.bias = options.bias === false ? null : uniformFanInParameter([outFeatures], rng, inFeatures, dtype);
  }

  /** x: (..., in) → (..., out). */
  forward(x: Tensor): Tensor {
    const y = matmul(x, this.weight, { transB: true });
    return this.bias === null ? y : add(y, this.bias);
  }
}
