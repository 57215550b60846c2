// Proxyformer's contrastive loss on the proxies of one layer (the paper states a contrastive
// loss with a temperature; the exact form is ours, see the spec):
//   infonce:    logits_ij = cos(q̃_i, k̃_j)/τ, positives on the diagonal,
//               L = −(1/M) Σ_i log softmax_j(logits_i)_i
//   uniformity: U(x) = log mean_{i≠j} exp(cos(x_i, x_j)/τ), L = ½(U(q̃) + U(k̃))
// per (sample, head), then averaged over samples and heads. Inputs (B', H, M, D) → a scalar.
import { eye, ones } from '../../tensor/create.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import { add, div, exp, log, logSoftmax, matmul, mean, mul, neg, sqrt, sub, sum } from '../../ops/index.ts';

/** Each row scaled to unit length: (..., M, D). */
function unitRows(x: Tensor): Tensor {
  return div(x, sqrt(add(sum(mul(x, x), -1, true), 1e-12)));
}

export function infoNceLoss(qL: Tensor, kL: Tensor, temperature: number): Tensor {
  const m = qL.shape[qL.ndim - 2]!;
  const logits = mul(matmul(unitRows(qL), unitRows(kL), { transB: true }), 1 / temperature); // (B', H, M, M)
  const diagonal = sum(mul(logSoftmax(logits), eye(m, { dtype: qL.dtype })), -1); // (B', H, M)
  return neg(mean(diagonal));
}

function uniformity(x: Tensor, temperature: number): Tensor {
  const m = x.shape[x.ndim - 2]!;
  if (m < 2) return mul(sum(x), 0); // no pairs: zero loss, still a scalar of the graph
  const u = unitRows(x);
  const offDiagonal = sub(ones([m, m], { dtype: x.dtype }), eye(m, { dtype: x.dtype }));
  const similar = mul(exp(mul(matmul(u, u, { transB: true }), 1 / temperature)), offDiagonal); // (B', H, M, M)
  const perHead = div(sum(sum(similar, -1), -1), m * (m - 1)); // (B', H)
  return mean(log(perHead));
}

export function uniformityLoss(qL: Tensor, kL: Tensor, temperature: number): Tensor {
  return mul(add(uniformity(qL, temperature), uniformity(kL, temperature)), 0.5);
}
