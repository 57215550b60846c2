// SGD with momentum, as torch.optim.SGD computes it (dampening 0):
//   g ← g + wd·p                     (classic, coupled L2 weight decay)
//   b ← g on the first step, else b ← μ·b + g
//   p ← p − lr·b                     (Nesterov: p ← p − lr·(g + μ·b))
// Not here: the schedule (which may cycle `momentum`), clipping.
import { Optimizer } from './optimizer.ts';
import { gradOf, type ParameterSource } from './params.ts';

export interface SGDOptions {
  lr?: number;
  momentum?: number;
  weightDecay?: number;
  nesterov?: boolean;
}

export class SGD extends Optimizer {
  readonly kind = 'sgd';
  momentum: number;
  weightDecay: number;
  nesterov: boolean;

  constructor(params: ParameterSource, options: SGDOptions = {}) {
    super(params, options.lr ?? 1e-2);
    this.momentum = options.momentum ?? 0;
    this.weightDecay = options.weightDecay ?? 0;
    this.nesterov = options.nesterov ?? false;
    if (!(this.momentum >= 0 && this.momentum < 1)) throw new Error(`SGD: momentum must be in [0, 1), got ${this.momentum}`);
    if (!(this.weightDecay >= 0)) throw new Error(`SGD: weightDecay must be >= 0, got ${this.weightDecay}`);
  }

  protected hyper(): Record<string, number> {
    return { weightDecay: this.weightDecay, nesterov: this.nesterov ? 1 : 0 };
  }

  protected restoreHyper(hyper: Record<string, number>): void {
    this.weightDecay = hyper.weightDecay ?? this.weightDecay;
    if (hyper.nesterov !== undefined) this.nesterov = hyper.nesterov === 1;
  }

  protected update(): void {
    const { lr, momentum: mu, weightDecay, nesterov } = this;
    for (const p of this.params) {
      const g = gradOf(p);
      if (g === null) continue;
      const w = p.tensor.data;
      if (mu === 0) {
        for (let i = 0; i < w.length; i++) w[i] = w[i]! - lr * (g[i]! + weightDecay * w[i]!);
        continue;
      }
      const first = !this.hasBuffer('momentum_buffer', p);
      const b = this.buffer('momentum_buffer', p);
      for (let i = 0; i < w.length; i++) {
        const gi = g[i]! + weightDecay * w[i]!;
        b[i] = first ? gi : mu * b[i]! + gi;
        w[i] = w[i]! - lr * (nesterov ? gi + mu * b[i]! : b[i]!);
      }
    }
  }
}
