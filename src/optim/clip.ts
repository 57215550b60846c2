// Gradient clipping, as torch.nn.utils.clip_grad_value_ and clip_grad_norm_ do it:
// by value clamps every gradient element to [−c, c]; by global norm computes the L2 norm of all
// gradients together and, if it exceeds maxNorm, scales all of them by maxNorm / (norm + 1e-6).
// Both work in place on `.grad` and skip parameters without a gradient.
import { gradOf, type NamedParameter } from './params.ts';

export function clipGradValue(params: readonly NamedParameter[], clip: number): void {
  if (!(clip > 0)) throw new Error(`clipGradValue: the clip value must be > 0, got ${clip}`);
  for (const p of params) {
    const g = gradOf(p);
    if (g === null) continue;
    for (let i = 0; i < g.length; i++) g[i] = Math.min(clip, Math.max(-clip, g[i]!));
  }
}

/** The L2 norm of all gradients taken together (accumulated in float64). */
export function globalGradNorm(params: readonly NamedParameter[]): number {
  let sumSquares = 0;
  for (const p of params) {
    const g = gradOf(p);
    if (g === null) continue;
    for (let i = 0; i < g.length; i++) sumSquares += g[i]! * g[i]!;
  }
  return Math.sqrt(sumSquares);
}

/** Scales the gradients so their global norm is at most maxNorm; returns the norm before clipping. */
export function clipGradNorm(params: readonly NamedParameter[], maxNorm: number): number {
  if (!(maxNorm > 0)) throw new Error(`clipGradNorm: maxNorm must be > 0, got ${maxNorm}`);
  const norm = globalGradNorm(params);
  if (!Number.isFinite(norm)) throw new Error(`clipGradNorm: the gradient norm is ${norm}; the loss has diverged`);
  const coef = maxNorm / (norm + 1e-6);
  if (coef < 1) {
    for (const p of params) {
      const g = gradOf(p);
      if (g === null) continue;
      for (let i = 0; i < g.length; i++) g[i] = g[i]! * coef;
    }
  }
  return norm;
}
