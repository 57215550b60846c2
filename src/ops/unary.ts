// Unary elementwise ops: neg, exp, log, sqrt, abs, tanh, sigmoid, relu, gelu, and pow with a
// scalar exponent. Each saves its input or its output, whichever its derivative reads
// (kernels/unary.ts, BACKWARD_READS).
import { BACKWARD_READS, powBackward, powForward, unaryBackward, unaryForward, type UnaryKind } from '../../kernels/unary.ts';
import { record } from '../autograd/node.ts';
import { OpError } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { checkTensor, emptyLike, emptyOf } from './util.ts';

const NOTHING = new Float64Array(0);

function unary(kind: UnaryKind, x: Tensor): Tensor {
  checkTensor(kind, x);
  const y = emptyLike(x);
  unaryForward(kind, x.data, y.data);
  const reads = BACKWARD_READS[kind];
  const savedX = reads === 'x' ? x.data : NOTHING;
  const savedY = reads === 'y' ? y.data : NOTHING;
  const { shape, dtype } = x;
  return record(kind, y, [x], (dOut) => {
    const dx = emptyOf(dtype, shape);
    unaryBackward(kind, savedX, savedY, dOut.data, dx.data);
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
  const { data: saved, shape, dtype } = x;
  return record('pow', y, [x], (dOut) => {
    const dx = emptyOf(dtype, shape);
    powBackward(saved, p, dOut.data, dx.data);
    return [dx];
  });
}
