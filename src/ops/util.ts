// Small helpers shared by the ops: argument checks that name the op, and scalar promotion.
import { OpError, formatShape } from '../tensor/shape.ts';
import { Tensor, allocate, type DType } from '../tensor/tensor.ts';

/** Every tensor argument of an op must share one dtype; mixing float32 and float64 is an error. */
export function checkDtypes(op: string, ...tensors: Tensor[]): void {
  const first = tensors[0]!;
  for (const t of tensors) {
    if (!(t instanceof Tensor)) throw new OpError(op, `expected a Tensor argument, got ${describe(t)}`);
    if (t.dtype !== first.dtype) {
      throw new OpError(op, `mixed dtypes: ${tensors.map((x) => `${formatShape(x.shape)} ${x.dtype}`).join(' and ')}; convert one with toDtype()`);
    }
  }
}

/** A plain number becomes a 0-d constant tensor of the other operand's dtype. */
export function promote(op: string, x: Tensor | number, like: Tensor): Tensor {
  if (typeof x === 'number') return new Tensor(allocate(like.dtype, 1).fill(x), []);
  if (!(x instanceof Tensor)) throw new OpError(op, `expected a Tensor or a number, got ${describe(x)}`);
  return x;
}

export function checkTensor(op: string, x: unknown, what = 'input'): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new OpError(op, `${what} must be a Tensor, got ${describe(x)}`);
}

/** A new zero-filled tensor of the same dtype as `like` (and its shape unless given). */
export function emptyLike(like: Tensor, shape: readonly number[] = like.shape): Tensor {
  return emptyOf(like.dtype, shape);
}

/**
 * A new zero-filled tensor. Backward closures use this with a saved shape and dtype rather than
 * emptyLike(input): capturing the input tensor would keep its numbers alive until backward.
 */
export function emptyOf(dtype: DType, shape: readonly number[]): Tensor {
  let size = 1;
  for (const d of shape) size *= d;
  return new Tensor(allocate(dtype, size), shape);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return typeof x === 'object' ? (x.constructor?.name ?? 'an object') : `${typeof x} ${String(x)}`;
}
