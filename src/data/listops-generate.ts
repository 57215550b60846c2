// ListOps generator: the procedure of LRA's lra_benchmarks/data/listops.py, reimplemented.
// A tree is sampled top-down (VALUE_P = 0.25 leaf probability, 2..max_args children, operator
// chosen after the children, leaves forced at max_depth); trees whose token count L satisfies
// min_length < L < max_length are kept, duplicates are dropped, and the distinct trees are split
// in order into train / val / test. Trees are held as token ids (see listops.ts for the
// vocabulary), which identify a tree uniquely and take ~1 byte per token.
// Not here: file writing (listops-tsv.ts), reading real files (listops.ts).
import { Rng } from '../tensor/rng.ts';
import { LISTOPS_END_ID, LISTOPS_OPERATORS, LISTOPS_VOCAB, listOpsOperatorId } from './listops.ts';

export const LISTOPS_VALUE_P = 0.25;

export interface ListOpsOptions {
  train: number;
  val: number;
  test: number;
  /** Exclusive lower bound on the token count (500 in LRA). */
  minLength: number;
  /** Exclusive upper bound on the token count (2000 in LRA). */
  maxLength: number;
  maxDepth: number;
  maxArgs: number;
  seed: number;
  /** Give up after this many samples in a row without a new distinct tree. */
  patience: number;
}

export const LISTOPS_DEFAULTS: ListOpsOptions = {
  train: 96_000,
  val: 2_000,
  test: 2_000,
  minLength: 500,
  maxLength: 2_000,
  maxDepth: 10,
  maxArgs: 10,
  seed: 0,
  patience: 200_000,
};

/** One generated example: token ids (1..15) of the tree and its value (the label). */
export interface ListOpsTree {
  tokens: Uint8Array;
  value: number;
}

export interface ListOpsSplits {
  train: ListOpsTree[];
  val: ListOpsTree[];
  test: ListOpsTree[];
  /** How many trees were sampled in total (accepted or not), for the acceptance rate. */
  sampled: number;
}

/**
 * Samples one tree into `out` (token ids, pre-order, `]` as X) and returns its value; the token
 * count added to `out` is the tree's `length` of the original code.
 */
export function sampleTree(rng: Rng, depth: number, maxDepth: number, maxArgs: number, out: number[]): number {
  const r = depth < maxDepth ? rng.random() : 1;
  if (r > LISTOPS_VALUE_P) {
    const leaf = rng.int(0, 9); // random.choice(VALUES)
    out.push(leaf + 1);
    return leaf;
  }
  const numArgs = rng.int(2, maxArgs); // random.randint(2, max_args), inclusive
  const opSlot = out.length;
  out.push(0); // the operator is drawn after the children, as in the original
  const values: number[] = [];
  for (let i = 0; i < numArgs; i++) values.push(sampleTree(rng, depth + 1, maxDepth, maxArgs, out));
  const op = rng.choice(LISTOPS_OPERATORS);
  out[opSlot] = listOpsOperatorId(op);
  out.push(LISTOPS_END_ID);
  return applyOperator(op, values);
}

/** MIN, MAX, MED (integer part of the median), SM (sum mod 10), as the original's to_value. */
export function applyOperator(op: string, values: readonly number[]): number {
  switch (op) {
    case '[MIN':
      return Math.min(...values);
    case '[MAX':
      return Math.max(...values);
    case '[MED': {
      const sorted = [...values].sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
      return Math.trunc(median); // int(np.median(...))
    }
    case '[SM':
      return values.reduce((a, b) => a + b, 0) % 10;
    default:
      throw new Error(`applyOperator: unknown operator '${op}'; valid: ${LISTOPS_OPERATORS.join(' ')}`);
  }
}

