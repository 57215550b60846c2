// Tensor construction, conversion and the seeded generator.
import { describe, expect, it } from 'vitest';
import { Rng, Tensor, arange, eye, full, ones, rand, randn, tensor, zeros } from '../../src/index.ts';

describe('Tensor', () => {
  it('infers the shape of nested data and stores float32 by default', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.size).toBe(6);
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });
  it('float64 keeps double precision', () => {
    expect(tensor([0.1], undefined, { dtype: 'float64' }).item()).toBe(0.1);
    expect(tensor([0.1]).item()).not.toBe(0.1);
  });
  it('constant constructors', () => {
    expect(Array.from(zeros([2]).data)).toEqual([0, 0]);
    expect(Array.from(ones([2]).data)).toEqual([1, 1]);
    expect(Array.from(full([3], 2.5).data)).toEqual([2.5, 2.5, 2.5]);
    expect(Array.from(arange(2, 8, 2).data)).toEqual([2, 4, 6]);
    expect(Array.from(arange(3).data)).toEqual([0, 1, 2]);
    expect(eye(2).toArray()).toEqual([[1, 0], [0, 1]]);
  });
  it('toString shows the shape and dtype', () => {
    expect(tensor([1, 2], [2, 1]).toString()).toBe('Tensor(shape=(2, 1), dtype=float32, data=[1, 2])');
  });
  it('rejects ragged data, wrong sizes and non-integer shapes with the constructor named', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(/^tensor: nested data is ragged/);
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(/^tensor: shape \(2, 2\) needs 4 values, got 3/);
    expect(() => zeros([2, 1.5])).toThrow(/^zeros: invalid shape \(2, 1.5\)/);
    expect(() => new Tensor(new Float32Array(3), [2])).toThrow(/^Tensor: shape \(2,\) needs 2 elements, data has 3/);
    expect(() => tensor([1, 2]).item()).toThrow(/^item: needs a tensor with one element/);
    expect(() => tensor(undefined as never)).toThrow(/^tensor: data must be a number, a \(nested\) array or a typed array/);
    expect(() => zeros(undefined as never)).toThrow(/^zeros: a shape must be an array of integers/);
  });
});

describe('Rng', () => {
  it('the same seed gives the same stream; different seeds differ', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(xs);
  });
  it('saving and restoring the state resumes the stream exactly', () => {
    const rng = new Rng(7);
    rng.normal();
    const state = rng.getState();
    const next = [rng.random(), rng.normal(), rng.int(0, 9)];
    rng.setState(state);
    expect([rng.random(), rng.normal(), rng.int(0, 9)]).toEqual(next);
  });
  it('uniform and normal draws have the right moments (n = 100 000, 5 standard errors)', () => {
    const n = 100_000;
    const u = rand([n], new Rng(1)).data;
    const z = randn([n], new Rng(2), { dtype: 'float64' }).data;
    const mean = (xs: ArrayLike<number>): number => {
      let total = 0;
      for (let i = 0; i < xs.length; i++) total += xs[i]!;
      return total / xs.length;
    };
    expect(Math.abs(mean(u) - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(mean(z))).toBeLessThan(5 / Math.sqrt(n));
    const variance = mean(Array.from(z, (v) => v * v));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
  });
  it('int is inclusive at both ends and uniform (chi-squared, 9 dof, p > 0.001)', () => {
    const rng = new Rng(3);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 50_000; i++) counts[rng.int(0, 9)]!++;
    const chi2 = counts.reduce((s, c) => s + (c - 5000) ** 2 / 5000, 0);
    expect(chi2).toBeLessThan(27.88); // the 0.999 quantile of chi-squared with 9 dof
  });
});
