// PNG building blocks shared by the encoder and decoder: the signature, CRC-32 (re-exported from
// the one implementation), and the decoded image type.
// Not here: compression (node:zlib in png-encode.ts / png-decode.ts).

export const PNG_SIGNATURE = Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10);

/** A decoded 8-bit image: `channels` interleaved bytes per pixel, rows top to bottom. */
export interface PngImage {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Uint8Array; // (height, width, channels)
}

export { crc32 } from '../tensor/crc32.ts';

/** PNG colour type for a channel count: 1 gray (0), 3 RGB (2), 4 RGBA (6). */
export function colorTypeOf(channels: 1 | 3 | 4): number {
  return channels === 1 ? 0 : channels === 3 ? 2 : 6;
}

/** The Paeth predictor of the PNG specification. */
export function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** The parts joined into one byte array (the single part itself when there is one). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
