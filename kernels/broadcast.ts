// Broadcast kernels: walking a broadcast result row by row. Knows nothing of Tensor.
// `stridesFor` gives an input's strides aligned to the output's axes, with stride 0 on the axes
// where the input has size 1 (or does not exist): reading at offset Σ index·stride then
// repeats the input along those axes, which is what broadcasting means.

export type FloatArray = Float32Array | Float64Array;

export function stridesFor(inShape: readonly number[], outShape: readonly number[]): number[] {
  const strides = new Array<number>(outShape.length).fill(0);
  let stride = 1;
  for (let i = 1; i <= inShape.length; i++) {
    const dim = inShape[inShape.length - i]!;
    strides[outShape.length - i] = dim === 1 ? 0 : stride;
    stride *= dim;
  }
  return strides;
}

/**
 * Calls visit(outOffset, inOffsets) once per row of the output (its last axis), with each
 * input's starting offset for that row. The callback runs once per row, not per element, so
 * the per-element work stays in a tight loop inside it.
 */
export function forEachRow(
  outShape: readonly number[],
  inStrides: readonly (readonly number[])[],
  visit: (outOffset: number, inOffsets: readonly number[]) => void,
): void {
  const ndim = outShape.length;
  const rowLength = ndim === 0 ? 1 : outShape[ndim - 1]!;
  let rows = 1;
  for (let axis = 0; axis < ndim - 1; axis++) rows *= outShape[axis]!;
  if (rows === 0 || rowLength === 0) return;
  const index = new Array<number>(Math.max(ndim - 1, 0)).fill(0);
  const offsets = inStrides.map(() => 0);
  for (let row = 0; row < rows; row++) {
    visit(row * rowLength, offsets);
    // Odometer over the leading axes, updating each input offset incrementally.
    for (let axis = ndim - 2; axis >= 0; axis--) {
      index[axis]!++;
      for (let k = 0; k < offsets.length; k++) offsets[k]! += inStrides[k]![axis]!;
      if (index[axis]! < outShape[axis]!) break;
      for (let k = 0; k < offsets.length; k++) offsets[k]! -= inStrides[k]![axis]! * outShape[axis]!;
      index[axis] = 0;
    }
  }
}

/** dst += src summed over the axes where dst was broadcast (dst's shape broadcasts to srcShape). */
export function sumToShape(src: FloatArray, srcShape: readonly number[], dst: FloatArray, dstShape: readonly number[]): void {
  const dstStrides = stridesFor(dstShape, srcShape);
  const rowLength = srcShape.length === 0 ? 1 : srcShape[srcShape.length - 1]!;
  const lastStride = srcShape.length === 0 ? 0 : dstStrides[srcShape.length - 1]!;
  forEachRow(srcShape, [dstStrides], (srcOffset, [dstOffset]) => {
    if (lastStride === 0) {
      let total = 0;
      for (let j = 0; j < rowLength; j++) total += src[srcOffset + j]!;
      dst[dstOffset!]! += total;
    } else {
      for (let j = 0; j < rowLength; j++) dst[dstOffset! + j]! += src[srcOffset + j]!;
    }
  });
}
