// ListOps generator: trees evaluate like the original's to_value, their token count is their
// length, seeds reproduce, rows are distinct and split in order, files are written in the
// original format, and the distribution matches the samples made by the original code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/tensor/rng.ts';
import { applyOperator, generateListOps, listOpsTsvParts, sampleTree, treeToString } from '../../src/data/listops-generate.ts';
import { tokenizeListOpsString } from '../../src/data/listops.ts';
import { chiSquaredHomogeneity, HAS_SHARED, ksTwoSample, SHARED_DATA } from './helpers.ts';

type Node = string | [Node, Node];

/** The original's tree: every `( l r )` is a pair; parsed independently of our generator. */
function parsePairs(source: string): Node {
  const words = source.split(' ');
  let i = 0;
  const parse = (): Node => {
    const w = words[i++]!;
    if (w !== '(') return w;
    const left = parse();
    const right = parse();
    expect(words[i++]).toBe(')');
    return [left, right];
  };
  const tree = parse();
  expect(i).toBe(words.length);
  return tree;
}

/** The original's to_value on pairs: operator + args accumulate until `]` closes them. */
function toValue(t: Node): number | [string, number[]] | string {
  if (typeof t === 'string') return /^\d$/.test(t) ? Number(t) : t;
  const l = toValue(t[0]);
  const r = toValue(t[1]);
  if (typeof l === 'string') return [l, [r as number]];
  if (r === ']') {
    const [op, args] = l as [string, number[]];
    const sorted = [...args].sort((a, b) => a - b);
    const m = sorted.length;
    if (op === '[MIN') return sorted[0]!;
    if (op === '[MAX') return sorted[m - 1]!;
    if (op === '[SM') return args.reduce((a, b) => a + b, 0) % 10;
    if (op === '[MED') return Math.floor(m % 2 ? sorted[(m - 1) / 2]! : (sorted[m / 2 - 1]! + sorted[m / 2]!) / 2);
    throw new Error(op);
  }
  const [op, args] = l as [string, number[]];
  return [op, [...args, r as number]];
}

describe('ListOps generator', () => {
  it('MED truncates the median of an even count and SM is the sum mod 10', () => {
    expect(applyOperator('[MED', [1, 2])).toBe(1); // median 1.5 -> 1
    expect(applyOperator('[MED', [9, 0, 4, 7])).toBe(5); // (4 + 7) / 2 = 5.5 -> 5
    expect(applyOperator('[MED', [3, 8, 1])).toBe(3);
    expect(applyOperator('[SM', [9, 8, 7])).toBe(4); // 24 mod 10
    expect(applyOperator('[MIN', [5, 2, 9])).toBe(2);
    expect(applyOperator('[MAX', [5, 2, 9])).toBe(9);
  });

  it('prints the spec example exactly and its value is 2', () => {
    const tokens = tokenizeListOpsString('( ( ( ( [MIN 8 ) 2 ) ( ( ( [MIN 8 ) 6 ) ] ) ) ] )');
    expect(treeToString(tokens)).toBe('( ( ( ( [MIN 8 ) 2 ) ( ( ( [MIN 8 ) 6 ) ] ) ) ] )');
    expect(toValue(parsePairs(treeToString(tokens)))).toBe(2);
  });

  it('500 sampled trees evaluate like the original to_value and tokenize back to their length', () => {
    const rng = new Rng(7);
    let operators = 0;
    for (let k = 0; k < 500; k++) {
      const out: number[] = [];
      const value = sampleTree(rng, 1, 10, 10, out);
      const text = treeToString(Uint8Array.from(out));
      expect(toValue(parsePairs(text))).toBe(value);
      expect(Array.from(tokenizeListOpsString(text))).toEqual(out); // token count = length
      if (out.length > 1) operators++;
    }
    expect(operators).toBeGreaterThan(50); // P(root is an operator) = 0.25
  });

  it('the same seed reproduces the same rows, another seed does not', () => {
    const opts = { train: 30, val: 5, test: 5, minLength: 20, maxLength: 100 };
    const a = generateListOps({ ...opts, seed: 3 });
    const b = generateListOps({ ...opts, seed: 3 });
    const c = generateListOps({ ...opts, seed: 4 });
    const text = (s: typeof a): string => [...s.train, ...s.val, ...s.test].map((t) => treeToString(t.tokens)).join('\n');
    expect(text(b)).toBe(text(a));
    expect(text(c)).not.toBe(text(a));
  });

  it('rows are distinct, inside the strict length window, and split in order train, val, test', () => {
    const s = generateListOps({ train: 300, val: 50, test: 50, minLength: 3, maxLength: 12, seed: 1 });
    const all = [...s.train, ...s.val, ...s.test];
    expect([s.train.length, s.val.length, s.test.length]).toEqual([300, 50, 50]);
    expect(new Set(all.map((t) => treeToString(t.tokens))).size).toBe(400);
    for (const t of all) expect(t.tokens.length > 3 && t.tokens.length < 12).toBe(true);
    const again = generateListOps({ train: 400, val: 0, test: 0, minLength: 3, maxLength: 12, seed: 1 });
    expect(again.train.map((t) => treeToString(t.tokens))).toEqual(all.map((t) => treeToString(t.tokens)));
  });

  it('writes the original TSV format: Source<TAB>Target header and CRLF line ends', () => {
    const s = generateListOps({ train: 3, val: 0, test: 0, minLength: 5, maxLength: 30, seed: 2 });
    const text = [...listOpsTsvParts(s.train)].join('');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('Source\tTarget');
    expect(lines).toHaveLength(5); // header, 3 rows, '' after the last CRLF
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    lines.slice(1, 4).forEach((line, k) => expect(line).toBe(`${treeToString(s.train[k]!.tokens)}\t${s.train[k]!.value}`));
  });

  it('rejects a window that admits no tree and reports too few distinct trees', () => {
    expect(() => generateListOps({ minLength: 5, maxLength: 6 })).toThrow(/min-length < L < max-length/);
    expect(() => generateListOps({ train: 20, val: 0, test: 0, minLength: 0, maxLength: 2, seed: 0, patience: 20_000 })).toThrow(/only 10 distinct trees/);
  });
});