/** Generates distinct trees in the length window and splits them in order (train, val, test). */
export function generateListOps(options: Partial<ListOpsOptions> = {}): ListOpsSplits {
  const o = { ...LISTOPS_DEFAULTS, ...options };
  validateOptions(o);
  const rng = new Rng(o.seed);
  const total = o.train + o.val + o.test;
  const seen = new Set<string>();
  const kept: ListOpsTree[] = [];
  const scratch: number[] = [];
  let sampled = 0;
  let sinceLastNew = 0;
  while (kept.length < total) {
    if (++sinceLastNew > o.patience) {
      throw new Error(`ListOps: only ${kept.length} distinct trees with ${o.minLength} < length < ${o.maxLength} after ${sampled} samples; widen the window or ask for fewer rows`);
    }
    scratch.length = 0;
    const value = sampleTree(rng, 1, o.maxDepth, o.maxArgs, scratch);
    sampled++;
    const length = scratch.length;
    if (!(length > o.minLength && length < o.maxLength)) continue;
    const key = tokensKey(scratch);
    if (seen.has(key)) continue;
    seen.add(key);
    sinceLastNew = 0;
    kept.push({ tokens: Uint8Array.from(scratch), value });
  }
  return {
    train: kept.slice(0, o.train),
    val: kept.slice(o.train, o.train + o.val),
    test: kept.slice(o.train + o.val),
    sampled,
  };
}

/** A string that identifies a token sequence (one char per token), for deduplication. */
function tokensKey(tokens: readonly number[]): string {
  let key = '';
  for (let i = 0; i < tokens.length; i += 4096) key += String.fromCharCode(...tokens.slice(i, i + 4096));
  return key;
}

function validateOptions(o: ListOpsOptions): void {
  for (const key of ['train', 'val', 'test', 'minLength', 'maxLength', 'maxDepth', 'maxArgs', 'seed', 'patience'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 0) throw new Error(`ListOps: ${key} must be a non-negative integer, got ${o[key]}`);
  }
  if (o.maxLength - o.minLength < 2) {
    throw new Error(`ListOps: need min-length < L < max-length to admit some length, got ${o.minLength}..${o.maxLength}`);
  }
  if (o.maxLength > 200_000) throw new Error(`ListOps: max-length ${o.maxLength} is too large (limit 200000)`);
  if (o.maxArgs < 2) throw new Error(`ListOps: max-args must be >= 2, got ${o.maxArgs}`);
  if (o.maxDepth < 2 && o.minLength >= 1) throw new Error('ListOps: max-depth must be >= 2 to make trees longer than one token');
}

/**
 * The original's to_string of a tree given by its token ids: `( ` left ` ` right ` )` for every
 * pair, so an operator with k arguments prints k + 1 opening parentheses.
 */
export function treeToString(tokens: Uint8Array): string {
  const parts: string[] = [];
  const end = render(tokens, 0, parts);
  if (end !== tokens.length) throw new Error(`treeToString: ${tokens.length - end} tokens after the end of the tree`);
  return parts.join('');
}

function render(tokens: Uint8Array, i: number, parts: string[]): number {
  const id = tokens[i];
  if (id === undefined) throw new Error('treeToString: the token sequence ends inside a tree');
  if (id >= 1 && id <= 10) {
    parts.push(String(id - 1));
    return i + 1;
  }
  const op = LISTOPS_VOCAB[id - 1];
  if (op === undefined || id === LISTOPS_END_ID) throw new Error(`treeToString: unexpected token id ${id} at ${i}`);
  // Count the children first to know how many parentheses open here.
  const childStarts: number[] = [];
  let j = i + 1;
  while (tokens[j] !== LISTOPS_END_ID) {
    if (j >= tokens.length) throw new Error('treeToString: an operator is not closed');
    childStarts.push(j);
    j = skip(tokens, j);
  }
  parts.push('( '.repeat(childStarts.length + 1), op, ' ');
  for (let c = 0; c < childStarts.length; c++) {
    if (c > 0) parts.push(' ');
    render(tokens, childStarts[c]!, parts);
    parts.push(' )');
  }
  parts.push(' ] )');
  return j + 1;
}

function skip(tokens: Uint8Array, i: number): number {
  const id = tokens[i]!;
  if (id >= 1 && id <= 10) return i + 1;
  let j = i + 1;
  while (tokens[j] !== LISTOPS_END_ID) {
    if (j >= tokens.length) throw new Error('treeToString: an operator is not closed');
    j = skip(tokens, j);
  }
  return j + 1;
}

/** The TSV file of one split exactly as the original writes it: `Source\tTarget` header, CRLF. */
export function* listOpsTsvParts(trees: readonly ListOpsTree[]): Generator<string> {
  yield 'Source\tTarget\r\n';
  let buffer: string[] = [];
  for (const tree of trees) {
    buffer.push(`${treeToString(tree.tokens)}\t${tree.value}\r\n`);
    if (buffer.length === 256) {
      yield buffer.join('');
      buffer = [];
    }
  }
  if (buffer.length > 0) yield buffer.join('');
}
