// proxyformer: the public API of the library.
export { Tensor, type DType, type FloatArray, type TensorOptions, type NestedArray } from './tensor/tensor.ts';
export { tensor, zeros, ones, full, fullLike, arange, eye, rand, randn } from './tensor/create.ts';
export { Rng, type RngState } from './tensor/rng.ts';
export { OpError, formatShape, type Shape } from './tensor/shape.ts';
export { noGrad, isGradEnabled } from './autograd/grad-mode.ts';
export { gradcheck, type GradcheckOptions, type GradcheckResult } from './autograd/gradcheck.ts';
export * from './ops/index.ts';
export * from './nn/index.ts';
export * from './models/index.ts';
export * from './optim/index.ts';
export { setBackend, getBackend, setThreads, getThreads, type BackendName } from './backend/index.ts';
