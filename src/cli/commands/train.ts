// `proxyformer train`: trains a model on an LRA task and prints the final summary table.
// Flags are parsed strictly (node:util parseArgs); unknown flags and bad values are rejected with
// the valid ones. Exports the pieces `start` and `eval` reuse: flag checks, the plan, the table.
// Not here: the loop (src/train/trainer.ts) or the data (src/train/task-data.ts).
import { resolve, join } from 'node:path';
import { parseArgs } from 'node:util';
import { setThreads } from '../../backend/index.ts';
import { defaultThreadCount } from '../../backend/threads-node.ts';
import { nodeReplicas } from '../../train/data-parallel/node-adapter.ts';
import { TASK_NAMES, type TaskName } from '../../data/tasks.ts';
import { ATTENTION_NAMES, type AttentionName } from '../../nn/attention/options.ts';
import { resolveModelConfig, type ModelConfig } from '../../models/config.ts';
import { lraPreset } from '../../models/presets.ts';
import { loadCheckpoint, type Json, type LoadedCheckpoint } from '../../train/checkpoint.ts';
import { buildModel } from '../../train/model.ts';
import { PRESET_NAMES, trainPreset, type PresetName } from '../../train/presets.ts';
import { formatCount, formatDuration, formatTable } from '../../train/progress.ts';
import { savedRun } from '../../train/run-state.ts';
import { prepareData, type DataSource } from '../../train/task-data.ts';
import { train, type TrainResult, type TrainSettings } from '../../train/trainer.ts';

export const help = `Usage: proxyformer train [--task NAME] [--model NAME] [options]

Trains an LRA model and reports test accuracy (of the best validation checkpoint) against the
majority-class baseline. Without --data, ListOps and Pathfinder are generated into the cache
folder once and reused. Writes OUT/best.safetensors, OUT/last.safetensors, OUT/metrics.jsonl
and OUT/metrics.svg. Ctrl-C stops after the current step and saves OUT/last.safetensors.

  --task NAME        ${TASK_NAMES.join(' | ')} (default listops)
  --model NAME       attention: ${ATTENTION_NAMES.join(' | ')} (default proxy)
  --preset NAME      ${PRESET_NAMES.join(' | ')} (default start): start = ~10 min on 2 cores,
                     lra = the paper's configuration, tiny = a smoke test in seconds
  --data DIR         the task's files (see \`proxyformer data --help\`); default: generated
  --cache DIR        where generated data is kept (default .cache)
  --out DIR          output folder (default runs/<task>-<model>-<preset>)
  --resume           continue the run in OUT from OUT/last.safetensors, exactly
  --steps N          optimizer steps            --batch N       sequences per step
  --lr X             peak learning rate          --warmup N      warmup steps of the one-cycle schedule
  --seq-len N        T, tokens per sequence      --landmarks N   M, landmarks / proxy tokens
  --seed N           seed of the model and data order (default 0)
  --optimizer NAME   adamw | sgd (default adamw)  --weight-decay X  (default 0)
  --clip-norm X      clip gradients to this global norm   --clip-value X   clip each element
  --accumulate N     split each batch into N shards (micro-batches; default 2). A run's
                     numbers depend on this, not on --threads: --threads 1 computes what
                     --threads 2 does. To use more than N cores, raise it
  --eval-every N     validate every N steps     --log-every N   log a metrics record every N steps
  --eval-limit N     validate on at most N examples
  --threads N        model replicas, one per thread, training on the shards of each batch
                     (data parallel, at most one per shard); with 1, the matrix products
                     use the cores instead (default: all cores)

Examples:
  proxyformer train                                   # the npm start job, written to runs/
  proxyformer train --model nystrom --steps 300 --out runs/nys
  proxyformer train --preset lra --task listops --data data/listops-1000
  proxyformer train --preset tiny --model softmax
  proxyformer train --out runs/nys --resume           # after Ctrl-C`;

export const STRING_FLAGS = ['task', 'model', 'preset', 'data', 'cache', 'out', 'steps', 'batch', 'lr', 'warmup', 'seq-len', 'landmarks', 'seed', 'optimizer', 'weight-decay', 'clip-norm', 'clip-value', 'accumulate', 'eval-every', 'log-every', 'eval-limit', 'threads'] as const;

