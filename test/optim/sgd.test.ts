// SGD against closed forms on f(x) = ½ a x²: plain SGD contracts by (1 − lr·a) per step;
// momentum equals the heavy-ball recurrence x_{t+1} = x_t − lr·a·x_t + μ (x_t − x_{t−1}).
import { describe, expect, it } from 'vitest';
import { Tensor } from '../../src/index.ts';
import { SGD } from '../../src/optim/index.ts';

function setQuadraticGrad(x: Tensor, a: number): void {
  x.grad = new Tensor(Float64Array.from(x.data, (v) => a * v), x.shape);
}

describe('SGD', () => {
  it('without momentum contracts a quadratic by (1 − lr·a)^n', () => {
    const x = new Tensor(Float64Array.of(2, -3), [2], true);
    const opt = new SGD([['x', x]], { lr: 0.1 });
    for (let t = 0; t < 8; t++) {
      setQuadraticGrad(x, 4);
      opt.step();
    }
    expect(x.data[0]).toBeCloseTo(2 * 0.6 ** 8, 14);
    expect(x.data[1]).toBeCloseTo(-3 * 0.6 ** 8, 14);
  });

  it('with momentum follows the heavy-ball recurrence', () => {
    const lr = 0.05;
    const a = 3;
    const mu = 0.9;
    const x = new Tensor(Float64Array.of(1), [1], true);
    const opt = new SGD([['x', x]], { lr, momentum: mu });
    let prev = 1;
    let cur = 1;
    for (let t = 0; t < 12; t++) {
      setQuadraticGrad(x, a);
      opt.step();
      const next = cur - lr * a * cur + (t === 0 ? 0 : mu * (cur - prev));
      prev = cur;
      cur = next;
      expect(x.data[0]).toBeCloseTo(cur, 13);
    }
  });

  it('weight decay adds wd·x to the gradient; Nesterov looks ahead by μ·b', () => {
    const x = new Tensor(Float64Array.of(1), [1], true);
    const opt = new SGD([['x', x]], { lr: 0.1, weightDecay: 0.5 });
    setQuadraticGrad(x, 1);
    opt.step();
    expect(x.data[0]).toBeCloseTo(1 - 0.1 * 1.5, 15);

    const y = new Tensor(Float64Array.of(1), [1], true);
    const nesterov = new SGD([['y', y]], { lr: 0.1, momentum: 0.9, nesterov: true });
    setQuadraticGrad(y, 1);
    nesterov.step(); // b = g = 1; step = g + μ b = 1.9
    expect(y.data[0]).toBeCloseTo(1 - 0.19, 15);
  });
});
