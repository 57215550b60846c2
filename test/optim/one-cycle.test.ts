// The one-cycle schedule against its formulas (PyTorch OneCycleLR, linear annealing):
// lr/25 at step 0, lr at step warmup−1, lr/25/1e4 at the last step; momentum 0.95 → 0.85 → 0.95.
import { describe, expect, it } from 'vitest';
import { Tensor } from '../../src/index.ts';
import { AdamW, OneCycleSchedule, applySchedule } from '../../src/optim/index.ts';

describe('one-cycle schedule', () => {
  const lr = 1e-3;
  const steps = 1000;
  const warmup = 100;
  const schedule = new OneCycleSchedule({ lr, steps, warmup });

  it('starts at lr/25 with momentum 0.95', () => {
    expect(schedule.at(0).lr).toBeCloseTo(lr / 25, 18);
    expect(schedule.at(0).momentum).toBeCloseTo(0.95, 15);
  });

  it('reaches lr and momentum 0.85 at the end of warmup (step warmup − 1)', () => {
    expect(schedule.at(warmup - 1).lr).toBeCloseTo(lr, 18);
    expect(schedule.at(warmup - 1).momentum).toBeCloseTo(0.85, 15);
  });

  it('is linear inside the warmup', () => {
    const s = 33;
    const pct = s / (warmup - 1);
    expect(schedule.at(s).lr).toBeCloseTo(lr / 25 + pct * (lr - lr / 25), 18);
    expect(schedule.at(s).momentum).toBeCloseTo(0.95 - pct * 0.1, 15);
  });

  it('is linear in the decay phase (mid step)', () => {
    const s = 550;
    const pct = (s - (warmup - 1)) / (steps - 1 - (warmup - 1));
    const minLr = lr / 25 / 1e4;
    expect(schedule.at(s).lr).toBeCloseTo(lr + pct * (minLr - lr), 18);
    expect(schedule.at(s).momentum).toBeCloseTo(0.85 + pct * 0.1, 15);
  });

  it('ends at lr/25/1e4 with momentum 0.95 at the last step', () => {
    // (end − start)·1 + start, as PyTorch computes it: exact up to rounding of lr − lr/25/1e4.
    expect(Math.abs(schedule.at(steps - 1).lr / (lr / 25 / 1e4) - 1)).toBeLessThan(1e-9);
    expect(schedule.at(steps - 1).momentum).toBeCloseTo(0.95, 15);
  });

  it('matches PyTorch OneCycleLR(max_lr=1, total_steps=10, pct_start=0.3) values', () => {
    const s = new OneCycleSchedule({ lr: 1, steps: 10, warmup: 3 });
    const expected = [0.04, 0.52, 1, 1 - (1 - 4e-6) / 7];
    expected.forEach((value, step) => expect(s.at(step).lr).toBeCloseTo(value, 12));
  });

  it('writes lr and beta1 into AdamW and rejects steps outside the run', () => {
    const opt = new AdamW([['w', new Tensor(new Float32Array(1), [1], true)]]);
    applySchedule(opt, schedule, 0);
    expect(opt.lr).toBeCloseTo(lr / 25, 18);
    expect(opt.momentum).toBeCloseTo(0.95, 15);
    expect(() => schedule.at(steps)).toThrow(/step must be an integer in \[0, 999\]/);
    expect(() => new OneCycleSchedule({ lr, steps: 10, warmup: 11 })).toThrow(/warmup/);
  });
});
