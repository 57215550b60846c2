// Gradient clipping by value and by global norm, and accumulation over micro-batches equals one
// big batch.
import { describe, expect, it } from 'vitest';
import { Tensor, crossEntropy, matmul, slice } from '../../src/index.ts';
import { accumulateGradients, clipGradNorm, clipGradValue, globalGradNorm, toParameterList } from '../../src/optim/index.ts';
import { randomInput } from '../helpers/random.ts';

describe('gradient clipping', () => {
  it('by value clamps each element to [−c, c]', () => {
    const w = new Tensor(new Float64Array(4), [4], true);
    w.grad = new Tensor(Float64Array.of(-3, -0.5, 0.2, 7), [4]);
    clipGradValue(toParameterList([['w', w]]), 1);
    expect(Array.from(w.grad.data)).toEqual([-1, -0.5, 0.2, 1]);
  });

  it('by global norm scales all gradients by maxNorm/(norm + 1e-6) when above maxNorm', () => {
    const a = new Tensor(new Float64Array(1), [1], true);
    const b = new Tensor(new Float64Array(1), [1], true);
    a.grad = new Tensor(Float64Array.of(3), [1]);
    b.grad = new Tensor(Float64Array.of(4), [1]);
    const params = toParameterList([['a', a], ['b', b]]);
    expect(clipGradNorm(params, 1)).toBe(5);
    expect(a.grad.data[0]).toBeCloseTo(3 / (5 + 1e-6), 15);
    expect(b.grad.data[0]).toBeCloseTo(4 / (5 + 1e-6), 15);
    expect(globalGradNorm(params)).toBeCloseTo(1, 6);
    // Below the threshold nothing changes.
    clipGradNorm(params, 10);
    expect(a.grad.data[0]).toBeCloseTo(3 / (5 + 1e-6), 15);
  });
});

describe('gradient accumulation', () => {
  it('micro-batches of 2 and 4 give the gradient of one batch of 6', () => {
    const x = randomInput([6, 5], 1, { requiresGrad: false });
    const targets = Int32Array.of(0, 2, 1, 1, 0, 2);
    const big = randomInput([5, 3], 2);
    const micro = new Tensor(Float64Array.from(big.data), [5, 3], true);

    const fullLoss = crossEntropy(matmul(x, big), targets);
    fullLoss.backward();

    const ranges: [number, number][] = [[0, 2], [2, 6]];
    const result = accumulateGradients([2, 4], (i) => {
      const [s, e] = ranges[i]!;
      return { loss: crossEntropy(matmul(slice(x, 0, s, e), micro), targets.subarray(s, e)) };
    });
    expect(result.loss).toBeCloseTo(fullLoss.item(), 14);
    big.grad!.data.forEach((g, i) => expect(micro.grad!.data[i]).toBeCloseTo(g, 14));
  });
});
