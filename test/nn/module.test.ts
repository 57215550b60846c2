// Module: parameters found by walking fields (incl. arrays of modules), stable dotted names,
// train/eval reaching every sub-module, state dicts with shape checks that name the parameter;
// Dropout draws a fresh mask per call in training and is the identity in eval.
import { describe, expect, it } from 'vitest';
import { Rng, Tensor, ones } from '../../src/index.ts';
import { ConfigError, Dropout, FeedForward, Linear, Module, resolveAttention } from '../../src/nn/index.ts';
import { LayerNorm } from '../../src/nn/layer-norm.ts';

class Stack extends Module {
  layers: Linear[];
  norm: LayerNorm;
  constructor(rng: Rng) {
    super();
    this.layers = [new Linear(3, 4, rng), new Linear(4, 2, rng, { bias: false })];
    this.norm = new LayerNorm(2);
  }
}

describe('Module', () => {
  it('finds parameters through fields and arrays, with stable dotted names in field order', () => {
    const names = new Stack(new Rng(0)).namedParameters().map(([n]) => n);
    expect(names).toEqual(['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'norm.weight', 'norm.bias']);
    expect(new Stack(new Rng(0)).parameterCount()).toBe(12 + 4 + 8 + 2 + 2);
  });

  it('the same seed gives the same parameters; another seed does not', () => {
    const a = new Stack(new Rng(1)).parameters()[0]!.data;
    expect(new Stack(new Rng(1)).parameters()[0]!.data).toEqual(a);
    expect(new Stack(new Rng(2)).parameters()[0]!.data).not.toEqual(a);
  });

  it('train()/eval() reach every sub-module', () => {
    const ffn = new FeedForward(4, 8, 0.1, new Rng(0), new Rng(1));
    ffn.eval();
    expect(ffn.modules().every((m) => !m.training)).toBe(true);
    ffn.train();
    expect(ffn.drop.training).toBe(true);
  });

  it('stateDict round-trips and a wrong shape names the parameter and both shapes', () => {
    const a = new Stack(new Rng(1));
    const b = new Stack(new Rng(2));
    b.loadStateDict(a.stateDict());
    expect(b.parameters().map((p) => Array.from(p.data))).toEqual(a.parameters().map((p) => Array.from(p.data)));
    const bad = { ...a.stateDict(), 'layers.1.weight': new Tensor(new Float32Array(6), [2, 3]) };
    expect(() => b.loadStateDict(bad)).toThrow(/parameter 'layers.1.weight' has shape \(2, 4\) but the state dict holds \(2, 3\)/);
    const { ['norm.bias']: _drop, ...missing } = a.stateDict();
    expect(() => b.loadStateDict(missing)).toThrow(/missing \[norm.bias\]/);
  });

  it('float64 modules hold float64 parameters', () => {
    const lin = new Linear(2, 3, new Rng(0), { dtype: 'float64' });
    expect(lin.weight.dtype).toBe('float64');
    expect(lin.forward(ones([5, 2], { dtype: 'float64' })).shape).toEqual([5, 3]);
  });
});

describe('Dropout', () => {
  it('draws a fresh mask per call in training and is the identity in eval', () => {
    const drop = new Dropout(0.5, new Rng(3));
    const x = ones([64]);
    const first = drop.forward(x).data;
    const second = drop.forward(x).data;
    expect(Array.from(first)).not.toEqual(Array.from(second));
    expect(first.every((v) => v === 0 || v === 2)).toBe(true);
    drop.eval();
    expect(drop.forward(x)).toBe(x);
  });

  it('a negative rate is a configuration error naming the option', () => {
    expect(() => new Dropout(-0.1, new Rng(0))).toThrow(ConfigError);
    expect(() => new Dropout(-0.1, new Rng(0))).toThrow(/^dropout: must be a rate in \[0, 1\), got -0.1/);
  });
});

describe('attention configuration errors name the option and the allowed values', () => {
  const dims = { seqLen: 64, heads: 2, width: 8 };
  it('unknown attention name', () => {
    expect(() => resolveAttention({ name: 'flash' as never }, dims)).toThrow(/^attention\.name: unknown value "flash"; allowed values: 'softmax', 'nystrom', 'proxy', 'linformer', 'performer'/);
  });
  it('T not divisible by M for segment means', () => {
    expect(() => resolveAttention({ name: 'nystrom', landmarks: 12 }, dims)).toThrow(/^attention\.landmarks: segment means need T % M == 0, got T = 64, M = 12; allowed M: divisors of 64 \(1, 2, 4, 8, 16, 32, 64\)/);
    expect(() => resolveAttention({ name: 'proxy', landmarks: 12 }, dims)).toThrow(/attention\.landmarks/);
    expect(() => resolveAttention({ name: 'proxy', landmarks: 12, proxy: { injection: 'attention' } }, dims)).not.toThrow();
  });
  it('negative rates', () => {
    expect(() => resolveAttention({ attentionDropout: -0.5 }, dims)).toThrow(/^attention\.attentionDropout: must be a rate in \[0, 1\), got -0.5/);
    expect(() => resolveAttention({ proxy: { decomposedDropout: { rate: -1 } } }, dims)).toThrow(/^attention\.proxy\.decomposedDropout\.rate: must be a rate in \[0, 1\)/);
  });
  it('unknown proxy options', () => {
    expect(() => resolveAttention({ proxy: { injection: 'mean' as never } }, dims)).toThrow(/^attention\.proxy\.injection: unknown value "mean"; allowed values: 'segment-mean', 'attention', 'none'/);
    expect(() => resolveAttention({ proxy: { inverse: 'svd' as never } }, dims)).toThrow(/allowed values: 'newton-schulz', 'identity', 'exact'/);
    expect(() => resolveAttention({ proxy: { contrastive: 'triplet' as never } }, dims)).toThrow(/allowed values: 'infonce', 'uniformity', 'none'/);
    expect(() => resolveAttention({ proxy: { temperature: 0 } }, dims)).toThrow(/^attention\.proxy\.temperature: must be a finite number > 0/);
    expect(() => resolveAttention({ proxy: { decomposedDropout: { placement: 'middle' as never } } }, dims)).toThrow(/allowed values: 'after-inverse', 'before-inverse'/);
  });
  it('the defaults are the spec’s', () => {
    const o = resolveAttention({}, { seqLen: 1024, heads: 2, width: 64 });
    expect(o).toMatchObject({ name: 'proxy', landmarks: 128, proxy: { project: 'shared', injection: 'segment-mean', inverse: 'newton-schulz', inverseIterations: 1, contrastive: 'infonce', temperature: 0.1, contrastiveWeight: 0.1, decomposedDropout: { rate: 0.1, placement: 'after-inverse' } } });
  });
});
