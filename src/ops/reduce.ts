// Reductions: sum, mean and max, over one axis (optionally keeping it as size 1) or over all
// elements. Backward spreads the output gradient back over the reduced axis.
import { maxAxis, maxAxisBackward, sumAxis } from '../../kernels/reduce.ts';
import { record } from '../autograd/node.ts';
import { OpError, formatShape, normalizeAxis, splitAtAxis } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { mul } from './arithmetic.ts';
import { broadcastTo, reshape } from './reshape.ts';
import { checkTensor, emptyLike, emptyOf } from './util.ts';

interface Reduction {
  axis: number; // normalised; −1 means all elements
  keptShape: number[]; // the output shape with the axis kept as 1
  outShape: number[];
  outer: number;
  n: number;
  inner: number;
}

function plan(op: string, x: Tensor, axis: number | undefined, keepDim: boolean): Reduction {
  checkTensor(op, x);
  if (axis === undefined) {
    const keptShape = x.shape.map(() => 1);
    return { axis: -1, keptShape, outShape: keepDim ? keptShape : [], outer: 1, n: x.size, inner: 1 };
  }
  const a = normalizeAxis(op, axis, x.ndim);
  const keptShape = x.shape.map((d, i) => (i === a ? 1 : d));
  const outShape = keepDim ? keptShape : x.shape.filter((_, i) => i !== a);
  return { axis: a, keptShape, outShape, ...splitAtAxis(x.shape, a) };
}

/** Σ over `axis` (all elements when omitted). */
export function sum(x: Tensor, axis?: number, keepDim = false): Tensor {
  const r = plan('sum', x, axis, keepDim);
  const out = emptyLike(x, r.outShape);
  sumAxis(x.data, r.outer, r.n, r.inner, out.data);
  const shape = x.shape;
  // (…kept…) → broadcast back to x's shape: every summed element gets the same gradient.
  return record('sum', out, [x], (dOut) => [broadcastTo(reshape(dOut, r.keptShape), shape)]);
}

/** Mean over `axis` (all elements when omitted). */
export function mean(x: Tensor, axis?: number, keepDim = false): Tensor {
  const r = plan('mean', x, axis, keepDim);
  const out = emptyLike(x, r.outShape);
  sumAxis(x.data, r.outer, r.n, r.inner, out.data);
  const scale = 1 / r.n;
  for (let i = 0; i < out.size; i++) out.data[i]! *= scale;
  const shape = x.shape;
  return record('mean', out, [x], (dOut) => [mul(broadcastTo(reshape(dOut, r.keptShape), shape), scale)]);
}

/** Maximum over `axis` (all elements when omitted); the gradient goes to the first maximum. */
export function max(x: Tensor, axis?: number, keepDim = false): Tensor {
  const r = plan('max', x, axis, keepDim);
  if (r.n === 0) throw new OpError('max', `cannot take the maximum over an empty axis of ${formatShape(x.shape)}`);
  const out = emptyLike(x, r.outShape);
  const argmax = new Int32Array(r.outer * r.inner);
  maxAxis(x.data, r.outer, r.n, r.inner, out.data, argmax);
  const { shape, dtype } = x;
  return record('max', out, [x], (dOut) => {
    const dx = emptyOf(dtype, shape);
    maxAxisBackward(dOut.data, argmax, r.outer, r.n, r.inner, dx.data);
    return [dx];
  });
}

