// Tensor constructors: from data, constant fills, ranges, identity, and seeded random draws.
// Random constructors take the Rng explicitly: there is no hidden global generator.
import type { Rng } from './rng.ts';
import { OpError, checkShape, formatShape, sizeOf, type Shape } from './shape.ts';
import { Tensor, allocate, type DType, type NestedArray, type TensorOptions } from './tensor.ts';

function make(op: string, shape: Shape, options: TensorOptions, fill: (data: Float32Array | Float64Array) => void): Tensor {
  checkShape(op, shape);
  const data = allocate(options.dtype ?? 'float32', sizeOf(shape));
  fill(data);
  return new Tensor(data, shape, options.requiresGrad ?? false);
}

function inferShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0] ?? 0;
  }
  return shape;
}

/**
 * A tensor from numbers: `tensor([[1, 2], [3, 4]])`, or flat data with a shape:
 * `tensor([1, 2, 3, 4], [2, 2])`. Typed arrays are copied into the requested dtype.
 */
export function tensor(data: NestedArray | ArrayLike<number>, shape?: Shape, options: TensorOptions = {}): Tensor {
  let flat: ArrayLike<number>;
  let finalShape: Shape;
  if (data === null || (typeof data !== 'number' && typeof data !== 'object')) {
    throw new OpError('tensor', `data must be a number, a (nested) array or a typed array, got ${String(data)}`);
  }
  if (typeof data === 'number') {
    flat = [data];
    finalShape = shape ?? [];
  } else if (Array.isArray(data) && shape === undefined) {
    finalShape = inferShape(data);
    const flattened: unknown[] = [];
    const stack: unknown[] = [data];
    while (stack.length > 0) {
      const item = stack.pop();
      if (Array.isArray(item)) for (let i = item.length - 1; i >= 0; i--) stack.push(item[i]);
      else flattened.push(item);
    }
    if (flattened.length !== sizeOf(finalShape) || flattened.some((v) => typeof v !== 'number')) {
      throw new OpError('tensor', `nested data is ragged or not numeric (expected shape ${formatShape(finalShape)})`);
    }
    flat = flattened as number[];
  } else {
    flat = data as ArrayLike<number>;
    finalShape = shape ?? [flat.length];
  }
  checkShape('tensor', finalShape);
  if (flat.length !== sizeOf(finalShape)) {
    throw new OpError('tensor', `shape ${formatShape(finalShape)} needs ${sizeOf(finalShape)} values, got ${flat.length}`);
  }
  return make('tensor', finalShape, options, (out) => out.set(flat));
}

export function zeros(shape: Shape, options: TensorOptions = {}): Tensor {
  return make('zeros', shape, options, () => {});
}

export function ones(shape: Shape, options: TensorOptions = {}): Tensor {
  return make('ones', shape, options, (out) => out.fill(1));
}

export function full(shape: Shape, value: number, options: TensorOptions = {}): Tensor {
  return make('full', shape, options, (out) => out.fill(value));
}

/** Like the tensor's shape and dtype, filled with value. */
export function fullLike(like: Tensor, value: number): Tensor {
  return full(like.shape, value, { dtype: like.dtype });
}

/** [start, start + step, ...) up to but not including stop; `arange(n)` is 0..n-1. */
export function arange(start: number, stop?: number, step = 1, options: TensorOptions = {}): Tensor {
  const [from, to] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0 || !Number.isFinite(step)) throw new OpError('arange', `step must be finite and non-zero, got ${step}`);
  const count = Math.max(0, Math.ceil((to - from) / step));
  return make('arange', [count], options, (out) => {
    for (let i = 0; i < count; i++) out[i] = from + i * step;
  });
}

/** The n x n identity matrix. */
export function eye(n: number, options: TensorOptions = {}): Tensor {
  return make('eye', [n, n], options, (out) => {
    for (let i = 0; i < n; i++) out[i * n + i] = 1;
  });
}

/** Uniform draws in [low, high) from the given generator. */
export function rand(shape: Shape, rng: Rng, options: TensorOptions & { low?: number; high?: number } = {}): Tensor {
  const { low = 0, high = 1 } = options;
  return make('rand', shape, options, (out) => {
    for (let i = 0; i < out.length; i++) out[i] = rng.uniform(low, high);
  });
}

/** Normal draws N(mean, std²) from the given generator. */
export function randn(shape: Shape, rng: Rng, options: TensorOptions & { mean?: number; std?: number } = {}): Tensor {
  const { mean = 0, std = 1 } = options;
  return make('randn', shape, options, (out) => {
    for (let i = 0; i < out.length; i++) out[i] = rng.normal(mean, std);
  });
}

export type { DType };
