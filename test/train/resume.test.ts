// Resuming is exact: a run interrupted after step 13 and resumed from last.safetensors produces
// bit-identical losses (dropout on: its masks are reseeded from the step, so the data order is
// what must be restored) and the same final test accuracy as the uninterrupted run. Also: resuming with different
// settings is refused, and the metrics file tells one story.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../src/train/checkpoint.ts';
import { train } from '../../src/train/trainer.ts';
import { tinyListOps, tinyModel, tinySettings } from './helpers.ts';

const root = mkdtempSync(join(tmpdir(), 'pf-resume-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('resume', () => {
  const data = tinyListOps(join(root, 'cache'));
  const settings = tinySettings({ steps: 30, evalEvery: 10, logEvery: 5, microBatches: 2, clipNorm: 1 });

  it('an interrupted and resumed run gives bit-identical losses', async () => {
    const full = await train({ model: tinyModel('proxy'), data, settings, outDir: join(root, 'full'), progress: null });

    const controller = new AbortController();
    const first = await train({
      model: tinyModel('proxy'),
      data,
      settings,
      outDir: join(root, 'split'),
      progress: null,
      signal: controller.signal,
      onStep: (l) => {
        if (l.step === 13) controller.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    expect(first.steps).toBe(13);

    const checkpoint = loadCheckpoint(join(root, 'split', 'last.safetensors'));
    // A model with other initial weights: everything must come from the checkpoint.
    const second = await train({ model: tinyModel('proxy', 0), data, settings, outDir: join(root, 'split'), progress: null, resumeFrom: checkpoint });
    expect(second.losses[0]!.step).toBe(14);

    const joined = [...first.losses, ...second.losses].map((l) => l.loss);
    expect(joined).toEqual(full.losses.map((l) => l.loss));
    expect(second.bestValAcc).toBe(full.bestValAcc);
    expect(second.test!.acc).toBe(full.test!.acc);

    // The metrics file holds each step once, as the uninterrupted run's does.
    const steps = (dir: string): number[] => readFileSync(join(root, dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { step: number }).step);
    expect(steps('split')).toEqual(steps('full'));
  });

  it('refuses to resume a run that already completed its steps', async () => {
    const checkpoint = loadCheckpoint(join(root, 'full', 'last.safetensors'));
    await expect(train({ model: tinyModel('proxy'), data, settings, progress: null, resumeFrom: checkpoint })).rejects.toThrow(/already completed its 30 steps; nothing to resume/);
  });

  it('refuses a best.safetensors of another model before changing anything, naming the file', async () => {
    const dir = join(root, 'split');
    const other = join(root, 'other');
    await train({ model: tinyModel('nystrom'), data, settings: { ...settings, steps: 2, warmup: 1, evalEvery: 1 }, outDir: other, progress: null });
    copyFileSync(join(other, 'best.safetensors'), join(dir, 'best.safetensors')); // a nystrom model's weights beside a proxy run
    const model = tinyModel('proxy', 5);
    const before = model.namedTensors().map(([, t]) => t.data.slice());
    const checkpoint = loadCheckpoint(join(dir, 'last.safetensors'));
    await expect(train({ model, data, settings, progress: null, resumeFrom: checkpoint })).rejects.toThrow(/best\.safetensors: the checkpoint (lacks|has) \d+ parameter/);
    model.namedTensors().forEach(([, t], i) => expect(t.data).toEqual(before[i]));
  });

  it('refuses to resume with different settings, naming them', async () => {
    const checkpoint = loadCheckpoint(join(root, 'full', 'last.safetensors'));
    await expect(train({ model: tinyModel('proxy'), data, settings: { ...settings, lr: 1e-2 }, progress: null, resumeFrom: checkpoint })).rejects.toThrow(/cannot resume with different settings \(lr: saved 0\.003, now 0\.01\)/);
  });
});
