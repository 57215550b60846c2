// The tape: accumulation, noGrad, detach, deep graphs, freeing, and gradcheck catching a wrong backward.
import { describe, expect, it } from 'vitest';
import { Tensor, add, gradcheck, matmul, mul, noGrad, sum, tensor, tanh } from '../../src/index.ts';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { record } from '../../src/autograd/node.ts';
import { softmax } from '../../src/index.ts';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

describe('backward', () => {
  it('a tensor used twice gets both contributions (fan-out)', () => {
    const x = tensor([3], undefined, { requiresGrad: true });
    sum(add(mul(x, x), x)).backward(); // d(x² + x)/dx = 2x + 1
    expect(x.grad!.item()).toBe(7);
  });

  it('gradients accumulate across backward calls until zeroGrad', () => {
    const x = tensor([2], undefined, { requiresGrad: true });
    sum(mul(x, 3)).backward();
    sum(mul(x, 3)).backward();
    expect(x.grad!.item()).toBe(6);
    x.zeroGrad();
    expect(x.grad).toBeNull();
  });

  it('broadcast gradients are summed back to the input shape', () => {
    const bias = tensor([0, 0, 0], undefined, { requiresGrad: true });
    sum(add(tensor([[1, 2, 3], [4, 5, 6]]), bias)).backward();
    expect(Array.from(bias.grad!.data)).toEqual([2, 2, 2]);
  });

  it('noGrad records nothing', () => {
    const x = tensor([1, 2], undefined, { requiresGrad: true });
    const y = noGrad(() => mul(x, 2));
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
  });

  it('detach cuts the graph', () => {
    const x = tensor([2], undefined, { requiresGrad: true });
    const y = mul(x, x);
    sum(add(mul(y.detach(), x), 0)).backward(); // d(const·x)/dx = const = 4
    expect(x.grad!.item()).toBe(4);
  });

  it('a chain of 100 000 ops runs backward without overflowing the stack', () => {
    const x = tensor([1], undefined, { requiresGrad: true, dtype: 'float64' });
    let y = x;
    for (let i = 0; i < 100_000; i++) y = add(y, 1e-6);
    sum(y).backward();
    expect(x.grad!.item()).toBe(1);
  });

  it('frees the graph after backward and refuses a second pass', () => {
    const x = tensor([1, 2], undefined, { requiresGrad: true });
    const y = tanh(x);
    const loss = sum(y);
    loss.backward();
    expect(y.gradFn!.backward).toBeNull();
    expect(y.gradFn!.edges).toEqual([]);
    expect(() => loss.backward()).toThrow(/already freed/);
  });

  it('the graph keeps only what backward needs: pre-softmax scores are collectable', async () => {
    const a = tensor(Array.from({ length: 64 * 64 }, (_, i) => Math.sin(i)), [64, 64], { requiresGrad: true });
    let scores: Tensor | null = matmul(a, a, { transB: true }); // (64, 64), softmax's input
    const probe = new WeakRef(scores);
    const loss = sum(mul(softmax(scores), a));
    scores = null;
    await new Promise((resolve) => setTimeout(resolve, 0)); // WeakRef targets survive the current job
    collectGarbage();
    expect(probe.deref()).toBeUndefined(); // softmax saved its output, not its input
    loss.backward();
    expect(a.grad!.shape).toEqual([64, 64]);
  });

  it('leaf gradients never share a buffer', () => {
    const a = tensor([1, 2], undefined, { requiresGrad: true });
    const b = tensor([3, 4], undefined, { requiresGrad: true });
    sum(add(a, b)).backward();
    expect(a.grad!.data).not.toBe(b.grad!.data);
  });

  it('matmul gradients match the closed form dA = dC·Bᵀ, dB = Aᵀ·dC', () => {
    const a = tensor([[1, 2], [3, 4]], undefined, { requiresGrad: true });
    const b = tensor([[5, 6], [7, 8]], undefined, { requiresGrad: true });
    sum(matmul(a, b)).backward();
    expect(a.grad!.toArray()).toEqual([[11, 15], [11, 15]]);
    expect(b.grad!.toArray()).toEqual([[4, 4], [6, 6]]);
  });

  it('needs an explicit gradient for a non-scalar output', () => {
    const x = tensor([1, 2], undefined, { requiresGrad: true });
    expect(() => mul(x, 2).backward()).toThrow(/non-scalar output of shape \(2,\)/);
  });
});

describe('gradcheck', () => {
  it('catches a wrong backward and names the op, the input and both values', () => {
    const wrongSquare = (x: Tensor): Tensor => {
      const out = mul(x.detach(), x.detach());
      return record('wrongSquare', out, [x], (dOut) => [mul(dOut, x)]); // should be 2x
    };
    const x = new Tensor(Float64Array.from([0.5, -1.5]), [2], true);
    expect(() => gradcheck(wrongSquare, [x])).toThrow(/wrongSquare.*input 0.*analytical.*numerical/);
    const report = gradcheck(wrongSquare, [x], { raiseException: false });
    expect(report.ok).toBe(false);
    expect(report.worst!.analytical).toBeCloseTo(report.worst!.numerical / 2, 6);
  });

  it('fast mode also catches it', () => {
    const wrongScale = (x: Tensor): Tensor => record('wrongScale', mul(x.detach(), 3), [x], (dOut) => [mul(dOut, 2.9)]);
    expect(gradcheck(wrongScale, [new Tensor(Float64Array.from([1, 2, 3]), [3], true)], { fastMode: true, raiseException: false }).ok).toBe(false);
  });

  it('refuses float32 inputs', () => {
    expect(() => gradcheck((x) => x, [tensor([1], undefined, { requiresGrad: true })])).toThrow(/float64/);
  });
});
