// Shared pieces of the attention cores: the key mask as an additive bias, the row mask, and
// contiguous segment means (Nyström landmarks, Proxyformer's segment-mean injection).
// Masks are constants (no gradient); everything here is O(T·D), never T×T.
import { Tensor, allocate } from '../../tensor/tensor.ts';
import { add, div, mean, mul, reshape, sum } from '../../ops/index.ts';

/** −big·(1 − mask) laid out (B, 1, 1, T) (or (B, 1, T) for ndim 3), added to scores over keys. */
export function keyBias(mask: Tensor, big: number, ndim = 4): Tensor {
  const [b, t] = mask.shape as [number, number];
  const out = allocate(mask.dtype, b * t);
  for (let i = 0; i < out.length; i++) out[i] = -big * (1 - mask.data[i]!);
  return new Tensor(out, [b, ...new Array<number>(ndim - 2).fill(1), t]); // (B, 1, 1, T)
}

/** scores + keyBias(mask), or scores itself when nothing is padded (saves one copy of the scores). */
export function addKeyBias(scores: Tensor, mask: Tensor, big: number): Tensor {
  return mask.data.every((m) => m === 1) ? scores : add(scores, keyBias(mask, big, scores.ndim));
}

/** mask · scale shaped (B, 1, T, 1): masks and scales the rows of (B, H, T, D) in one product. */
export function scaledRowMask(mask: Tensor, scale: number): Tensor {
  const [b, t] = mask.shape as [number, number];
  return new Tensor(mask.data.map((m) => m * scale), [b, 1, t, 1]);
}

/** The mask shaped to multiply rows of x = (B, ..., T, D): (B, 1, ..., 1, T, 1). */
export function rowMask(mask: Tensor, ndim: number): Tensor {
  const [b, t] = mask.shape as [number, number];
  return new Tensor(mask.data, [b, ...new Array<number>(ndim - 3).fill(1), t, 1]);
}

/**
 * Means of M contiguous segments along T of x = (B, ..., T, D) → (B, ..., M, D).
 * mask null: divide by the segment length (the reference); mask given: the mean of the real
 * tokens of each segment (an all-padding segment gives 0).
 */
export function segmentMean(x: Tensor, m: number, mask: Tensor | null): Tensor {
  const shape = x.shape;
  const t = shape[shape.length - 2]!;
  const d = shape[shape.length - 1]!;
  const lead = shape.slice(0, -2);
  const s = t / m;
  if (mask === null) return mean(reshape(x, [...lead, m, s, d]), -2); // (B, ..., M, S, D) → (B, ..., M, D)
  const masked = mul(x, rowMask(mask, shape.length));
  const total = sum(reshape(masked, [...lead, m, s, d]), -2); // (B, ..., M, D)
  const b = mask.shape[0]!;
  const counts = allocate(x.dtype, b * m);
  for (let i = 0; i < b; i++) {
    for (let j = 0; j < m; j++) {
      let c = 0;
      for (let k = 0; k < s; k++) c += mask.data[i * t + j * s + k]!;
      counts[i * m + j] = Math.max(c, 1);
    }
  }
  return div(total, new Tensor(counts, [b, ...new Array<number>(lead.length - 1).fill(1), m, 1])); // (B, 1.., M, 1)
}
