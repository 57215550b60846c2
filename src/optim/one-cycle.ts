// The one-cycle learning-rate schedule of the reference training recipe, with the semantics of
// torch.optim.lr_scheduler.OneCycleLR(max_lr=lr, pct_start=warmup/steps, anneal_strategy='linear',
// div_factor=25, final_div_factor=1e4, cycle_momentum=True, base_momentum=0.85, max_momentum=0.95):
//
//   step:      0 ............ warmup−1 ............ steps−1
//   lr:        lr/25   ↗      lr         ↘          lr/25/1e4
//   momentum:  0.95    ↘      0.85       ↗          0.95        (β1 for AdamW)
//
// PyTorch puts the end of phase 1 at step pct_start·steps − 1 = warmup − 1, so the peak lr is
// reached by the `warmup`-th step (index warmup−1), and interpolates linearly inside each phase.
// Step s (0-based) is the s-th optimizer update. Not here: the optimizers.
import type { Optimizer } from './optimizer.ts';

export interface OneCycleOptions {
  /** Peak learning rate (PyTorch's max_lr). */
  lr: number;
  /** Total number of optimizer steps. */
  steps: number;
  /** Steps of the rising phase. */
  warmup: number;
  divFactor?: number;
  finalDivFactor?: number;
  baseMomentum?: number;
  maxMomentum?: number;
}

export interface ScheduleValues {
  lr: number;
  momentum: number;
}

/** A schedule gives the lr and momentum of every step; `apply` writes them into an optimizer. */
export interface Schedule {
  at(step: number): ScheduleValues;
}

/** Linear interpolation from `start` to `end` at fraction `pct` (PyTorch's _annealing_linear). */
function linear(start: number, end: number, pct: number): number {
  return (end - start) * pct + start;
}

export class OneCycleSchedule implements Schedule {
  readonly initialLr: number;
  readonly maxLr: number;
  readonly minLr: number;
  readonly baseMomentum: number;
  readonly maxMomentum: number;
  /** Last step of each phase: [warmup − 1, steps − 1]. */
  private readonly phaseEnds: [number, number];

  constructor(readonly options: OneCycleOptions) {
    const { lr, steps, warmup } = options;
    if (!(lr > 0)) throw new Error(`one-cycle: lr must be > 0, got ${lr}`);
    if (!Number.isInteger(steps) || steps < 1) throw new Error(`one-cycle: steps must be an integer >= 1, got ${steps}`);
    if (!Number.isInteger(warmup) || warmup < 0 || warmup > steps) {
      throw new Error(`one-cycle: warmup must be an integer in [0, steps = ${steps}], got ${warmup}`);
    }
    this.maxLr = lr;
    this.initialLr = lr / (options.divFactor ?? 25);
    this.minLr = this.initialLr / (options.finalDivFactor ?? 1e4);
    this.baseMomentum = options.baseMomentum ?? 0.85;
    this.maxMomentum = options.maxMomentum ?? 0.95;
    this.phaseEnds = [warmup - 1, steps - 1];
  }

  at(step: number): ScheduleValues {
    if (!Number.isInteger(step) || step < 0 || step >= this.options.steps) {
      throw new Error(`one-cycle: step must be an integer in [0, ${this.options.steps - 1}], got ${step}`);
    }
    const [warmupEnd, lastStep] = this.phaseEnds;
    if (step <= warmupEnd) {
      const pct = warmupEnd === 0 ? 1 : step / warmupEnd;
      return { lr: linear(this.initialLr, this.maxLr, pct), momentum: linear(this.maxMomentum, this.baseMomentum, pct) };
    }
    const span = lastStep - warmupEnd;
    const pct = span === 0 ? 1 : (step - warmupEnd) / span;
    return { lr: linear(this.maxLr, this.minLr, pct), momentum: linear(this.baseMomentum, this.maxMomentum, pct) };
  }
}

/** The same lr and momentum at every step. */
export class ConstantSchedule implements Schedule {
  constructor(private readonly values: ScheduleValues) {}
  at(): ScheduleValues {
    return this.values;
  }
}

/** Sets the optimizer's lr and momentum to the schedule's values for step `step`. */
export function applySchedule(optimizer: Optimizer, schedule: Schedule, step: number): ScheduleValues {
  const values = schedule.at(step);
  optimizer.lr = values.lr;
  optimizer.momentum = values.momentum;
  return values;
}
