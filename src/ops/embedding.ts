// embedding: rows of a weight table picked by integer ids (a gather). Backward scatter-adds
// each output row's gradient into the row it was read from; repeated ids accumulate.
import { gatherRows, scatterAddRows } from '../../kernels/embedding.ts';
import { record } from '../autograd/node.ts';
import { OpError, checkShape, formatShape, sizeOf, type Shape } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { checkTensor, emptyLike, emptyOf } from './util.ts';

/** weight: (V, C); ids: integers in [0, V) laid out in idsShape (e.g. (B, T)) → (...idsShape, C). */
export function embedding(weight: Tensor, ids: Int32Array, idsShape: Shape = [ids.length]): Tensor {
  checkTensor('embedding', weight, 'weight');
  if (!(ids instanceof Int32Array)) throw new OpError('embedding', 'ids must be an Int32Array');
  checkShape('embedding', idsShape); // also rejects a non-array
  if (weight.ndim !== 2) throw new OpError('embedding', `weight must be (V, C), got ${formatShape(weight.shape)}`);
  if (sizeOf(idsShape) !== ids.length) {
    throw new OpError('embedding', `idsShape ${formatShape(idsShape)} holds ${sizeOf(idsShape)} ids, got ${ids.length}`);
  }
  const [v, c] = weight.shape as [number, number];
  for (let i = 0; i < ids.length; i++) {
    if (ids[i]! < 0 || ids[i]! >= v) {
      throw new OpError('embedding', `id ${ids[i]} at position ${i} is outside the vocabulary [0, ${v}) of weight ${formatShape(weight.shape)}`);
    }
  }
  const out = emptyLike(weight, [...idsShape, c]);
  gatherRows(weight.data, ids, c, out.data);
  const dtype = weight.dtype;
  return record('embedding', out, [weight], (dOut) => {
    const dWeight = emptyOf(dtype, [v, c]);
    scatterAddRows(dOut.data, ids, c, dWeight.data);
    return [dWeight];
  });
}
