// softmax and logSoftmax over the last axis, fused and numerically stable. Each saves its output,
// which is all its backward needs.
import { logSoftmaxRows, logSoftmaxRowsBackward, softmaxRows, softmaxRowsBackward } from '../../kernels/softmax.ts';
import { record } from '../autograd/node.ts';
import { OpError } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { checkTensor, emptyLike } from './util.ts';

function rowsOf(op: string, x: Tensor): { rows: number; n: number } {
  checkTensor(op, x);
  if (x.ndim === 0) throw new OpError(op, 'needs at least one dimension (it normalises the last axis)');
  const n = x.shape[x.ndim - 1]!;
  return { rows: n === 0 ? 0 : x.size / n, n };
}

/** exp(x − max) / Σ exp(x − max) along the last axis. */
export function softmax(x: Tensor): Tensor {
  const { rows, n } = rowsOf('softmax', x);
  const y = emptyLike(x);
  softmaxRows(x.data, rows, n, y.data);
  return record('softmax', y, [x], (dOut) => {
    const dx = emptyLike(y); // the input is not saved: softmax's backward reads only its output
    softmaxRowsBackward(y.data, dOut.data, rows, n, dx.data);
    return [dx];
  });
}

/** x − log Σ exp(x) along the last axis. */
export function logSoftmax(x: Tensor): Tensor {
  const { rows, n } = rowsOf('logSoftmax', x);
  const y = emptyLike(x);
  logSoftmaxRows(x.data, rows, n, y.data);
  return record('logSoftmax', y, [x], (dOut) => {
    const dx = emptyLike(y);
    logSoftmaxRowsBackward(y.data, dOut.data, rows, n, dx.data);
    return [dx];
  });
}
