// The training loop. One step is three phases: (1) gradients of the batch's shards, computed by
// the replicas (data-parallel/: one replica on the main thread, or N in worker threads);
// (2) the reduce of their gradients into the main model's .grad; (3) clip, schedule and one
// optimizer update of the shared weights. Around it: periodic validation, the best checkpoint by validation
// accuracy, a `last` checkpoint that resumes bit-exactly (weights, optimizer moments, step,
// data order, dropout generator), JSON Lines metrics with an SVG plot, and at the end the test
// accuracy of the best checkpoint. Not here: flags (cli/commands/train.ts), data loading.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdamW } from '../optim/adamw.ts';
import { clipGradNorm, clipGradValue } from '../optim/clip.ts';
import { OneCycleSchedule, applySchedule } from '../optim/one-cycle.ts';
import type { Optimizer } from '../optim/optimizer.ts';
import { SGD } from '../optim/sgd.ts';
import type { FloatArray } from '../tensor/tensor.ts';
import { saveCheckpoint, type Json, type LoadedCheckpoint } from './checkpoint.ts';
import { evaluate, type EvalResult } from './evaluate.ts';
import { MetricsLog } from './metrics.ts';
import { ReplicaGroup, type GroupStep } from './data-parallel/group.ts';
import type { ReplicaAdapter } from './data-parallel/protocol.ts';
import type { LraModel } from './model.ts';
import { renderMetricsSvg } from './plot-svg.ts';
import { Progress, type ProgressStream } from './progress.ts';
import { BatchSampler } from './sampler.ts';
import { restoreRun, runState, type RunState } from './run-state.ts';
import { batchOf, majorityBaseline, splitSize, type TaskData } from './task-data.ts';

/** What defines a run's numbers; saved in every checkpoint and checked on resume. */
export interface TrainSettings {
  steps: number;
  batchSize: number;
  /** Peak learning rate of the one-cycle schedule. */
  lr: number;
  warmup: number;
  optimizer: 'adamw' | 'sgd';
  weightDecay: number;
  clipNorm: number | null;
  clipValue: number | null;
  /**
   * Each batch is processed as this many shards (micro-batches), each with its own dropout
   * stream; the replicas share them out. The numbers of a run depend on this, not on the
   * number of replicas.
   */
  microBatches: number;
  evalEvery: number;
  logEvery: number;
  /** Validate on at most this many examples (null: the whole split). */
  evalLimit: number | null;
  /** Seed of the data order (the model's seed is in its config). */
  seed: number;
}

export interface TrainerOptions {
  model: LraModel;
  data: TaskData;
  settings: TrainSettings;
  preset?: string;
  /** Where the data came from (saved, so `eval` can find the test split again). */
  dataSource?: Json;
  /** Folder for last.safetensors, best.safetensors, metrics.jsonl, metrics.svg. */
  outDir?: string;
  resumeFrom?: LoadedCheckpoint;
  /** Abort (e.g. on Ctrl-C) ends the run after the current step, saving `last`. */
  signal?: AbortSignal;
  /** Where the progress goes (default stderr); null for silence. */
  progress?: ProgressStream | null;
  /** Called after every optimizer step (e.g. to stop a run from a test). */
  onStep?: (loss: StepLoss) => void;
  /** Model replicas computing each step's shards in parallel (1: the main thread only). */
  replicas?: number;
  /** How replica workers are started (required when replicas > 1; Node: nodeReplicas). */
  replicaAdapter?: ReplicaAdapter;
}

export interface StepLoss {
  step: number;
  loss: number;
  taskLoss: number;
  auxLoss: number;
}

export interface TrainResult {
  interrupted: boolean;
  steps: number;
  losses: StepLoss[];
  initialValAcc: number | null;
  bestValAcc: number;
  bestStep: number;
  test: EvalResult | null;
  majority: { label: number; accuracy: number };
  wallSec: number;
  tokensPerSec: number;
  peakMemoryBytes: number;
}

