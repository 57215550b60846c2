// `proxyformer eval --checkpoint FILE`: rebuilds the model saved in a checkpoint, loads its
// weights and reports accuracy and loss on a split next to the majority-class baseline.
// Without --data it uses the data the run was trained on (regenerated into the cache if needed).
import { resolve } from 'node:path';
import { resolveModelConfig, type ModelConfig } from '../../models/config.ts';
import { loadCheckpoint, loadParameters } from '../../train/checkpoint.ts';
import { evaluate } from '../../train/evaluate.ts';
import { buildModel } from '../../train/model.ts';
import { formatDuration, formatTable } from '../../train/progress.ts';
import { majorityBaseline, prepareData, type DataSource } from '../../train/task-data.ts';
import { setThreads } from '../../backend/index.ts';
import { flagReader, parseFlags } from './train.ts';

export const help = `Usage: proxyformer eval --checkpoint FILE [--data DIR] [--split test|val|train] [--batch N]

Evaluates a checkpoint (best.safetensors or last.safetensors of a run) and prints accuracy and
mean task loss next to the majority-class baseline.

  --checkpoint FILE  a .safetensors checkpoint written by \`proxyformer train\`
  --data DIR         the task's files; default: the data the checkpoint was trained on
  --cache DIR        where generated data is kept (default: as at training time)
  --split NAME       test | val | train (default test)
  --batch N          sequences per forward pass (default 32)
  --limit N          evaluate at most N examples
  --threads N        threads of the matrix products (default: all cores)

Examples:
  proxyformer eval --checkpoint runs/listops-proxy-start/best.safetensors
  proxyformer eval --checkpoint best.safetensors --data data/listops-1000 --split val`;

export async function run(argv: string[]): Promise<void> {
  const values = parseFlags('eval', argv, ['checkpoint', 'data', 'cache', 'split', 'batch', 'limit', 'threads']);
  const f = flagReader('eval', values);
  const path = f.raw('checkpoint');
  if (path === undefined) throw new Error('eval: --checkpoint FILE is required');
  const split = f.choice('split', ['test', 'val', 'train'] as const, 'test');
  const batch = f.int('batch', 32, 1);
  const limit = f.int('limit', Number.MAX_SAFE_INTEGER, 1);
  const threads = f.int('threads', 0, 1);
  if (threads > 0) setThreads(threads);

  const checkpoint = loadCheckpoint(path);
  const config = resolveModelConfig(checkpoint.config as unknown as ModelConfig);
  const model = buildModel(config);
  loadParameters(checkpoint, model.namedTensors());
  const trainer = checkpoint.trainer as { dataSource?: DataSource; task?: string } | undefined;
  const saved = trainer?.dataSource;
  const dataDir = f.raw('data');
  if (saved === undefined && dataDir === undefined) throw new Error(`eval: ${path} does not say which data it was trained on; pass --data DIR`);
  const source: DataSource = {
    ...(saved ?? { task: 'listops', cacheDir: '.cache', seqLen: config.seqLen }),
    ...(dataDir === undefined ? {} : { dir: resolve(dataDir) }),
    ...(f.raw('cache') === undefined ? {} : { cacheDir: resolve(f.raw('cache')!) }),
    seqLen: config.seqLen,
    log: (line) => void process.stderr.write(`${line}\n`),
  };
  const data = prepareData(source);
  const started = performance.now();
  const r = evaluate(model, data, split, batch, limit);
  const majority = majorityBaseline(data, split, limit); // on the same examples as the accuracy
  console.log(
    formatTable(`eval ${path}`, [
      ['model', `${config.attention.name} on ${data.task} (T ${config.seqLen}, M ${config.attention.landmarks}), preset ${checkpoint.preset ?? '-'}`],
      [`${split} accuracy`, `${(100 * r.acc).toFixed(2)} %`],
      [`majority-class baseline (${split})`, `${(100 * majority.accuracy).toFixed(2)} %`],
      [`${split} task loss`, r.loss.toFixed(4)],
      ['examples', String(r.examples)],
      ['time', formatDuration((performance.now() - started) / 1000)],
    ]),
  );
}
