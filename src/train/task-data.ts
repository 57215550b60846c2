// The data of a training run: a task's three splits, loaded from `--data DIR` or, for the two
// tasks we can generate (ListOps, Pathfinder), generated once into a cache folder and reused.
// Batches come out as the plain typed arrays the models take. The majority-class baseline is the
// most frequent training label scored on a split.
// Not here: parsing and generation (src/data), the order of examples (sampler.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeBatch, makePairBatch, type Batch, type Encoding, type PairBatch } from '../data/batch.ts';
import type { PairSplit, SequenceSplit, TaskSplits } from '../data/sequence-split.ts';
import { constantAccuracy, labelHistogram, majorityClass } from '../data/summary.ts';
import { PRESETS, loadTask, type TaskName } from '../data/tasks.ts';
import { COMPLETE_MARKER, writeListOps, writePathfinder } from '../data/write.ts';

export type SplitName = 'train' | 'val' | 'test';

/** ListOps generation options of a preset (see presets.ts). */
export interface ListOpsGeneration {
  train: number;
  val: number;
  test: number;
  minLength: number;
  maxLength: number;
  seed: number;
}

export interface PathfinderGeneration {
  images: number;
  seed: number;
}

export interface DataSource {
  task: TaskName;
  /** A folder of real (or previously generated) files; when absent the data is generated. */
  dir?: string;
  /** Where generated data is kept between runs. */
  cacheDir: string;
  seqLen: number;
  listops?: ListOpsGeneration;
  pathfinder?: PathfinderGeneration;
  /** Image tasks: pixel id offset (0 or 1). */
  pixelOffset?: 0 | 1;
  /** Called with a line to show the user (e.g. "generating ListOps into ..."). */
  log?: (line: string) => void;
}

export type TaskData =
  | { kind: 'single'; task: TaskName; splits: TaskSplits<SequenceSplit>; encoding: Encoding; numClasses: number; vocabSize: number; dir: string }
  | { kind: 'pair'; task: TaskName; splits: TaskSplits<PairSplit>; encoding: Encoding; numClasses: number; vocabSize: number; dir: string };

export type AnyBatch = Batch | PairBatch;

/** Loads (or generates, then loads) the data of a run. */
export function prepareData(source: DataSource): TaskData {
  const dir = source.dir ?? generateIntoCache(source);
  const loaded = loadTask(source.task, dir, { pixelOffset: source.pixelOffset ?? 0, seed: source.pathfinder?.seed ?? 0 });
  const preset = PRESETS[source.task];
  // Keep as many tokens as the run's sequence length allows (the preset's T may be shorter).
  const encoding: Encoding = { ...loaded.encoding, seqLen: source.seqLen, maxTokens: Math.min(loaded.encoding.maxTokens, source.seqLen) };
  const common = { task: source.task, encoding, numClasses: loaded.numClasses, vocabSize: preset.vocabSize + encoding.idOffset, dir };
  return loaded.kind === 'pair' ? { kind: 'pair', splits: loaded.splits, ...common } : { kind: 'single', splits: loaded.splits, ...common };
}

/** The cache folder of one generation setting; generated only when its files are missing. */
function generateIntoCache(source: DataSource): string {
  const log = source.log ?? (() => {});
  if (source.task === 'listops') {
    const g = source.listops;
    if (g === undefined) throw new Error('listops: no generation settings (give --data DIR or a preset with listops generation)');
    const dir = join(source.cacheDir, `listops-${g.train}-${g.val}-${g.test}-len${g.minLength}-${g.maxLength}-seed${g.seed}`);
    if (!existsSync(join(dir, COMPLETE_MARKER))) {
      log(`generating ListOps (${g.train}/${g.val}/${g.test} rows, ${g.minLength} < length < ${g.maxLength}) into ${dir}`);
      writeListOps(dir, g);
    }
    return dir;
  }
  if (source.task === 'pathfinder') {
    const g = source.pathfinder ?? { images: 2000, seed: 0 };
    const dir = join(source.cacheDir, `pathfinder-${g.images}-seed${g.seed}`);
    if (!existsSync(join(dir, COMPLETE_MARKER))) {
      log(`generating ${g.images} Pathfinder images into ${dir}`);
      writePathfinder(dir, { images: g.images, batchSize: 1000, seed: g.seed, distractors: 5 });
    }
    return dir;
  }
  throw new Error(`${source.task}: this task cannot be generated; download the LRA files and pass --data DIR`);
}

export function splitSize(data: TaskData, split: SplitName): number {
  return data.splits[split].length;
}

/** The batch of examples `indices` of a split, encoded for the model. */
export function batchOf(data: TaskData, split: SplitName, indices: ArrayLike<number>): AnyBatch {
  return data.kind === 'pair' ? makePairBatch(data.splits[split], indices, data.encoding) : makeBatch(data.splits[split], indices, data.encoding);
}

/** Accuracy on `split` of always predicting the most frequent training label. */
export function majorityBaseline(data: TaskData, split: SplitName, limit = Infinity): { label: number; accuracy: number } {
  const label = majorityClass(labelHistogram(data.splits.train.labels, data.numClasses));
  const labels = data.splits[split].labels;
  return { label, accuracy: constantAccuracy(labels.subarray(0, Math.min(labels.length, limit)), label) };
}

/** Real (non-padding) tokens in a batch, for tokens/s. */
export function tokensIn(batch: AnyBatch): number {
  const masks = 'mask' in batch ? [batch.mask] : [batch.mask1, batch.mask2];
  let n = 0;
  for (const m of masks) for (let i = 0; i < m.length; i++) n += m[i]!;
  return n;
}

/** Rows [start, end) of a batch: one micro-batch or one replica's shard. */
export function sliceBatch(batch: AnyBatch, start: number, end: number): AnyBatch {
  const t = batch.seqLen;
  const rows = <A extends Int32Array | Float32Array>(a: A): A => a.subarray(start * t, end * t) as A;
  const labels = batch.labels.subarray(start, end);
  if ('ids' in batch) return { ids: rows(batch.ids), mask: rows(batch.mask), labels, batch: end - start, seqLen: t };
  return { ids1: rows(batch.ids1), mask1: rows(batch.mask1), ids2: rows(batch.ids2), mask2: rows(batch.mask2), labels, batch: end - start, seqLen: t };
}
