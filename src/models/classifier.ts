// The LRA sequence classifier (ListOps, Text, Image, Pathfinder): Encoder → pooled (B, C) →
// Linear(C→F), ReLU, Linear(F→classes). Returns logits and the attention's auxiliary loss;
// loss() adds the task's cross-entropy to it.
import { Linear } from '../nn/linear.ts';
import { Module } from '../nn/module.ts';
import { add, crossEntropy, relu } from '../ops/index.ts';
import { Rng } from '../tensor/rng.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { resolveModelConfig, type ModelConfig, type ModelConfigInput } from './config.ts';
import { Encoder, type SequenceInput } from './encoder.ts';

export interface ClassifierBatch extends SequenceInput {
  labels: Int32Array; // (B)
}

export interface ModelOutput {
  logits: Tensor; // (B, classes)
  /** λ-weighted auxiliary loss averaged over layers, or null. */
  auxLoss: Tensor | null;
}

export interface LossOutput extends ModelOutput {
  /** task loss + auxiliary loss: what the optimiser minimises. */
  loss: Tensor;
  taskLoss: Tensor;
}

export class ClassificationHead extends Module {
  fc1: Linear;
  fc2: Linear;

  constructor(inFeatures: number, hidden: number, classes: number, rng: Rng, config: ModelConfig) {
    super();
    this.fc1 = new Linear(inFeatures, hidden, rng, { dtype: config.dtype });
    this.fc2 = new Linear(hidden, classes, rng, { dtype: config.dtype });
  }

  forward(x: Tensor): Tensor {
    return this.fc2.forward(relu(this.fc1.forward(x))); // (B, F) → (B, classes)
  }
}

/** Initialisation and dropout generators of a model, both derived from its seed. */
export function modelRngs(seed: number): { init: Rng; dropout: Rng } {
  const init = new Rng(seed);
  return { init, dropout: init.fork() };
}

export class LraClassifier extends Module {
  readonly config: ModelConfig;
  encoder: Encoder;
  head: ClassificationHead;

  constructor(config: ModelConfig | ModelConfigInput) {
    super();
    this.config = resolveModelConfig(config);
    const rngs = modelRngs(this.config.seed);
    this.encoder = new Encoder(this.config, rngs.init, rngs.dropout);
    this.head = new ClassificationHead(this.config.width, this.config.hidden, this.config.numClasses, rngs.init, this.config);
  }

  forward(batch: SequenceInput): ModelOutput {
    const { pooled, auxLoss } = this.encoder.forward(batch);
    return { logits: this.head.forward(pooled), auxLoss };
  }

  loss(batch: ClassifierBatch): LossOutput {
    const out = this.forward(batch);
    const taskLoss = crossEntropy(out.logits, batch.labels);
    return { ...out, taskLoss, loss: out.auxLoss === null ? taskLoss : add(taskLoss, out.auxLoss) };
  }
}
