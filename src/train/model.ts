// The trainer's view of a model: build the LRA classifier or the retrieval model from a config,
// compute its loss on a batch of either kind, and reseed its dropout generator. Keeps the trainer
// independent of which model it is.
import { LraClassifier, type LossOutput } from '../models/classifier.ts';
import type { ModelConfig } from '../models/config.ts';
import { RetrievalModel } from '../models/retrieval.ts';
import type { RngState } from '../tensor/rng.ts';
import type { AnyBatch } from './task-data.ts';

export type LraModel = LraClassifier | RetrievalModel;

export function buildModel(config: ModelConfig): LraModel {
  return config.kind === 'retrieval' ? new RetrievalModel(config) : new LraClassifier(config);
}

/** Task loss + auxiliary loss (and the logits) of a batch; the batch kind must fit the model. */
export function modelLoss(model: LraModel, batch: AnyBatch): LossOutput {
  if (model instanceof RetrievalModel) {
    if (!('ids1' in batch)) throw new Error('the retrieval model needs pair batches (ids1, ids2)');
    return model.loss(batch);
  }
  if (!('ids' in batch)) throw new Error('a classifier needs single-sequence batches (ids, mask)');
  return model.loss(batch);
}

export function setDropoutRngState(model: LraModel, state: RngState): void {
  model.encoder.dropoutRng.setState(state);
}

/** Number of correct argmax predictions among the rows of (B, classes) logits. */
export function countCorrect(logits: { data: ArrayLike<number>; shape: readonly number[] }, labels: Int32Array): number {
  const [b, k] = logits.shape as [number, number];
  let correct = 0;
  for (let i = 0; i < b; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (logits.data[i * k + c]! > logits.data[i * k + best]!) best = c;
    if (best === labels[i]) correct++;
  }
  return correct;
}
