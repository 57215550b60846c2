// Cross-entropy of logits (N, K) against integer targets, fused: log-softmax, then the mean
// negative log-likelihood. Forward keeps the softmax probabilities for backward:
// ∂loss/∂logits = (softmax − onehot(target)) / N.
import type { FloatArray } from './broadcast.ts';

/** Returns the mean loss; writes probabilities into probs (N, K). */
export function crossEntropyForward(logits: FloatArray, targets: Int32Array, n: number, k: number, probs: FloatArray): number {
  let loss = 0;
  for (let r = 0; r < n; r++) {
    const base = r * k;
    let max = -Infinity;
    for (let j = 0; j < k; j++) if (logits[base + j]! > max) max = logits[base + j]!;
    let total = 0;
    for (let j = 0; j < k; j++) {
      const e = Math.exp(logits[base + j]! - max);
      probs[base + j] = e;
      total += e;
    }
    for (let j = 0; j < k; j++) probs[base + j]! /= total;
    loss -= logits[base + targets[r]!]! - max - Math.log(total);
  }
  return loss / n;
}

export function crossEntropyBackward(probs: FloatArray, targets: Int32Array, n: number, k: number, dLoss: number, dLogits: FloatArray): void {
  const scale = dLoss / n;
  for (let r = 0; r < n; r++) {
    const base = r * k;
    for (let j = 0; j < k; j++) dLogits[base + j] = probs[base + j]! * scale;
    dLogits[base + targets[r]!]! -= scale;
  }
}
