// PNG codec: round trips through all five filters and three colour types, and every corrupt or
// unsupported file is rejected with an error naming it.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/tensor/rng.ts';
import { decodePng } from '../../src/data/png-decode.ts';
import { chunk, encodePng } from '../../src/data/png-encode.ts';
import { crc32 } from '../../src/data/png-format.ts';
import { grayTf, pngToGray } from '../../src/data/grayscale.ts';

function randomImage(rng: Rng, width: number, height: number, channels: 1 | 3 | 4): Uint8Array {
  return Uint8Array.from({ length: width * height * channels }, () => rng.int(0, 255));
}

/** A PNG whose IHDR says `depth`, `colorType`, `interlace` (valid CRCs). */
function withHeader(depth: number, colorType: number, interlace: number): Uint8Array {
  const png = encodePng({ width: 2, height: 2, channels: 1, data: new Uint8Array(4) });
  const ihdr = png.slice(16, 29);
  ihdr[8] = depth;
  ihdr[9] = colorType;
  ihdr[12] = interlace;
  return Uint8Array.from([...png.subarray(0, 8), ...chunk('IHDR', ihdr), ...png.subarray(33)]);
}

describe('PNG codec', () => {
  it('CRC-32 of "123456789" is 0xCBF43926', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('round-trips gray, RGB and RGBA through each of the five filter types', () => {
    const rng = new Rng(1);
    for (const channels of [1, 3, 4] as const) {
      for (const filter of [0, 1, 2, 3, 4, 'auto'] as const) {
        const data = randomImage(rng, 7, 5, channels);
        const out = decodePng(encodePng({ width: 7, height: 5, channels, data }, { filter }), 'x.png');
        expect([out.width, out.height, out.channels]).toEqual([7, 5, channels]);
        expect(Buffer.from(out.data).equals(Buffer.from(data))).toBe(true);
      }
    }
  });

  it('converts RGB to gray with TensorFlow weights: white 255, pure red 76', () => {
    const out = pngToGray(decodePng(encodePng({ width: 2, height: 1, channels: 3, data: Uint8Array.of(255, 255, 255, 255, 0, 0) }), 'c.png'));
    expect(Array.from(out)).toEqual([255, 76]); // trunc(0.2989 * 255 * 255.5 / 255) = 76
    expect(grayTf(0, 0, 0)).toBe(0);
    expect(grayTf(100, 150, 200)).toBe(Math.trunc((0.2989 * 100 + 0.587 * 150 + 0.114 * 200) * (255.5 / 255)));
  });

  it('rejects a bad CRC, a bad signature, truncation, and unsupported formats, naming the file', () => {
    const good = encodePng({ width: 3, height: 3, channels: 1, data: new Uint8Array(9).fill(7) });
    const flipped = good.slice();
    flipped[45] = flipped[45]! ^ 0xff; // inside the IDAT data (chunk at 33: length, type, data from 41)
    expect(() => decodePng(flipped, 'imgs/0/bad.png')).toThrow(/^imgs\/0\/bad.png: CRC mismatch in chunk IDAT at byte offset 33$/);
    expect(() => decodePng(good.subarray(1), 'sig.png')).toThrow('sig.png: not a PNG file');
    expect(() => decodePng(good.subarray(0, good.length - 12), 'cut.png')).toThrow('cut.png: no IEND chunk');
    expect(() => decodePng(good.subarray(0, 50), 'cut2.png')).toThrow(/cut2.png: chunk IDAT at byte offset 33 is truncated/);
    expect(() => decodePng(withHeader(16, 0, 0), 'deep.png')).toThrow('deep.png: unsupported bit depth 16');
    expect(() => decodePng(withHeader(8, 3, 0), 'pal.png')).toThrow('pal.png: unsupported colour type 3');
    expect(() => decodePng(withHeader(8, 4, 0), 'ga.png')).toThrow('ga.png: unsupported colour type 4');
    expect(() => decodePng(withHeader(8, 0, 1), 'adam7.png')).toThrow('adam7.png: interlaced (Adam7) images are not supported');
  });
});
