// layerNorm over the last axis with a learned scale (weight) and shift (bias), fused.
// Forward saves the per-row mean and rstd = 1/√(var + eps); backward is in kernels/layer-norm.ts.
import { layerNormRows, layerNormRowsBackward } from '../../kernels/layer-norm.ts';
import { record } from '../autograd/node.ts';
import { OpError, formatShape } from '../tensor/shape.ts';
import { Tensor, allocate } from '../tensor/tensor.ts';
import { checkDtypes, checkTensor, emptyLike, emptyOf } from './util.ts';

/** x: (..., C); weight, bias: (C,). */
export function layerNorm(x: Tensor, weight: Tensor, bias: Tensor, eps = 1e-5): Tensor {
  checkTensor('layerNorm', x);
  checkTensor('layerNorm', weight, 'weight');
  checkTensor('layerNorm', bias, 'bias');
  checkDtypes('layerNorm', x, weight, bias);
  const c = x.shape[x.ndim - 1];
  if (c === undefined || weight.ndim !== 1 || bias.ndim !== 1 || weight.shape[0] !== c || bias.shape[0] !== c) {
    throw new OpError('layerNorm', `x ${formatShape(x.shape)} needs weight and bias of shape (C,) with C its last dimension; got ${formatShape(weight.shape)} and ${formatShape(bias.shape)}`);
  }
  if (!(eps > 0)) throw new OpError('layerNorm', `eps must be positive, got ${eps}`);
  const rows = c === 0 ? 0 : x.size / c;
  const y = emptyLike(x);
  const mean = allocate(x.dtype, rows);
  const rstd = allocate(x.dtype, rows);
  layerNormRows(x.data, weight.data, bias.data, rows, c, eps, y.data, mean, rstd);
  const { data: xData, shape, dtype } = x;
  const weightData = weight.data;
  return record('layerNorm', y, [x, weight, bias], (dOut) => {
    const dx = emptyOf(dtype, shape);
    const dWeight = emptyOf(dtype, [c]);
    const dBias = emptyOf(dtype, [c]);
    layerNormRowsBackward(xData, weightData, mean, rstd, dOut.data, rows, c, dx.data, dWeight.data, dBias.data);
    return [dx, dWeight, dBias];
  });
}

