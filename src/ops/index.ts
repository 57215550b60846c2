// The op set: every differentiable op of the engine, in one list. Each is proven by a gradient
// check (test/ops/gradcheck-cases.ts); test/ops/coverage.test.ts fails when an export here has
// none. Adding an op touches its own file, this index, and its test — nothing else.
export { add, sub, mul, div } from './arithmetic.ts';
export { neg, exp, log, sqrt, abs, tanh, sigmoid, relu, gelu, pow } from './unary.ts';
export { sum, mean, max } from './reduce.ts';
export { reshape, broadcastTo } from './reshape.ts';
export { permute, transpose } from './permute.ts';
export { slice, concat } from './slice.ts';
export { where, maskedFill } from './where.ts';
export { matmul, type MatmulOptions } from './matmul.ts';
export { softmax, logSoftmax } from './softmax.ts';
export { layerNorm } from './layer-norm.ts';
export { embedding } from './embedding.ts';
export { crossEntropy } from './cross-entropy.ts';
export { dropout, type DropoutOptions } from './dropout.ts';
export { toDtype } from './to-dtype.ts';
export { depthwiseConv1d } from './depthwise-conv1d.ts';
export { inverse } from './inverse.ts';
