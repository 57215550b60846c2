// Retrieval task (AAN document matching): an index over `new_aan_pairs.<split>.tsv`.
// Columns: label (a float, 0.0 or 1.0), id1, id2, text1, text2; no header. The file is scanned
// once, in chunks, to check every row and remember where each document starts and how long it
// is; documents are read back on demand (only the first keepBytes of each), so a 147 086-row file
// costs ~25 bytes per row in memory, not its size on disk. Token = byte + 1 (batch.ts idOffset).
// LRA encodes text[:10000] then keeps 4000 ids: the first 4000 bytes of the whole text are the
// same bytes, since 10 000 characters are at least 10 000 bytes.
// Not here: the file system (the ByteSource may be a file or memory), batching.
import { forEachLine, type ByteSource } from './byte-source.ts';
import { DataError, lineError } from './errors.ts';
import type { PairSplit } from './sequence-split.ts';

export const RETRIEVAL_NUM_CLASSES = 2;

/** Scans a retrieval TSV and returns a split that reads its documents lazily from `source`. */
export function indexRetrievalTsv(source: ByteSource, keepBytes: number): PairSplit {
  const labels: number[] = [];
  const offsets1: number[] = [];
  const offsets2: number[] = [];
  const lengths1: number[] = [];
  const lengths2: number[] = [];
  const tabs: number[] = [];
  forEachLine(source, (line, lineNo, offset) => {
    if (line.length === 0) return;
    tabs.length = 0;
    for (let t = line.indexOf(9); t !== -1 && tabs.length < 5; t = line.indexOf(9, t + 1)) tabs.push(t);
    if (tabs.length !== 4) {
      const found = tabs.length < 5 ? tabs.length + 1 : 'more than 5';
      throw lineError(source.name, lineNo, `expected 5 tab-separated columns (label, id1, id2, text1, text2), found ${found}`);
    }
    const field = new TextDecoder().decode(line.subarray(0, Math.min(tabs[0]!, 40)));
    const label = field.trim() === '' ? NaN : Number(field);
    if (Number.isNaN(label)) throw lineError(source.name, lineNo, `label '${field}' is not a number (expected 0.0 or 1.0)`);
    if (label !== 0 && label !== 1) throw lineError(source.name, lineNo, `label ${field} is out of range; expected 0 or 1`);
    labels.push(label);
    offsets1.push(offset + tabs[2]! + 1);
    lengths1.push(tabs[3]! - tabs[2]! - 1);
    offsets2.push(offset + tabs[3]! + 1);
    lengths2.push(line.length - tabs[3]! - 1);
  });
  if (labels.length === 0) throw new DataError(`${source.name}: no rows (expected label, id1, id2, text1, text2 per line)`);
  return new LazyPairSplit(source, keepBytes, Uint8Array.from(labels), Float64Array.from(offsets1), Float64Array.from(offsets2), Uint32Array.from(lengths1), Uint32Array.from(lengths2));
}

class LazyPairSplit implements PairSplit {
  constructor(
    private readonly source: ByteSource,
    private readonly keepBytes: number,
    readonly labels: Uint8Array,
    private readonly offsets1: Float64Array,
    private readonly offsets2: Float64Array,
    readonly lengths1: Uint32Array,
    readonly lengths2: Uint32Array,
  ) {}

  get length(): number {
    return this.labels.length;
  }

  pair(i: number): [Uint8Array, Uint8Array] {
    if (!(i >= 0 && i < this.length)) throw new RangeError(`retrieval split: index ${i} outside 0..${this.length - 1}`);
    const keep = this.keepBytes;
    return [
      this.source.read(this.offsets1[i]!, Math.min(keep, this.lengths1[i]!)),
      this.source.read(this.offsets2[i]!, Math.min(keep, this.lengths2[i]!)),
    ];
  }
}
