// A tiny model of every attention type memorises a fixed batch of 8 sequences (100% training
// accuracy) within a bounded number of Adam steps. The optimizer is a minimal Adam written
// here so that this test does not depend on src/optim.
import { describe, expect, it } from 'vitest';
import { Rng, noGrad, type Tensor } from '../../src/index.ts';
import { ATTENTION_NAMES } from '../../src/nn/index.ts';
import { LraClassifier } from '../../src/models/index.ts';

/** Adam (Kingma & Ba), no weight decay; updates parameters in place. */
function adam(params: Tensor[], lr: number): () => void {
  const m = params.map((p) => new Float64Array(p.size));
  const v = params.map((p) => new Float64Array(p.size));
  let step = 0;
  return () => {
    step++;
    const c1 = 1 - 0.9 ** step;
    const c2 = 1 - 0.999 ** step;
    params.forEach((p, i) => {
      const g = p.grad?.data;
      if (g === undefined) return;
      for (let j = 0; j < p.size; j++) {
        m[i]![j] = 0.9 * m[i]![j]! + 0.1 * g[j]!;
        v[i]![j] = 0.999 * v[i]![j]! + 0.001 * g[j]! * g[j]!;
        p.data[j]! -= (lr * m[i]![j]! / c1) / (Math.sqrt(v[i]![j]! / c2) + 1e-8);
      }
      p.zeroGrad();
    });
  };
}

const B = 8;
const T = 16;
const VOCAB = 12;

function fixedBatch() {
  const rng = new Rng(11);
  const ids = new Int32Array(B * T);
  const mask = new Float32Array(B * T);
  for (let b = 0; b < B; b++) {
    const n = 10 + (b % 7); // 10..16 real tokens, the rest padding
    for (let t = 0; t < n; t++) {
      ids[b * T + t] = rng.int(1, VOCAB - 1);
      mask[b * T + t] = 1;
    }
  }
  return { ids, mask, labels: Int32Array.from({ length: B }, (_, b) => b % 4), batch: B, seqLen: T };
}

const MAX_STEPS = 150;

describe('a tiny model of every attention type overfits 8 sequences', () => {
  for (const name of ATTENTION_NAMES) {
    it(`${name} reaches 100% training accuracy within ${MAX_STEPS} Adam steps`, () => {
      const model = new LraClassifier({
        vocabSize: VOCAB, numClasses: 4, seqLen: T, width: 16, hidden: 32, heads: 2, headDim: 8, layers: 1, dropout: 0, pooling: 'masked-mean', seed: 3,
        attention: { name, landmarks: 4, attentionDropout: 0, linformerK: 8, performerFeatures: 16, proxy: { decomposedDropout: { rate: 0 } } },
      });
      const batch = fixedBatch();
      const update = adam(model.parameters(), 1e-2);
      const accuracy = (): number =>
        noGrad(() => {
          const logits = model.forward(batch).logits.data;
          let right = 0;
          for (let b = 0; b < B; b++) {
            const row = Array.from(logits.subarray(b * 4, b * 4 + 4));
            if (row.indexOf(Math.max(...row)) === batch.labels[b]) right++;
          }
          return right / B;
        });
      let steps = 0;
      while (steps < MAX_STEPS && accuracy() < 1) {
        model.loss(batch).loss.backward();
        update();
        steps++;
      }
      expect(accuracy()).toBe(1);
      console.log(`${name}: 100% after ${steps} steps`);
    });
  }
});
