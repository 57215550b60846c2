// The attention cores by name: one factory, one interface (core.ts), one options object
// (options.ts). Adding a core: its file here, its name in ATTENTION_NAMES, one case below.
export type { AttentionCore, AttentionInput, AttentionOutput, AttentionContext } from './core.ts';
export type { AttentionDims, AttentionRngs } from './dims.ts';
export { ATTENTION_NAMES, DEFAULT_ATTENTION, DEFAULT_PROXY, resolveAttention, type AttentionConfig, type AttentionName, type AttentionOptions, type ProxyOptions } from './options.ts';
export { SoftmaxAttention, exactAttention } from './softmax.ts';
export { NystromAttention } from './nystrom.ts';
export { ProxyAttention } from './proxy.ts';
export { LinformerAttention } from './linformer.ts';
export { PerformerAttention } from './performer.ts';
export { newtonSchulzInverse } from './newton-schulz.ts';
export { MultiHeadAttention } from './multi-head.ts';
export { createAttentionCore } from './create.ts';
