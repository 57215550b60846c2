// CIFAR-10 binary batches (grayscale with TensorFlow's weights, LRA split, pixel offset) and
// the batching contract shared by every task (truncate, offset, pad, mask = id != 0, seeded order).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/tensor/rng.ts';
import { epochBatches, makeBatch } from '../../src/data/batch.ts';
import { CIFAR_RECORD_BYTES, CIFAR_TEST_FILE, CIFAR_TRAIN_FILES, parseCifarBatch } from '../../src/data/cifar.ts';
import { grayTf } from '../../src/data/grayscale.ts';
import { SequenceSplit } from '../../src/data/sequence-split.ts';
import { loadTask } from '../../src/data/tasks.ts';
import { tempDir } from './helpers.ts';

/** `n` records: label k % 10, R = k, G = 2k, B = 3k everywhere (mod 256), pixel 0 black. */
function records(n: number, first = 0): Uint8Array {
  const out = new Uint8Array(n * CIFAR_RECORD_BYTES);
  for (let r = 0; r < n; r++) {
    const k = first + r;
    const base = r * CIFAR_RECORD_BYTES;
    out[base] = k % 10;
    out.fill(k % 256, base + 1, base + 1025);
    out.fill((2 * k) % 256, base + 1025, base + 2049);
    out.fill((3 * k) % 256, base + 2049, base + 3073);
    out[base + 1] = out[base + 1025] = out[base + 2049] = 0;
  }
  return out;
}

describe('CIFAR-10 loader', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  it('converts to grayscale with TF weights and splits train / val (last 10 %) / test', () => {
    CIFAR_TRAIN_FILES.forEach((f, i) => writeFileSync(join(dir, f), records(4, i * 4)));
    writeFileSync(join(dir, CIFAR_TEST_FILE), records(3, 100));
    const task = loadTask('image', dir, { pixelOffset: 1 });
    if (task.kind !== 'single') throw new Error('single expected');
    expect([task.splits.train.length, task.splits.val.length, task.splits.test.length]).toEqual([18, 2, 3]);
    expect(Array.from(task.splits.val.labels)).toEqual([8, 9]); // records 18, 19
    expect(task.splits.train.tokens(5)[7]).toBe(grayTf(5, 10, 15));
    const batch = makeBatch(task.splits.test, [0], task.encoding);
    expect(batch.ids[0]).toBe(1); // black pixel + offset 1 is not padding
    expect(batch.mask[0]).toBe(1);
    expect(batch.ids[1]).toBe(grayTf(100, 200, 44) + 1);
    const noOffset = loadTask('image', dir);
    expect(makeBatch(noOffset.splits.test as SequenceSplit, [0], noOffset.encoding).mask[0]).toBe(0); // LRA: black is masked
  });

  it('names the byte offset of a truncated record and of an out-of-range label', () => {
    const bytes = records(3);
    expect(() => parseCifarBatch(bytes.subarray(0, 2 * CIFAR_RECORD_BYTES + 100), 'b.bin')).toThrow('b.bin: record 2 at byte offset 6146 is truncated: 100 of 3073 bytes');
    bytes[CIFAR_RECORD_BYTES] = 12;
    expect(() => parseCifarBatch(bytes, 'b.bin')).toThrow('b.bin: record 1 at byte offset 3073 has label 12; expected 0..9');
  });
});

describe('batching', () => {
  const split = new SequenceSplit([Uint8Array.of(5, 0, 7, 9), Uint8Array.of(3)], Uint8Array.of(1, 0), Uint32Array.of(4, 1));

  it('truncates to maxTokens, adds the id offset, pads with 0 and masks id == 0', () => {
    const b = makeBatch(split, [0, 1], { maxTokens: 3, seqLen: 5, idOffset: 0 });
    expect(Array.from(b.ids)).toEqual([5, 0, 7, 0, 0, 3, 0, 0, 0, 0]);
    expect(Array.from(b.mask)).toEqual([1, 0, 1, 0, 0, 1, 0, 0, 0, 0]);
    expect(Array.from(b.labels)).toEqual([1, 0]);
    expect([b.batch, b.seqLen]).toEqual([2, 5]);
    const shifted = makeBatch(split, [0], { maxTokens: 4, seqLen: 4, idOffset: 1 });
    expect(Array.from(shifted.ids)).toEqual([6, 1, 8, 10]);
    expect(() => makeBatch(split, [0], { maxTokens: 6, seqLen: 5, idOffset: 0 })).toThrow('maxTokens must be an integer in 1..seqLen (5), got 6');
  });

  it('an epoch visits every index once in a seeded order; the same seed gives the same order', () => {
    const order = (seed: number): number[] => [...epochBatches(10, 4, new Rng(seed))].flatMap((b) => Array.from(b));
    expect([...order(3)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(order(3)).toEqual(order(3));
    expect(order(3)).not.toEqual(order(4));
    expect([...epochBatches(10, 4, undefined, true)].map((b) => b.length)).toEqual([4, 4]);
  });
});
