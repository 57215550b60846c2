// where (choose elementwise between two tensors by a condition) and maskedFill (replace the
// elements where a mask is set by a constant). Conditions and masks are tensors whose non-zero
// entries mean true; they broadcast like any operand and receive no gradient.
import { whereBroadcast } from '../../kernels/binary.ts';
import { record } from '../autograd/node.ts';
import { OpError, broadcastShapes, formatShape, sameShape } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { checkDtypes, checkTensor, emptyLike, promote } from './util.ts';

function choose(op: string, cond: Tensor, a: Tensor, b: Tensor): Tensor {
  const shape = broadcastShapes(op, cond.shape, a.shape, b.shape);
  const out = emptyLike(a, shape);
  whereBroadcast(cond.data, cond.shape, a.data, a.shape, b.data, b.shape, out.data, shape);
  return out;
}

/** cond ≠ 0 ? a : b, elementwise with broadcasting. */
export function where(cond: Tensor, aIn: Tensor | number, bIn: Tensor | number): Tensor {
  checkTensor('where', cond, 'condition');
  const a = promote('where', aIn, cond);
  const b = promote('where', bIn, cond);
  checkDtypes('where', cond, a, b);
  const out = choose('where', cond, a, b);
  const needA = a.requiresGrad;
  const needB = b.requiresGrad;
  return record('where', out, [a, b], (dOut) => [
    needA ? choose('where', cond, dOut, promote('where', 0, dOut)) : null,
    needB ? choose('where', cond, promote('where', 0, dOut), dOut) : null,
  ]);
}

/** x with every element where mask ≠ 0 replaced by value (e.g. −1e9 on padded keys). */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  checkTensor('maskedFill', x);
  checkTensor('maskedFill', mask, 'mask');
  checkDtypes('maskedFill', x, mask);
  // The mask broadcasts to x's shape, never the other way (as PyTorch's masked_fill).
  if (!sameShape(broadcastShapes('maskedFill', mask.shape, x.shape), x.shape)) {
    throw new OpError('maskedFill', `the mask ${formatShape(mask.shape)} must broadcast to the shape of x ${formatShape(x.shape)}`);
  }
  const fill = promote('maskedFill', value, x);
  const out = choose('maskedFill', mask, fill, x);
  // Filled elements are constants: their gradient is 0.
  return record('maskedFill', out, [x], (dOut) => [choose('maskedFill', mask, promote('maskedFill', 0, dOut), dOut)]);
}
