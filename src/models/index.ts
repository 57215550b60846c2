// The models layer: LRA classifier and retrieval model, config and presets, analysis hooks.
export { DEFAULT_MODEL, resolveModelConfig, type ModelConfig, type ModelConfigInput } from './config.ts';
export { LRA_TASKS, lraPreset, type LraTask, type PresetOptions } from './presets.ts';
export { Encoder, type SequenceInput } from './encoder.ts';
export { LraClassifier, ClassificationHead, type ClassifierBatch, type ModelOutput, type LossOutput } from './classifier.ts';
export { RetrievalModel, type PairInput, type PairBatchInput } from './retrieval.ts';
export { landmarkSimilarity, averagePairwiseCosine, attentionRelativeError, modelAttentionErrors, relativeErrorOnRows, type LandmarkSimilarity } from './analysis.ts';
