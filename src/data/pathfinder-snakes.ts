// Snakes of the Pathfinder generator: the procedure of snakes.py / snakes2.py (drewlinsley/
// pathfinder, the version LRA cites) at the LRA 32x32 settings, reimplemented.
// A snake is a chain of short "paddles" (segments of `length` px) separated by gaps of 2 x
// margin. Each new paddle's far end is sampled on a circle of radius length + margin around a
// pivot one margin beyond the previous paddle, with weight max(cos(min(dAngle * continuity,
// pi/2)), 0)^2 times (1 - the dilated occupancy mask) there, and rejected if its own mask would
// overlap earlier paddles (mask + m > 1.8). Strokes are drawn at 2x (Pillow line), downsampled
// with Pillow's Lanczos, scaled by the contrast and composited with max.
// Not here: markers, labels, files (pathfinder-generate.ts).
import type { Rng } from '../tensor/rng.ts';
import { bytescale, dilate, diskKernel, drawLine, type Kernel, resizeLanczos, translate } from './pathfinder-raster.ts';

/** The LRA Pathfinder-32 settings (curv_contour_length_14). */
export const PF = {
  size: 32,
  padding: 1,
  aaScale: 2,
  length: 2, // paddle length
  thickness: 0.5,
  margin: 1,
  markerRadius: 1.5,
  contourLength: 14,
  seedDistance: 7,
  continuity: 1,
  distractors: 5,
  distractorLength: 4,
  targetContrast: 0.75 * 2, // paddle_contrast 0.75 x snake_contrast 2
  distractorContrast: 2, // make_many_snakes receives snake_contrast_list = [2]
  segmentTrials: 3, // max_paddle_retrial = 2, loop while trial <= 2
  distractorTrials: 5, // max_distractor_contour_retrial = 4
} as const;

const N = PF.size;
const HALF = PF.length + Math.ceil(PF.thickness) + PF.margin; // 4: patch radius
const PATCH = 2 * HALF + 1; // 9
const BLOWN = 2 * HALF * PF.aaScale + 1; // 17

/** A paddle rendered around its start point: line intensity and occupancy mask, (PATCH, PATCH). */
interface Paddle {
  line: Float64Array;
  mask: Float64Array;
  /** Cells of the 7x7 seed structuring element (mask == 1 within the top-left 7x7). */
  seedKernel: Kernel;
}

const paddleCache = new Map<number, Paddle>();
const largeDisk = diskKernel(PF.margin * PF.aaScale);
const smallDisk = diskKernel(PF.margin);

/** draw_line_n_mask: a paddle from the patch centre in direction `angle`, cached by its 2x end point. */
export function paddle(angle: number): Paddle {
  const c = HALF * PF.aaScale;
  const [hy, hx] = translate([c, c], angle, PF.length * PF.aaScale);
  const key = hy * 1000 + hx;
  const cached = paddleCache.get(key);
  if (cached) return cached;
  const blown = new Float64Array(BLOWN * BLOWN);
  drawLine(blown, BLOWN, BLOWN, c, c, hx, hy, 255);
  const line8 = resizeLanczos(bytescale(blown), BLOWN, BLOWN, PATCH, PATCH);
  const maskBlown = Uint8Array.from(dilate(blown, BLOWN, BLOWN, largeDisk));
  const mask8 = resizeLanczos(maskBlown, BLOWN, BLOWN, PATCH, PATCH);
  const line = Float64Array.from(line8, (v) => v / 255);
  const mask = Float64Array.from(mask8, (v) => v / 255);
  const k = 2 * (PF.length + PF.margin) + 1; // 7: the original's struct_shape
  const cells = new Uint8Array(k * k);
  for (let y = 0; y < k; y++) for (let x = 0; x < k; x++) cells[y * k + x] = mask[y * PATCH + x] === 1 ? 1 : 0;
  const result = { line, mask, seedKernel: { w: k, h: k, cells } };
  paddleCache.set(key, result);
  return result;
}

/** Visits the cells of a patch placed with its centre at (cy, cx): fn(imageIndex, patchIndex). */
function forPatch(cy: number, cx: number, fn: (i: number, p: number) => void): void {
  for (let py = 0; py < PATCH; py++) {
    const y = cy - HALF + py;
    if (y < 0 || y >= N) continue;
    for (let px = 0; px < PATCH; px++) {
      const x = cx - HALF + px;
      if (x >= 0 && x < N) fn(y * N + x, py * PATCH + px);
    }
  }
}

export function stampMax(target: Float64Array, values: Float64Array, cy: number, cx: number, scale: number): void {
  forPatch(cy, cx, (i, p) => {
    const v = values[p]! * scale;
    if (v > target[i]!) target[i] = v;
  });
}

function overlaps(mask: Float64Array, padMask: Float64Array, cy: number, cx: number): boolean {
  let hit = false;
  forPatch(cy, cx, (i, p) => {
    if (mask[i]! + padMask[p]! >= 1.8) hit = true;
  });
  return hit;
}

/** A placed paddle mask, added to the occupancy mask one step later (as the original does). */
interface PlacedMask {
  mask: Float64Array;
  y: number;
  x: number;
}

/** A growing snake: where the next paddle attaches. */
export interface SnakeEnd {
  pivot: [number, number];
  angle: number;
  lastMask: PlacedMask;
  tip: [number, number];
}

