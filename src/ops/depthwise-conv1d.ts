// depthwiseConv1d: a K-tap convolution along T of a (B, H, T, D) tensor, one filter per head
// shared by the D columns, zero padding, no bias — Nyströmformer's optional conv skip on V
// (PyTorch Conv2d with groups = H and kernel (K, 1)). Not a general convolution.
import { depthwiseConv1dBackward, depthwiseConv1dForward, type ConvDims } from '../../kernels/depthwise-conv1d.ts';
import { record } from '../autograd/node.ts';
import { OpError, formatShape } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { checkDtypes, checkTensor, emptyLike } from './util.ts';

/** x: (B, H, T, D); weight: (H, K) → (B, H, T + 2·padding − K + 1, D). */
export function depthwiseConv1d(x: Tensor, weight: Tensor, padding: number): Tensor {
  checkTensor('depthwiseConv1d', x);
  checkTensor('depthwiseConv1d', weight, 'weight');
  checkDtypes('depthwiseConv1d', x, weight);
  if (x.ndim !== 4 || weight.ndim !== 2 || weight.shape[0] !== x.shape[1]) {
    throw new OpError('depthwiseConv1d', `needs x (B, H, T, D) and weight (H, K) with the same H; got ${formatShape(x.shape)} and ${formatShape(weight.shape)}`);
  }
  if (!Number.isInteger(padding) || padding < 0) throw new OpError('depthwiseConv1d', `padding must be a non-negative integer, got ${padding}`);
  const [b, h, t, d] = x.shape as [number, number, number, number];
  const k = weight.shape[1]!;
  const tOut = t + 2 * padding - k + 1;
  if (tOut <= 0) throw new OpError('depthwiseConv1d', `a ${k}-tap filter with padding ${padding} leaves no output for T = ${t}`);
  const dims: ConvDims = { b, h, t, d, k, pad: padding, tOut };
  const out = emptyLike(x, [b, h, tOut, d]);
  depthwiseConv1dForward(x.data, weight.data, dims, out.data);
  return record('depthwiseConv1d', out, [x, weight], (dOut) => {
    const dx = emptyLike(x);
    const dw = emptyLike(weight);
    depthwiseConv1dBackward(x.data, weight.data, dOut.data, dims, dx.data, dw.data);
    return [dx, dw];
  });
}
