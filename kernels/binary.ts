// Binary elementwise kernels with NumPy broadcasting: out = a (op) b.
// The op is chosen once per row, never per element, and equal shapes take a single flat loop.
import { forEachRow, stridesFor, type FloatArray } from './broadcast.ts';

export type BinaryKind = 'add' | 'sub' | 'mul' | 'div';

/** out[i] = a[ai + i·sa] (op) b[bi + i·sb] for i < n, with sa, sb ∈ {0, 1}. */
function binaryRow(kind: BinaryKind, a: FloatArray, ai: number, sa: number, b: FloatArray, bi: number, sb: number, out: FloatArray, oi: number, n: number): void {
  switch (kind) {
    case 'add':
      for (let i = 0; i < n; i++) out[oi + i] = a[ai + i * sa]! + b[bi + i * sb]!;
      return;
    case 'sub':
      for (let i = 0; i < n; i++) out[oi + i] = a[ai + i * sa]! - b[bi + i * sb]!;
      return;
    case 'mul':
      for (let i = 0; i < n; i++) out[oi + i] = a[ai + i * sa]! * b[bi + i * sb]!;
      return;
    case 'div':
      for (let i = 0; i < n; i++) out[oi + i] = a[ai + i * sa]! / b[bi + i * sb]!;
      return;
  }
}

export function binaryBroadcast(
  kind: BinaryKind,
  a: FloatArray,
  aShape: readonly number[],
  b: FloatArray,
  bShape: readonly number[],
  out: FloatArray,
  outShape: readonly number[],
): void {
  if (a.length === out.length && b.length === out.length) {
    binaryRow(kind, a, 0, 1, b, 0, 1, out, 0, out.length);
    return;
  }
  if (a.length === out.length && b.length === 1) {
    binaryRow(kind, a, 0, 1, b, 0, 0, out, 0, out.length);
    return;
  }
  const sa = stridesFor(aShape, outShape);
  const sb = stridesFor(bShape, outShape);
  const last = outShape.length - 1;
  const rowLength = last < 0 ? 1 : outShape[last]!;
  const ia = last < 0 ? 0 : sa[last]!;
  const ib = last < 0 ? 0 : sb[last]!;
  forEachRow(outShape, [sa, sb], (o, [ao, bo]) => binaryRow(kind, a, ao!, ia, b, bo!, ib, out, o, rowLength));
}

/** out = cond ≠ 0 ? a : b, all three broadcast to outShape. */
export function whereBroadcast(
  cond: FloatArray,
  condShape: readonly number[],
  a: FloatArray,
  aShape: readonly number[],
  b: FloatArray,
  bShape: readonly number[],
  out: FloatArray,
  outShape: readonly number[],
): void {
  const strides = [stridesFor(condShape, outShape), stridesFor(aShape, outShape), stridesFor(bShape, outShape)];
  const last = outShape.length - 1;
  const rowLength = last < 0 ? 1 : outShape[last]!;
  const [sc, sa, sb] = strides.map((s) => (last < 0 ? 0 : s[last]!)) as [number, number, number];
  forEachRow(outShape, strides, (o, [co, ao, bo]) => {
    for (let i = 0; i < rowLength; i++) {
      out[o + i] = cond[co! + i * sc] !== 0 ? a[ao! + i * sa]! : b[bo! + i * sb]!;
    }
  });
}

/** out = broadcast of src (srcShape) to outShape. */
export function broadcastCopy(src: FloatArray, srcShape: readonly number[], out: FloatArray, outShape: readonly number[]): void {
  const ss = stridesFor(srcShape, outShape);
  const last = outShape.length - 1;
  const rowLength = last < 0 ? 1 : outShape[last]!;
  const step = last < 0 ? 0 : ss[last]!;
  forEachRow(outShape, [ss], (o, [so]) => {
    for (let i = 0; i < rowLength; i++) out[o + i] = src[so! + i * step]!;
  });
}
