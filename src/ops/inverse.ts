// inverse: the exact inverse of each (M, M) matrix of a batch (Gauss–Jordan with pivoting).
// Backward of Z = A⁻¹: dA = −Zᵀ · dZ · Zᵀ. Singular input is an error, not a NaN.
import { invertBatch } from '../../kernels/inverse.ts';
import { record } from '../autograd/node.ts';
import { OpError, formatShape } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { matmul } from './matmul.ts';
import { neg } from './unary.ts';
import { checkTensor, emptyLike } from './util.ts';

/** a: (..., M, M) → (..., M, M). */
export function inverse(a: Tensor): Tensor {
  checkTensor('inverse', a);
  const m = a.shape[a.ndim - 1];
  if (a.ndim < 2 || m !== a.shape[a.ndim - 2]) throw new OpError('inverse', `needs square matrices (..., M, M), got ${formatShape(a.shape)}`);
  const batch = m === 0 ? 0 : a.size / (m! * m!);
  const z = emptyLike(a);
  const singular = invertBatch(a.data, batch, m!, z.data);
  if (singular >= 0) throw new OpError('inverse', `matrix ${singular} of the batch ${formatShape(a.shape)} is singular`);
  return record('inverse', z, [a], (dZ) => [neg(matmul(matmul(z, dZ, { transA: true }), z, { transB: true }))]); // dA = −Zᵀ dZ Zᵀ
}
