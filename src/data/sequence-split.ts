// Splits of a task held as token arrays: the common shape every loader returns.
// A SequenceSplit holds one token array per example (already truncated to what a batch can use)
// plus its label and its full length before truncation (for statistics). A PairSplit is the same
// for the two-document retrieval task, and may read its documents lazily from a file.
// Not here: ids offsets, padding, masks (batch.ts) or any format knowledge.

/** One split of a single-sequence task. Tokens are stored raw; batch.ts adds the id offset. */
export class SequenceSplit {
  constructor(
    readonly tokenArrays: Uint8Array[],
    readonly labels: Uint8Array,
    /** Token count of each example before truncation. */
    readonly lengths: Uint32Array,
  ) {
    if (tokenArrays.length !== labels.length || labels.length !== lengths.length) {
      throw new Error(`SequenceSplit: ${tokenArrays.length} token arrays, ${labels.length} labels, ${lengths.length} lengths`);
    }
  }

  get length(): number {
    return this.labels.length;
  }

  tokens(i: number): Uint8Array {
    const t = this.tokenArrays[i];
    if (t === undefined) throw new RangeError(`SequenceSplit: index ${i} outside 0..${this.length - 1}`);
    return t;
  }

  /** The examples at `indices`, in that order, as a new split. */
  select(indices: ArrayLike<number>): SequenceSplit {
    const n = indices.length;
    const tokens: Uint8Array[] = new Array<Uint8Array>(n);
    const labels = new Uint8Array(n);
    const lengths = new Uint32Array(n);
    for (let k = 0; k < n; k++) {
      const i = indices[k]!;
      tokens[k] = this.tokens(i);
      labels[k] = this.labels[i]!;
      lengths[k] = this.lengths[i]!;
    }
    return new SequenceSplit(tokens, labels, lengths);
  }
}

/** One split of the retrieval task: two documents per example. */
export interface PairSplit {
  readonly length: number;
  readonly labels: Uint8Array;
  /** Byte lengths of the two documents before truncation. */
  readonly lengths1: Uint32Array;
  readonly lengths2: Uint32Array;
  /** The two documents of example i, truncated to the split's keep length. */
  pair(i: number): [Uint8Array, Uint8Array];
}

/** The three splits of a task. */
export interface TaskSplits<S> {
  train: S;
  val: S;
  test: S;
}
