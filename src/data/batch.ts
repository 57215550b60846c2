// Batching: token arrays -> plain typed arrays the model layer converts to tensors.
// Every task encodes an example the same way: id = token + idOffset for the first maxTokens
// tokens, then zeros up to seqLen; mask = (id != 0), exactly the reference code's mask. Batches
// are row-major (B, T). Epoch order is a seeded shuffle with the project's Rng.
// Not here: Tensor (the model layer converts), file reading.
import type { Rng } from '../tensor/rng.ts';
import type { PairSplit, SequenceSplit } from './sequence-split.ts';

/** How an example becomes a row: truncate to maxTokens, add idOffset, pad with 0 to seqLen. */
export interface Encoding {
  maxTokens: number;
  seqLen: number;
  idOffset: number;
}

export interface Batch {
  ids: Int32Array; // (B, T) row-major
  mask: Float32Array; // (B, T), 1 where id != 0
  labels: Int32Array; // (B)
  batch: number;
  seqLen: number;
}

export interface PairBatch {
  ids1: Int32Array; // (B, T)
  mask1: Float32Array; // (B, T)
  ids2: Int32Array; // (B, T)
  mask2: Float32Array; // (B, T)
  labels: Int32Array; // (B)
  batch: number;
  seqLen: number;
}

export function checkEncoding(enc: Encoding): void {
  if (!Number.isInteger(enc.seqLen) || enc.seqLen < 1) throw new Error(`Encoding: seqLen must be a positive integer, got ${enc.seqLen}`);
  if (!Number.isInteger(enc.maxTokens) || enc.maxTokens < 1 || enc.maxTokens > enc.seqLen) {
    throw new Error(`Encoding: maxTokens must be an integer in 1..seqLen (${enc.seqLen}), got ${enc.maxTokens}`);
  }
  if (!Number.isInteger(enc.idOffset) || enc.idOffset < 0) throw new Error(`Encoding: idOffset must be a non-negative integer, got ${enc.idOffset}`);
}

/** Writes one encoded row at `row` of (ids, mask); the rest of the row is zero padding. */
export function encodeRow(tokens: Uint8Array, enc: Encoding, ids: Int32Array, mask: Float32Array, row: number): void {
  const base = row * enc.seqLen;
  const n = Math.min(tokens.length, enc.maxTokens);
  const off = enc.idOffset;
  for (let t = 0; t < n; t++) {
    const id = tokens[t]! + off;
    ids[base + t] = id;
    mask[base + t] = id !== 0 ? 1 : 0;
  }
  ids.fill(0, base + n, base + enc.seqLen);
  mask.fill(0, base + n, base + enc.seqLen);
}

/** The batch of examples `indices` of a single-sequence split. */
export function makeBatch(split: SequenceSplit, indices: ArrayLike<number>, enc: Encoding): Batch {
  checkEncoding(enc);
  const B = indices.length;
  const T = enc.seqLen;
  const ids = new Int32Array(B * T);
  const mask = new Float32Array(B * T);
  const labels = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    const i = indices[b]!;
    encodeRow(split.tokens(i), enc, ids, mask, b);
    labels[b] = split.labels[i]!;
  }
  return { ids, mask, labels, batch: B, seqLen: T };
}

/** The batch of examples `indices` of the retrieval task: two rows per example. */
export function makePairBatch(split: PairSplit, indices: ArrayLike<number>, enc: Encoding): PairBatch {
  checkEncoding(enc);
  const B = indices.length;
  const T = enc.seqLen;
  const out: PairBatch = {
    ids1: new Int32Array(B * T),
    mask1: new Float32Array(B * T),
    ids2: new Int32Array(B * T),
    mask2: new Float32Array(B * T),
    labels: new Int32Array(B),
    batch: B,
    seqLen: T,
  };
  for (let b = 0; b < B; b++) {
    const i = indices[b]!;
    const [doc1, doc2] = split.pair(i);
    encodeRow(doc1, enc, out.ids1, out.mask1, b);
    encodeRow(doc2, enc, out.ids2, out.mask2, b);
    out.labels[b] = split.labels[i]!;
  }
  return out;
}

/** 0..n-1 in a seeded random order (Fisher-Yates with the given Rng). */
export function shuffledIndices(n: number, rng: Rng): Int32Array {
  const order = Array.from({ length: n }, (_, i) => i);
  rng.shuffle(order);
  return Int32Array.from(order);
}

/**
 * The index lists of one epoch: shuffled with `rng` when given (else in order), cut into batches
 * of `batchSize`; the last, smaller batch is kept unless dropLast.
 */
export function* epochBatches(n: number, batchSize: number, rng?: Rng, dropLast = false): Generator<Int32Array> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`epochBatches: batchSize must be a positive integer, got ${batchSize}`);
  const order = rng === undefined ? Int32Array.from({ length: n }, (_, i) => i) : shuffledIndices(n, rng);
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    if (dropLast && end - start < batchSize) return;
    yield order.subarray(start, end);
  }
}
