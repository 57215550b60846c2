// createAttentionCore: the attention core for a name (options.name), built from resolved options.
import type { Module } from '../module.ts';
import type { AttentionCore } from './core.ts';
import type { AttentionDims, AttentionRngs } from './dims.ts';
import { LinformerAttention } from './linformer.ts';
import { NystromAttention } from './nystrom.ts';
import type { AttentionOptions } from './options.ts';
import { PerformerAttention } from './performer.ts';
import { ProxyAttention } from './proxy.ts';
import { SoftmaxAttention } from './softmax.ts';

/** A core for already-resolved options (see resolveAttention). */
export function createAttentionCore(options: AttentionOptions, dims: AttentionDims, rngs: AttentionRngs): AttentionCore & Module {
  switch (options.name) {
    case 'softmax':
      return new SoftmaxAttention(options.attentionDropout, dims, rngs);
    case 'nystrom':
      return new NystromAttention(options, dims, rngs);
    case 'proxy':
      return new ProxyAttention(options, dims, rngs);
    case 'linformer':
      return new LinformerAttention(options.linformerK, dims, rngs);
    case 'performer':
      return new PerformerAttention(options.performerFeatures, dims, rngs);
  }
}
