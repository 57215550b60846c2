// PNG encoder for 8-bit grayscale, RGB and RGBA images (non-interlaced), on node:zlib deflate.
// Each row gets one filter: a fixed type when asked (tests use this to produce all five), or by
// default the type with the smallest sum of absolute filtered bytes (the libpng heuristic).
// Not here: palette, 16-bit, interlacing or ancillary chunks.
import { deflateSync } from 'node:zlib';
import { concatBytes, colorTypeOf, crc32, paeth, PNG_SIGNATURE, type PngImage } from './png-format.ts';

export interface PngEncodeOptions {
  /** 0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth; 'auto' picks per row. */
  filter?: 0 | 1 | 2 | 3 | 4 | 'auto';
  level?: number;
}

export function encodePng(image: PngImage, options: PngEncodeOptions = {}): Uint8Array {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`encodePng: width and height must be positive integers, got ${width}x${height}`);
  }
  if (data.length !== width * height * channels) {
    throw new Error(`encodePng: ${data.length} bytes do not make ${width}x${height}x${channels}`);
  }
  const stride = width * channels;
  const raw = new Uint8Array((stride + 1) * height);
  const candidate = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const row = data.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? data.subarray((y - 1) * stride, y * stride) : undefined;
    const out = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const chosen = options.filter ?? 'auto';
    let best: number = typeof chosen === 'number' ? chosen : 0;
    if (chosen === 'auto') {
      let bestScore = Infinity;
      for (let type = 0; type <= 4; type++) {
        filterRow(type, row, prev, channels, candidate);
        let score = 0;
        for (let i = 0; i < stride; i++) score += candidate[i]! < 128 ? candidate[i]! : 256 - candidate[i]!;
        if (score < bestScore) {
          bestScore = score;
          best = type;
        }
      }
    }
    raw[y * (stride + 1)] = best;
    filterRow(best, row, prev, channels, out);
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = colorTypeOf(channels);
  // compression 0, filter method 0, interlace 0
  const idat = new Uint8Array(deflateSync(raw, { level: options.level ?? 9 }));
  return concatBytes([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}

function filterRow(type: number, row: Uint8Array, prev: Uint8Array | undefined, bpp: number, out: Uint8Array): void {
  for (let i = 0; i < row.length; i++) {
    const x = row[i]!;
    const a = i >= bpp ? row[i - bpp]! : 0;
    const b = prev ? prev[i]! : 0;
    const c = prev && i >= bpp ? prev[i - bpp]! : 0;
    let predicted = 0;
    if (type === 1) predicted = a;
    else if (type === 2) predicted = b;
    else if (type === 3) predicted = (a + b) >> 1;
    else if (type === 4) predicted = paeth(a, b, c);
    out[i] = (x - predicted) & 0xff;
  }
}

/** One chunk: length, type, data, CRC over type and data. */
export function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}


/** Encodes an 8-bit grayscale image (the Pathfinder format). */
export function encodeGrayPng(pixels: Uint8Array, width: number, height: number, options?: PngEncodeOptions): Uint8Array {
  return encodePng({ width, height, channels: 1, data: pixels }, options);
}
