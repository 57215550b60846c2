// Forward values of every op against hand-computed or float64 reference numbers.
import { describe, expect, it } from 'vitest';
import * as ops from '../../src/ops/index.ts';
import { Tensor, tensor } from '../../src/index.ts';

const f64 = { dtype: 'float64' as const };
const close = (t: Tensor, expected: number[], digits = 6): void => {
  expect(t.data.length).toBe(expected.length);
  t.data.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, digits));
};

describe('elementwise forward values', () => {
  it('add broadcasts a row against a column', () => {
    const out = ops.add(tensor([[1], [2]]), tensor([10, 20, 30]));
    expect(out.shape).toEqual([2, 3]);
    close(out, [11, 21, 31, 12, 22, 32]);
  });
  it('sub, mul and div with numbers on either side', () => {
    close(ops.sub(5, tensor([1, 2])), [4, 3]);
    close(ops.mul(tensor([1.5, -2]), 2), [3, -4]);
    close(ops.div(1, tensor([4, -8])), [0.25, -0.125]);
  });
  it('unary ops match Math', () => {
    const x = tensor([-1.5, 0.25, 2], undefined, f64);
    close(ops.neg(x), [1.5, -0.25, -2]);
    close(ops.exp(x), [Math.exp(-1.5), Math.exp(0.25), Math.exp(2)], 12);
    close(ops.abs(x), [1.5, 0.25, 2]);
    close(ops.tanh(x), [Math.tanh(-1.5), Math.tanh(0.25), Math.tanh(2)], 12);
    close(ops.sigmoid(x), [1 / (1 + Math.exp(1.5)), 1 / (1 + Math.exp(-0.25)), 1 / (1 + Math.exp(-2))], 12);
    close(ops.relu(x), [0, 0.25, 2]);
    close(ops.pow(x, 3), [-3.375, 0.015625, 8], 12);
    close(ops.log(tensor([1, Math.E], undefined, f64)), [0, 1], 12);
    close(ops.sqrt(tensor([4, 2.25])), [2, 1.5]);
  });
  it('gelu is the exact erf form', () => {
    // 0.5·x·(1 + erf(x/√2)) by Python's math.erf (what torch.nn.functional.gelu computes)
    const expected = [-0.004049694095, -0.158655253931, -0.154268769363, 0, 0.345731230637, 0.841344746069, 2.995950305905];
    close(ops.gelu(tensor([-3, -1, -0.5, 0, 0.5, 1, 3], undefined, f64)), expected, 9);
    close(ops.gelu(tensor([-3, -1, -0.5, 0, 0.5, 1, 3])), expected, 6);
  });
  it('where picks by a broadcast condition; maskedFill fills where the mask is set', () => {
    close(ops.where(tensor([1, 0]), tensor([[1, 2], [3, 4]]), tensor([[-1, -2], [-3, -4]])), [1, -2, 3, -4]);
    close(ops.maskedFill(tensor([1, 2, 3]), tensor([0, 1, 0]), -1e9), [1, -1e9, 3]);
  });
});

describe('reductions', () => {
  const x = tensor([[1, 5, 3], [4, 2, 6]]);
  it('sum over all, over an axis, with keepDim', () => {
    expect(ops.sum(x).item()).toBe(21);
    close(ops.sum(x, 0), [5, 7, 9]);
    const kept = ops.sum(x, -1, true);
    expect(kept.shape).toEqual([2, 1]);
    close(kept, [9, 12]);
  });
  it('mean and max', () => {
    expect(ops.mean(x).item()).toBeCloseTo(3.5);
    close(ops.mean(x, 1), [3, 4]);
    expect(ops.max(x).item()).toBe(6);
    close(ops.max(x, 0), [4, 5, 6]);
  });
});

describe('shape ops', () => {
  it('reshape infers -1 and shares the buffer', () => {
    const x = tensor([1, 2, 3, 4, 5, 6]);
    const y = ops.reshape(x, [-1, 3]);
    expect(y.shape).toEqual([2, 3]);
    expect(y.data).toBe(x.data);
  });
  it('transpose and permute move elements', () => {
    expect(ops.transpose(tensor([[1, 2, 3], [4, 5, 6]]), 0, 1).toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    const x = tensor(Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]);
    const p = ops.permute(x, [2, 0, 1]); // (4, 2, 3): p[k, i, j] = x[i, j, k]
    expect(p.shape).toEqual([4, 2, 3]);
    expect((p.toArray() as number[][][])[3]![1]![2]).toBe(1 * 12 + 2 * 4 + 3);
  });
  it('broadcastTo repeats size-1 axes', () => {
    expect(ops.broadcastTo(tensor([[1], [2]]), [2, 2, 3]).toArray()).toEqual([[[1, 1, 1], [2, 2, 2]], [[1, 1, 1], [2, 2, 2]]]);
  });
  it('slice and concat are inverses', () => {
    const x = tensor(Array.from({ length: 12 }, (_, i) => i), [3, 4]);
    const left = ops.slice(x, 1, 0, 1);
    const right = ops.slice(x, -1, 1);
    expect(left.toArray()).toEqual([[0], [4], [8]]);
    expect(ops.concat([left, right], 1).toArray()).toEqual(x.toArray());
  });
});

