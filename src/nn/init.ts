// Parameter initialisers, all drawing from an explicit seeded Rng (no hidden global state).
// normal(0, 0.02²) is the spec's init for embeddings and proxy tokens; uniformFanIn is PyTorch's
// default for nn.Linear and nn.Conv (U(−1/√fanIn, 1/√fanIn)), which the reference code keeps.
import { randn, rand, ones, zeros } from '../tensor/create.ts';
import type { Rng } from '../tensor/rng.ts';
import type { Shape } from '../tensor/shape.ts';
import type { DType, Tensor } from '../tensor/tensor.ts';

export function normalParameter(shape: Shape, rng: Rng, std: number, dtype: DType): Tensor {
  return randn(shape, rng, { std, dtype, requiresGrad: true });
}

export function uniformFanInParameter(shape: Shape, rng: Rng, fanIn: number, dtype: DType): Tensor {
  const bound = 1 / Math.sqrt(fanIn);
  return rand(shape, rng, { low: -bound, high: bound, dtype, requiresGrad: true });
}

export function constantParameter(shape: Shape, value: 0 | 1, dtype: DType): Tensor {
  return value === 0 ? zeros(shape, { dtype, requiresGrad: true }) : ones(shape, { dtype, requiresGrad: true });
}
