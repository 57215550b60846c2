// The iterative pseudo-inverse of the Nyström middle factor K2 (M, M), exactly as the
// Nyströmformer reference code does it:
//   Z0 = K2ᵀ / max(column sums of K2)      one scalar over the whole batch and all heads
//   repeat n times: KZ = K2·Z;  Z ← ¼ · Z · (13I − KZ·(15I − KZ·(7I − KZ)))
// Each step is 4 products of M³. Six steps do not converge for an ill-conditioned K2 (the
// reference's behaviour, which we match): the result then acts as a spectral filter.
import { eye } from '../../tensor/create.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import { div, matmul, max, mul, sub, sum, transpose } from '../../ops/index.ts';

/** k2: (..., M, M) → Z ≈ k2⁻¹, (..., M, M). */
export function newtonSchulzInverse(k2: Tensor, iterations: number): Tensor {
  const m = k2.shape[k2.ndim - 1]!;
  const identity = eye(m, { dtype: k2.dtype }); // (M, M)
  const i7 = mul(identity, 7);
  const i13 = mul(identity, 13);
  const i15 = mul(identity, 15);
  let z = div(transpose(k2, -1, -2), max(sum(k2, -2))); // (..., M, M) / scalar
  for (let n = 0; n < iterations; n++) {
    const kz = matmul(k2, z);
    const inner = matmul(kz, sub(i15, matmul(kz, sub(i7, kz))));
    z = matmul(mul(z, 0.25), sub(i13, inner));
  }
  return z;
}
