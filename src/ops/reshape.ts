// Shape-only ops: reshape (a new shape over the same numbers, sharing the buffer) and
// broadcastTo (repeat along size-1 axes). Their backward reshapes or sums the gradient back.
import { broadcastCopy } from '../../kernels/binary.ts';
import { record } from '../autograd/node.ts';
import { OpError, broadcastShapes, checkArray, checkShape, formatShape, sameShape, sizeOf, type Shape } from '../tensor/shape.ts';
import { Tensor } from '../tensor/tensor.ts';
import { checkTensor, emptyLike } from './util.ts';

/** The same elements in a new shape; one dimension may be −1 (inferred). Shares x's buffer. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  checkTensor('reshape', x);
  checkArray('reshape', shape, 'the new shape');
  const inferred = [...shape];
  const unknown = inferred.indexOf(-1);
  if (unknown !== -1) {
    const known = sizeOf(inferred.filter((_, i) => i !== unknown));
    if (inferred.lastIndexOf(-1) !== unknown || known === 0 || x.size % known !== 0) {
      throw new OpError('reshape', `cannot reshape ${formatShape(x.shape)} into ${formatShape(shape)}`);
    }
    inferred[unknown] = x.size / known;
  }
  if (inferred.some((d) => !Number.isInteger(d) || d < 0) || sizeOf(inferred) !== x.size) {
    throw new OpError('reshape', `cannot reshape ${formatShape(x.shape)} (${x.size} elements) into ${formatShape(shape)}`);
  }
  const out = new Tensor(x.data, inferred);
  const inputShape = x.shape;
  return record('reshape', out, [x], (dOut) => [new Tensor(dOut.data, inputShape)]);
}

/** x repeated along its size-1 (or missing leading) axes to `shape`, NumPy rules. */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  checkTensor('broadcastTo', x);
  checkShape('broadcastTo', shape);
  const target = broadcastShapes('broadcastTo', x.shape, shape);
  if (!sameShape(target, shape)) {
    throw new OpError('broadcastTo', `cannot broadcast ${formatShape(x.shape)} to ${formatShape(shape)}`);
  }
  const out = emptyLike(x, shape);
  broadcastCopy(x.data, x.shape, out.data, shape);
  // The engine sums the output-shaped gradient back down to x's shape.
  return record('broadcastTo', out, [x], (dOut) => [dOut]);
}
