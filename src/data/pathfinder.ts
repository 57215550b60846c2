// Pathfinder loader: the real release layout `<root>/imgs/<batch>/sample_<i>.png` plus
// `<root>/metadata/<batch>.npy`, which despite the suffix is TEXT: one line per image, fields
// separated by single spaces: [0] imgs/<batch> [1] file name [2] index [3] label [4..] drawing
// parameters. Zero-byte (empty) images are skipped and counted; everything else must decode.
// All examples are pooled, shuffled with a seeded Rng and split 80 / 10 / 10.
// Not here: reading files (the caller passes a reader), the generator (pathfinder-generate.ts).
import { Rng } from '../tensor/rng.ts';
import { DataError, lineError } from './errors.ts';
import { pngToGray } from './grayscale.ts';
import { decodePng } from './png-decode.ts';
import { SequenceSplit, type TaskSplits } from './sequence-split.ts';

/** One metadata row: where the image is and its label. */
export interface PathfinderEntry {
  path: string; // relative to the root: imgs/<batch>/<file>
  label: number;
}

/** Parses one metadata file (text). Errors name the file and the line. */
export function parsePathfinderMetadata(text: string, file: string): PathfinderEntry[] {
  const pieces = text.split('\n');
  if (pieces[pieces.length - 1] === '') pieces.pop();
  const entries: PathfinderEntry[] = [];
  pieces.forEach((raw, k) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const fields = line.split(' ');
    if (fields.length < 4) throw lineError(file, k + 1, `expected at least 4 space-separated fields (folder, file, index, label), found ${fields.length}`);
    const label = Number(fields[3]);
    if (!/^\d+$/.test(fields[3]!) || (label !== 0 && label !== 1)) {
      throw lineError(file, k + 1, `label '${fields[3]}' is out of range; expected 0 or 1`);
    }
    entries.push({ path: `${fields[0]}/${fields[1]}`, label });
  });
  return entries;
}

export interface PathfinderLoadResult {
  images: SequenceSplit;
  skippedEmpty: number;
}

/**
 * Decodes every listed image (via `read`, which returns the file's bytes) to grayscale tokens.
 * All images must have the same size.
 */
export function loadPathfinderImages(entries: readonly PathfinderEntry[], read: (path: string) => Uint8Array, describe: (path: string) => string): PathfinderLoadResult {
  const tokens: Uint8Array[] = [];
  const labels: number[] = [];
  let skippedEmpty = 0;
  let size = -1;
  for (const entry of entries) {
    const bytes = read(entry.path);
    if (bytes.length === 0) {
      skippedEmpty++;
      continue;
    }
    const image = decodePng(bytes, describe(entry.path));
    const gray = pngToGray(image);
    if (size === -1) size = gray.length;
    else if (gray.length !== size) {
      throw new DataError(`${describe(entry.path)}: image is ${image.width}x${image.height}, but earlier images have ${size} pixels`);
    }
    tokens.push(gray);
    labels.push(entry.label);
  }
  const lengths = new Uint32Array(tokens.length).fill(Math.max(size, 0));
  return { images: new SequenceSplit(tokens, Uint8Array.from(labels), lengths), skippedEmpty };
}

/** The LRA split: seeded shuffle, then 80 % train, 10 % val, the rest test. */
export function splitPathfinder(all: SequenceSplit, seed: number): TaskSplits<SequenceSplit> {
  const order = Array.from({ length: all.length }, (_, i) => i);
  new Rng(seed).shuffle(order);
  const nTrain = Math.floor(all.length * 0.8);
  const nVal = Math.floor(all.length * 0.1);
  return {
    train: all.select(order.slice(0, nTrain)),
    val: all.select(order.slice(nTrain, nTrain + nVal)),
    test: all.select(order.slice(nTrain + nVal)),
  };
}
