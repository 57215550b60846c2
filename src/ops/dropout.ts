// dropout: zero each element with probability p and scale the survivors by 1/(1 − p).
// The keep-mask is drawn from `seed` inside the op, so evaluating the same op twice (as a
// gradient check does) sees the same mask. `sharedAxes` draws one decision for every index
// along those axes: e.g. mask shape (B, H, 1, M) drops whole columns of a (B, H, M, M) matrix.
import { binaryBroadcast } from '../../kernels/binary.ts';
import { record } from '../autograd/node.ts';
import { Rng } from '../tensor/rng.ts';
import { OpError, checkArray, normalizeAxis } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { checkTensor, emptyLike } from './util.ts';

export interface DropoutOptions {
  /** Axes along which one keep/drop decision is shared (the mask has size 1 there). */
  sharedAxes?: readonly number[];
}

export function dropout(x: Tensor, p: number, seed: number, options: DropoutOptions = {}): Tensor {
  checkTensor('dropout', x);
  if (!(p >= 0 && p < 1)) throw new OpError('dropout', `rate p must be in [0, 1), got ${p}`);
  if (!Number.isInteger(seed)) throw new OpError('dropout', `seed must be an integer, got ${seed}`);
  if (options.sharedAxes !== undefined) checkArray('dropout', options.sharedAxes, 'sharedAxes');
  const shared = new Set((options.sharedAxes ?? []).map((a) => normalizeAxis('dropout', a, x.ndim)));
  const maskShape = x.shape.map((d, i) => (shared.has(i) ? 1 : d));
  const mask = emptyLike(x, maskShape);
  const rng = new Rng(seed);
  const scale = 1 / (1 - p);
  for (let i = 0; i < mask.size; i++) mask.data[i] = rng.random() >= p ? scale : 0;
  const out = emptyLike(x);
  binaryBroadcast('mul', x.data, x.shape, mask.data, maskShape, out.data, x.shape);
  return record('dropout', out, [x], (dOut) => {
    const dx = emptyLike(dOut);
    binaryBroadcast('mul', dOut.data, dOut.shape, mask.data, maskShape, dx.data, dOut.shape);
    return [dx];
  });
}