/** Parses flags strictly; the error lists every valid flag. */
export function parseFlags(command: string, argv: string[], strings: readonly string[], booleans: readonly string[] = []): Record<string, string | boolean | undefined> {
  const options = Object.fromEntries([...strings.map((f) => [f, { type: 'string' as const }]), ...booleans.map((f) => [f, { type: 'boolean' as const }])]);
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    throw new Error(`${command}: ${(error as Error).message}. Valid flags: ${[...strings, ...booleans].map((f) => `--${f}`).join(' ')}`);
  }
}

/** Typed readers for flag values: each rejects a bad value naming the flag and what is allowed. */
export function flagReader(command: string, values: Record<string, string | boolean | undefined>) {
  const raw = (name: string): string | undefined => {
    const v = values[name];
    return typeof v === 'string' ? v : undefined;
  };
  return {
    raw,
    int(name: string, fallback: number, min = 0): number {
      const v = raw(name);
      if (v === undefined) return fallback;
      if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) < min) throw new Error(`${command}: --${name} must be an integer >= ${min}, got '${v}'`);
      return Number(v);
    },
    num(name: string, fallback: number, allowZero = false): number {
      const v = raw(name);
      if (v === undefined) return fallback;
      const x = Number(v);
      if (v.trim() === '' || !Number.isFinite(x) || x < 0 || (!allowZero && x === 0)) throw new Error(`${command}: --${name} must be a number ${allowZero ? '>= 0' : '> 0'}, got '${v}'`);
      return x;
    },
    choice<T extends string>(name: string, valid: readonly T[], fallback: T): T {
      const v = raw(name) ?? fallback;
      if (!(valid as readonly string[]).includes(v)) throw new Error(`${command}: --${name} must be one of ${valid.join(', ')}; got '${v}'`);
      return v as T;
    },
  };
}

/** Everything a run needs, resolved from flags, a preset, or a checkpoint being resumed. */
export interface TrainPlan {
  preset: PresetName;
  config: ModelConfig;
  data: DataSource;
  settings: TrainSettings;
  outDir: string;
  /** Threads: data-parallel replicas (at most one per shard). */
  threads: number;
  resume?: LoadedCheckpoint;
}

export function planFromFlags(command: string, values: Record<string, string | boolean | undefined>, defaultPreset: PresetName = 'start'): TrainPlan {
  const f = flagReader(command, values);
  const task: TaskName = f.choice('task', TASK_NAMES, 'listops');
  const model: AttentionName = f.choice('model', ATTENTION_NAMES, 'proxy');
  const preset: PresetName = f.choice('preset', PRESET_NAMES, defaultPreset);
  const p = trainPreset(preset, task);
  const outDir = resolve(f.raw('out') ?? join('runs', `${task}-${model}-${preset}`));
  const threads = f.int('threads', defaultThreadCount(), 1);
  setThreads(threads);
  if (values.resume === true) {
    const allowed = new Set(['task', 'model', 'preset', 'out', 'threads', 'resume']);
    const extra = Object.keys(values).filter((k) => values[k] !== undefined && !allowed.has(k));
    if (extra.length > 0) throw new Error(`${command}: with --resume the settings come from the checkpoint; remove ${extra.map((k) => `--${k}`).join(' ')}`);
    return { ...planFromCheckpoint(loadCheckpoint(join(outDir, 'last.safetensors')), outDir), threads };
  }
  const seqLen = f.int('seq-len', p.seqLen, 1);
  const landmarks = f.int('landmarks', Math.min(p.landmarks, seqLen), 1);
  const seed = f.int('seed', 0);
  const settings: TrainSettings = {
    ...p.settings,
    steps: f.int('steps', p.settings.steps, 1),
    batchSize: f.int('batch', p.settings.batchSize, 1),
    lr: f.num('lr', p.settings.lr),
    warmup: f.int('warmup', p.settings.warmup),
    optimizer: f.choice('optimizer', ['adamw', 'sgd'] as const, 'adamw'),
    weightDecay: f.num('weight-decay', 0, true),
    clipNorm: f.raw('clip-norm') === undefined ? null : f.num('clip-norm', 1),
    clipValue: f.raw('clip-value') === undefined ? null : f.num('clip-value', 1),
    microBatches: f.int('accumulate', p.settings.microBatches, 1),
    evalEvery: f.int('eval-every', p.settings.evalEvery, 1),
    logEvery: f.int('log-every', p.settings.logEvery, 1),
    evalLimit: f.raw('eval-limit') === undefined ? null : f.int('eval-limit', 0, 1),
    seed,
  };
  if (settings.warmup > settings.steps) throw new Error(`${command}: --warmup (${settings.warmup}) must not exceed --steps (${settings.steps})`);
  if (settings.microBatches > settings.batchSize) throw new Error(`${command}: --accumulate (${settings.microBatches}) must not exceed --batch (${settings.batchSize})`);
  const dataDir = f.raw('data');
  const config = lraPreset(task, {
    attention: { name: model, landmarks, linformerK: landmarks, performerFeatures: Math.min(128, Math.max(landmarks, 16)) },
    overrides: { seqLen, seed },
  });
  const data: DataSource = { task, dir: dataDir === undefined ? undefined : resolve(dataDir), cacheDir: resolve(f.raw('cache') ?? '.cache'), seqLen, listops: { ...p.listops, seed }, pathfinder: { ...p.pathfinder, seed } };
  return { preset, config, data, settings, outDir, threads };
}

