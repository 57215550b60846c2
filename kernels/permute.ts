// Axis permutation (transpose) as a strided gather: out axis a is input axis perm[a].
import { forEachRow, type FloatArray } from './broadcast.ts';

export function permute(x: FloatArray, xShape: readonly number[], perm: readonly number[], out: FloatArray): void {
  const xStrides = new Array<number>(xShape.length);
  let stride = 1;
  for (let axis = xShape.length - 1; axis >= 0; axis--) {
    xStrides[axis] = stride;
    stride *= xShape[axis]!;
  }
  const outShape = perm.map((p) => xShape[p]!);
  const gather = perm.map((p) => xStrides[p]!); // input stride along each output axis
  const last = outShape.length - 1;
  if (last < 0) {
    out[0] = x[0]!;
    return;
  }
  const rowLength = outShape[last]!;
  const step = gather[last]!;
  forEachRow(outShape, [gather], (o, [xo]) => {
    for (let i = 0; i < rowLength; i++) out[o + i] = x[xo! + i * step]!;
  });
}
