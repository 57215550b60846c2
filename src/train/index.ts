// The training layer (Node: it reads and writes files), exported as `proxyformer/train`:
// the trainer, evaluation, checkpoints, data preparation, presets and data-parallel replicas.
export { train, type TrainSettings, type TrainerOptions, type TrainResult, type StepLoss } from './trainer.ts';
export { evaluate, type EvalResult } from './evaluate.ts';
export { saveCheckpoint, loadCheckpoint, loadParameters, encodeCheckpoint, decodeCheckpoint, type CheckpointContent, type LoadedCheckpoint, type Json } from './checkpoint.ts';
export { prepareData, batchOf, majorityBaseline, type DataSource, type TaskData, type AnyBatch, type SplitName } from './task-data.ts';
export { buildModel, modelLoss, type LraModel } from './model.ts';
export { trainPreset, PRESET_NAMES, type PresetName, type TrainPreset } from './presets.ts';
export { ReplicaGroup, nodeReplicas, type ReplicaAdapter } from './data-parallel/index.ts';