/** The plan of a run being resumed: model, data and settings exactly as saved. */
export function planFromCheckpoint(checkpoint: LoadedCheckpoint, outDir: string): TrainPlan {
  const saved = savedRun(checkpoint);
  const preset = (checkpoint.preset ?? 'start') as PresetName;
  const config = resolveModelConfig(checkpoint.config as unknown as ModelConfig);
  return { preset, config, data: saved.dataSource as unknown as DataSource, settings: saved.settings, outDir, threads: 1, resume: checkpoint };
}

export async function executePlan(plan: TrainPlan): Promise<TrainResult> {
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const data = prepareData({ ...plan.data, log });
  if (data.vocabSize > plan.config.vocabSize) throw new Error(`the data has ${data.vocabSize} token ids but the model's vocabulary is ${plan.config.vocabSize}`);
  const model = buildModel(plan.config);
  const a = plan.config.attention;
  log(`${plan.resume === undefined ? 'training' : `resuming at step ${savedRun(plan.resume).step}:`} ${a.name} on ${data.task} (T ${data.encoding.seqLen}, M ${a.landmarks}, ${formatCount(model.parameterCount())} parameters; ` +
    `${data.splits.train.length}/${data.splits.val.length}/${data.splits.test.length} train/val/test; ${plan.settings.steps} steps of ${plan.settings.batchSize}, lr ${plan.settings.lr}) -> ${plan.outDir}`);
  const controller = new AbortController();
  const onSigint = (): void => {
    log('\ninterrupt: finishing this step and saving last.safetensors (Ctrl-C again to quit at once)');
    process.removeListener('SIGINT', onSigint);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const dataSource = plan.data as unknown as Json; // generation settings, or the user's --data
    const replicas = Math.min(plan.threads, plan.settings.microBatches, plan.settings.batchSize);
    if (replicas < plan.threads) log(`using ${replicas} replica thread(s): the run splits each batch into ${plan.settings.microBatches} shard(s)`);
    return await train({ model, data, settings: plan.settings, preset: plan.preset, dataSource, outDir: plan.outDir, resumeFrom: plan.resume, signal: controller.signal, replicas, replicaAdapter: nodeReplicas });
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

export function summaryTable(result: TrainResult, plan: TrainPlan): string {
  const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;
  const rows: [string, string][] = [
    ['model', `${plan.config.attention.name} (${plan.preset} preset)`],
    ['test accuracy (best val checkpoint)', result.test === null ? '-' : pct(result.test.acc)],
    ['majority-class baseline (test)', pct(result.majority.accuracy)],
    ['best val accuracy', `${pct(result.bestValAcc)} at step ${result.bestStep}`],
    ['steps', String(result.steps)],
    ['wall time', formatDuration(result.wallSec)],
    ['tokens/s (T positions, this process)', formatCount(result.tokensPerSec)],
    ['peak memory (RSS)', `${(result.peakMemoryBytes / 2 ** 20).toFixed(0)} MB`],
    ['outputs', plan.outDir],
  ];
  return formatTable('Result', rows);
}

export async function run(argv: string[]): Promise<void> {
  const values = parseFlags('train', argv, STRING_FLAGS, ['resume']);
  const plan = planFromFlags('train', values);
  const result = await executePlan(plan);
  if (result.interrupted) {
    console.log(`interrupted at step ${result.steps}; continue with: proxyformer train --out ${plan.outDir} --resume`);
    return;
  }
  console.log(summaryTable(result, plan));
}
