// A short training run of every attention type on tiny generated ListOps raises validation
// accuracy above its value before training (the whole path: data, model, loss + auxiliary loss,
// one-cycle AdamW, evaluation, best-checkpoint test accuracy).
import { describe, expect, it } from 'vitest';
import { ATTENTION_NAMES } from '../../src/nn/attention/options.ts';
import { train } from '../../src/train/trainer.ts';
import { tinyListOps, tinyModel, tinySettings } from './helpers.ts';

describe('end-to-end training on tiny ListOps', () => {
  const data = tinyListOps();
  for (const name of ATTENTION_NAMES) {
    it(`${name}: validation accuracy improves over its start`, async () => {
      const started = performance.now();
      const result = await train({ model: tinyModel(name), data, settings: tinySettings({ steps: 80, lr: 5e-3, warmup: 8, evalEvery: 20 }), progress: null });
      console.log(`${name}: val ${result.initialValAcc} -> ${result.bestValAcc}, test ${result.test?.acc}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
      expect(result.initialValAcc).not.toBeNull();
      expect(result.bestValAcc).toBeGreaterThan(result.initialValAcc!);
      expect(result.losses).toHaveLength(80);
      // Proxy adds its contrastive loss: total = task + auxiliary, both reported.
      for (const l of result.losses) expect(l.loss).toBeCloseTo(l.taskLoss + l.auxLoss, 5);
      if (name === 'proxy') expect(result.losses[0]!.auxLoss).toBeGreaterThan(0);
      expect(result.test!.examples).toBe(200);
    });
  }
});
