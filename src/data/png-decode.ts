// PNG decoder for 8-bit grayscale (colour type 0), RGB (2) and RGBA (6) non-interlaced images,
// on node:zlib inflate: checks the signature and every chunk's CRC, concatenates IDAT, undoes
// the five row filters. Anything else (palette, gray+alpha, other bit depths, Adam7) is rejected
// with an error naming the file and what is supported.
// Not here: colour management, gamma, ancillary chunks (skipped after their CRC check).
import { inflateSync } from 'node:zlib';
import { DataError } from './errors.ts';
import { concatBytes, crc32, paeth, PNG_SIGNATURE, type PngImage } from './png-format.ts';

const SUPPORTED = 'supported: 8-bit grayscale (colour type 0), RGB (2) or RGBA (6), non-interlaced';

export function decodePng(bytes: Uint8Array, file: string): PngImage {
  const fail = (message: string): DataError => new DataError(`${file}: ${message}`);
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) throw fail('not a PNG file (bad signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: { width: number; height: number; channels: 1 | 3 | 4 } | undefined;
  const idat: Uint8Array[] = [];
  let ended = false;
  for (let pos = 8; pos < bytes.length && !ended; ) {
    if (pos + 12 > bytes.length) throw fail(`truncated chunk header at byte offset ${pos}`);
    const length = view.getUint32(pos);
    const type = String.fromCharCode(bytes[pos + 4]!, bytes[pos + 5]!, bytes[pos + 6]!, bytes[pos + 7]!);
    const dataEnd = pos + 8 + length;
    if (dataEnd + 4 > bytes.length) throw fail(`chunk ${type} at byte offset ${pos} is truncated (needs ${length} data bytes)`);
    if (crc32(bytes, pos + 4, dataEnd) !== view.getUint32(dataEnd)) throw fail(`CRC mismatch in chunk ${type} at byte offset ${pos}`);
    const data = bytes.subarray(pos + 8, dataEnd);
    if (type === 'IHDR') header = parseHeader(data, fail);
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') ended = true;
    else if (type === 'PLTE') throw fail(`palette images are not supported; ${SUPPORTED}`);
    pos = dataEnd + 4;
  }
  if (header === undefined) throw fail('no IHDR chunk');
  if (idat.length === 0) throw fail('no IDAT chunk');
  if (!ended) throw fail('no IEND chunk (file truncated?)');
  let raw: Uint8Array;
  try {
    raw = new Uint8Array(inflateSync(concatBytes(idat)));
  } catch (error) {
    throw fail(`corrupt image data (inflate failed: ${(error as Error).message})`);
  }
  return { ...header, data: unfilter(raw, header.width, header.height, header.channels, fail) };
}

function parseHeader(data: Uint8Array, fail: (m: string) => DataError): { width: number; height: number; channels: 1 | 3 | 4 } {
  if (data.length !== 13) throw fail(`IHDR has ${data.length} bytes, expected 13`);
  const view = new DataView(data.buffer, data.byteOffset, 13);
  const width = view.getUint32(0);
  const height = view.getUint32(4);
  const [depth, colorType, compression, filter, interlace] = [data[8]!, data[9]!, data[10]!, data[11]!, data[12]!];
  if (width === 0 || height === 0) throw fail(`image size ${width}x${height} is empty`);
  if (depth !== 8) throw fail(`unsupported bit depth ${depth}; ${SUPPORTED}`);
  const channels = colorType === 0 ? 1 : colorType === 2 ? 3 : colorType === 6 ? 4 : undefined;
  if (channels === undefined) throw fail(`unsupported colour type ${colorType}; ${SUPPORTED}`);
  if (compression !== 0 || filter !== 0) throw fail(`unknown compression/filter method ${compression}/${filter}`);
  if (interlace !== 0) throw fail(`interlaced (Adam7) images are not supported; ${SUPPORTED}`);
  return { width, height, channels };
}

function unfilter(raw: Uint8Array, width: number, height: number, bpp: number, fail: (m: string) => DataError): Uint8Array {
  const stride = width * bpp;
  if (raw.length !== (stride + 1) * height) {
    throw fail(`image data has ${raw.length} bytes, expected ${(stride + 1) * height} for ${width}x${height}`);
  }
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const type = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[row + i - bpp]! : 0;
      const b = y > 0 ? out[prev + i]! : 0;
      const c = y > 0 && i >= bpp ? out[prev + i - bpp]! : 0;
      let predicted: number;
      if (type === 0) predicted = 0;
      else if (type === 1) predicted = a;
      else if (type === 2) predicted = b;
      else if (type === 3) predicted = (a + b) >> 1;
      else if (type === 4) predicted = paeth(a, b, c);
      else throw fail(`row ${y} has unknown filter type ${type}`);
      out[row + i] = (raw[src + i]! + predicted) & 0xff;
    }
  }
  return out;
}

