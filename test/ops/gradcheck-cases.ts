// The gradient-check cases of every op, keyed by the op's exported name. gradcheck.test.ts runs
// them all; coverage.test.ts fails if an op exported from src/ops/index.ts has no case here,
// or if a case's graph does not actually contain the op it claims to check.
import * as ops from '../../src/ops/index.ts';
import type { Tensor } from '../../src/index.ts';
import { randomInput, randomMask } from '../helpers/random.ts';

export interface GradCase {
  name: string;
  inputs: () => Tensor[];
  fn: (...inputs: Tensor[]) => Tensor;
  fastMode?: boolean;
}

const r = randomInput;
const ids = (values: number[]): Int32Array => Int32Array.from(values);

export const GRADCHECK_CASES: Record<string, GradCase[]> = {
  add: [
    { name: 'same shape', inputs: () => [r([2, 3], 1), r([2, 3], 2)], fn: (a, b) => ops.add(a!, b!) },
    { name: 'broadcast row and column', inputs: () => [r([3, 1], 3), r([1, 4], 4)], fn: (a, b) => ops.add(a!, b!) },
    { name: 'broadcast missing leading axes', inputs: () => [r([2, 3, 4], 5), r([4], 6)], fn: (a, b) => ops.add(a!, b!) },
    { name: 'with a number', inputs: () => [r([2, 2], 7)], fn: (a) => ops.add(a!, 1.5) },
    { name: 'tensor used twice', inputs: () => [r([3], 8)], fn: (a) => ops.add(a!, a!) },
  ],
  sub: [
    { name: 'broadcast', inputs: () => [r([2, 3], 9), r([2, 1], 10)], fn: (a, b) => ops.sub(a!, b!) },
    { name: 'number minus tensor', inputs: () => [r([4], 11)], fn: (a) => ops.sub(2, a!) },
  ],
  mul: [
    { name: 'same shape', inputs: () => [r([2, 3], 12), r([2, 3], 13)], fn: (a, b) => ops.mul(a!, b!) },
    { name: 'size-1 dims both sides', inputs: () => [r([2, 1, 3], 14), r([1, 4, 1], 15)], fn: (a, b) => ops.mul(a!, b!) },
    { name: 'scalar tensor', inputs: () => [r([3, 2], 16), r([], 17)], fn: (a, b) => ops.mul(a!, b!) },
  ],
  div: [
    { name: 'broadcast', inputs: () => [r([2, 3], 18), r([3], 19, { awayFromZero: true })], fn: (a, b) => ops.div(a!, b!) },
    { name: 'number over tensor', inputs: () => [r([4], 20, { awayFromZero: true })], fn: (a) => ops.div(1, a!) },
  ],
  neg: [{ name: 'matrix', inputs: () => [r([2, 3], 21)], fn: (a) => ops.neg(a!) }],
  exp: [{ name: 'matrix', inputs: () => [r([2, 3], 22)], fn: (a) => ops.exp(a!) }],
  log: [{ name: 'positive inputs', inputs: () => [r([2, 3], 23, { min: 0.2 })], fn: (a) => ops.log(a!) }],
  sqrt: [{ name: 'positive inputs', inputs: () => [r([5], 24, { min: 0.2 })], fn: (a) => ops.sqrt(a!) }],
  abs: [{ name: 'away from 0', inputs: () => [r([6], 25, { awayFromZero: true })], fn: (a) => ops.abs(a!) }],
  tanh: [{ name: 'matrix', inputs: () => [r([2, 3], 26)], fn: (a) => ops.tanh(a!) }],
  sigmoid: [{ name: 'matrix', inputs: () => [r([2, 3], 27)], fn: (a) => ops.sigmoid(a!) }],
  relu: [{ name: 'away from 0', inputs: () => [r([2, 4], 28, { awayFromZero: true })], fn: (a) => ops.relu(a!) }],
  gelu: [{ name: 'matrix incl. large |x|', inputs: () => [r([2, 4], 29)], fn: (a) => ops.gelu(ops.mul(a!, 2.5)) }],
  pow: [
    { name: 'square', inputs: () => [r([4], 30)], fn: (a) => ops.pow(a!, 2) },
    { name: 'fractional exponent', inputs: () => [r([4], 31, { min: 0.3 })], fn: (a) => ops.pow(a!, -1.5) },
  ],
  sum: [
    { name: 'all elements', inputs: () => [r([2, 3], 32)], fn: (a) => ops.sum(a!) },
    { name: 'axis 1', inputs: () => [r([2, 3, 2], 33)], fn: (a) => ops.sum(a!, 1) },
    { name: 'negative axis, keepDim', inputs: () => [r([2, 3], 34)], fn: (a) => ops.sum(a!, -1, true) },
    { name: 'size-1 axis', inputs: () => [r([3, 1], 35)], fn: (a) => ops.sum(a!, 1) },
  ],
  mean: [
    { name: 'all elements', inputs: () => [r([2, 3], 36)], fn: (a) => ops.mean(a!) },
    { name: 'axis 0, keepDim', inputs: () => [r([3, 2], 37)], fn: (a) => ops.mean(a!, 0, true) },
  ],
  max: [
    { name: 'all elements', inputs: () => [r([2, 3], 38)], fn: (a) => ops.max(a!) },
    { name: 'axis -2, keepDim', inputs: () => [r([2, 3, 2], 39)], fn: (a) => ops.max(a!, -2, true) },
  ],
  reshape: [{ name: 'with -1', inputs: () => [r([2, 3, 2], 40)], fn: (a) => ops.mul(ops.reshape(a!, [3, -1]), r([3, 4], 41, { requiresGrad: false })) }],
  broadcastTo: [{ name: 'size-1 and leading axes', inputs: () => [r([3, 1], 42)], fn: (a) => ops.mul(ops.broadcastTo(a!, [2, 3, 4]), r([2, 3, 4], 43, { requiresGrad: false })) }],
  permute: [{ name: '(B, T, H, D) to (B, H, T, D)', inputs: () => [r([2, 3, 2, 2], 44)], fn: (a) => ops.mul(ops.permute(a!, [0, 2, 1, 3]), r([2, 2, 3, 2], 45, { requiresGrad: false })) }],
  transpose: [{ name: 'last two axes, negative', inputs: () => [r([2, 3, 4], 46)], fn: (a) => ops.mul(ops.transpose(a!, -1, -2), r([2, 4, 3], 47, { requiresGrad: false })) }],
  slice: [
    { name: 'middle window', inputs: () => [r([2, 5, 2], 48)], fn: (a) => ops.slice(a!, 1, 1, 4) },
    { name: 'negative start', inputs: () => [r([4, 3], 49)], fn: (a) => ops.slice(a!, -1, -2) },
  ],
  concat: [
    { name: 'axis 1, three tensors', inputs: () => [r([2, 1, 2], 50), r([2, 3, 2], 51), r([2, 2, 2], 52)], fn: (a, b, c) => ops.concat([a!, b!, c!], 1) },
    { name: 'axis -1', inputs: () => [r([2, 2], 53), r([2, 3], 54)], fn: (a, b) => ops.concat([a!, b!], -1) },
  ],
  where: [{ name: 'broadcast condition', inputs: () => [r([2, 3], 55), r([2, 3], 56)], fn: (a, b) => ops.where(randomMask([1, 3], 57), a!, b!) }],
  maskedFill: [{ name: 'mask padded keys', inputs: () => [r([2, 4], 58)], fn: (a) => ops.maskedFill(a!, randomMask([2, 4], 59), -1e9) }],
  matmul: [
    { name: '2-D', inputs: () => [r([3, 4], 60), r([4, 2], 61)], fn: (a, b) => ops.matmul(a!, b!) },
    { name: 'transA', inputs: () => [r([4, 3], 62), r([4, 2], 63)], fn: (a, b) => ops.matmul(a!, b!, { transA: true }) },
    { name: 'transB', inputs: () => [r([3, 4], 64), r([2, 4], 65)], fn: (a, b) => ops.matmul(a!, b!, { transB: true }) },
    { name: 'transA and transB', inputs: () => [r([4, 3], 66), r([2, 4], 67)], fn: (a, b) => ops.matmul(a!, b!, { transA: true, transB: true }) },
    { name: 'batched', inputs: () => [r([2, 3, 4], 68), r([2, 4, 2], 69)], fn: (a, b) => ops.matmul(a!, b!) },
    { name: 'batch broadcast against a matrix', inputs: () => [r([2, 3, 4], 70), r([4, 2], 71)], fn: (a, b) => ops.matmul(a!, b!) },
    { name: 'batch broadcast (2,1) x (1,3) with transB', inputs: () => [r([2, 1, 2, 3], 72), r([1, 3, 2, 3], 73)], fn: (a, b) => ops.matmul(a!, b!, { transB: true }) },
    { name: 'size-1 dims', inputs: () => [r([1, 3], 74), r([3, 1], 75)], fn: (a, b) => ops.matmul(a!, b!) },
  ],
  softmax: [{ name: 'rows', inputs: () => [r([2, 3, 4], 76)], fn: (a) => ops.softmax(a!) }],
  logSoftmax: [{ name: 'rows', inputs: () => [r([3, 5], 77)], fn: (a) => ops.logSoftmax(a!) }],
  layerNorm: [{ name: 'x, weight and bias', inputs: () => [r([2, 3, 5], 78), r([5], 79), r([5], 80)], fn: (x, w, b) => ops.layerNorm(x!, w!, b!) }],
  embedding: [{ name: 'repeated ids', inputs: () => [r([5, 3], 81)], fn: (w) => ops.embedding(w!, ids([1, 4, 1, 0, 2, 1]), [2, 3]) }],
  crossEntropy: [{ name: 'batch of 4, 3 classes', inputs: () => [r([4, 3], 82)], fn: (l) => ops.crossEntropy(l!, ids([0, 2, 1, 2])) }],
  dropout: [
    { name: 'elementwise, fixed seed', inputs: () => [r([3, 4], 83)], fn: (a) => ops.dropout(a!, 0.3, 1234) },
    { name: 'whole columns (shared axis -2)', inputs: () => [r([2, 3, 4], 84)], fn: (a) => ops.dropout(a!, 0.5, 99, { sharedAxes: [-2] }) },
  ],
  toDtype: [{ name: 'float64 copy', inputs: () => [r([3], 85)], fn: (a) => ops.toDtype(a!, 'float64') }],
};

/** Ops exported from the index that need no gradient check, with the reason. */
export const NOT_DIFFERENTIABLE: Record<string, string> = {};

// Ops added for the attention cores (issue 4).
import { eye } from '../../src/index.ts';
GRADCHECK_CASES.depthwiseConv1d = [
  { name: '5 taps, padding 2 (same length)', inputs: () => [r([2, 2, 6, 3], 86), r([2, 5], 87)], fn: (x, w) => ops.depthwiseConv1d(x!, w!, 2) },
  { name: '3 taps, no padding (shorter)', inputs: () => [r([1, 2, 5, 2], 88), r([2, 3], 89)], fn: (x, w) => ops.depthwiseConv1d(x!, w!, 0) },
];
GRADCHECK_CASES.inverse = [
  // A well-conditioned batch: I·3 plus noise.
  { name: 'batch of 2 (3, 3)', inputs: () => [r([2, 3, 3], 90)], fn: (a) => ops.inverse(ops.add(a!, ops.mul(eye(3, { dtype: 'float64' }), 3))) },
];
