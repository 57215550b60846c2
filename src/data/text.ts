// Text task (byte-level IMDB): loaders for the `label<TAB>text` TSV form and for the aclImdb
// folder tree, reduced to raw UTF-8 bytes. Token = byte + 1 (vocab 257, 0 = pad) is applied by
// batch.ts through Encoding.idOffset = 1; truncation to 4000 happens here (only kept bytes are
// stored; the full byte length is kept for statistics).
// Not here: directory walking (tasks.ts does it through files.ts), batching.
import { forEachLine, type ByteSource } from './byte-source.ts';
import { DataError, lineError } from './errors.ts';
import { SequenceSplit } from './sequence-split.ts';

export const TEXT_NUM_CLASSES = 2;

/**
 * Reads a `label\ttext` TSV (label 0 = negative, 1 = positive; the text is everything after the
 * first tab, kept as raw bytes). LF or CRLF; empty lines are skipped; a first line `label\ttext`
 * is a header. Errors name the file and line.
 */
export function readTextTsv(source: ByteSource, keepBytes: number): SequenceSplit {
  const tokens: Uint8Array[] = [];
  const labels: number[] = [];
  const lengths: number[] = [];
  forEachLine(source, (line, lineNo) => {
    if (line.length === 0) return;
    const tab = line.indexOf(9);
    if (tab === -1) throw lineError(source.name, lineNo, 'expected `label<TAB>text`, found no tab');
    const field = new TextDecoder().decode(line.subarray(0, Math.min(tab, 40)));
    if (lineNo === 1 && field.trim().toLowerCase() === 'label') return;
    const label = /^-?\d+$/.test(field.trim()) ? Number(field.trim()) : NaN;
    if (Number.isNaN(label)) throw lineError(source.name, lineNo, `label '${field}' is not an integer (expected 0 or 1)`);
    if (label !== 0 && label !== 1) throw lineError(source.name, lineNo, `label ${label} is out of range; expected 0 or 1`);
    const text = line.subarray(tab + 1);
    tokens.push(text.slice(0, keepBytes));
    labels.push(label);
    lengths.push(text.length);
  });
  if (tokens.length === 0) throw new DataError(`${source.name}: no rows (expected label<TAB>text lines)`);
  return new SequenceSplit(tokens, Uint8Array.from(labels), Uint32Array.from(lengths));
}

/** One review file of the aclImdb tree. */
export interface ReviewFile {
  label: number;
  bytes: Uint8Array;
}

/** A split from review files (aclImdb/<split>/{neg,pos}/*.txt: neg = 0, pos = 1), in the given order. */
export function textSplitFromReviews(reviews: Iterable<ReviewFile>, keepBytes: number): SequenceSplit {
  const tokens: Uint8Array[] = [];
  const labels: number[] = [];
  const lengths: number[] = [];
  for (const review of reviews) {
    tokens.push(review.bytes.slice(0, keepBytes));
    labels.push(review.label);
    lengths.push(review.bytes.length);
  }
  return new SequenceSplit(tokens, Uint8Array.from(labels), Uint32Array.from(lengths));
}
