// ModelConfig: the one typed configuration of the LRA models, with the reference defaults
// (Nyströmformer's LRA code, as used by the Proxyformer paper), and its validation.
// Presets per task: presets.ts. What each attention option means: nn/attention/options.ts.
import { ConfigError, checkChoice, checkInteger, checkRate } from '../nn/config-error.ts';
import { resolveAttention, type AttentionConfig, type AttentionOptions } from '../nn/attention/options.ts';
import type { DType } from '../tensor/tensor.ts';

export interface ModelConfig {
  /** classifier: one sequence → classes; retrieval: two documents through one encoder → 2 classes. */
  kind: 'classifier' | 'retrieval';
  /** V: token ids 0..V−1, id 0 is padding. */
  vocabSize: number;
  /** Output classes (10 ListOps/Image, 2 otherwise). */
  numClasses: number;
  /** T: the longest sequence (size of the learned position table; inputs may be shorter). */
  seqLen: number;
  /** C: model width (64). */
  width: number;
  /** F: feed-forward and classifier hidden width (128). */
  hidden: number;
  /** H: heads (2). */
  heads: number;
  /** D: head width (32 = C / H). */
  headDim: number;
  /** Encoder blocks (2). */
  layers: number;
  /** Dropout after embeddings, attention output and in the FFN (0.1). */
  dropout: number;
  /** mean: over all T positions of LN(X)·mask (reference); masked-mean: over real tokens only. */
  pooling: 'mean' | 'masked-mean';
  /** The attention core and its options; defaults: proxy with the spec's defaults. */
  attention: AttentionOptions;
  /** Storage of parameters and activations (float64 for gradient checks). */
  dtype: DType;
  /** Seed of initialisation; dropout masks use a stream derived from it. */
  seed: number;
}

export type ModelConfigInput = Partial<Omit<ModelConfig, 'attention'>> & Pick<ModelConfig, 'vocabSize' | 'numClasses' | 'seqLen'> & { attention?: AttentionConfig };

export const DEFAULT_MODEL = {
  kind: 'classifier',
  width: 64,
  hidden: 128,
  heads: 2,
  headDim: 32,
  layers: 2,
  dropout: 0.1,
  pooling: 'mean',
  dtype: 'float32',
  seed: 0,
} as const satisfies Partial<ModelConfig>;

/** Fills defaults and checks every field; errors name the option and the allowed values. */
export function resolveModelConfig(input: ModelConfigInput): ModelConfig {
  const c = { ...DEFAULT_MODEL, ...input } as Omit<ModelConfig, 'attention'>;
  checkChoice('kind', c.kind, ['classifier', 'retrieval'] as const);
  checkInteger('vocabSize', c.vocabSize, 2);
  checkInteger('numClasses', c.numClasses, 2);
  checkInteger('seqLen', c.seqLen, 1);
  checkInteger('width', c.width, 1);
  checkInteger('hidden', c.hidden, 1);
  checkInteger('heads', c.heads, 1);
  checkInteger('headDim', c.headDim, 1);
  checkInteger('layers', c.layers, 1);
  checkRate('dropout', c.dropout);
  checkChoice('pooling', c.pooling, ['mean', 'masked-mean'] as const);
  checkChoice('dtype', c.dtype, ['float32', 'float64'] as const);
  checkInteger('seed', c.seed, 0);
  if (c.kind === 'retrieval' && c.numClasses !== 2) throw new ConfigError('numClasses', `the retrieval model has 2 classes, got ${c.numClasses}`);
  const attention = resolveAttention(input.attention ?? {}, { seqLen: c.seqLen, heads: c.heads, width: c.width });
  return { ...c, attention };
}
