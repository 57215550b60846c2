// Test inputs: seeded float64 tensors that require grad, kept away from the kinks of
// non-smooth ops (|x| >= 0.1) so finite differences are valid.
import { Rng, Tensor, type Shape } from '../../src/index.ts';

export function randomInput(shape: Shape, seed: number, options: { min?: number; awayFromZero?: boolean; requiresGrad?: boolean } = {}): Tensor {
  const { min, awayFromZero = false, requiresGrad = true } = options;
  const rng = new Rng(seed);
  let size = 1;
  for (const d of shape) size *= d;
  const data = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let v = rng.normal();
    if (awayFromZero) v = Math.sign(v || 1) * (0.1 + Math.abs(v));
    if (min !== undefined) v = min + Math.abs(v);
    data[i] = v;
  }
  return new Tensor(data, shape, requiresGrad);
}

/** A float64 tensor of 0/1 values (a mask or condition), never requiring grad. */
export function randomMask(shape: Shape, seed: number, density = 0.5): Tensor {
  const rng = new Rng(seed);
  let size = 1;
  for (const d of shape) size *= d;
  return new Tensor(Float64Array.from({ length: size }, () => (rng.random() < density ? 1 : 0)), shape);
}
