// The trainer's own state in a checkpoint (beside weights and optimizer moments): the step, the
// data order, the best validation so far, the settings that define the run and where the data
// came from. restoreRun() puts all of it back so that a resumed run computes the very same losses
// as an uninterrupted one. (Dropout needs nothing saved: every shard of every step reseeds it
// from (seed, step, shard), see data-parallel/replica.ts.)
import { checkParameters, loadCheckpoint, loadParameters, type Json, type LoadedCheckpoint } from './checkpoint.ts';
import type { Optimizer } from '../optim/optimizer.ts';
import type { FloatArray } from '../tensor/tensor.ts';
import type { LraModel } from './model.ts';
import type { BatchSampler, SamplerState } from './sampler.ts';
import type { TrainSettings } from './trainer.ts';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface RunState {
  /** Completed optimizer steps. */
  step: number;
  bestValAcc: number;
  bestStep: number;
  /** Wall time of earlier processes of this run. */
  elapsedSec: number;
  initialValAcc: number | null;
}

/** The JSON stored under "proxyformer.trainer". */
export interface SavedRun extends RunState {
  sampler: SamplerState;
  settings: TrainSettings;
  task: string;
  dataSource: Json;
}

export function runState(
  run: RunState,
  parts: { sampler: BatchSampler; settings: TrainSettings; dataSource: Json; task: string; elapsedSec: number },
): Json {
  const saved: SavedRun = {
    ...run,
    elapsedSec: parts.elapsedSec,
    sampler: parts.sampler.getState(),
    settings: parts.settings,
    task: parts.task,
    dataSource: parts.dataSource,
  };
  return saved as unknown as Json;
}

/** The saved run of a checkpoint, or an error saying why it cannot be resumed. */
export function savedRun(checkpoint: LoadedCheckpoint): SavedRun {
  const t = checkpoint.trainer as Partial<SavedRun> | undefined;
  if (t === undefined || t === null || t.sampler === undefined || t.settings === undefined) {
    throw new Error(`${checkpoint.path}: this checkpoint holds no training state to resume from (use last.safetensors of a run)`);
  }
  const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
  const bad = ([
    ['step', Number.isInteger(t.step)],
    ['bestValAcc', typeof t.bestValAcc === 'number'],
    ['bestStep', Number.isInteger(t.bestStep)],
    ['elapsedSec', typeof t.elapsedSec === 'number'],
    ['sampler', isObject(t.sampler)],
    ['settings', isObject(t.settings)],
    ['dataSource', t.dataSource === null || isObject(t.dataSource)],
  ] as const).filter(([, ok]) => !ok).map(([key]) => key);
  if (bad.length > 0) throw new Error(`${checkpoint.path}: corrupted training state: proxyformer.trainer.${bad.join(', proxyformer.trainer.')} missing or of the wrong type`);
  return t as SavedRun;
}

/**
 * Restores weights, optimizer, data order, dropout generator and run counters; returns the
 * weights of the best validation so far (from best.safetensors beside the checkpoint), if any.
 */
export function restoreRun(
  checkpoint: LoadedCheckpoint,
  target: { model: LraModel; optimizer: Optimizer; sampler: BatchSampler; settings: TrainSettings; run: RunState },
): Map<string, FloatArray> | null {
  const saved = savedRun(checkpoint);
  const differing = (Object.keys(saved.settings) as (keyof TrainSettings)[]).filter((k) => JSON.stringify(saved.settings[k]) !== JSON.stringify(target.settings[k]));
  if (differing.length > 0) {
    const list = differing.map((k) => `${k}: saved ${JSON.stringify(saved.settings[k])}, now ${JSON.stringify(target.settings[k])}`).join('; ');
    throw new Error(`${checkpoint.path}: cannot resume with different settings (${list})`);
  }
  if (checkpoint.optimizer === undefined) throw new Error(`${checkpoint.path}: the checkpoint has no optimizer state to resume from`);
  const tensors = target.model.namedTensors();
  checkParameters(checkpoint, tensors);
  const bestPath = join(dirname(checkpoint.path), 'best.safetensors');
  const best = existsSync(bestPath) ? loadCheckpoint(bestPath) : null;
  if (best !== null) checkParameters(best, tensors); // names its file and the first mismatch
  // Every check passed: only now change the model and the optimizer.
  target.optimizer.loadStateDict(checkpoint.optimizer);
  loadParameters(checkpoint, tensors);
  target.sampler.setState(saved.sampler);
  Object.assign(target.run, { step: saved.step, bestValAcc: saved.bestValAcc, bestStep: saved.bestStep, elapsedSec: saved.elapsedSec, initialValAcc: saved.initialValAcc });
  return best === null ? null : new Map([...best.parameters].map(([name, p]) => [name, p.data]));
}
