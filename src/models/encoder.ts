// The LRA encoder of the reference code: token + learned position embeddings (N(0, 0.02²)),
// dropout, N pre-LN blocks with the configured attention, final LayerNorm, times the mask,
// then pooling — the mean over all T positions (reference) or over the real tokens.
// Not here: the task heads (classifier.ts, retrieval.ts).
import { EncoderBlock } from '../nn/encoder-block.ts';
import { Dropout } from '../nn/dropout.ts';
import { Embedding } from '../nn/embedding.ts';
import { LayerNorm } from '../nn/layer-norm.ts';
import { Module } from '../nn/module.ts';
import { add, div, mean, mul, reshape, slice, sum } from '../ops/index.ts';
import { Rng } from '../tensor/rng.ts';
import { OpError } from '../tensor/shape.ts';
import { Tensor, allocate } from '../tensor/tensor.ts';
import type { ModelConfig } from './config.ts';

/** Token ids and mask of B sequences of length T, row-major (what src/data produces). */
export interface SequenceInput {
  ids: Int32Array; // (B·T)
  mask: Float32Array; // (B·T), 1 real, 0 padding
  batch: number; // B
  seqLen: number; // T
}

export class Encoder extends Module {
  tokens: Embedding;
  positions: Embedding;
  drop: Dropout;
  blocks: EncoderBlock[];
  norm: LayerNorm;
  /** The one generator of every dropout mask in the model: restore its state to replay them. */
  readonly dropoutRng: Rng;

  constructor(readonly config: ModelConfig, initRng: Rng, dropoutRng: Rng) {
    super();
    const { vocabSize, seqLen, width, dtype } = config;
    this.dropoutRng = dropoutRng;
    this.tokens = new Embedding(vocabSize, width, initRng, { dtype });
    this.positions = new Embedding(seqLen, width, initRng, { dtype });
    this.drop = new Dropout(config.dropout, dropoutRng);
    const dims = { heads: config.heads, headDim: config.headDim, width, seqLen, dtype, hidden: config.hidden, dropout: config.dropout };
    this.blocks = Array.from({ length: config.layers }, () => new EncoderBlock(config.attention, dims, { init: initRng, dropout: dropoutRng }));
    this.norm = new LayerNorm(width, { dtype });
  }

  /** The mask as a (B, T) tensor of the model's dtype. */
  maskTensor(input: SequenceInput): Tensor {
    const data = allocate(this.config.dtype, input.batch * input.seqLen);
    data.set(input.mask);
    return new Tensor(data, [input.batch, input.seqLen]);
  }

  /** → pooled features (B, C), the per-token states (B, T, C) and the mean auxiliary loss of the blocks. */
  forward(input: SequenceInput): { pooled: Tensor; states: Tensor; auxLoss: Tensor | null } {
    const { batch: b, seqLen: t, ids } = input;
    if (ids.length !== b * t || input.mask.length !== b * t) {
      throw new OpError('Encoder', `ids and mask must hold batch·seqLen = ${b}·${t} = ${b * t} entries, got ${ids.length} and ${input.mask.length}`);
    }
    if (t > this.config.seqLen) throw new OpError('Encoder', `sequence length ${t} exceeds the model's seqLen ${this.config.seqLen}`);
    const mask = this.maskTensor(input);
    const positions = slice(this.positions.weight, 0, 0, t); // (T, C)
    let x = this.drop.forward(add(this.tokens.forward(ids, [b, t]), positions)); // (B, T, C)
    const aux: Tensor[] = [];
    for (const block of this.blocks) {
      const out = block.forward(x, mask);
      x = out.x;
      if (out.auxLoss !== null) aux.push(out.auxLoss);
    }
    const rows = reshape(mask, [b, t, 1]); // (B, T, 1)
    const states = mul(this.norm.forward(x), rows); // (B, T, C)
    const pooled = this.config.pooling === 'mean' ? mean(states, 1) : div(sum(states, 1), clampedCounts(mask)); // (B, C)
    const auxLoss = aux.length === 0 ? null : mul(aux.reduce((s, a) => add(s, a)), 1 / aux.length);
    return { pooled, states, auxLoss };
  }
}

/** Real tokens per row, at least 1: (B, 1). */
function clampedCounts(mask: Tensor): Tensor {
  const [b, t] = mask.shape as [number, number];
  const out = allocate(mask.dtype, b);
  for (let i = 0; i < b; i++) {
    let c = 0;
    for (let j = 0; j < t; j++) c += mask.data[i * t + j]!;
    out[i] = Math.max(c, 1);
  }
  return new Tensor(out, [b, 1]);
}
