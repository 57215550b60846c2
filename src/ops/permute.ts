// permute (reorder all axes) and transpose (swap two). The result is a contiguous copy;
// backward applies the inverse permutation to the gradient.
import { permute as permuteKernel } from '../../kernels/permute.ts';
import { record } from '../autograd/node.ts';
import { OpError, checkArray, formatShape, normalizeAxis } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { checkTensor, emptyLike } from './util.ts';

/** Output axis i is input axis axes[i]; e.g. (B, T, H, D) with [0, 2, 1, 3] → (B, H, T, D). */
export function permute(x: Tensor, axes: readonly number[]): Tensor {
  checkTensor('permute', x);
  checkArray('permute', axes, 'axes');
  const perm = axes.map((a) => normalizeAxis('permute', a, x.ndim));
  if (perm.length !== x.ndim || new Set(perm).size !== perm.length) {
    throw new OpError('permute', `axes [${axes.join(', ')}] are not a permutation of the ${x.ndim} axes of ${formatShape(x.shape)}`);
  }
  const out = emptyLike(x, perm.map((p) => x.shape[p]!));
  permuteKernel(x.data, x.shape, perm, out.data);
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => (inverse[p] = i));
  return record('permute', out, [x], (dOut) => [permute(dOut, inverse)]);
}

/** Swaps two axes: transpose(x, -1, -2) turns (…, M, N) into (…, N, M). */
export function transpose(x: Tensor, axis0: number, axis1: number): Tensor {
  checkTensor('transpose', x);
  const a0 = normalizeAxis('transpose', axis0, x.ndim);
  const a1 = normalizeAxis('transpose', axis1, x.ndim);
  const perm = x.shape.map((_, i) => (i === a0 ? a1 : i === a1 ? a0 : i));
  const out = emptyLike(x, perm.map((p) => x.shape[p]!));
  permuteKernel(x.data, x.shape, perm, out.data);
  return record('transpose', out, [x], (dOut) => [transpose(dOut, a0, a1)]);
}
