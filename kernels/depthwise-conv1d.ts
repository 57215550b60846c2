// Depthwise 1-D convolution over the sequence axis of a (B, H, T, D) block: one K-tap filter
// per head h, shared by the D columns, zero padding `pad` on both ends, no bias (the layout of
// Nyströmformer's conv skip on V). Cross-correlation as in PyTorch:
//   out[b, h, t, d] = Σ_k w[h, k] · x[b, h, t + k − pad, d]
// Forward and both backward products side by side. Plain loops; knows nothing of Tensor.
import type { FloatArray } from './broadcast.ts';

export interface ConvDims {
  b: number;
  h: number;
  t: number; // input length
  d: number;
  k: number; // taps
  pad: number;
  tOut: number; // t + 2·pad − k + 1
}

export function depthwiseConv1dForward(x: FloatArray, w: FloatArray, dims: ConvDims, out: FloatArray): void {
  const { b, h, t, d, k, pad, tOut } = dims;
  out.fill(0);
  for (let bh = 0; bh < b * h; bh++) {
    const head = bh % h;
    const xBase = bh * t * d;
    const oBase = bh * tOut * d;
    for (let tap = 0; tap < k; tap++) {
      const wv = w[head * k + tap]!;
      // Output rows whose source row s = row + tap − pad lies inside [0, t).
      const first = Math.max(0, pad - tap);
      const last = Math.min(tOut, t + pad - tap);
      for (let row = first; row < last; row++) {
        const src = xBase + (row + tap - pad) * d;
        const dst = oBase + row * d;
        for (let j = 0; j < d; j++) out[dst + j]! += wv * x[src + j]!;
      }
    }
  }
}

/** dx[b, h, s, d] = Σ_k w[h, k] · dOut[b, h, s − k + pad, d]; dw[h, k] = Σ dOut · x (shifted). */
export function depthwiseConv1dBackward(x: FloatArray, w: FloatArray, dOut: FloatArray, dims: ConvDims, dx: FloatArray, dw: FloatArray): void {
  const { b, h, t, d, k, pad, tOut } = dims;
  dx.fill(0);
  dw.fill(0);
  for (let bh = 0; bh < b * h; bh++) {
    const head = bh % h;
    const xBase = bh * t * d;
    const oBase = bh * tOut * d;
    for (let tap = 0; tap < k; tap++) {
      const wv = w[head * k + tap]!;
      const first = Math.max(0, pad - tap);
      const last = Math.min(tOut, t + pad - tap);
      let acc = 0;
      for (let row = first; row < last; row++) {
        const src = xBase + (row + tap - pad) * d;
        const dst = oBase + row * d;
        for (let j = 0; j < d; j++) {
          const g = dOut[dst + j]!;
          dx[src + j]! += wv * g;
          acc += g * x[src + j]!;
        }
      }
      dw[head * k + tap]! += acc;
    }
  }
}