describe('matmul', () => {
  const a = tensor([[1, 2, 3], [4, 5, 6]]); // (2, 3)
  const b = tensor([[7, 8], [9, 10], [11, 12]]); // (3, 2)
  it('2-D product', () => {
    expect(ops.matmul(a, b).toArray()).toEqual([[58, 64], [139, 154]]);
  });
  it('transposed operands give the same product', () => {
    const aT = ops.transpose(a, 0, 1);
    const bT = ops.transpose(b, 0, 1);
    expect(ops.matmul(aT, b, { transA: true }).toArray()).toEqual([[58, 64], [139, 154]]);
    expect(ops.matmul(a, bT, { transB: true }).toArray()).toEqual([[58, 64], [139, 154]]);
    expect(ops.matmul(aT, bT, { transA: true, transB: true }).toArray()).toEqual([[58, 64], [139, 154]]);
  });
  it('propagates NaN and Infinity through zeros, as IEEE arithmetic does (0 · NaN = NaN)', () => {
    const f64 = { dtype: 'float64' as const };
    expect(Number.isNaN(ops.matmul(tensor([[0, 1]], undefined, f64), tensor([[Number.NaN], [2]], undefined, f64)).item())).toBe(true);
    expect(Number.isNaN(ops.matmul(tensor([[0]], undefined, f64), tensor([[Infinity]], undefined, f64)).item())).toBe(true);
  });
  it('broadcasts batch dimensions (2, 1) against (1, 3)', () => {
    const x = tensor(Array.from({ length: 8 }, (_, i) => i + 1), [2, 1, 2, 2]);
    const y = tensor(Array.from({ length: 12 }, (_, i) => i - 5), [1, 3, 2, 2]);
    const out = ops.matmul(x, y);
    expect(out.shape).toEqual([2, 3, 2, 2]);
    const xs = x.toArray() as number[][][][];
    const ys = y.toArray() as number[][][][];
    const os = out.toArray() as number[][][][];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let r = 0; r < 2; r++) for (let c = 0; c < 2; c++) {
      const expected = xs[i]![0]![r]![0]! * ys[0]![j]![0]![c]! + xs[i]![0]![r]![1]! * ys[0]![j]![1]![c]!;
      expect(os[i]![j]![r]![c]).toBe(expected);
    }
  });
});

describe('fused ops', () => {
  it('softmax and logSoftmax rows', () => {
    const x = tensor([1, 2, 3, 1000, 1000, 1000], [2, 3], f64);
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    close(ops.softmax(x), [Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z, 1 / 3, 1 / 3, 1 / 3], 12);
    close(ops.logSoftmax(x), [1 - Math.log(z), 2 - Math.log(z), 3 - Math.log(z), -Math.log(3), -Math.log(3), -Math.log(3)], 10);
  });
  it('layerNorm normalises rows with the biased variance', () => {
    const out = ops.layerNorm(tensor([1, 2, 3, 4], [1, 4], f64), tensor([1, 1, 2, 2], undefined, f64), tensor([0, 0, 0, 1], undefined, f64), 1e-300);
    const s = Math.sqrt(1.25);
    close(out, [-1.5 / s, -0.5 / s, 2 * (0.5 / s), 2 * (1.5 / s) + 1], 12);
  });
  it('embedding gathers rows', () => {
    const w = tensor([[0, 1], [10, 11], [20, 21]]);
    expect(ops.embedding(w, Int32Array.from([2, 0, 2]), [1, 3]).toArray()).toEqual([[[20, 21], [0, 1], [20, 21]]]);
  });
  it('crossEntropy is the mean negative log-likelihood', () => {
    const logits = tensor([[0, 0], [Math.log(3), 0]], undefined, f64);
    expect(ops.crossEntropy(logits, Int32Array.from([0, 0])).item()).toBeCloseTo((Math.log(2) + Math.log(4 / 3)) / 2, 12);
  });
  it('dropout keeps the expected fraction, scales survivors, and repeats for one seed', () => {
    const x = tensor(new Float32Array(10000).fill(1), [100, 100]);
    const y = ops.dropout(x, 0.25, 7);
    const kept = y.data.filter((v) => v !== 0);
    expect(kept.every((v) => Math.abs(v - 1 / 0.75) < 1e-6)).toBe(true);
    expect(kept.length / 10000).toBeGreaterThan(0.73);
    expect(kept.length / 10000).toBeLessThan(0.77);
    expect(ops.dropout(x, 0.25, 7).data).toEqual(y.data);
  });
  it('column dropout drops whole columns', () => {
    const y = ops.dropout(tensor(new Float32Array(64).fill(1), [8, 8]), 0.5, 3, { sharedAxes: [0] });
    for (let col = 0; col < 8; col++) {
      const column = Array.from({ length: 8 }, (_, row) => y.data[row * 8 + col]);
      expect(new Set(column).size).toBe(1);
    }
  });
});
