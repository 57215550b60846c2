// ListOps: vocabulary, LRA tokenization, and the loader of the real `basic_{train,val,test}.tsv`.
// Tokenization (LRA after its 2021-03 fix): `]` becomes X, `(` and `)` are deleted, the rest is
// split on whitespace; ids 1..15 are the 15 symbols below, 0 is padding. The tokenizer works on
// the raw bytes of a line, so loading needs no per-row string.
// Not here: the generator (listops-generate.ts), batching (batch.ts).
import { forEachLine, type ByteSource } from './byte-source.ts';
import { DataError, lineError } from './errors.ts';
import { SequenceSplit } from './sequence-split.ts';

/** Ids 1..15 in this order; id = index + 1 (so a digit d has id d + 1). */
export const LISTOPS_VOCAB = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '[MIN', '[MAX', '[MED', '[SM', 'X'] as const;
export const LISTOPS_OPERATORS = ['[MIN', '[MAX', '[MED', '[SM'] as const;
export const LISTOPS_END_ID = 15;
export const LISTOPS_NUM_CLASSES = 10;

export function listOpsOperatorId(op: string): number {
  const index = LISTOPS_VOCAB.indexOf(op as (typeof LISTOPS_VOCAB)[number]);
  if (index < 10 || index > 13) throw new Error(`ListOps: '${op}' is not an operator; valid: ${LISTOPS_OPERATORS.join(' ')}`);
  return index + 1;
}

const OPEN = 40; // (
const CLOSE = 41; // )
const END = 93; // ]

/**
 * Tokenizes bytes[start, end) into `out` (grown as needed) and returns the token count.
 * Throws a plain Error naming the offending word; callers add the file and line.
 */
export function tokenizeListOps(bytes: Uint8Array, start: number, end: number, out: TokenBuffer): number {
  out.length = 0;
  let i = start;
  while (i < end) {
    const c = bytes[i]!;
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < end && !isSpace(bytes[j]!)) j++;
    if (j - i === 1) {
      if (c >= 48 && c <= 57) out.push(c - 47);
      else if (c === END) out.push(LISTOPS_END_ID);
      else if (c !== OPEN && c !== CLOSE) throw new Error(`unknown ListOps token '${String.fromCharCode(c)}'`);
    } else {
      pushWord(bytes, i, j, out);
    }
    i = j;
  }
  return out.length;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

const WORD_IDS = new Map<string, number>(LISTOPS_VOCAB.map((word, index) => [word === 'X' ? ']' : word, index + 1]));

/** A multi-byte word: parentheses inside it are deleted, then it must be one vocabulary symbol. */
function pushWord(bytes: Uint8Array, i: number, j: number, out: TokenBuffer): void {
  let word = '';
  for (let k = i; k < j; k++) {
    const c = bytes[k]!;
    if (c !== OPEN && c !== CLOSE) word += String.fromCharCode(c);
  }
  if (word === '') return;
  const id = WORD_IDS.get(word);
  if (id === undefined) throw new Error(`unknown ListOps token '${word}'; expected one of ${[...WORD_IDS.keys()].join(' ')} or parentheses`);
  out.push(id);
}

/** A growable byte buffer for token ids (avoids one allocation per row). */
export class TokenBuffer {
  data = new Uint8Array(4096);
  length = 0;
  push(id: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint8Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = id;
  }
  /** A copy of the first min(length, limit) ids. */
  take(limit: number): Uint8Array {
    return this.data.slice(0, Math.min(this.length, limit));
  }
}

/** Tokenizes a Source string (convenience for tests and small inputs). */
export function tokenizeListOpsString(source: string): Uint8Array {
  const bytes = new TextEncoder().encode(source);
  const buffer = new TokenBuffer();
  tokenizeListOps(bytes, 0, bytes.length, buffer);
  return buffer.take(Infinity);
}

/**
 * Reads one ListOps split file: header `Source\tTarget` (skipped if present), then one
 * `source\ttarget` row per line, LF or CRLF, empty lines ignored. Keeps at most `keepTokens`
 * ids per row (the full count stays in `lengths`). Errors name the file and the line.
 */
export function readListOpsTsv(source: ByteSource, keepTokens = Infinity): SequenceSplit {
  const tokens: Uint8Array[] = [];
  const labels: number[] = [];
  const lengths: number[] = [];
  const buffer = new TokenBuffer();
  forEachLine(source, (line, lineNo) => {
    if (line.length === 0) return;
    const tab = line.indexOf(9);
    if (lineNo === 1 && isHeader(line)) return;
    if (tab === -1 || line.indexOf(9, tab + 1) !== -1) {
      throw lineError(source.name, lineNo, `expected 2 tab-separated fields (Source, Target), found ${tab === -1 ? 1 : 'more than 2'}`);
    }
    const target = parseTarget(line, tab + 1, line.length);
    if (target === undefined) throw lineError(source.name, lineNo, `Target '${ascii(line, tab + 1, line.length)}' is not an integer`);
    if (target < 0 || target >= LISTOPS_NUM_CLASSES) {
      throw lineError(source.name, lineNo, `label ${target} is out of range; expected 0..${LISTOPS_NUM_CLASSES - 1}`);
    }
    try {
      tokenizeListOps(line, 0, tab, buffer);
    } catch (error) {
      throw lineError(source.name, lineNo, (error as Error).message);
    }
    if (buffer.length === 0) throw lineError(source.name, lineNo, 'the Source field has no tokens');
    tokens.push(buffer.take(keepTokens));
    labels.push(target);
    lengths.push(buffer.length);
  });
  if (tokens.length === 0) throw new DataError(`${source.name}: no rows (expected a Source\\tTarget header and tab-separated rows)`);
  return new SequenceSplit(tokens, Uint8Array.from(labels), Uint32Array.from(lengths));
}

function isHeader(line: Uint8Array): boolean {
  return ascii(line, 0, line.length) === 'Source\tTarget';
}

function parseTarget(line: Uint8Array, start: number, end: number): number | undefined {
  if (end <= start) return undefined;
  let value = 0;
  let i = start;
  const negative = line[i] === 45;
  if (negative) i++;
  if (i === end) return undefined;
  for (; i < end; i++) {
    const c = line[i]!;
    if (c < 48 || c > 57) return undefined;
    value = value * 10 + (c - 48);
  }
  return negative ? -value : value;
}

function ascii(line: Uint8Array, start: number, end: number): string {
  return new TextDecoder().decode(line.subarray(start, Math.min(end, start + 200)));
}
