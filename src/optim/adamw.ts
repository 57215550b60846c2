// AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, exactly as torch.optim.AdamW
// computes it, so a run can be compared with the PyTorch reference step by step:
//   p ← p · (1 − lr·wd)                           (decay is applied to the weights, not the gradient)
//   m ← β1·m + (1 − β1)·g ;  v ← β2·v + (1 − β2)·g²
//   p ← p − lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + eps)
// β1 is public (`momentum`) because the one-cycle schedule cycles it; like PyTorch, the bias
// correction uses the current β1. Defaults are the spec's: β 0.9/0.999, eps 1e-6, wd 0.
// Not here: the schedule, clipping.
import { Optimizer } from './optimizer.ts';
import { gradOf, type ParameterSource } from './params.ts';

export interface AdamWOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
}

export class AdamW extends Optimizer {
  readonly kind = 'adamw';
  momentum: number;
  beta2: number;
  eps: number;
  weightDecay: number;

  constructor(params: ParameterSource, options: AdamWOptions = {}) {
    super(params, options.lr ?? 1e-4);
    this.momentum = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-6;
    this.weightDecay = options.weightDecay ?? 0;
    for (const [name, value] of [['beta1', this.momentum], ['beta2', this.beta2]] as const) {
      if (!(value >= 0 && value < 1)) throw new Error(`AdamW: ${name} must be in [0, 1), got ${value}`);
    }
    if (!(this.eps > 0)) throw new Error(`AdamW: eps must be > 0, got ${this.eps}`);
    if (!(this.weightDecay >= 0)) throw new Error(`AdamW: weightDecay must be >= 0, got ${this.weightDecay}`);
  }

  protected hyper(): Record<string, number> {
    return { beta2: this.beta2, eps: this.eps, weightDecay: this.weightDecay };
  }

  protected restoreHyper(hyper: Record<string, number>): void {
    this.beta2 = hyper.beta2 ?? this.beta2;
    this.eps = hyper.eps ?? this.eps;
    this.weightDecay = hyper.weightDecay ?? this.weightDecay;
  }

  protected update(step: number): void {
    const { lr, momentum: b1, beta2: b2, eps, weightDecay } = this;
    const stepSize = lr / (1 - b1 ** step);
    const sqrtCorrection2 = Math.sqrt(1 - b2 ** step);
    const decay = 1 - lr * weightDecay;
    for (const p of this.params) {
      const g = gradOf(p);
      if (g === null) continue;
      const w = p.tensor.data;
      const m = this.buffer('exp_avg', p);
      const v = this.buffer('exp_avg_sq', p);
      for (let i = 0; i < w.length; i++) {
        const gi = g[i]!;
        if (weightDecay !== 0) w[i] = w[i]! * decay;
        m[i] = b1 * m[i]! + (1 - b1) * gi;
        v[i] = b2 * v[i]! + (1 - b2) * gi * gi;
        w[i] = w[i]! - (stepSize * m[i]!) / (Math.sqrt(v[i]!) / sqrtCorrection2 + eps);
      }
    }
  }
}
