// Training benchmark: `npm run bench -- train [--models proxy,nystrom,softmax] [--batch 32]
// [--seq-len 2048] [--repeats 1] [--no-tfjs]`. One full training step — forward, backward (task
// + auxiliary loss), AdamW update — of the ListOps `lra` model (2 layers, C 64, F 128, H 2, M 128,
// T 2048, batch 32, float32) with one thread, for each attention type: sequences/s and tokens/s
// (T positions per sequence). Softmax attention runs as 8 micro-batches of 4 (gradient
// accumulation, the same step) so its T×T matrices fit in memory. In the same run, the peer:
// tfjs-core + tfjs-backend-wasm 4.22 (one thread) training the same Nyström layer stack
// (bench/_train-tfjs.ts), as 4 micro-batches of 8 (its 4 GB wasm32 heap cannot hold the tape of
// the whole batch). Target: proxy >= 5x the peer's tokens/s.
// Data parallel (issue 7): proxy and nystrom again with 1 and 2 replica threads, both runs
// splitting each batch into the same 2 shards (the same step), so `speedup2` compares equal work.
// Target: speedup2 >= 1.8. Options: --dp-models proxy,nystrom (empty to skip). Writes
// bench/results/train.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Rng } from '../src/index.ts';
import { lraPreset } from '../src/models/presets.ts';
import type { AttentionName } from '../src/nn/attention/options.ts';
import { AdamW } from '../src/optim/adamw.ts';
import { ReplicaGroup } from '../src/train/data-parallel/group.ts';
import { nodeReplicas } from '../src/train/data-parallel/node-adapter.ts';
import { buildModel } from '../src/train/model.ts';
import { tfjsNystromTrainer } from './_train-tfjs.ts';

