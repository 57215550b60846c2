// The five LRA tasks: presets (sizes from the spec) and loading each task's real files from a
// directory. Each loader accepts the release's own layout and the folder one level inside it,
// and when files are missing it lists exactly what it looked for.
// Not here: parsing (listops.ts, text.ts, retrieval.ts, cifar.ts, pathfinder.ts) or batching.
import type { Encoding } from './batch.ts';
import { concatSplits, CIFAR_TEST_FILE, CIFAR_TRAIN_FILES, parseCifarBatch, splitCifarTrain } from './cifar.ts';
import { DataError } from './errors.ts';
import { fileExists, fileSource, isDirectory, joinPath, listDir, readBytes } from './files.ts';
import { readListOpsTsv } from './listops.ts';
import { loadPathfinderImages, parsePathfinderMetadata, splitPathfinder } from './pathfinder.ts';
import { indexRetrievalTsv } from './retrieval.ts';
import type { PairSplit, SequenceSplit, TaskSplits } from './sequence-split.ts';
import { readTextTsv, textSplitFromReviews, type ReviewFile } from './text.ts';

export const TASK_NAMES = ['listops', 'text', 'retrieval', 'image', 'pathfinder'] as const;
export type TaskName = (typeof TASK_NAMES)[number];

export interface TaskPreset {
  maxTokens: number;
  seqLen: number;
  batchSize: number;
  numClasses: number;
  /** Token ids are 0..vocabSize-1 (with the default id offset). */
  vocabSize: number;
  idOffset: number;
}

export const PRESETS: Record<TaskName, TaskPreset> = {
  listops: { maxTokens: 2000, seqLen: 2048, batchSize: 32, numClasses: 10, vocabSize: 16, idOffset: 0 },
  text: { maxTokens: 4000, seqLen: 4096, batchSize: 32, numClasses: 2, vocabSize: 257, idOffset: 1 },
  retrieval: { maxTokens: 4000, seqLen: 4096, batchSize: 32, numClasses: 2, vocabSize: 257, idOffset: 1 },
  image: { maxTokens: 1024, seqLen: 1024, batchSize: 256, numClasses: 10, vocabSize: 256, idOffset: 0 },
  pathfinder: { maxTokens: 1024, seqLen: 1024, batchSize: 256, numClasses: 2, vocabSize: 256, idOffset: 0 },
};

export function isTaskName(name: string): name is TaskName {
  return (TASK_NAMES as readonly string[]).includes(name);
}

export interface LoadOptions {
  /** Image tasks: added to every pixel so that black is not padding (LRA default 0). */
  pixelOffset?: 0 | 1;
  /** Pathfinder: seed of the 80/10/10 split shuffle. */
  seed?: number;
}

export type LoadedTask =
  | { kind: 'single'; name: TaskName; splits: TaskSplits<SequenceSplit>; encoding: Encoding; numClasses: number; notes: string[] }
  | { kind: 'pair'; name: 'retrieval'; splits: TaskSplits<PairSplit>; encoding: Encoding; numClasses: number; notes: string[] };

/** The encoding of a task at its preset, with the image pixel offset applied. */
export function taskEncoding(name: TaskName, pixelOffset: 0 | 1 = 0): Encoding {
  const p = PRESETS[name];
  const offset = name === 'image' || name === 'pathfinder' ? pixelOffset : p.idOffset;
  return { maxTokens: p.maxTokens, seqLen: p.seqLen, idOffset: offset };
}

/** Loads a task's train / val / test from `dir`. */
export function loadTask(name: TaskName, dir: string, options: LoadOptions = {}): LoadedTask {
  const encoding = taskEncoding(name, options.pixelOffset ?? 0);
  const numClasses = PRESETS[name].numClasses;
  switch (name) {
    case 'listops': {
      const root = findRoot(dir, ['', 'listops-1000'], ['basic_train.tsv', 'basic_val.tsv', 'basic_test.tsv'], 'ListOps');
      const read = (split: string): SequenceSplit => readListOpsTsv(fileSource(joinPath(root, `basic_${split}.tsv`)), encoding.maxTokens);
      return { kind: 'single', name, splits: { train: read('train'), val: read('val'), test: read('test') }, encoding, numClasses, notes: [] };
    }
    case 'text':
      return { kind: 'single', name, splits: loadText(dir, encoding.maxTokens), encoding, numClasses, notes: ['val = test (as LRA)'] };
    case 'retrieval': {
      const names = ['new_aan_pairs.train.tsv', 'new_aan_pairs.eval.tsv', 'new_aan_pairs.test.tsv'];
      const root = findRoot(dir, ['', 'tsv_data'], names, 'Retrieval');
      const [train, val, test] = names.map((n) => indexRetrievalTsv(fileSource(joinPath(root, n)), encoding.maxTokens)) as [PairSplit, PairSplit, PairSplit];
      return { kind: 'pair', name, splits: { train, val, test }, encoding, numClasses, notes: [] };
    }
    case 'image': {
      const root = findRoot(dir, ['', 'cifar-10-batches-bin'], [...CIFAR_TRAIN_FILES, CIFAR_TEST_FILE], 'CIFAR-10');
      const all = concatSplits(CIFAR_TRAIN_FILES.map((f) => parseCifarBatch(readBytes(joinPath(root, f)), joinPath(root, f))));
      const test = parseCifarBatch(readBytes(joinPath(root, CIFAR_TEST_FILE)), joinPath(root, CIFAR_TEST_FILE));
      return { kind: 'single', name, splits: { ...splitCifarTrain(all), test }, encoding, numClasses, notes: [] };
    }
    case 'pathfinder':
      return loadPathfinderTask(dir, encoding, options.seed ?? 0);
  }
}

