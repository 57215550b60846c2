// The LRA models: every preset builds and runs on a padded batch; padding never changes the
// real tokens' result; a whole 1-layer model passes a (fast) gradient check; the retrieval
// head; the analysis hooks against direct computations; configuration errors.
import { describe, expect, it } from 'vitest';
import { Rng, gradcheck, type Tensor } from '../../src/index.ts';
import { ATTENTION_NAMES, type AttentionConfig, type AttentionName } from '../../src/nn/index.ts';
import { LRA_TASKS, LraClassifier, RetrievalModel, averagePairwiseCosine, landmarkSimilarity, lraPreset, modelAttentionErrors, resolveModelConfig, type LraTask, type ModelConfig } from '../../src/models/index.ts';

/** B rows of length T: row b has lengths[b] real tokens drawn from 1..V−1, then `padId`. */
function batchOf(t: number, lengths: number[], vocab: number, seed: number, padId = 0) {
  const rng = new Rng(seed);
  const ids = new Int32Array(lengths.length * t);
  const mask = new Float32Array(lengths.length * t);
  lengths.forEach((n, b) => {
    for (let i = 0; i < t; i++) {
      const real = i < n;
      ids[b * t + i] = real ? rng.int(1, vocab - 1) : padId;
      mask[b * t + i] = real ? 1 : 0;
    }
  });
  return { ids, mask, labels: Int32Array.from(lengths, (_, i) => i % 2), batch: lengths.length, seqLen: t };
}

const small = (name: AttentionName): AttentionConfig => ({ name, landmarks: 8, linformerK: 16, performerFeatures: 16 });

describe('presets', () => {
  const expected: Record<LraTask, Partial<ModelConfig>> = {
    listops: { vocabSize: 16, numClasses: 10, seqLen: 2048 },
    text: { vocabSize: 257, numClasses: 2, seqLen: 4096 },
    retrieval: { vocabSize: 257, numClasses: 2, seqLen: 4096, kind: 'retrieval' },
    image: { vocabSize: 256, numClasses: 10, seqLen: 1024 },
    pathfinder: { vocabSize: 256, numClasses: 2, seqLen: 1024 },
  };
  for (const task of LRA_TASKS) {
    it(`${task}: the paper's sizes and the task's T, vocabulary and classes`, () => {
      const c = lraPreset(task);
      expect(c).toMatchObject({ width: 64, hidden: 128, heads: 2, headDim: 32, layers: 2, ...expected[task] });
      expect(c.attention.landmarks).toBe(128);
    });
  }
  it('pixel offset gives the pixel tasks 257 ids', () => {
    expect(lraPreset('image', { pixelOffset: true }).vocabSize).toBe(257);
    expect(lraPreset('pathfinder', { pixelOffset: true }).vocabSize).toBe(257);
  });

  it('image preset at full size (T 1024, M 128) runs forward on a padded batch', () => {
    const model = new LraClassifier(lraPreset('image')).eval();
    const out = model.forward(batchOf(1024, [1024, 700], 256, 1));
    expect(out.logits.shape).toEqual([2, 10]);
    expect(out.logits.data.every(Number.isFinite)).toBe(true);
    expect(out.auxLoss!.item()).toBeGreaterThan(0);
  });

  for (const task of LRA_TASKS) {
    it(`${task} preset (T overridden to 128, M 16) runs forward and backward on a padded batch`, () => {
      const config = lraPreset(task, { attention: { landmarks: 16 }, overrides: { seqLen: 128 } });
      const batch = batchOf(128, [128, 90], config.vocabSize, 2);
      const model = task === 'retrieval' ? new RetrievalModel(config) : new LraClassifier(config);
      const out = model instanceof RetrievalModel ? model.loss({ ids1: batch.ids, mask1: batch.mask, ids2: batch.ids.slice().reverse(), mask2: batch.mask.slice().reverse(), labels: batch.labels, batch: 2, seqLen: 128 }) : model.loss(batch);
      expect(out.logits.shape).toEqual([2, config.numClasses]);
      out.loss.backward();
      expect(model.parameters().every((p) => p.grad !== null && p.grad.data.every(Number.isFinite))).toBe(true);
    });
  }
});

describe('mask semantics: padding does not change the real tokens’ result', () => {
  for (const name of ATTENTION_NAMES) {
    it(`${name}: logits do not depend on the ids at padded positions`, () => {
      const config = { vocabSize: 20, numClasses: 3, seqLen: 32, width: 16, hidden: 16, heads: 2, headDim: 8, dtype: 'float64' as const, attention: { ...small(name), landmarks: 4, convKernel: name === 'nystrom' ? 5 : 0 } };
      const model = new LraClassifier(config).eval();
      const a = model.forward(batchOf(32, [32, 19, 5], 20, 3, 0)).logits;
      const withGarbage = batchOf(32, [32, 19, 5], 20, 3, 7); // same real tokens, id 7 at padded positions
      const b = model.forward(withGarbage).logits;
      a.data.forEach((v, i) => expect(Math.abs(v - b.data[i]!)).toBeLessThan(1e-10));
    });
  }

  it('masked-mean pooling with exact attention ignores how much padding follows; the reference mean does not', () => {
    const logits = (pooling: 'mean' | 'masked-mean', t: number): Tensor => {
      const model = new LraClassifier({ vocabSize: 20, numClasses: 3, seqLen: 64, width: 16, hidden: 16, heads: 2, headDim: 8, dtype: 'float64', pooling, attention: { name: 'softmax' } }).eval();
      return model.forward(batchOf(t, [10], 20, 4)).logits;
    };
    const diff = (a: Tensor, b: Tensor) => Math.max(...Array.from(a.data, (v, i) => Math.abs(v - b.data[i]!)));
    expect(diff(logits('masked-mean', 16), logits('masked-mean', 48))).toBeLessThan(1e-10);
    expect(diff(logits('mean', 16), logits('mean', 48))).toBeGreaterThan(1e-4); // the reference divides by T
  });
});

