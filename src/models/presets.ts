// The five LRA tasks' model presets: the paper's setting (2 layers, C 64, F 128, H 2, D 32,
// M 128 landmarks/proxies) with each task's sequence length, vocabulary and classes
// (../shared/spec/lra.md). Anything can be overridden, e.g. a short T for tests.
import { checkChoice } from '../nn/config-error.ts';
import type { AttentionConfig } from '../nn/attention/options.ts';
import { resolveModelConfig, type ModelConfig, type ModelConfigInput } from './config.ts';

export const LRA_TASKS = ['listops', 'text', 'retrieval', 'image', 'pathfinder'] as const;
export type LraTask = (typeof LRA_TASKS)[number];

interface TaskShape {
  kind: ModelConfig['kind'];
  vocabSize: number;
  numClasses: number;
  seqLen: number;
}

const TASKS: Record<LraTask, TaskShape> = {
  listops: { kind: 'classifier', vocabSize: 16, numClasses: 10, seqLen: 2048 }, // ids 1..15, pad 0
  text: { kind: 'classifier', vocabSize: 257, numClasses: 2, seqLen: 4096 }, // bytes + 1
  retrieval: { kind: 'retrieval', vocabSize: 257, numClasses: 2, seqLen: 4096 }, // two documents
  image: { kind: 'classifier', vocabSize: 256, numClasses: 10, seqLen: 1024 }, // pixels (257 with offset)
  pathfinder: { kind: 'classifier', vocabSize: 256, numClasses: 2, seqLen: 1024 }, // pixels (257 with offset)
};

export interface PresetOptions {
  /** Pixel tasks: ids are pixel + 1, so black pixels are not masked as padding (vocab 257). */
  pixelOffset?: boolean;
  /** Attention core and options (default: proxy with the spec's defaults). */
  attention?: AttentionConfig;
  /** Any other field, e.g. { seqLen: 64 } for a fast test. */
  overrides?: Partial<Omit<ModelConfigInput, 'attention'>>;
}

export function lraPreset(task: LraTask, options: PresetOptions = {}): ModelConfig {
  checkChoice('task', task, LRA_TASKS);
  const shape = { ...TASKS[task] };
  if (options.pixelOffset === true && (task === 'image' || task === 'pathfinder')) shape.vocabSize = 257;
  return resolveModelConfig({ ...shape, ...options.overrides, attention: options.attention ?? {} });
}
