// Unary elementwise ops: neg, exp, log, sqrt, abs, tanh, sigmoid, relu, gelu, and pow with a
// scalar exponent. Each saves its input and output; the derivative is in kernels/unary.ts.
import { powBackward, powForward, unaryBackward, unaryForward, type UnaryKind } from '../../kernels/unary.ts';
import { record } from '../autograd/node.ts';
import { OpError } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { checkTensor, emptyLike } from './util.ts';

function unary(kind: UnaryKind, x: Tensor): Tensor {
  checkTensor(kind, x);
  const y = emptyLike(x);
  unaryForward(kind, x.data, y.data);
  return record(kind, y, [x], (dOut) => {
    const dx = emptyLike(x);
    unaryBackward(kind, x.data, y.data, dOut.data, dx.data);
    return [dx];
  });
}

export const neg = (x: Tensor): Tensor => unary('neg', x);
export const exp = (x: Tensor): Tensor => unary('exp', x);
export const log = (x: Tensor): Tensor => unary('log', x);
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x);
export const abs = (x: Tensor): Tensor => unary('abs', x);
export const tanh = (x: Tensor): Tensor => unary('tanh', x);
export const sigmoid = (x: Tensor): Tensor => unary('sigmoid', x);
export const relu = (x: Tensor): Tensor => unary('relu', x);
/** GELU, the exact erf form: x · Φ(x). */
export const gelu = (x: Tensor): Tensor => unary('gelu', x);

/** xᵖ for a scalar exponent p. */
export function pow(x: Tensor, p: number): Tensor {
  checkTensor('pow', x);
  if (typeof p !== 'number' || !Number.isFinite(p)) throw new OpError('pow', `the exponent must be a finite number, got ${String(p)}`);
  const y = emptyLike(x);
  powForward(x.data, p, y.data);
  return record('pow', y, [x], (dOut) => {
    const dx = emptyLike(x);
    powBackward(x.data, p, dOut.data, dx.data);
    return [dx];
  });
}