interface Row {
  model: string;
  threads: number;
  batch: number;
  T: number;
  microBatches: number;
  stepMs: number;
  sequencesPerSec: number;
  tokensPerSec: number;
  loss: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function randomBatch(b: number, t: number, seed: number): { ids: Int32Array; mask: Float32Array; labels: Int32Array; batch: number; seqLen: number } {
  const rng = new Rng(seed);
  return {
    ids: Int32Array.from({ length: b * t }, () => rng.int(1, 15)),
    mask: new Float32Array(b * t).fill(1),
    labels: Int32Array.from({ length: b }, () => rng.int(0, 9)),
    batch: b,
    seqLen: t,
  };
}

/** One training step (the trainer's path: replica group, then AdamW) timed `repeats` times. */
async function measureOurs(name: AttentionName, b: number, t: number, repeats: number, threads: number, microBatches: number): Promise<Row> {
  const model = buildModel(lraPreset('listops', { attention: { name }, overrides: { seqLen: t } }));
  const optimizer = new AdamW(model.namedParameters(), { lr: 1e-4 });
  const group = await ReplicaGroup.start(model, threads, nodeReplicas, Math.max(threads, microBatches));
  try {
    const step = async (batchSize: number, shards: number, index: number): Promise<{ ms: number; loss: number }> => {
      const batch = randomBatch(batchSize, t, batchSize);
      const started = performance.now();
      const out = await group.step(batch, shards, index, 0);
      optimizer.step();
      optimizer.zeroGrad();
      return { ms: performance.now() - started, loss: out.loss };
    };
    await step(2 * threads, threads, 0); // warm-up: JIT, WASM instantiation, buffer pools
    const runs: { ms: number; loss: number }[] = [];
    for (let i = 0; i < repeats; i++) runs.push(await step(b, microBatches, i + 1));
    const ms = median(runs.map((r) => r.ms));
    return { model: name, threads, batch: b, T: t, microBatches, stepMs: ms, sequencesPerSec: (1000 * b) / ms, tokensPerSec: (1000 * b * t) / ms, loss: runs[0]!.loss };
  } finally {
    group.close();
  }
}

function print(r: Row): void {
  console.log(`${r.model.padEnd(18)} ${r.threads} thread${r.threads > 1 ? 's' : ' '} B ${r.batch} T ${r.T}${r.microBatches > 1 ? ` (${r.microBatches} micro-batches)` : ''}: step ${(r.stepMs / 1000).toFixed(2)} s, ${r.sequencesPerSec.toFixed(2)} seq/s, ${r.tokensPerSec.toFixed(0)} tokens/s (loss ${r.loss.toFixed(3)})`);
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { models: { type: 'string', default: 'proxy,nystrom,softmax' }, batch: { type: 'string', default: '32' }, 'seq-len': { type: 'string', default: '2048' }, repeats: { type: 'string', default: '1' }, 'no-tfjs': { type: 'boolean', default: false }, 'dp-models': { type: 'string', default: 'proxy,nystrom' } },
  });
  const b = Number(values.batch);
  const t = Number(values['seq-len']);
  const repeats = Number(values.repeats);
  const backend = await import('../src/backend/index.ts');
  backend.setThreads(1);
  const setup = { task: 'listops', preset: 'lra', batch: b, T: t, C: 64, F: 128, H: 2, M: 128, layers: 2, threads: 1, backend: backend.getBackend(), cpu: cpus()[0]?.model, node: process.version, date: new Date().toISOString() };
  console.log(`training step, ListOps lra preset: B ${b}, T ${t}, M 128, one thread, ${setup.backend} backend; ${setup.cpu}`);
  const rows: Row[] = [];
  for (const name of values.models.split(',').filter((m) => m !== '') as AttentionName[]) {
    const row = await measureOurs(name, b, t, repeats, 1, name === 'softmax' ? Math.max(1, Math.floor(b / 4)) : 1);
    rows.push(row);
    print(row);
  }
  if (!values['no-tfjs']) {
    const peer = await tfjsNystromTrainer({ B: b, T: t, C: 64, H: 2, M: 128, F: 128, layers: 2, classes: 10 });
    if (peer !== null) {
      const micro = Math.min(b, 8); // wasm32's 4 GB heap cannot hold the tape of 32 x 2048 tokens
      peer.step(2); // warm-up
      const runs = Array.from({ length: repeats }, () => peer.step(b, micro));
      const ms = median(runs.map((r) => r.ms));
      const row: Row = { model: 'tfjs-wasm nystrom', threads: 1, batch: b, T: t, microBatches: Math.ceil(b / micro), stepMs: ms, sequencesPerSec: (1000 * b) / ms, tokensPerSec: (1000 * b * t) / ms, loss: runs[0]!.loss };
      rows.push(row);
      print(row);
    }
  }
  const dataParallel: { model: string; threads1: Row; threads2: Row; speedup2: number }[] = [];
  for (const name of values['dp-models'].split(',').filter((m) => m !== '') as AttentionName[]) {
    const one = await measureOurs(name, b, t, repeats, 1, 2);
    print(one);
    const two = await measureOurs(name, b, t, repeats, 2, 2);
    print(two);
    dataParallel.push({ model: name, threads1: one, threads2: two, speedup2: two.sequencesPerSec / one.sequencesPerSec });
    console.log(`${name}: data-parallel speed-up with 2 threads ${(two.sequencesPerSec / one.sequencesPerSec).toFixed(2)}x`);
  }
  const find = (name: string): Row | undefined => rows.find((r) => r.model === name);
  const proxy = find('proxy');
  const peerRow = find('tfjs-wasm nystrom');
  const ratio = (a?: Row, c?: Row): number | null => (a === undefined || c === undefined ? null : a.tokensPerSec / c.tokensPerSec);
  const summary = {
    proxyOverTfjsNystrom: ratio(proxy, peerRow),
    proxyOverNystrom: ratio(proxy, find('nystrom')),
    proxyOverSoftmax: ratio(proxy, find('softmax')),
    speedup2: dataParallel.length === 0 ? null : Math.min(...dataParallel.map((d) => d.speedup2)),
  };
  const targets = {
    proxyOverTfjsNystrom: { target: '>= 5', met: (summary.proxyOverTfjsNystrom ?? 0) >= 5 },
    speedup2: { target: '>= 1.8 (the smaller of proxy and nystrom)', met: (summary.speedup2 ?? 0) >= 1.8 },
  };
  console.log(JSON.stringify({ ...summary, targets }, null, 2));
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'train.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ ...summary, targets, setup, rows, dataParallel }, null, 2)}\n`);
  console.log(`wrote ${out}`);
}
