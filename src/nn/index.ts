// The nn layer: Module and the layers the LRA models are built from, and the attention cores.
export { Module, type StateDict } from './module.ts';
export { ConfigError } from './config-error.ts';
export { Linear } from './linear.ts';
export { LayerNorm } from './layer-norm.ts';
export { Embedding } from './embedding.ts';
export { Dropout } from './dropout.ts';
export { FeedForward } from './feed-forward.ts';
export { EncoderBlock, type EncoderBlockDims } from './encoder-block.ts';
export * from './attention/index.ts';
