// The training loop. One step is three phases: (1) gradients of the batch's shards, computed by
// the replicas (data-parallel/: one replica on the main thread, or N in worker threads);
// (2) the reduce of their gradients into the main model's .grad; (3) clip, schedule and one
// optimizer update of the shared weights. Around it: periodic validation, the best checkpoint by validation
// accuracy, a `last` checkpoint that resumes bit-exactly (weights, optimizer moments, step,
// data order, dropout generator), JSON Lines metrics with an SVG plot, and at the end the test
// accuracy of the best checkpoint. Not here: flags (cli/commands/train.ts), data loading.
import { mkdirSync, writeFileSync } from 'node:fs';
import { writeFileAtomic } from '../data/files.ts';
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

/** One run's moving parts, so that train() reads as the loop it is. */
class TrainingRun {
  readonly optimizer: Optimizer;
  readonly schedule: OneCycleSchedule;
  readonly sampler: BatchSampler;
  readonly run: RunState = { step: 0, bestValAcc: -1, bestStep: 0, elapsedSec: 0, initialValAcc: null };
  /** The weights of the best validation so far (restored for the final test). */
  bestWeights: Map<string, FloatArray> | null = null;
  readonly startStep: number;
  readonly paths: { last: string; best: string; metrics: string; plot: string } | null;
  readonly metrics: MetricsLog;
  readonly progress: Progress | null;
  readonly tokensPerStep: number;
  readonly started = performance.now();
  window = new LogWindow();

  constructor(
    readonly o: TrainerOptions,
    readonly group: ReplicaGroup,
  ) {
    const { model, data, settings: s } = o;
    this.optimizer = makeOptimizer(model, s);
    this.schedule = new OneCycleSchedule({ lr: s.lr, steps: s.steps, warmup: s.warmup });
    this.sampler = new BatchSampler(splitSize(data, 'train'), s.batchSize, s.seed);
    if (o.resumeFrom !== undefined) {
      this.bestWeights = restoreRun(o.resumeFrom, { model, optimizer: this.optimizer, sampler: this.sampler, settings: s, run: this.run });
      if (this.run.step >= s.steps) throw new Error(`${o.resumeFrom.path}: this run already completed its ${s.steps} steps; nothing to resume (its results are in that folder)`);
    }
    this.startStep = this.run.step;
    const dir = o.outDir;
    this.paths = dir === undefined ? null : { last: join(dir, 'last.safetensors'), best: join(dir, 'best.safetensors'), metrics: join(dir, 'metrics.jsonl'), plot: join(dir, 'metrics.svg') };
    if (this.paths !== null) mkdirSync(dir!, { recursive: true });
    if (this.paths !== null && o.resumeFrom === undefined) writeFileSync(this.paths.metrics, '');
    this.metrics = this.paths === null ? new MetricsLog() : o.resumeFrom !== undefined ? MetricsLog.resume(this.paths.metrics, this.run.step) : new MetricsLog(this.paths.metrics);
    this.progress = o.progress === null ? null : new Progress(s.steps, this.startStep, o.progress ?? process.stderr, s.logEvery);
    this.tokensPerStep = s.batchSize * data.encoding.seqLen * (data.kind === 'pair' ? 2 : 1);
  }

  elapsed(): number {
    return this.run.elapsedSec + (performance.now() - this.started) / 1000;
  }

  save(path: string, withOptimizer: boolean): void {
    const { model, settings, dataSource, data, preset } = this.o;
    const trainer = runState(this.run, { sampler: this.sampler, settings, dataSource: dataSource ?? null, task: data.task, elapsedSec: this.elapsed() });
    saveCheckpoint(path, { parameters: model.namedTensors(), config: model.config as unknown as Json, preset, optimizer: withOptimizer ? this.optimizer.stateDict() : undefined, trainer });
  }

  /** Validation: metrics, the best checkpoint, the `last` checkpoint and the plot. */
  validate(): void {
    const { model, data, settings: s } = this.o;
    const { run, paths } = this;
    const r = this.group.withAllThreads(() => evaluate(model, data, 'val', s.batchSize, s.evalLimit ?? Infinity));
    this.metrics.add({ kind: 'eval', split: 'val', step: run.step, loss: r.loss, acc: r.acc, examples: r.examples, elapsedSec: this.elapsed() });
    if (run.step === 0) run.initialValAcc = r.acc;
    let note = `step ${run.step}: val acc ${(100 * r.acc).toFixed(2)}% (loss ${r.loss.toFixed(4)}, ${r.examples} examples)`;
    if (r.acc > run.bestValAcc) {
      run.bestValAcc = r.acc;
      run.bestStep = run.step;
      this.bestWeights = new Map(model.namedTensors().map(([name, t]) => [name, t.data.slice()]));
      if (paths !== null) this.save(paths.best, false);
      note += ', best so far';
    }
    if (paths !== null) {
      this.save(paths.last, true);
      writeFileAtomic(paths.plot, [renderMetricsSvg(this.metrics.records, `${data.task} · ${model.config.attention.name}`)], { durable: false });
    }
    this.progress?.note(note);
  }

