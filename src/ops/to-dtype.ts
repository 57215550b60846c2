// toDtype: a copy of the numbers stored as float32 or float64; the gradient is cast back.
// (It copies and records even when the dtype is unchanged, so its backward is always exercised.)
import { record } from '../autograd/node.ts';
import { OpError } from '../tensor/shape.ts';
import { Tensor, allocate, type DType } from '../tensor/tensor.ts';
import { checkTensor } from './util.ts';

export function toDtype(x: Tensor, dtype: DType): Tensor {
  checkTensor('toDtype', x);
  if (dtype !== 'float32' && dtype !== 'float64') throw new OpError('toDtype', `dtype must be 'float32' or 'float64', got '${String(dtype)}'`);
  const data = allocate(dtype, x.size);
  data.set(x.data);
  const out = new Tensor(data, x.shape);
  const from = x.dtype;
  return record('toDtype', out, [x], (dOut) => [toDtype(dOut, from)]);
}