export const inBounds = (p: readonly [number, number]): boolean => p[0] >= 0 && p[0] < N && p[1] >= 0 && p[1] < N;
const flip = (a: number): number => (a < 0 ? a + Math.PI : a - Math.PI);
const randomAngle = (rng: Rng): number => (rng.int(-180, 179) * Math.PI) / 180;

/** Row-major list of cells whose value is <= 0.3 (the original's ceil(v - 0.3) == 0). */
export function freeCells(mask: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]! - 0.3 <= 0) out.push(i);
  return out;
}

/**
 * seed_snake / the first seed of initialize_two_seeds: a paddle at a free cell, avoiding cells
 * whose paddle would touch `blocked` (the mask with borders set). Returns undefined on failure.
 */
export function seedPaddle(rng: Rng, blocked: Float64Array): { tail: [number, number]; angle: number; pivot: [number, number] } | undefined {
  for (let trial = 0; trial < PF.segmentTrials; trial++) {
    const angle = randomAngle(rng);
    const free = freeCells(dilate(blocked, N, N, paddle(angle).seedKernel));
    if (free.length === 0) return undefined;
    const cell = free[rng.int(0, free.length - 1)]!;
    const tail: [number, number] = [Math.floor(cell / N), cell % N];
    const seeded = finishSeed(tail, angle);
    if (seeded) return seeded;
  }
  return undefined;
}

/** Head and pivot of a seed paddle; undefined when either leaves the image. */
export function finishSeed(tail: [number, number], angle: number): { tail: [number, number]; angle: number; pivot: [number, number] } | undefined {
  const head = translate(tail, angle, PF.length);
  const pivot = translate(head, flip(angle), PF.length + PF.margin);
  return inBounds(head) && inBounds(pivot) ? { tail, angle, pivot } : undefined;
}

/** Draws a seed paddle and returns the snake end it leaves. */
export function drawSeed(image: Float64Array, seed: { tail: [number, number]; angle: number; pivot: [number, number] }, contrast: number): SnakeEnd {
  const p = paddle(seed.angle);
  stampMax(image, p.line, seed.tail[0], seed.tail[1], contrast);
  return { pivot: seed.pivot, angle: seed.angle, lastMask: { mask: p.mask, y: seed.tail[0], x: seed.tail[1] }, tip: seed.tail };
}

/** extend_snake: adds one paddle to `end`; mutates image and mask on success, else returns undefined. */
export function extendSnake(rng: Rng, end: SnakeEnd, image: Float64Array, mask: Float64Array, contrast: number): SnakeEnd | undefined {
  const pivot = translate(end.pivot, end.angle, PF.length + 2 * PF.margin);
  const candidates = endpointCandidates(pivot, end.angle, dilate(mask, N, N, smallDisk));
  if (candidates === undefined) return undefined;
  for (let trial = 0; trial < PF.segmentTrials; trial++) {
    const r = rng.random();
    let index = candidates.cmf.findIndex((c) => c - r > 0);
    if (index === -1) index = 0; // np.argmax of an all-false array
    const head = candidates.coords[index]!;
    const angle = candidates.angles[index]!;
    const p = paddle(flip(angle));
    if (overlaps(mask, p.mask, head[0], head[1])) continue;
    stampMax(image, p.line, head[0], head[1], contrast);
    stampMax(mask, end.lastMask.mask, end.lastMask.y, end.lastMask.x, 1);
    return { pivot, angle, lastMask: { mask: p.mask, y: head[0], x: head[1] }, tip: head };
  }
  return undefined;
}

/** get_coords_cmf: candidate end points on the circle of radius length + margin around the pivot. */
function endpointCandidates(pivot: [number, number], lastAngle: number, dilated: Float64Array): { coords: [number, number][]; angles: number[]; cmf: number[] } | undefined {
  const step = PF.length + PF.margin;
  const degPerPixel = 360 / (2 * step * Math.PI);
  const seen = new Set<number>();
  for (let i = 0; i * degPerPixel < 360; i++) {
    const rad = (i * degPerPixel * Math.PI) / 180;
    const y = pivot[0] + step * Math.sin(rad);
    const x = pivot[1] + step * Math.cos(rad);
    if (y >= N || y < 0 || x >= N || x < 0) continue;
    seen.add(Math.trunc(y) * N + Math.trunc(x));
  }
  if (seen.size === 0) return undefined;
  const cells = [...seen].sort((a, b) => a - b); // np.unique(axis=0): lexicographic (y, x)
  const coords: [number, number][] = [];
  const angles: number[] = [];
  const pmf: number[] = [];
  let total = 0;
  for (const cell of cells) {
    const y = Math.floor(cell / N);
    const x = cell % N;
    const angle = Math.atan2(y - pivot[0], x - pivot[1]);
    const diff = Math.abs(angle - lastAngle);
    const delta = Math.min(Math.min(diff, 2 * Math.PI - diff) * PF.continuity, Math.PI / 2);
    const weight = Math.max(Math.cos(delta), 0) ** 2;
    const p = (1 - dilated[cell]!) * weight;
    coords.push([y, x]);
    angles.push(angle);
    pmf.push(p);
    total += p;
  }
  if (total < 1e-4) return undefined;
  let acc = 0;
  const cmf = pmf.map((p) => (acc += p / total));
  return { coords, angles, cmf };
}

/** The occupancy mask with a border of `width` cells set to 1. */
export function borderMask(mask: Float64Array, width: number): Float64Array {
  const out = Float64Array.from(mask);
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) if (y < width || y >= N - width || x < width || x >= N - width) out[y * N + x] = 1;
  }
  return out;
}