/** The first of dir/<sub> that holds all `files`; otherwise an error listing every path tried. */
function findRoot(dir: string, subs: string[], files: string[], what: string): string {
  const roots = subs.map((s) => (s === '' ? dir : joinPath(dir, s)));
  for (const root of roots) if (files.every((f) => fileExists(joinPath(root, f)))) return root;
  const missing = roots.map((r) => `  in ${r}: missing ${files.filter((f) => !fileExists(joinPath(r, f))).join(', ')}`);
  throw new DataError(`${what} data not found under ${dir}. Expected the files ${files.join(', ')} in one of:\n${missing.join('\n')}`);
}

function loadText(dir: string, keep: number): TaskSplits<SequenceSplit> {
  const trees = [joinPath(dir, 'aclImdb'), dir];
  for (const tree of trees) {
    if (isDirectory(joinPath(tree, 'train', 'pos')) && isDirectory(joinPath(tree, 'test', 'pos'))) {
      const train = textSplitFromReviews(reviews(tree, 'train'), keep);
      const test = textSplitFromReviews(reviews(tree, 'test'), keep);
      return { train, val: test, test };
    }
  }
  if (fileExists(joinPath(dir, 'train.tsv')) && fileExists(joinPath(dir, 'test.tsv'))) {
    const train = readTextTsv(fileSource(joinPath(dir, 'train.tsv')), keep);
    const test = readTextTsv(fileSource(joinPath(dir, 'test.tsv')), keep);
    const val = fileExists(joinPath(dir, 'val.tsv')) ? readTextTsv(fileSource(joinPath(dir, 'val.tsv')), keep) : test;
    return { train, val, test };
  }
  throw new DataError(
    `IMDB data not found under ${dir}. Expected either the folder tree aclImdb/{train,test}/{pos,neg}/*.txt ` +
      `(in ${trees.join(' or ')}) or the TSV files ${joinPath(dir, 'train.tsv')} and ${joinPath(dir, 'test.tsv')} (label<TAB>text; optional val.tsv)`,
  );
}

function* reviews(tree: string, split: string): Generator<ReviewFile> {
  for (const [folder, label] of [['neg', 0], ['pos', 1]] as const) {
    const path = joinPath(tree, split, folder);
    if (!isDirectory(path)) throw new DataError(`IMDB data: missing folder ${path} (expected ${split}/neg and ${split}/pos)`);
    for (const file of listDir(path)) if (file.endsWith('.txt')) yield { label, bytes: readBytes(joinPath(path, file)) };
  }
}

function loadPathfinderTask(dir: string, encoding: Encoding, seed: number): LoadedTask {
  const candidates = [dir, joinPath(dir, 'curv_contour_length_14'), joinPath(dir, 'pathfinder32', 'curv_contour_length_14')];
  const root = candidates.find((c) => isDirectory(joinPath(c, 'metadata')));
  if (root === undefined) {
    throw new DataError(`Pathfinder data not found under ${dir}. Expected metadata/<batch>.npy and imgs/<batch>/sample_<i>.png in one of: ${candidates.join(', ')}`);
  }
  const metaDir = joinPath(root, 'metadata');
  const metaFiles = listDir(metaDir)
    .filter((f) => f.endsWith('.npy'))
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10) || (a < b ? -1 : 1));
  if (metaFiles.length === 0) throw new DataError(`${metaDir}: no metadata files (expected <batch>.npy text files)`);
  const entries = metaFiles.flatMap((f) => parsePathfinderMetadata(new TextDecoder().decode(readBytes(joinPath(metaDir, f))), joinPath(metaDir, f)));
  const describe = (path: string): string => joinPath(root, path);
  const read = (path: string): Uint8Array => {
    if (!fileExists(describe(path))) throw new DataError(`${describe(path)}: image listed in the metadata is missing`);
    return readBytes(describe(path));
  };
  const { images, skippedEmpty } = loadPathfinderImages(entries, read, describe);
  const notes = skippedEmpty > 0 ? [`skipped ${skippedEmpty} empty image file(s)`] : [];
  return { kind: 'single', name: 'pathfinder', splits: splitPathfinder(images, seed), encoding, numClasses: 2, notes };
}
