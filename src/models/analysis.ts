// Analysis hooks for the paper's research questions, for any model built here:
// - RQ3: the landmarks each layer and head actually used (Nyström segment means or injected,
//   projected proxy tokens) and their average pairwise cosine similarity;
// - approximation error: ‖out − exact‖ / ‖exact‖ of an attention core against exact softmax
//   attention on the same Q, K, V (over the real query rows).
// Everything runs in eval mode without recording a graph. Not here: training, plotting.
import { noGrad } from '../autograd/grad-mode.ts';
import type { AttentionCore, AttentionInput } from '../nn/attention/core.ts';
import { exactAttention } from '../nn/attention/softmax.ts';
import type { Module } from '../nn/module.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { Encoder, SequenceInput } from './encoder.ts';

export interface LandmarkSimilarity {
  layer: number;
  head: number;
  /** Mean over the batch of the mean over pairs i ≠ j of cos(q̃_i, q̃_j). */
  query: number;
  /** The same for K̃ (the landmarks K1 and K3 score against). */
  key: number;
  /** The landmarks themselves for this head, (M, D), of the first sample. */
  landmarks: { q: Float64Array; k: Float64Array };
}

/** Mean of cos(x_i, x_j) over pairs i ≠ j of the M rows of an (M, D) block at `offset`. */
export function averagePairwiseCosine(data: ArrayLike<number>, offset: number, m: number, d: number): number {
  const norms = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += data[offset + i * d + j]! ** 2;
    norms[i] = Math.sqrt(s) || 1e-12;
  }
  let total = 0;
  for (let i = 0; i < m; i++) {
    for (let k = i + 1; k < m; k++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += data[offset + i * d + j]! * data[offset + k * d + j]!;
      total += dot / (norms[i]! * norms[k]!);
    }
  }
  return m < 2 ? 0 : total / ((m * (m - 1)) / 2);
}

/** Runs fn on the model in eval mode without a graph, restoring its mode afterwards. */
function inspect<T>(model: Module, fn: () => T): T {
  const wasTraining = model.training;
  model.eval();
  try {
    return noGrad(fn);
  } finally {
    model.train(wasTraining);
  }
}

/** Landmark similarity per layer and head after one forward pass on `input` (empty for cores without landmarks). */
export function landmarkSimilarity(model: Module & { encoder: Encoder }, input: SequenceInput): LandmarkSimilarity[] {
  return inspect(model, () => {
    model.encoder.forward(input);
    const out: LandmarkSimilarity[] = [];
    model.encoder.blocks.forEach((block, layer) => {
      const used = block.attention.lastLandmarks;
      if (used === null) return;
      const [bq, h, m, d] = used.q.shape as [number, number, number, number];
      for (let head = 0; head < h; head++) {
        let query = 0;
        let key = 0;
        for (let b = 0; b < bq; b++) {
          const offset = (b * h + head) * m * d;
          query += averagePairwiseCosine(used.q.data, offset, m, d) / bq;
          key += averagePairwiseCosine(used.k.data, offset, m, d) / bq;
        }
        const first = head * m * d;
        out.push({ layer, head, query, key, landmarks: { q: Float64Array.from(used.q.data.subarray(first, first + m * d)), k: Float64Array.from(used.k.data.subarray(first, first + m * d)) } });
      }
    });
    return out;
  });
}

/** ‖a − b‖ / ‖b‖ over the query rows where mask = 1; a, b: (B, H, T, D), mask: (B, T). */
export function relativeErrorOnRows(a: Tensor, b: Tensor, mask: Tensor): number {
  const [bs, h, t, d] = b.shape as [number, number, number, number];
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < bs; i++) {
    for (let hh = 0; hh < h; hh++) {
      for (let r = 0; r < t; r++) {
        if (mask.data[i * t + r] === 0) continue;
        const base = ((i * h + hh) * t + r) * d;
        for (let j = 0; j < d; j++) {
          diff += (a.data[base + j]! - b.data[base + j]!) ** 2;
          norm += b.data[base + j]! ** 2;
        }
      }
    }
  }
  return Math.sqrt(diff) / Math.sqrt(norm);
}

/** Relative error of a core against exact softmax attention on the same Q, K, V (core in eval mode). */
export function attentionRelativeError(core: AttentionCore & Module, input: AttentionInput): number {
  return inspect(core, () => relativeErrorOnRows(core.forward(input).out, exactAttention(input.q, input.k, input.v, input.mask), input.mask));
}

/** The relative error of every layer's core on the Q, K, V that layer actually sees for `input`. */
export function modelAttentionErrors(model: Module & { encoder: Encoder }, input: SequenceInput): number[] {
  const errors: number[] = [];
  inspect(model, () => {
    for (const block of model.encoder.blocks) {
      const attention = block.attention;
      attention.probe = (coreInput) => errors.push(relativeErrorOnRows(attention.core.forward(coreInput).out, exactAttention(coreInput.q, coreInput.k, coreInput.v, coreInput.mask), coreInput.mask));
    }
    try {
      model.encoder.forward(input);
    } finally {
      for (const block of model.encoder.blocks) block.attention.probe = null;
    }
  });
  return errors;
}
