// Proxyformer's input injection (the paper states the module; its form is ours, see the spec):
// makes the layer's proxy tokens P (M, C) input-aware before they are projected.
//   segment-mean: P′ = P + masked mean of each of M contiguous segments of X̂   O(T·C)
//   attention:    P′ = P + softmax(P X̂ᵀ/√C − 1e9·(1 − mask)) · X̂               O(T·M·C)
//   none:         P′ = P (input-independent: K2 and Z are shared by the batch)
// For `separate` per-head proxies the same forms apply per head, with the layer's scaled,
// masked Q (for Q̃) and K (for K̃) in place of X̂.
import type { Tensor } from '../../tensor/tensor.ts';
import { add, matmul, mul, softmax } from '../../ops/index.ts';
import { keyBias, segmentMean } from './masking.ts';
import type { ProxyOptions } from './options.ts';

/**
 * p: (M, C) or (1, H, M, D); x: (B, T, C) or (B, H, T, D) (the same rank as the result);
 * keys: what the attention form scores p against (x itself for shared proxies, the layer's K
 * for separate ones). Returns (B, M, C) / (B, H, M, D), or p unchanged for `none`.
 */
export function injectInput(kind: ProxyOptions['injection'], p: Tensor, x: Tensor, keys: Tensor, mask: Tensor): Tensor {
  const m = p.shape[p.ndim - 2]!;
  if (kind === 'none') return p;
  if (kind === 'segment-mean') return add(p, segmentMean(x, m, mask)); // (B, [H,] M, C|D)
  const scale = 1 / Math.sqrt(x.shape[x.ndim - 1]!);
  const scores = add(matmul(mul(p, scale), keys, { transB: true }), keyBias(mask, 1e9, x.ndim)); // (B, [H,] M, T)
  return add(p, matmul(softmax(scores), x)); // (B, [H,] M, C|D)
}
