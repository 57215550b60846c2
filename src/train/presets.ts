// Training presets: a task's data, model size and training budget under one name.
//   start  the embedded default (`npm start`): Proxyformer on generated short ListOps, sized to
//          finish in about 10 minutes on 2 cores and clearly beat the majority class;
//   lra    the paper's configuration (T per task, e.g. 2048 for ListOps; batch 32 or 256;
//          M 128; lr 1e-4 with the one-cycle schedule; the reference's step counts) — for
//          users with time (hours to days on a CPU);
//   tiny   a smoke test in seconds (the tests use it).
// Command-line flags override any field.
import { PRESETS as DATA_PRESETS, type TaskName } from '../data/tasks.ts';
import type { ListOpsGeneration, PathfinderGeneration } from './task-data.ts';
import type { TrainSettings } from './trainer.ts';

export interface TrainPreset {
  description: string;
  seqLen: number;
  /** M: landmarks / proxies (also Linformer's k). */
  landmarks: number;
  settings: TrainSettings;
  /** Generated data when no --data is given. */
  listops: ListOpsGeneration;
  pathfinder: PathfinderGeneration;
}

export const PRESET_NAMES = ['start', 'lra', 'tiny'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

const BASE: TrainSettings = {
  steps: 1000, batchSize: 32, lr: 1e-4, warmup: 100, optimizer: 'adamw', weightDecay: 0, clipNorm: null, clipValue: null,
  // Two shards per batch: the numbers of a run are the same on any machine, and 2 replica
  // threads can share the work (raise --accumulate to use more cores).
  microBatches: 2, evalEvery: 100, logEvery: 10, evalLimit: null, seed: 0,
};

/** Steps, warmup and validation interval of the reference LRA configs, per task. */
const LRA_BUDGET: Record<TaskName, { steps: number; warmup: number; evalEvery: number }> = {
  listops: { steps: 5000, warmup: 1000, evalEvery: 500 },
  text: { steps: 20000, warmup: 8000, evalEvery: 500 },
  retrieval: { steps: 30000, warmup: 800, evalEvery: 300 },
  image: { steps: 35000, warmup: 175, evalEvery: 175 },
  pathfinder: { steps: 62400, warmup: 312, evalEvery: 312 },
};

export function trainPreset(name: PresetName, task: TaskName): TrainPreset {
  switch (name) {
    case 'start':
      return {
        description: 'Proxyformer on generated ListOps of 20..100 tokens (T 128, M 16): about 10 minutes on 2 cores',
        seqLen: task === 'listops' ? 128 : DATA_PRESETS[task].seqLen,
        landmarks: 16,
        settings: { ...BASE, steps: 800, batchSize: 32, lr: 1e-3, warmup: 80, evalEvery: 100, logEvery: 10 },
        listops: { train: 6000, val: 500, test: 1000, minLength: 20, maxLength: 100, seed: 0 },
        pathfinder: { images: 2000, seed: 0 },
      };
    case 'lra': {
      const data = DATA_PRESETS[task];
      const budget = LRA_BUDGET[task];
      return {
        description: `the paper's configuration: T ${data.seqLen}, batch ${data.batchSize}, M 128, lr 1e-4, ${budget.steps} steps`,
        seqLen: data.seqLen,
        landmarks: 128,
        settings: { ...BASE, ...budget, batchSize: data.batchSize, lr: 1e-4, logEvery: 10 },
        listops: { train: 96000, val: 2000, test: 2000, minLength: 500, maxLength: 2000, seed: 0 },
        pathfinder: { images: 20000, seed: 0 },
      };
    }
    case 'tiny':
      return {
        description: 'a smoke test: T 32, M 8, 40 steps on 400 generated ListOps sequences',
        seqLen: task === 'listops' ? 32 : DATA_PRESETS[task].seqLen,
        landmarks: 8,
        settings: { ...BASE, steps: 40, batchSize: 16, lr: 3e-3, warmup: 4, evalEvery: 20, logEvery: 5 },
        listops: { train: 400, val: 100, test: 100, minLength: 5, maxLength: 32, seed: 0 },
        pathfinder: { images: 200, seed: 0 },
      };
  }
}