function makeOptimizer(model: LraModel, s: TrainSettings): Optimizer {
  const params = model.namedParameters();
  return s.optimizer === 'sgd' ? new SGD(params, { lr: s.lr, momentum: 0.9, weightDecay: s.weightDecay }) : new AdamW(params, { lr: s.lr, weightDecay: s.weightDecay });
}

/** Losses and accuracy summed over the steps since the last log line. */
class LogWindow {
  n = 0;
  loss = 0;
  taskLoss = 0;
  auxLoss = 0;
  acc = 0;
  started = performance.now();

  add(step: GroupStep): void {
    this.n += 1;
    this.loss += step.loss;
    this.taskLoss += step.taskLoss;
    this.auxLoss += step.auxLoss;
    this.acc += step.acc;
  }
}

export async function train(o: TrainerOptions): Promise<TrainResult> {
  const { model, data, settings: s } = o;
  const optimizer = makeOptimizer(model, s);
  const schedule = new OneCycleSchedule({ lr: s.lr, steps: s.steps, warmup: s.warmup });
  const sampler = new BatchSampler(splitSize(data, 'train'), s.batchSize, s.seed);
  const run: RunState = { step: 0, bestValAcc: -1, bestStep: 0, elapsedSec: 0, initialValAcc: null };
  let bestWeights: Map<string, FloatArray> | null = null;
  if (o.resumeFrom !== undefined) bestWeights = restoreRun(o.resumeFrom, { model, optimizer, sampler, settings: s, run });
  if (o.resumeFrom !== undefined && run.step >= s.steps) {
    throw new Error(`${o.resumeFrom.path}: this run already completed its ${s.steps} steps; nothing to resume (its results are in that folder)`);
  }
  const startStep = run.step;

  const paths = o.outDir === undefined ? null : { last: join(o.outDir, 'last.safetensors'), best: join(o.outDir, 'best.safetensors'), metrics: join(o.outDir, 'metrics.jsonl'), plot: join(o.outDir, 'metrics.svg') };
  if (paths !== null) mkdirSync(o.outDir!, { recursive: true });
  if (paths !== null && o.resumeFrom === undefined) writeFileSync(paths.metrics, '');
  const metrics = paths === null ? new MetricsLog() : o.resumeFrom !== undefined ? MetricsLog.resume(paths.metrics, run.step) : new MetricsLog(paths.metrics);
  const progress = o.progress === null ? null : new Progress(s.steps, startStep, o.progress ?? process.stderr, s.logEvery);
  const started = performance.now();
  const elapsed = (): number => run.elapsedSec + (performance.now() - started) / 1000;
  const tokensPerStep = s.batchSize * data.encoding.seqLen * (data.kind === 'pair' ? 2 : 1);
  const group = await ReplicaGroup.start(model, o.replicas ?? 1, o.replicaAdapter);

  const save = (path: string, withOptimizer: boolean): void => {
    const trainer = runState(run, { model, sampler, settings: s, dataSource: o.dataSource ?? null, task: data.task, elapsedSec: elapsed() });
    saveCheckpoint(path, { parameters: model.namedTensors(), config: model.config as unknown as Json, preset: o.preset, optimizer: withOptimizer ? optimizer.stateDict() : undefined, trainer });
  };
  const validate = (): void => {
    const r = group.withAllThreads(() => evaluate(model, data, 'val', s.batchSize, s.evalLimit ?? Infinity));
    metrics.add({ kind: 'eval', split: 'val', step: run.step, loss: r.loss, acc: r.acc, examples: r.examples, elapsedSec: elapsed() });
    if (run.step === 0) run.initialValAcc = r.acc;
    let note = `step ${run.step}: val acc ${(100 * r.acc).toFixed(2)}% (loss ${r.loss.toFixed(4)}, ${r.examples} examples)`;
    if (r.acc > run.bestValAcc) {
      run.bestValAcc = r.acc;
      run.bestStep = run.step;
      bestWeights = new Map(model.namedTensors().map(([name, t]) => [name, t.data.slice()]));
      if (paths !== null) save(paths.best, false);
      note += ', best so far';
    }
    if (paths !== null) {
      save(paths.last, true);
      writeFileSync(paths.plot, renderMetricsSvg(metrics.records, `${data.task} · ${model.config.attention.name}`));
    }
    progress?.note(note);
  };
  /** One optimizer step: gradients from the replicas, clipping, the update. Returns the step's lr too. */
  const trainStep = async (): Promise<GroupStep & { lr: number }> => {
    const values = applySchedule(optimizer, schedule, run.step);
    const batch = batchOf(data, 'train', sampler.next());
    const out = await group.step(batch, s.microBatches, run.step, model.config.seed);
    if (!Number.isFinite(out.loss)) throw new Error(`the loss is ${out.loss} at step ${run.step + 1}; try a lower --lr (now ${s.lr}) or --clip-norm`);
    if (s.clipValue !== null) clipGradValue(optimizer.params, s.clipValue);
    if (s.clipNorm !== null) clipGradNorm(optimizer.params, s.clipNorm);
    optimizer.step();
    optimizer.zeroGrad();
    run.step += 1;
    return { ...out, lr: values.lr };
  };
  let window = new LogWindow();
  const logWindow = (lr: number): void => {
    const sec = (performance.now() - window.started) / 1000;
    const { n } = window;
    metrics.add({ kind: 'train', step: run.step, loss: window.loss / n, taskLoss: window.taskLoss / n, auxLoss: window.auxLoss / n, acc: window.acc / n, lr, stepsPerSec: n / sec, tokensPerSec: (n * tokensPerStep) / sec, elapsedSec: elapsed() });
    window = new LogWindow();
  };

  const losses: StepLoss[] = [];
  let interrupted = false;
  let test: EvalResult | null = null;
  try {
    model.train();
    if (run.step === 0) validate();
    while (run.step < s.steps) {
      if (o.signal?.aborted === true) {
        interrupted = true;
        break;
      }
      const out = await trainStep();
      const stepLoss: StepLoss = { step: run.step, loss: out.loss, taskLoss: out.taskLoss, auxLoss: out.auxLoss };
      losses.push(stepLoss);
      window.add(out);
      progress?.update({ step: run.step, loss: out.loss, acc: window.acc / window.n, tokens: (run.step - startStep) * tokensPerStep });
      if (run.step % s.logEvery === 0 || run.step === s.steps) logWindow(out.lr);
      if (run.step % s.evalEvery === 0 || run.step === s.steps) validate();
      o.onStep?.(stepLoss);
      await new Promise<void>((resolve) => setImmediate(resolve)); // let Ctrl-C be noticed
    }
    if (interrupted && paths !== null) save(paths.last, true);
    progress?.finish();
    if (!interrupted) {
      const current = new Map(model.namedTensors());
      const best = bestWeights as Map<string, FloatArray> | null; // the weights of the best validation
      if (best !== null) for (const [name, values] of best) current.get(name)!.data.set(values);
      test = group.withAllThreads(() => evaluate(model, data, 'test', s.batchSize));
      metrics.add({ kind: 'eval', split: 'test', step: run.bestStep, loss: test.loss, acc: test.acc, examples: test.examples, elapsedSec: elapsed() });
    }
  } finally {
    group.close(); // on success, failure or interruption: no worker outlives the run
  }
  const ownSec = (performance.now() - started) / 1000;
  return {
    interrupted,
    steps: run.step,
    losses,
    initialValAcc: run.initialValAcc,
    bestValAcc: run.bestValAcc,
    bestStep: run.bestStep,
    test,
    majority: majorityBaseline(data, 'test'),
    wallSec: elapsed(),
    tokensPerSec: ((run.step - startStep) * tokensPerStep) / Math.max(ownSec, 1e-9),
    peakMemoryBytes: process.resourceUsage().maxRSS * 1024,
  };
}
