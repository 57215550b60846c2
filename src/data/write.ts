// Writing generated data in the real on-disk layouts, atomically file by file, and a marker file
// `.complete` written last, so a reader of a generation cache knows it is whole (an interrupted
// generation leaves no marker and is redone). ListOps: <out>/basic_{train,val,test}.tsv.
// Pathfinder: <out>/pathfinder32/curv_contour_length_14/imgs/<batch>/sample_<i>.png and
// metadata/<batch>.npy (text).
// Not here: generation itself (listops-generate.ts, pathfinder-generate.ts).
import { Rng } from '../tensor/rng.ts';
import { joinPath, writeFileAtomic } from './files.ts';
import { generateListOps, listOpsTsvParts, type ListOpsOptions, type ListOpsSplits } from './listops-generate.ts';
import { generatePathfinderImage, metadataLine } from './pathfinder-generate.ts';
import { PF } from './pathfinder-snakes.ts';
import { encodeGrayPng } from './png-encode.ts';

/** Generates ListOps and writes the three split files; returns the splits. */
export function writeListOps(out: string, options: Partial<ListOpsOptions>): ListOpsSplits {
  const splits = generateListOps(options);
  for (const split of ['train', 'val', 'test'] as const) writeFileAtomic(joinPath(out, `basic_${split}.tsv`), listOpsTsvParts(splits[split]));
  writeFileAtomic(joinPath(out, COMPLETE_MARKER), ['']);
  return splits;
}

/** Written after everything else: its presence means the folder holds a whole generation. */
export const COMPLETE_MARKER = '.complete';

export interface PathfinderWriteOptions {
  images: number;
  /** Images per batch folder (the release uses many batches). */
  batchSize: number;
  seed: number;
  distractors: number;
}

export const PATHFINDER_LAYOUT = joinPath('pathfinder32', 'curv_contour_length_14');

/** Generates Pathfinder images and writes PNGs plus one metadata file per batch; returns label counts. */
export function writePathfinder(out: string, options: PathfinderWriteOptions, onProgress?: (done: number) => void): [number, number] {
  const root = joinPath(out, PATHFINDER_LAYOUT);
  const rng = new Rng(options.seed);
  const counts: [number, number] = [0, 0];
  for (let batchStart = 0, batch = 0; batchStart < options.images; batchStart += options.batchSize, batch++) {
    const lines: string[] = [];
    const n = Math.min(options.batchSize, options.images - batchStart);
    for (let i = 0; i < n; i++) {
      const image = generatePathfinderImage(rng, options.distractors);
      counts[image.label]++;
      // Not synced one by one (thousands of files): the marker below vouches for the whole set.
      writeFileAtomic(joinPath(root, 'imgs', String(batch), `sample_${i}.png`), encodeGrayPng(image.pixels, PF.size, PF.size), { durable: false });
      lines.push(`${metadataLine(String(batch), i, image.label)}\n`);
      onProgress?.(batchStart + i + 1);
    }
    writeFileAtomic(joinPath(root, 'metadata', `${batch}.npy`), [lines.join('')]);
  }
  writeFileAtomic(joinPath(out, COMPLETE_MARKER), ['']);
  return counts;
}
