// Shared setup of the trainer tests: tiny generated ListOps (written once per test file into a
// temporary cache) and a small model of any attention type.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttentionName } from '../../src/nn/attention/options.ts';
import { lraPreset } from '../../src/models/presets.ts';
import { buildModel, type LraModel } from '../../src/train/model.ts';
import { prepareData, type TaskData } from '../../src/train/task-data.ts';
import type { TrainSettings } from '../../src/train/trainer.ts';

export const T = 32;

export function tinyListOps(cacheDir = mkdtempSync(join(tmpdir(), 'pf-data-'))): TaskData {
  return prepareData({ task: 'listops', cacheDir, seqLen: T, listops: { train: 480, val: 200, test: 200, minLength: 3, maxLength: 20, seed: 1 } });
}

export function tinyModel(name: AttentionName, seed = 0): LraModel {
  return buildModel(lraPreset('listops', { attention: { name, landmarks: 8, linformerK: 8, performerFeatures: 16 }, overrides: { seqLen: T, seed, width: 32, hidden: 64, headDim: 16 } }));
}

export function tinySettings(overrides: Partial<TrainSettings> = {}): TrainSettings {
  return { steps: 40, batchSize: 16, lr: 3e-3, warmup: 4, optimizer: 'adamw', weightDecay: 0, clipNorm: null, clipValue: null, microBatches: 1, evalEvery: 1000, logEvery: 10, evalLimit: null, seed: 0, ...overrides };
}