/** Labels and token lengths of a shared sample folder. */
function sampleStats(folder: string): { labels: number[]; lengths: number[] } {
  const labels: number[] = [];
  const lengths: number[] = [];
  for (const split of ['train', 'val', 'test']) {
    const rows = readFileSync(join(SHARED_DATA, folder, `basic_${split}.tsv`), 'utf8').split('\r\n').slice(1).filter(Boolean);
    for (const row of rows) {
      const [source, target] = row.split('\t') as [string, string];
      labels.push(Number(target));
      lengths.push(source.replace(/\]/g, 'X').replace(/[()]/g, '').split(/\s+/).filter(Boolean).length);
    }
  }
  return { labels, lengths };
}

const histogram = (labels: number[]): number[] => labels.reduce((h, l) => (h[l]!++, h), new Array<number>(10).fill(0));

// Significance level 0.01: the test fails if p < 0.01 for either statistic.
describe.skipIf(!HAS_SHARED)('ListOps generator against the original generator (shared samples)', () => {
  it('short window (20 < L < 100), 2400 rows: label histogram (chi-squared) and lengths (KS) agree at alpha 0.01', () => {
    const original = sampleStats('listops-lra-short');
    const ours = generateListOps({ train: 2000, val: 200, test: 200, minLength: 20, maxLength: 100, seed: 11 });
    const trees = [...ours.train, ...ours.val, ...ours.test];
    const chi = chiSquaredHomogeneity(histogram(original.labels), histogram(trees.map((t) => t.value)));
    const ks = ksTwoSample(original.lengths, trees.map((t) => t.tokens.length));
    console.log(`listops short: chi2 = ${chi.statistic.toFixed(2)} (df ${chi.df}, p = ${chi.p.toFixed(3)}); KS D = ${ks.d.toFixed(4)} (p = ${ks.p.toFixed(3)})`);
    expect(chi.df).toBe(9);
    expect(chi.p).toBeGreaterThan(0.01);
    expect(ks.p).toBeGreaterThan(0.01);
  });

  // The LRA-window sample (seed 0) is itself an unusually long draw: re-running the original
  // procedure with seeds 1, 2, 3 gives KS p = 0.003, 0.0004, 0.13 against it, and over 2000 trees
  // (seed 1) a mean length of 1046.3 (acceptance 8.2 %), not the sample's 1089.6. So for this
  // window the length check is on the mean of 2000 of our trees: within 3 standard errors of the
  // difference of two 2000-tree means (sd ~380: 3 x 12 = 36) of 1046.3.
  it('LRA window (500 < L < 2000), 2000 rows: label histogram agrees at alpha 0.01, mean length within 3 s.e. of the original procedure', () => {
    const original = sampleStats('listops-lra');
    const ours = generateListOps({ train: 2000, val: 0, test: 0, minLength: 500, maxLength: 2000, seed: 12 });
    const trees = [...ours.train, ...ours.val, ...ours.test];
    const lengths = trees.map((t) => t.tokens.length);
    const chi = chiSquaredHomogeneity(histogram(original.labels), histogram(trees.map((t) => t.value)));
    const ks = ksTwoSample(original.lengths, lengths);
    const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
    const acceptance = trees.length / ours.sampled;
    console.log(`listops LRA: chi2 = ${chi.statistic.toFixed(2)} (df ${chi.df}, p = ${chi.p.toFixed(3)}); KS D = ${ks.d.toFixed(4)} (p = ${ks.p.toExponential(1)}); mean ${mean.toFixed(1)}; acceptance ${(acceptance * 100).toFixed(1)} %`);
    expect(chi.p).toBeGreaterThan(0.01);
    expect(Math.abs(mean - 1046.3)).toBeLessThan(36);
    expect(acceptance).toBeGreaterThan(0.07);
    expect(acceptance).toBeLessThan(0.1);
  });
});
