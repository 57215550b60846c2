// RGB -> grayscale exactly as TensorFlow's tf.image.rgb_to_grayscale does it on uint8 images
// (what LRA's image pipeline calls): bytes -> float32 (x * (1/255)), weighted sum with the
// float32 weights 0.2989, 0.5870, 0.1140, back to uint8 by convert_image_dtype, which multiplies
// by 255.5 and truncates (saturating to 0..255). In float32 throughout, emulated with fround.
// This equals trunc((0.2989 R + 0.5870 G + 0.1140 B) * 255.5 / 255) up to float32 rounding: at
// most one level above the plain truncated weighted sum (e.g. white 255,255,255 -> 255, not 254).
// Not here: reading images (cifar.ts, png-decode.ts).
import type { PngImage } from './png-format.ts';

const f = Math.fround;
const INV_255 = f(1 / 255);
const W_R = f(0.2989);
const W_G = f(0.587);
const W_B = f(0.114);
const TO_BYTE = f(255.5);

/** TensorFlow's grayscale value of one RGB pixel. */
export function grayTf(r: number, g: number, b: number): number {
  const sum = f(f(f(f(r * INV_255) * W_R) + f(f(g * INV_255) * W_G)) + f(f(b * INV_255) * W_B));
  const scaled = f(sum * TO_BYTE);
  return scaled <= 0 ? 0 : scaled >= 255 ? 255 : Math.trunc(scaled);
}

/** Grayscale bytes of a decoded PNG: gray is copied, RGB/RGBA go through grayTf (alpha ignored). */
export function pngToGray(image: PngImage): Uint8Array {
  const n = image.width * image.height;
  if (image.channels === 1) return image.data;
  const out = new Uint8Array(n);
  const c = image.channels;
  for (let i = 0; i < n; i++) out[i] = grayTf(image.data[i * c]!, image.data[i * c + 1]!, image.data[i * c + 2]!);
  return out;
}
