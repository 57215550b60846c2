// Data-parallel training across worker threads: the same numbers as one thread (up to float
// summation order), gradients equal to the whole batch's, and failures that stop the run cleanly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../src/train/checkpoint.ts';
import { ReplicaGroup } from '../../src/train/data-parallel/group.ts';
import { nodeReplicas } from '../../src/train/data-parallel/node-adapter.ts';
import { buildModel, modelLoss } from '../../src/train/model.ts';
import { batchOf } from '../../src/train/task-data.ts';
import { train } from '../../src/train/trainer.ts';
import { tinyListOps, tinyModel, tinySettings } from './helpers.ts';

const root = mkdtempSync(join(tmpdir(), 'pf-dp-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const data = tinyListOps(join(root, 'cache'));

const relativeError = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    norm += b[i]! ** 2;
  }
  return Math.sqrt(diff / Math.max(norm, 1e-30));
};

describe('data-parallel training', () => {
  it('1 and 2 replicas give the same losses for 20 steps and the same parameters after, bit for bit', async () => {
    const settings = tinySettings({ steps: 20, microBatches: 2, evalEvery: 1000 });
    const one = tinyModel('proxy');
    const two = tinyModel('proxy');
    const r1 = await train({ model: one, data, settings, progress: null, replicas: 1 });
    const r2 = await train({ model: two, data, settings, progress: null, replicas: 2, replicaAdapter: nodeReplicas });
    expect(r2.losses).toHaveLength(20);
    // The issue asks for 1e-5; shard-ordered gradient slots make it exact.
    expect(r2.losses.map((l) => l.loss)).toEqual(r1.losses.map((l) => l.loss));
    const p2 = new Map(two.namedParameters());
    for (const [name, p] of one.namedParameters()) expect(p2.get(name)!.data, name).toEqual(p.data);
  });

  it('the reduced gradient of two replicas equals the gradient of the whole batch on one thread', async () => {
    const batch = batchOf(data, 'train', Array.from({ length: 16 }, (_, i) => i));
    // Exact attention in eval mode: no dropout, and no coupling between the samples of a batch.
    // (Nyström's and Proxyformer's Newton–Schulz start from a maximum over the whole batch, as
    // the reference does, so for them a shard is not the same function as the whole batch.)
    const reference = tinyModel('softmax');
    reference.eval();
    modelLoss(reference, batch).loss.backward();

    const model = tinyModel('softmax');
    model.eval();
    const group = await ReplicaGroup.start(model, 2, nodeReplicas);
    try {
      await group.step(batch, 2, 0, 0);
    } finally {
      group.close();
    }
    // Compared as one vector: some entries (e.g. the key bias, to which softmax is invariant) are
    // pure rounding noise, meaningless relative to themselves.
    const flat = (m: typeof model): Float64Array => Float64Array.from(m.namedParameters().flatMap(([, p]) => Array.from(p.grad!.data)));
    expect(relativeError(flat(model), flat(reference))).toBeLessThanOrEqual(1e-5);
  });

  it('a replica that throws stops the run with its name and cause, keeps the last checkpoint, leaves no worker', async () => {
    const out = join(root, 'failing');
    const settings = tinySettings({ steps: 12, microBatches: 2, evalEvery: 4 });
    // From step 7 on, every training example carries a token id outside the vocabulary.
    const poisoned = { ...data, splits: { ...data.splits } } as typeof data;
    const failing = train({
      model: tinyModel('proxy'),
      data: poisoned,
      settings,
      progress: null,
      outDir: out,
      replicas: 2,
      replicaAdapter: nodeReplicas,
      onStep: (l) => {
        if (l.step === 6) poisoned.encoding = { ...poisoned.encoding, idOffset: 1000 };
      },
    });
    await expect(failing).rejects.toThrow(/replica [01] failed: embedding: id \d+ at position \d+ is outside the vocabulary/);
    const last = loadCheckpoint(join(out, 'last.safetensors'));
    expect((last.trainer as { step: number }).step).toBe(4); // the last validation before the failure
  });
});

describe('data-parallel shared memory', () => {
  it('one replica trains a float64 model too (shared buffers follow the model dtype)', async () => {
    const model = tinyModel('softmax');
    const f64 = buildModel({ ...model.config, dtype: 'float64' });
    const r = await train({ model: f64, data, settings: tinySettings({ steps: 3, warmup: 1, microBatches: 2 }), progress: null });
    expect(r.losses).toHaveLength(3);
    expect(f64.namedParameters()[0]![1].data).toBeInstanceOf(Float64Array);
  });
});
