// ListOps loader: reads the original generator's samples with the counts and statistics of
// their STATS.md, tokenizes exactly as LRA, and rejects bad input naming file and line.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { textSource } from '../../src/data/byte-source.ts';
import { readListOpsTsv, tokenizeListOpsString } from '../../src/data/listops.ts';
import { loadTask } from '../../src/data/tasks.ts';
import { lengthStats, labelHistogram } from '../../src/data/summary.ts';
import { HAS_SHARED, SHARED_DATA, tempDir } from './helpers.ts';

describe('ListOps tokenization', () => {
  it('maps ] to X, drops parentheses and gives ids 1..15 (digit d -> d + 1)', () => {
    expect(Array.from(tokenizeListOpsString('( ( ( [MIN 2 ) 5 ) ] )'))).toEqual([11, 3, 6, 15]);
    expect(Array.from(tokenizeListOpsString('[MAX 9 [MED 0 ] [SM 1 ] ]'))).toEqual([12, 10, 13, 1, 15, 14, 2, 15, 15]);
    expect(Array.from(tokenizeListOpsString('(([MIN 2) 5)'))).toEqual([11, 3, 6]); // parentheses deleted inside words too
  });
});

describe.skipIf(!HAS_SHARED)('ListOps loader on the original samples', () => {
  it('listops-lra: 400/100/100 rows, label histogram and token statistics of STATS.md', () => {
    const task = loadTask('listops', join(SHARED_DATA, 'listops-lra'));
    if (task.kind !== 'single') throw new Error('expected a single-sequence task');
    const { train, val, test } = task.splits;
    expect([train.length, val.length, test.length]).toEqual([400, 100, 100]);
    expect(labelHistogram(train.labels, 10)).toEqual([75, 40, 29, 30, 38, 36, 30, 31, 36, 55]);
    expect(labelHistogram(test.labels, 10)).toEqual([13, 11, 17, 10, 9, 7, 2, 3, 9, 19]);
    const s = lengthStats(train.lengths, 2000);
    expect([s.min, s.median, s.max]).toEqual([504, 1042, 1995]);
    expect(s.mean).toBeCloseTo(1092.83, 2);
    expect(lengthStats(val.lengths, 2000).median).toBe(1012.5);
  });

  it('listops-lra-short: 2000/200/200 rows with the STATS.md label histogram and lengths', () => {
    const task = loadTask('listops', join(SHARED_DATA, 'listops-lra-short'));
    if (task.kind !== 'single') throw new Error('expected a single-sequence task');
    expect(task.splits.train.length + task.splits.val.length + task.splits.test.length).toBe(2400);
    expect(labelHistogram(task.splits.val.labels, 10)).toEqual([36, 20, 14, 17, 15, 18, 14, 23, 14, 29]);
    const s = lengthStats(task.splits.test.lengths, 2000);
    expect([s.min, s.median, s.max]).toEqual([21, 36, 99]);
    expect(s.mean).toBeCloseTo(42.41, 2);
  });
});

describe('ListOps loader on fixtures', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  it('reads CRLF and LF files alike, skips empty lines, keeps at most keepTokens ids', () => {
    const crlf = 'Source\tTarget\r\n( ( [MAX 3 ) 7 ] )\t7\r\n\r\n( ( [SM 9 ) 8 ] )\t7\r\n';
    const lf = crlf.replace(/\r\n/g, '\n');
    for (const text of [crlf, lf]) {
      const split = readListOpsTsv(textSource('mem.tsv', text), 3);
      expect(split.length).toBe(2);
      expect(Array.from(split.labels)).toEqual([7, 7]);
      expect(Array.from(split.lengths)).toEqual([4, 4]);
      expect(Array.from(split.tokens(0))).toEqual([12, 4, 8]); // truncated to 3
    }
  });

  it('names the file and line of a malformed row, a bad target and an out-of-range label', () => {
    const bad = (body: string): (() => void) => () => readListOpsTsv(textSource('f.tsv', `Source\tTarget\r\n( ( [MIN 1 ) 2 ] )\t1\r\n${body}\r\n`));
    expect(bad('( ( [MIN 1 ) 2 ] )')).toThrow('f.tsv:3: expected 2 tab-separated fields');
    expect(bad('( ( [MIN 1 ) 2 ] )\tone')).toThrow("f.tsv:3: Target 'one' is not an integer");
    expect(bad('( ( [MIN 1 ) 2 ] )\t12')).toThrow('f.tsv:3: label 12 is out of range; expected 0..9');
    expect(bad('( ( [AVG 1 ) 2 ] )\t1')).toThrow("f.tsv:3: unknown ListOps token '[AVG'");
  });

  it('a missing split file lists what was expected', () => {
    mkdirSync(join(dir, 'partial'));
    writeFileSync(join(dir, 'partial', 'basic_train.tsv'), 'Source\tTarget\r\n1\t1\r\n');
    expect(() => loadTask('listops', join(dir, 'partial'))).toThrow(/missing basic_val.tsv, basic_test.tsv/);
  });
});
