// The LRA retrieval model (AAN document matching): both documents through one shared encoder
// (run as one batch of 2B), features [x0, x1, x0·x1, x0−x1] → Linear(4C→F), ReLU, Linear(F→2).
import { Module } from '../nn/module.ts';
import { add, concat, crossEntropy, mul, slice, sub } from '../ops/index.ts';
import { OpError } from '../tensor/shape.ts';
import { resolveModelConfig, type ModelConfig, type ModelConfigInput } from './config.ts';
import { ClassificationHead, modelRngs, type LossOutput, type ModelOutput } from './classifier.ts';
import { Encoder } from './encoder.ts';

/** Two documents per example, row-major (B, T) each (what src/data produces for retrieval). */
export interface PairInput {
  ids1: Int32Array;
  mask1: Float32Array;
  ids2: Int32Array;
  mask2: Float32Array;
  batch: number;
  seqLen: number;
}

export interface PairBatchInput extends PairInput {
  labels: Int32Array;
}

export class RetrievalModel extends Module {
  readonly config: ModelConfig;
  encoder: Encoder;
  head: ClassificationHead;

  constructor(config: ModelConfig | ModelConfigInput) {
    super();
    this.config = resolveModelConfig({ ...config, kind: 'retrieval' });
    const rngs = modelRngs(this.config.seed);
    this.encoder = new Encoder(this.config, rngs.init, rngs.dropout);
    this.head = new ClassificationHead(4 * this.config.width, this.config.hidden, 2, rngs.init, this.config);
  }

  forward(batch: PairInput): ModelOutput {
    const { batch: b, seqLen: t } = batch;
    if (batch.ids1.length !== b * t || batch.ids2.length !== b * t) throw new OpError('RetrievalModel', `each document needs batch·seqLen = ${b * t} ids`);
    const ids = new Int32Array(2 * b * t);
    ids.set(batch.ids1);
    ids.set(batch.ids2, b * t);
    const mask = new Float32Array(2 * b * t);
    mask.set(batch.mask1);
    mask.set(batch.mask2, b * t);
    const { pooled, auxLoss } = this.encoder.forward({ ids, mask, batch: 2 * b, seqLen: t }); // (2B, C)
    const x0 = slice(pooled, 0, 0, b); // (B, C)
    const x1 = slice(pooled, 0, b, 2 * b); // (B, C)
    const features = concat([x0, x1, mul(x0, x1), sub(x0, x1)], -1); // (B, 4C)
    return { logits: this.head.forward(features), auxLoss };
  }

  loss(batch: PairBatchInput): LossOutput {
    const out = this.forward(batch);
    const taskLoss = crossEntropy(out.logits, batch.labels);
    return { ...out, taskLoss, loss: out.auxLoss === null ? taskLoss : add(taskLoss, out.auxLoss) };
  }
}