describe('whole-model gradient check', () => {
  for (const name of ['proxy', 'nystrom'] as const) {
    it(`1-layer ${name} classifier, float64, training mode with replayed dropout, fast mode`, () => {
      const model = new LraClassifier({ vocabSize: 10, numClasses: 3, seqLen: 8, width: 8, hidden: 8, heads: 2, headDim: 4, layers: 1, dtype: 'float64', attention: { name, landmarks: 4 } });
      const batch = batchOf(8, [8, 6], 10, 5);
      const state = model.encoder.dropoutRng.getState();
      const fn = (): Tensor => {
        model.encoder.dropoutRng.setState(state);
        return model.loss(batch).loss;
      };
      for (const seed of [0, 1]) {
        const result = gradcheck(fn, model.parameters(), { fastMode: true, seed });
        expect(result.ok).toBe(true);
        expect(result.ops).toEqual(expect.arrayContaining(['embedding', 'layerNorm', 'dropout', 'gelu', 'crossEntropy', 'softmax']));
      }
    });
  }
});

describe('analysis hooks', () => {
  it('average pairwise cosine of known vectors', () => {
    // rows (1,0), (0,1), (1,1): cos = 0, 1/√2, 1/√2 → mean √2/3
    expect(averagePairwiseCosine([1, 0, 0, 1, 1, 1], 0, 3, 2)).toBeCloseTo(Math.SQRT2 / 3, 12);
  });

  it('landmark similarity per layer and head, for Nyström segment means and for proxies', () => {
    const batch = batchOf(32, [32, 20], 20, 6);
    for (const name of ['nystrom', 'proxy'] as const) {
      const model = new LraClassifier({ vocabSize: 20, numClasses: 2, seqLen: 32, width: 16, hidden: 16, heads: 2, headDim: 8, attention: { name, landmarks: 8 } });
      const report = landmarkSimilarity(model, batch);
      expect(report.map((r) => [r.layer, r.head])).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
      for (const r of report) {
        expect(r.query).toBeGreaterThanOrEqual(-1);
        expect(r.key).toBeLessThanOrEqual(1);
        expect(r.landmarks.k.length).toBe(8 * 8);
      }
      expect(model.training).toBe(true); // restored
    }
    const softmaxModel = new LraClassifier({ vocabSize: 20, numClasses: 2, seqLen: 32, width: 16, heads: 2, headDim: 8, attention: { name: 'softmax' } });
    expect(landmarkSimilarity(softmaxModel, batch)).toEqual([]);
  });

  it('relative error against exact attention: 0 for softmax and for Nyström with M = T, > 0 for M < T', () => {
    const batch = batchOf(16, [16, 11], 20, 7);
    const errors = (attention: AttentionConfig) => modelAttentionErrors(new LraClassifier({ vocabSize: 20, numClasses: 2, seqLen: 16, width: 16, heads: 2, headDim: 8, dtype: 'float64', attention }), batch);
    expect(errors({ name: 'softmax' }).every((e) => e < 1e-12)).toBe(true);
    expect(errors({ name: 'nystrom', landmarks: 16 }).every((e) => e < 1e-12)).toBe(true);
    const approx = errors({ name: 'nystrom', landmarks: 4 });
    expect(approx).toHaveLength(2);
    expect(approx.every((e) => e > 1e-6 && e < 1)).toBe(true);
  });
});

describe('model configuration errors name the option and the allowed values', () => {
  it('unknown task, pooling, non-integer sizes', () => {
    expect(() => lraPreset('cifar' as never)).toThrow(/^task: unknown value "cifar"; allowed values: 'listops', 'text', 'retrieval', 'image', 'pathfinder'/);
    expect(() => resolveModelConfig({ vocabSize: 10, numClasses: 2, seqLen: 8, pooling: 'cls' as never })).toThrow(/^pooling: unknown value "cls"; allowed values: 'mean', 'masked-mean'/);
    expect(() => resolveModelConfig({ vocabSize: 10, numClasses: 2, seqLen: 8, layers: 0 })).toThrow(/^layers: must be an integer >= 1, got 0/);
    expect(() => resolveModelConfig({ vocabSize: 10, numClasses: 2, seqLen: 8, dropout: -0.1 })).toThrow(/^dropout: must be a rate in \[0, 1\)/);
    expect(() => lraPreset('text', { overrides: { seqLen: 1000 } })).toThrow(/^attention\.landmarks: segment means need T % M == 0, got T = 1000, M = 128/);
  });
});
