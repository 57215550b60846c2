// Gradient accumulation: one optimizer step from several micro-batches. Each micro-batch's mean
// loss is weighted by its share of the examples (n_i / N) before backward(), and leaf gradients
// add up, so the summed gradient equals that of the mean loss over the whole batch — the same
// step as one big batch, with the memory of one micro-batch.
// This is also the shape a data-parallel step takes: compute gradients on shards, reduce
// (here: sum into .grad), then one optimizer update.
import { mul } from '../ops/arithmetic.ts';
import type { Tensor } from '../tensor/tensor.ts';

export interface MicroBatchLoss {
  /** The scalar to differentiate (its mean over the micro-batch). */
  loss: Tensor;
  /** Extra scalars to report (task loss, auxiliary loss), averaged with the same weights. */
  parts?: Record<string, number>;
}

export interface AccumulatedLoss {
  loss: number;
  parts: Record<string, number>;
}

/**
 * Runs forward and backward on every micro-batch, leaving the summed gradient in `.grad`.
 * `sizes[i]` is the number of examples in micro-batch i; `forward(i)` builds its loss.
 */
export function accumulateGradients(sizes: readonly number[], forward: (index: number) => MicroBatchLoss): AccumulatedLoss {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (sizes.length === 0 || total <= 0) throw new Error('accumulateGradients: no examples in the micro-batches');
  let loss = 0;
  const parts: Record<string, number> = {};
  sizes.forEach((size, index) => {
    const weight = size / total;
    const out = forward(index);
    loss += weight * out.loss.item();
    for (const [key, value] of Object.entries(out.parts ?? {})) parts[key] = (parts[key] ?? 0) + weight * value;
    mul(out.loss, weight).backward();
  });
  return { loss, parts };
}

/** Splits `n` examples into `k` contiguous micro-batches as evenly as possible: [start, end) pairs. */
export function splitRanges(n: number, k: number): [number, number][] {
  if (!Number.isInteger(k) || k < 1 || k > n) throw new Error(`splitRanges: need 1 <= parts <= ${n}, got ${k}`);
  const ranges: [number, number][] = [];
  for (let i = 0; i < k; i++) ranges.push([Math.floor((i * n) / k), Math.floor(((i + 1) * n) / k)]);
  return ranges;
}
