// slice (a window along one axis) and concat (join along one axis), each the other's backward.
import { readWindow, writeWindow } from '../../kernels/slice.ts';
import { record } from '../autograd/node.ts';
import { OpError, formatShape, normalizeAxis, splitAtAxis } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { checkDtypes, checkTensor, emptyLike, emptyOf } from './util.ts';

/** Elements start..end−1 along `axis` (negative start/end count from the end, like Python). */
export function slice(x: Tensor, axis: number, start: number, end?: number): Tensor {
  checkTensor('slice', x);
  const a = normalizeAxis('slice', axis, x.ndim);
  const n = x.shape[a]!;
  const from = start < 0 ? start + n : start;
  const to = end === undefined ? n : end < 0 ? end + n : end;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > n || from > to) {
    throw new OpError('slice', `range [${start}, ${end ?? n}) is invalid for axis ${axis} of size ${n} in ${formatShape(x.shape)}`);
  }
  const { outer, inner } = splitAtAxis(x.shape, a);
  const len = to - from;
  const out = emptyLike(x, x.shape.map((d, i) => (i === a ? len : d)));
  readWindow(x.data, outer, n, inner, from, len, out.data);
  const { shape, dtype } = x;
  return record('slice', out, [x], (dOut) => {
    const dx = emptyOf(dtype, shape); // zero outside the window
    writeWindow(dOut.data, outer, n, inner, from, len, dx.data);
    return [dx];
  });
}

/** Joins tensors along `axis`; all other dimensions must agree. */
export function concat(tensors: readonly Tensor[], axis: number): Tensor {
  if (tensors === null || typeof tensors !== 'object' || tensors.length === 0 || tensors[0] === undefined) throw new OpError('concat', 'needs a non-empty array of tensors');
  tensors.forEach((t, i) => checkTensor('concat', t, `tensor ${i}`));
  checkDtypes('concat', ...tensors);
  const first: Tensor = tensors[0]!;
  const a = normalizeAxis('concat', axis, first.ndim);
  for (const t of tensors) {
    if (t.ndim !== first.ndim || t.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      throw new OpError('concat', `shapes ${tensors.map((u) => formatShape(u.shape)).join(', ')} differ outside axis ${axis}`);
    }
  }
  const total = tensors.reduce((s, t) => s + t.shape[a]!, 0);
  const outShape = first.shape.map((d, i) => (i === a ? total : d));
  const out = emptyLike(first, outShape);
  const { outer, inner } = splitAtAxis(outShape, a);
  const starts: number[] = [];
  let start = 0;
  for (const t of tensors) {
    starts.push(start);
    writeWindow(t.data, outer, total, inner, start, t.shape[a]!, out.data);
    start += t.shape[a]!;
  }
  const parts = tensors.map((t) => ({ shape: t.shape, needed: t.requiresGrad }));
  const dtype = first.dtype;
  return record('concat', out, [...tensors], (dOut) =>
    parts.map(({ shape, needed }, i) => {
      if (!needed) return null;
      const dt = emptyOf(dtype, shape);
      readWindow(dOut.data, outer, total, inner, starts[i]!, shape[a]!, dt.data);
      return dt;
    }),
  );
}
