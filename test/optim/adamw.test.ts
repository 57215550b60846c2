// AdamW against closed-form updates: the first step moves every weight by lr·sign(g) (up to eps),
// a constant gradient gives the same move every step, and decoupled decay is a geometric factor.
import { describe, expect, it } from 'vitest';
import { Tensor, mul, sum, sub } from '../../src/index.ts';
import { AdamW } from '../../src/optim/index.ts';

function param(values: number[]): Tensor {
  return new Tensor(Float64Array.from(values), [values.length], true);
}

/** loss = ½ Σ a_i (x_i − c_i)², so g = a (x − c). */
function quadraticStep(x: Tensor, a: number[], c: number[]): void {
  const diff = sub(x, new Tensor(Float64Array.from(c), [c.length]));
  sum(mul(mul(diff, diff), new Tensor(Float64Array.from(a.map((v) => v / 2)), [a.length]))).backward();
}

describe('AdamW', () => {
  it('first step on a quadratic moves each weight by lr·g/(|g| + eps)', () => {
    const x0 = [1, -2, 0.5];
    const a = [2, 0.5, 10];
    const c = [0, 1, 0.25];
    const x = param(x0);
    const opt = new AdamW([['x', x]], { lr: 0.1, eps: 1e-6 });
    quadraticStep(x, a, c);
    opt.step();
    x0.forEach((xi, i) => {
      const g = a[i]! * (xi - c[i]!);
      expect(x.data[i]).toBeCloseTo(xi - (0.1 * g) / (Math.abs(g) + 1e-6), 14);
    });
  });

  it('a constant gradient moves by the same lr·g/(|g| + eps) every step (bias correction is exact)', () => {
    const x = param([3, -1]);
    const g = [0.3, -2];
    const opt = new AdamW([['x', x]], { lr: 0.01 });
    for (let t = 0; t < 10; t++) {
      x.grad = new Tensor(Float64Array.from(g), [2]);
      opt.step();
    }
    expect(x.data[0]).toBeCloseTo(3 - (10 * 0.01 * 0.3) / (0.3 + 1e-6), 12);
    expect(x.data[1]).toBeCloseTo(-1 + (10 * 0.01 * 2) / (2 + 1e-6), 12);
  });

  it('decoupled weight decay is a geometric factor (1 − lr·wd) applied before the Adam move', () => {
    const lr = 0.05;
    const wd = 0.2;
    const x = param([4]);
    const opt = new AdamW([['x', x]], { lr, weightDecay: wd });
    const s = (lr * 1) / (1 + 1e-6);
    for (let t = 0; t < 7; t++) {
      x.grad = new Tensor(Float64Array.of(1), [1]);
      opt.step();
    }
    const q = 1 - lr * wd;
    // x_n = x_0 qⁿ − s (1 − qⁿ)/(1 − q)
    expect(x.data[0]).toBeCloseTo(4 * q ** 7 - (s * (1 - q ** 7)) / (1 - q), 12);
  });

  it('follows the PyTorch update on a quadratic for several steps with a changing beta1', () => {
    const x = param([1.5]);
    const opt = new AdamW([['x', x]], { lr: 0.1, beta2: 0.99, eps: 1e-8 });
    let ref = 1.5;
    let m = 0;
    let v = 0;
    for (let t = 1; t <= 6; t++) {
      const b1 = 0.95 - 0.02 * t;
      opt.momentum = b1;
      quadraticStep(x, [3], [0.5]);
      opt.step();
      x.grad = null;
      const g = 3 * (ref - 0.5);
      m = b1 * m + (1 - b1) * g;
      v = 0.99 * v + 0.01 * g * g;
      ref -= ((0.1 / (1 - b1 ** t)) * m) / (Math.sqrt(v) / Math.sqrt(1 - 0.99 ** t) + 1e-8);
      expect(x.data[0]).toBeCloseTo(ref, 13);
    }
  });

  it('skips parameters without a gradient and rejects invalid options', () => {
    const x = param([1]);
    const y = param([2]);
    const opt = new AdamW([['x', x], ['y', y]]);
    x.grad = new Tensor(Float64Array.of(1), [1]);
    opt.step();
    expect(y.data[0]).toBe(2);
    expect(() => new AdamW([['x', x]], { beta1: 1 })).toThrow(/beta1 must be in \[0, 1\)/);
    expect(() => new AdamW([['x', x], ['x', y]])).toThrow(/'x' appears twice/);
  });

  it('state export and import continue exactly', () => {
    const run = (split: boolean): number[] => {
      let x = param([1, 2]);
      let opt = new AdamW([['x', x]], { lr: 0.1, weightDecay: 0.01 });
      const out: number[] = [];
      for (let t = 0; t < 6; t++) {
        if (split && t === 3) {
          const state = opt.stateDict();
          const saved = Float64Array.from(x.data);
          x = param(Array.from(saved));
          opt = new AdamW([['x', x]], { lr: 0.5 });
          opt.loadStateDict(state);
        }
        quadraticStep(x, [1, 2], [0, 0]);
        opt.step();
        opt.zeroGrad();
        out.push(x.data[0]!, x.data[1]!);
      }
      return out;
    };
    expect(run(true)).toEqual(run(false));
  });
});