  /** One optimizer step: gradients from the replicas, clipping, the update; then progress and logs. */
  async step(): Promise<StepLoss> {
    const { model, data, settings: s } = this.o;
    const { run, optimizer } = this;
    const { lr } = applySchedule(optimizer, this.schedule, run.step);
    const batch = batchOf(data, 'train', this.sampler.next());
    const out = await this.group.step(batch, s.microBatches, run.step, model.config.seed);
    if (!Number.isFinite(out.loss)) throw new Error(`the loss is ${out.loss} at step ${run.step + 1}; try a lower --lr (now ${s.lr}) or --clip-norm`);
    if (s.clipValue !== null) clipGradValue(optimizer.params, s.clipValue);
    if (s.clipNorm !== null) clipGradNorm(optimizer.params, s.clipNorm);
    optimizer.step();
    optimizer.zeroGrad();
    run.step += 1;
    const w = this.window;
    w.add(out);
    this.progress?.update({ step: run.step, loss: out.loss, acc: w.acc / w.n, tokens: (run.step - this.startStep) * this.tokensPerStep });
    if (run.step % s.logEvery === 0 || run.step === s.steps) {
      const sec = (performance.now() - w.started) / 1000;
      this.metrics.add({ kind: 'train', step: run.step, loss: w.loss / w.n, taskLoss: w.taskLoss / w.n, auxLoss: w.auxLoss / w.n, acc: w.acc / w.n, lr, stepsPerSec: w.n / sec, tokensPerSec: (w.n * this.tokensPerStep) / sec, elapsedSec: this.elapsed() });
      this.window = new LogWindow();
    }
    return { step: run.step, loss: out.loss, taskLoss: out.taskLoss, auxLoss: out.auxLoss };
  }

  /** Test accuracy of the best validation's weights. */
  testBest(): EvalResult {
    const { model, data, settings: s } = this.o;
    const current = new Map(model.namedTensors());
    if (this.bestWeights !== null) for (const [name, values] of this.bestWeights) current.get(name)!.data.set(values);
    const test = this.group.withAllThreads(() => evaluate(model, data, 'test', s.batchSize));
    this.metrics.add({ kind: 'eval', split: 'test', step: this.run.bestStep, loss: test.loss, acc: test.acc, examples: test.examples, elapsedSec: this.elapsed() });
    return test;
  }
}

export async function train(o: TrainerOptions): Promise<TrainResult> {
  const group = await ReplicaGroup.start(o.model, o.replicas ?? 1, o.replicaAdapter, o.settings.microBatches);
  const losses: StepLoss[] = [];
  let interrupted = false;
  let test: EvalResult | null = null;
  let r: TrainingRun;
  try {
    r = new TrainingRun(o, group);
    o.model.train();
    if (r.run.step === 0) r.validate();
    while (r.run.step < o.settings.steps) {
      if (o.signal?.aborted === true) {
        interrupted = true;
        break;
      }
      const stepLoss = await r.step();
      losses.push(stepLoss);
      if (r.run.step % o.settings.evalEvery === 0 || r.run.step === o.settings.steps) r.validate();
      o.onStep?.(stepLoss);
      await new Promise<void>((resolve) => setImmediate(resolve)); // let Ctrl-C be noticed
    }
    if (interrupted && r.paths !== null) r.save(r.paths.last, true);
    r.progress?.finish();
    if (!interrupted) test = r.testBest();
  } finally {
    group.close(); // on success, failure or interruption: no worker outlives the run
  }
  const ownSec = (performance.now() - r.started) / 1000;
  return {
    interrupted,
    steps: r.run.step,
    losses,
    initialValAcc: r.run.initialValAcc,
    bestValAcc: r.run.bestValAcc,
    bestStep: r.run.bestStep,
    test,
    majority: majorityBaseline(o.data, 'test'),
    wallSec: r.elapsed(),
    tokensPerSec: ((r.run.step - r.startStep) * r.tokensPerStep) / Math.max(ownSec, 1e-9),
    peakMemoryBytes: process.resourceUsage().maxRSS * 1024,
  };
}
