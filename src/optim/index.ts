// The optimizer layer: update rules, the one-cycle schedule, gradient clipping and accumulation.
// It works on named parameter lists and knows nothing of Module or the model.
export { type NamedParameter, type ParameterSource, toParameterList } from './params.ts';
export { Optimizer, type OptimizerState } from './optimizer.ts';
export { AdamW, type AdamWOptions } from './adamw.ts';
export { SGD, type SGDOptions } from './sgd.ts';
export { OneCycleSchedule, ConstantSchedule, applySchedule, type OneCycleOptions, type Schedule, type ScheduleValues } from './one-cycle.ts';
export { clipGradValue, clipGradNorm, globalGradNorm } from './clip.ts';
export { accumulateGradients, splitRanges, type MicroBatchLoss, type AccumulatedLoss } from './accumulate.ts';
