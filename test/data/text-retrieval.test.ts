// Text (IMDB, byte level) and Retrieval (AAN) loaders on fixtures written in the real formats:
// UTF-8 multibyte text, CRLF, empty lines, float labels; the retrieval index reads documents
// lazily; bad rows name file and line.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { textSource } from '../../src/data/byte-source.ts';
import { makeBatch, makePairBatch } from '../../src/data/batch.ts';
import { fileSource } from '../../src/data/files.ts';
import { indexRetrievalTsv } from '../../src/data/retrieval.ts';
import { loadTask, taskEncoding } from '../../src/data/tasks.ts';
import { readTextTsv } from '../../src/data/text.ts';
import { tempDir } from './helpers.ts';

const utf8 = (s: string): number[] => Array.from(new TextEncoder().encode(s));

describe('Text loader', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  it('aclImdb tree: neg = 0, pos = 1, token = UTF-8 byte + 1, val = test', () => {
    for (const split of ['train', 'test']) {
      for (const folder of ['neg', 'pos']) mkdirSync(join(dir, 'aclImdb', split, folder), { recursive: true });
      writeFileSync(join(dir, 'aclImdb', split, 'neg', '0_1.txt'), 'Awful.');
      writeFileSync(join(dir, 'aclImdb', split, 'pos', '1_10.txt'), 'Schön — 映画 👍');
    }
    const task = loadTask('text', dir);
    if (task.kind !== 'single') throw new Error('single expected');
    expect(task.splits.val).toBe(task.splits.test);
    expect(Array.from(task.splits.train.labels)).toEqual([0, 1]);
    const batch = makeBatch(task.splits.train, [1], taskEncoding('text'));
    const bytes = utf8('Schön — 映画 👍');
    expect(bytes.length).toBe(22); // 14 characters: ö 2 bytes, — 3, 映画 6, 👍 4
    expect(Array.from(batch.ids.subarray(0, 23))).toEqual([...bytes.map((b) => b + 1), 0]);
    expect(batch.seqLen).toBe(4096);
    expect(batch.mask.reduce((a, b) => a + b, 0)).toBe(22);
  });

  it('TSV form: CRLF, empty lines and a header; the text is everything after the first tab', () => {
    const split = readTextTsv(textSource('imdb.tsv', 'label\ttext\r\n1\tgood\tfilm ✓\r\n\r\n0\tbad\r\n'), 4000);
    expect(Array.from(split.labels)).toEqual([1, 0]);
    expect(Array.from(split.tokens(0))).toEqual(utf8('good\tfilm ✓'));
    expect(Array.from(split.lengths)).toEqual([13, 3]);
    expect(readTextTsv(textSource('t.tsv', '1\tabcdef\n'), 4).tokens(0)).toEqual(Uint8Array.from(utf8('abcd')));
  });

  it('bad rows name the file and line; a missing dataset lists both accepted layouts', () => {
    expect(() => readTextTsv(textSource('t.tsv', '1\tok\n2\tno\n'), 10)).toThrow('t.tsv:2: label 2 is out of range; expected 0 or 1');
    expect(() => readTextTsv(textSource('t.tsv', '1\tok\nnotab\n'), 10)).toThrow('t.tsv:2: expected `label<TAB>text`');
    expect(() => loadTask('text', join(dir, 'nothing'))).toThrow(/aclImdb\/\{train,test\}\/\{pos,neg\}.*train.tsv.*test.tsv/s);
  });
});

describe('Retrieval loader', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const rows = ['1.0\taan/1\taan/2\tGraph parsing ü\tParsing graphs', '0.0\taan/3\taan/4\tZürich 東京\t', ''];

  it('indexes 5 columns with float labels, reads documents lazily and truncates them', () => {
    const path = join(dir, 'pairs.tsv');
    writeFileSync(path, rows.join('\r\n'));
    const split = indexRetrievalTsv(fileSource(path), 5);
    expect(split.length).toBe(2);
    expect(Array.from(split.labels)).toEqual([1, 0]);
    expect(Array.from(split.lengths1)).toEqual([16, 14]);
    expect(Array.from(split.lengths2)).toEqual([14, 0]);
    const [a, b] = split.pair(1);
    expect(Array.from(a)).toEqual(utf8('Zürich 東京').slice(0, 5));
    expect(b.length).toBe(0);
    const batch = makePairBatch(split, [0, 1], { maxTokens: 5, seqLen: 8, idOffset: 1 });
    expect(Array.from(batch.ids1.subarray(0, 8))).toEqual([...utf8('Graph').map((x) => x + 1), 0, 0, 0]);
    expect(Array.from(batch.mask2.subarray(8, 16))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(batch.labels)).toEqual([1, 0]);
  });

  it('reads rows that cross the reader chunk boundary', () => {
    const long = Array.from({ length: 300 }, (_, i) => `${i % 2}.0\ta${i}\tb${i}\t${'x'.repeat(i)}\t${'y'.repeat(300 - i)}`).join('\n');
    const split = indexRetrievalTsv({ ...textSource('big.tsv', long) }, 4000);
    expect(split.length).toBe(300);
    expect(split.pair(299)[0].length).toBe(299);
    expect(split.lengths2[7]).toBe(293);
  });

  it('rejects wrong column counts and labels, and lists expected files', () => {
    expect(() => indexRetrievalTsv(textSource('r.tsv', '1.0\ta\tb\tc\n'), 10)).toThrow('r.tsv:1: expected 5 tab-separated columns (label, id1, id2, text1, text2), found 4');
    expect(() => indexRetrievalTsv(textSource('r.tsv', '1.0\ta\tb\tc\td\n0.5\ta\tb\tc\td\n'), 10)).toThrow('r.tsv:2: label 0.5 is out of range');
    expect(() => indexRetrievalTsv(textSource('r.tsv', 'yes\ta\tb\tc\td\n'), 10)).toThrow("r.tsv:1: label 'yes' is not a number");
    expect(() => loadTask('retrieval', dir)).toThrow(/new_aan_pairs.train.tsv, new_aan_pairs.eval.tsv, new_aan_pairs.test.tsv/);
  });
});
