// Data benchmark (`npm run bench -- data`): generation rates (ListOps trees/s, Pathfinder
// images/s), loading + tokenization throughput (MB/s) of a ListOps TSV and CIFAR binary
// batches, and the time to assemble one batch at each task's preset. Median of repeated runs;
// writes bench/results/data.json and prints a table. Inputs are generated in a temp folder.
// Not here: model step times (the training benchmark measures those).
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../src/tensor/rng.ts';
import { makeBatch, makePairBatch } from '../src/data/batch.ts';
import { CIFAR_RECORD_BYTES, parseCifarBatch } from '../src/data/cifar.ts';
import { fileSource, writeFileAtomic } from '../src/data/files.ts';
import { generateListOps, listOpsTsvParts } from '../src/data/listops-generate.ts';
import { readListOpsTsv } from '../src/data/listops.ts';
import { generatePathfinder } from '../src/data/pathfinder-generate.ts';
import { indexRetrievalTsv } from '../src/data/retrieval.ts';
import { SequenceSplit } from '../src/data/sequence-split.ts';
import { PRESETS, taskEncoding } from '../src/data/tasks.ts';

interface Row {
  name: string;
  value: number;
  unit: string;
  medianMs: number;
  runs: number;
}

/** Median wall time (ms) of `runs` calls after one warm-up call. */
function median(runs: number, fn: () => void): number {
  fn();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]!;
}

function randomSplit(n: number, length: number, rng: Rng): SequenceSplit {
  const tokens = Array.from({ length: n }, () => Uint8Array.from({ length }, () => rng.int(0, 255)));
  return new SequenceSplit(tokens, new Uint8Array(n), new Uint32Array(n).fill(length));
}

export async function run(argv: string[]): Promise<void> {
  const quick = argv.includes('--quick');
  const runs = quick ? 3 : 7;
  const rows: Row[] = [];
  const add = (name: string, value: number, unit: string, medianMs: number): void => void rows.push({ name, value, unit, medianMs, runs });
  const dir = mkdtempSync(join(tmpdir(), 'proxyformer-bench-data-'));
  const rng = new Rng(0);
  try {
    // Generation.
    let sampled = 0;
    const accepted = quick ? 50 : 200;
    const tGen = median(runs, () => {
      sampled = generateListOps({ train: accepted, val: 0, test: 0, seed: 1 }).sampled;
    });
    add('ListOps generate, LRA window (accepted trees)', accepted / (tGen / 1000), 'trees/s', tGen);
    add('ListOps generate, LRA window (sampled trees)', sampled / (tGen / 1000), 'trees/s', tGen);
    const nImages = quick ? 10 : 50;
    const tPf = median(runs, () => void generatePathfinder(nImages, 3));
    add('Pathfinder-32 generate', nImages / (tPf / 1000), 'images/s', tPf);

    // Loading + tokenization.
    const tsv = join(dir, 'basic_train.tsv');
    writeFileAtomic(tsv, listOpsTsvParts(generateListOps({ train: quick ? 100 : 400, val: 0, test: 0, seed: 2 }).train));
    const tsvMB = statSync(tsv).size / 1e6;
    let listops = new SequenceSplit([], new Uint8Array(0), new Uint32Array(0));
    const tLoad = median(runs, () => {
      listops = readListOpsTsv(fileSource(tsv), 2000);
    });
    add(`ListOps TSV load + tokenize (${tsvMB.toFixed(1)} MB)`, tsvMB / (tLoad / 1000), 'MB/s', tLoad);
    const cifar = Uint8Array.from({ length: 10000 * CIFAR_RECORD_BYTES }, (_, i) => (i % CIFAR_RECORD_BYTES === 0 ? i % 10 : (i * 2654435761) >>> 24));
    const tCifar = median(runs, () => void parseCifarBatch(cifar, 'synthetic.bin'));
    add('CIFAR-10 binary parse + grayscale (30.7 MB)', cifar.length / 1e6 / (tCifar / 1000), 'MB/s', tCifar);

    // One batch at each preset.
    const pick = (n: number, b: number): Int32Array => Int32Array.from({ length: b }, (_, i) => (i * 7919) % n);
    const p = PRESETS;
    const tListops = median(runs * 3, () => void makeBatch(listops, pick(listops.length, p.listops.batchSize), taskEncoding('listops')));
    add('batch ListOps T 2048 B 32', tListops, 'ms', tListops);
    const text = randomSplit(64, 4000, rng);
    const tText = median(runs * 3, () => void makeBatch(text, pick(64, p.text.batchSize), taskEncoding('text')));
    add('batch Text T 4096 B 32', tText, 'ms', tText);
    const pairs = join(dir, 'pairs.tsv');
    mkdirSync(dirname(pairs), { recursive: true });
    const doc = (i: number): string => 'word '.repeat(1200 + (i % 7) * 10);
    writeFileSync(pairs, Array.from({ length: 64 }, (_, i) => `${i % 2}.0\ta${i}\tb${i}\t${doc(i)}\t${doc(i + 1)}`).join('\n'));
    const retrieval = indexRetrievalTsv(fileSource(pairs), 4000);
    const tRet = median(runs * 3, () => void makePairBatch(retrieval, pick(64, p.retrieval.batchSize), taskEncoding('retrieval')));
    add('batch Retrieval 2 x 4096 B 32 (lazy file reads)', tRet, 'ms', tRet);
    const images = randomSplit(512, 1024, rng);
    const tImg = median(runs * 3, () => void makeBatch(images, pick(512, p.image.batchSize), taskEncoding('image', 1)));
    add('batch Image T 1024 B 256', tImg, 'ms', tImg);
    const tPath = median(runs * 3, () => void makeBatch(images, pick(512, p.pathfinder.batchSize), taskEncoding('pathfinder')));
    add('batch Pathfinder T 1024 B 256', tPath, 'ms', tPath);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'data.json');
  writeFileAtomic(out, [`${JSON.stringify({ benchmark: 'data', node: process.version, date: new Date().toISOString(), runs, rows }, null, 2)}\n`]);
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`${'measure'.padEnd(width)}  ${'value'.padStart(12)}  unit      median ms`);
  for (const r of rows) console.log(`${r.name.padEnd(width)}  ${r.value.toFixed(r.value < 10 ? 3 : 1).padStart(12)}  ${r.unit.padEnd(8)}  ${r.medianMs.toFixed(3)}`);
  console.log(`written ${out}`);
}
