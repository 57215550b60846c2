// Bad input to every op throws an error that names the op and the shapes (or the bad argument).
import { describe, expect, it } from 'vitest';
import * as ops from '../../src/ops/index.ts';
import { tensor, zeros } from '../../src/index.ts';

const m23 = zeros([2, 3]);
const m43 = zeros([4, 3]);
const f64 = zeros([2, 3], { dtype: 'float64' });

const cases: [string, () => unknown, RegExp][] = [
  ['add: incompatible shapes', () => ops.add(m23, m43), /^add: shapes \(2, 3\) and \(4, 3\) cannot be broadcast/],
  ['sub: mixed dtypes', () => ops.sub(m23, f64), /^sub: mixed dtypes: \(2, 3\) float32 and \(2, 3\) float64/],
  ['mul: not a tensor', () => ops.mul(m23, [1, 2] as never), /^mul: expected a Tensor or a number, got an array/],
  ['div: incompatible', () => ops.div(zeros([3]), zeros([2])), /^div: shapes \(3,\) and \(2,\)/],
  ['exp: not a tensor', () => ops.exp(undefined as never), /^exp: input must be a Tensor/],
  ['pow: bad exponent', () => ops.pow(m23, Number.NaN), /^pow: the exponent must be a finite number/],
  ['sum: bad axis', () => ops.sum(m23, 2), /^sum: axis 2 is out of range for a tensor with 2 dimension\(s\)/],
  ['mean: bad axis', () => ops.mean(m23, -3), /^mean: axis -3 is out of range/],
  ['max: fractional axis', () => ops.max(m23, 0.5), /^max: axis 0.5 is out of range/],
  ['reshape: wrong size', () => ops.reshape(m23, [4, 2]), /^reshape: cannot reshape \(2, 3\) \(6 elements\) into \(4, 2\)/],
  ['reshape: two -1', () => ops.reshape(m23, [-1, -1]), /^reshape: cannot reshape \(2, 3\) into \(-1, -1\)/],
  ['broadcastTo: incompatible', () => ops.broadcastTo(m23, [2, 4]), /^broadcastTo: shapes \(2, 3\) and \(2, 4\) cannot be broadcast/],
  ['permute: not a permutation', () => ops.permute(m23, [0, 0]), /^permute: axes \[0, 0\] are not a permutation of the 2 axes of \(2, 3\)/],
  ['transpose: bad axis', () => ops.transpose(m23, 0, 5), /^transpose: axis 5 is out of range/],
  ['slice: bad range', () => ops.slice(m23, 1, 2, 5), /^slice: range \[2, 5\) is invalid for axis 1 of size 3 in \(2, 3\)/],
  ['concat: shapes differ', () => ops.concat([m23, zeros([2, 4])], 0), /^concat: shapes \(2, 3\), \(2, 4\) differ outside axis 0/],
  ['concat: empty', () => ops.concat([], 0), /^concat: needs a non-empty array/],
  ['concat: mixed dtypes', () => ops.concat([m23, f64], 0), /^concat: mixed dtypes/],
  ['where: incompatible', () => ops.where(zeros([5]), m23, m23), /^where: shapes \(5,\) and \(2, 3\) and \(2, 3\) cannot be broadcast/],
  ['maskedFill: incompatible mask', () => ops.maskedFill(m23, zeros([2]), 0), /^maskedFill: shapes \(2,\) and \(2, 3\) cannot be broadcast/],
  ['matmul: inner dims', () => ops.matmul(m23, m43), /^matmul: inner dimensions differ \(3 vs 4\) for \(2, 3\) and \(4, 3\)/],
  ['matmul: 1-D', () => ops.matmul(zeros([3]), m23), /^matmul: needs tensors of at least 2 dimensions/],
  ['matmul: batch', () => ops.matmul(zeros([2, 2, 3]), zeros([3, 3, 2])), /^matmul: shapes \(2,\) and \(3,\) cannot be broadcast/],
  ['matmul: mixed dtypes', () => ops.matmul(m23, zeros([3, 2], { dtype: 'float64' })), /^matmul: mixed dtypes/],
  ['softmax: 0-d', () => ops.softmax(tensor(1)), /^softmax: needs at least one dimension/],
  ['logSoftmax: not a tensor', () => ops.logSoftmax(null as never), /^logSoftmax: input must be a Tensor, got null/],
  ['layerNorm: weight shape', () => ops.layerNorm(m23, zeros([4]), zeros([3])), /^layerNorm: x \(2, 3\) needs weight and bias of shape \(C,\).*got \(4,\) and \(3,\)/],
  ['embedding: id out of range', () => ops.embedding(m43, Int32Array.from([1, 4])), /^embedding: id 4 at position 1 is outside the vocabulary \[0, 4\) of weight \(4, 3\)/],
  ['embedding: ids not Int32Array', () => ops.embedding(m43, [1] as never), /^embedding: ids must be an Int32Array/],
  ['crossEntropy: target out of range', () => ops.crossEntropy(m23, Int32Array.from([0, 3])), /^crossEntropy: target 3 at position 1 is outside the 3 classes/],
  ['crossEntropy: wrong count', () => ops.crossEntropy(m23, Int32Array.from([0])), /^crossEntropy: logits \(2, 3\) need 2 targets, got 1/],
  ['dropout: bad rate', () => ops.dropout(m23, 1, 0), /^dropout: rate p must be in \[0, 1\), got 1/],
  ['dropout: bad shared axis', () => ops.dropout(m23, 0.1, 0, { sharedAxes: [3] }), /^dropout: axis 3 is out of range/],
  ['depthwiseConv1d: heads differ', () => ops.depthwiseConv1d(zeros([1, 2, 5, 3]), zeros([3, 5]), 2), /^depthwiseConv1d: needs x \(B, H, T, D\) and weight \(H, K\) with the same H; got \(1, 2, 5, 3\) and \(3, 5\)/],
  ['inverse: not square', () => ops.inverse(m23), /^inverse: needs square matrices \(\.\.\., M, M\), got \(2, 3\)/],
  ['inverse: singular', () => ops.inverse(zeros([2, 2])), /^inverse: matrix 0 of the batch \(2, 2\) is singular/],
  ['reshape: not an array', () => ops.reshape(m23, 4 as never), /^reshape: the new shape must be an array of integers, got 4/],
  ['permute: axes not an array', () => ops.permute(m23, undefined as never), /^permute: axes must be an array of integers/],
  ['broadcastTo: not an array', () => ops.broadcastTo(m23, undefined as never), /^broadcastTo: a shape must be an array/],
  ['dropout: sharedAxes not an array', () => ops.dropout(m23, 0.5, 1, { sharedAxes: 1 as never }), /^dropout: sharedAxes must be an array/],
  ['maskedFill: mask larger than x', () => ops.maskedFill(zeros([3]), m23, 0), /^maskedFill: the mask \(2, 3\) must broadcast to the shape of x \(3,\)/],
  ['max: empty axis', () => ops.max(zeros([0])), /^max: cannot take the maximum over an empty axis of \(0,\)/],
  ['toDtype: bad dtype', () => ops.toDtype(m23, 'int8' as never), /^toDtype: dtype must be 'float32' or 'float64', got 'int8'/],
];

describe('bad input names the op and the shapes', () => {
  for (const [name, call, message] of cases) {
    it(name, () => {
      expect(call).toThrow(message);
    });
  }

  it('covers every exported op', () => {
    const named = new Set(cases.map(([name]) => name.split(':')[0]));
    const exported = Object.entries(ops).filter(([, v]) => typeof v === 'function').map(([k]) => k);
    const untested = exported.filter((op) => !named.has(op));
    // Unary ops share one argument check; exp stands for them.
    const sharedCheck = new Set(['neg', 'log', 'sqrt', 'abs', 'tanh', 'sigmoid', 'relu', 'gelu']);
    expect(untested.filter((op) => !sharedCheck.has(op))).toEqual([]);
  });
});
