// Pathfinder-32 image generator (curv_contour_length_14): snakes2.from_wrapper at LRA's 32x32
// settings, reimplemented. Per image: label ~ U{0,1}; two target snakes of 14 paddles whose
// seeds lie 7 px apart near the centre (restarted until both complete); 5 distractor snakes of 4
// paddles (each retried up to 5 times, then skipped); a circle marker on one target's start and
// a second on the same snake's end (label 1) or the other snake's end (label 0); markers drawn
// at 2x and Lanczos-downsampled; composited with max and byte-scaled to 0..255 like scipy's
// imsave. Also the metadata line of the real release.
// Not here: the raster primitives (pathfinder-raster.ts), snake growth (pathfinder-snakes.ts),
// writing files (pathfinder-write.ts).
import { Rng } from '../tensor/rng.ts';
import { bytescale, resizeLanczos, roundHalfEven } from './pathfinder-raster.ts';
import { borderMask, drawSeed, extendSnake, finishSeed, PF, seedPaddle, type SnakeEnd } from './pathfinder-snakes.ts';

const N = PF.size;

export interface PathfinderImage {
  pixels: Uint8Array; // (32, 32) 8-bit gray
  label: 0 | 1;
}

/** Generates one image with the given Rng; `distractors` = number of distractor snakes (LRA: 5). */
export function generatePathfinderImage(rng: Rng, distractors: number = PF.distractors): PathfinderImage {
  const label = rng.int(0, 1) as 0 | 1;
  for (;;) {
    const targets = twoSnakes(rng);
    if (targets === undefined) continue;
    const { image, mask, origins, terminals } = targets;
    addDistractors(rng, image, mask, distractors);
    const originIndex = rng.int(0, 1);
    const terminalIndex = label === 0 ? 1 - originIndex : originIndex;
    const a = drawCircle(origins[originIndex]!);
    const b = drawCircle(terminals[terminalIndex]!);
    for (let i = 0; i < image.length; i++) image[i] = Math.max(image[i]!, Math.max(a[i]!, b[i]!) / 255);
    return { pixels: bytescale(image), label };
  }
}

interface Targets {
  image: Float64Array;
  mask: Float64Array;
  origins: [number, number][];
  terminals: [number, number][];
}

/** two_snakes + initialize_two_seeds: undefined when any step fails (the caller restarts). */
function twoSnakes(rng: Rng): Targets | undefined {
  const image = new Float64Array(N * N);
  const mask = borderMask(new Float64Array(N * N), PF.padding);
  const seed1 = seedPaddle(rng, borderMask(mask, 2 * PF.seedDistance));
  if (seed1 === undefined) return undefined;
  let seed2: ReturnType<typeof finishSeed>;
  for (let trial = 0; trial < PF.segmentTrials && seed2 === undefined; trial++) {
    const angle = (rng.int(-180, 179) * Math.PI) / 180;
    const around = (rng.int(0, 359) * Math.PI) / 180;
    const tail: [number, number] = [
      roundHalfEven(seed1.tail[0] + PF.seedDistance * Math.sin(around)),
      roundHalfEven(seed1.tail[1] + PF.seedDistance * Math.cos(around)),
    ];
    seed2 = finishSeed(tail, angle);
  }
  if (seed2 === undefined) return undefined;
  const ends: SnakeEnd[] = [drawSeed(image, seed1, PF.targetContrast), drawSeed(image, seed2, PF.targetContrast)];
  for (let segment = 0; segment < PF.contourLength - 1; segment++) {
    for (let s = 0; s < 2; s++) {
      const next = extendSnake(rng, ends[s]!, image, mask, PF.targetContrast);
      if (next === undefined) return undefined;
      ends[s] = next;
    }
  }
  // As the original: only the second snake's last paddle joins the occupancy mask.
  const last = ends[1]!.lastMask;
  stampMask(mask, last.mask, last.y, last.x);
  return { image, mask, origins: [seed1.tail, seed2.tail], terminals: [ends[0]!.tip, ends[1]!.tip] };
}

function stampMask(mask: Float64Array, values: Float64Array, cy: number, cx: number): void {
  const half = (Math.sqrt(values.length) - 1) / 2;
  const size = 2 * half + 1;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const y = cy - half + py;
      const x = cx - half + px;
      if (y >= 0 && y < N && x >= 0 && x < N) mask[y * N + x] = Math.max(mask[y * N + x]!, values[py * size + px]!);
    }
  }
}

/** make_many_snakes(allow_incomplete=True, stop_with_availability=0.01) for the distractors. */
function addDistractors(rng: Rng, image: Float64Array, mask: Float64Array, count: number): void {
  for (let snake = 0; snake < count; snake++) {
    for (let attempt = 0; attempt < PF.distractorTrials; attempt++) {
      if (makeSnake(rng, image, mask)) break;
    }
  }
}

/** make_snake: a distractor drawn on copies, committed only if all its paddles fit. */
function makeSnake(rng: Rng, image: Float64Array, mask: Float64Array): boolean {
  let free = 0;
  for (const v of mask) if (v - 0.3 <= 0) free++;
  if (free / (N * N) < 0.01) return false;
  const seed = seedPaddle(rng, borderMask(mask, 1));
  if (seed === undefined) return false;
  const img = Float64Array.from(image);
  const msk = Float64Array.from(mask);
  let end = drawSeed(img, seed, PF.distractorContrast);
  for (let segment = 0; segment < PF.distractorLength - 1; segment++) {
    const next = extendSnake(rng, end, img, msk, PF.distractorContrast);
    if (next === undefined) return false;
    end = next;
  }
  stampMask(msk, end.lastMask.mask, end.lastMask.y, end.lastMask.x);
  image.set(img);
  mask.set(msk);
  return true;
}

/** draw_circle: a disk of radius 1.5 px drawn at 2x around 2 x (y, x), Lanczos-downsampled. */
function drawCircle(center: [number, number]): Uint8Array {
  const S = N * PF.aaScale;
  const r = PF.markerRadius * PF.aaScale;
  const big = new Float64Array(S * S);
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      const dy = y - center[0] * PF.aaScale;
      const dx = x - center[1] * PF.aaScale;
      if (dx * dx + dy * dy <= r * r) big[y * S + x] = 1;
    }
  }
  return resizeLanczos(bytescale(big), S, S, N, N);
}

/** The metadata line of image `index` in batch `batch` (the LRA release's 11 fields). */
export function metadataLine(batch: string, index: number, label: number): string {
  const fields = [`imgs/${batch}`, `sample_${index}.png`, index, label, '1.0', PF.contourLength, PF.distractorLength, PF.length, PF.thickness, PF.margin, 1];
  return fields.join(' ');
}

/** Generates `count` images from one seed. */
export function generatePathfinder(count: number, seed: number, distractors: number = PF.distractors): PathfinderImage[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => generatePathfinderImage(rng, distractors));
}
