// Raster primitives of the Pathfinder generator, matching the libraries the original called:
// Pillow's 8-bit Lanczos resize (two separable passes, fixed-point coefficients with 22 bits,
// rounding and clipping to 0..255 after each pass), Pillow's 1-pixel line (Bresenham that
// stops before the end point, then the end point drawn by ImageDraw.line), OpenCV's dilate
// (max over the non-zero cells of a kernel anchored at its centre), and SciPy's bytescale.
// Images are row-major Float64Array / Uint8Array with explicit width and height.
// Not here: snakes or markers (pathfinder-snakes.ts, pathfinder-generate.ts).

const PRECISION_BITS = 22;

function lanczos(x: number): number {
  if (x < -3 || x >= 3) return 0;
  return sinc(x) * sinc(x / 3);
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = x * Math.PI;
  return Math.sin(px) / px;
}

interface Coeffs {
  ksize: number;
  bounds: Int32Array; // (out, 2): first input index, count
  kk: Float64Array; // (out, ksize) fixed-point integers
}

const coeffCache = new Map<string, Coeffs>();

/** Pillow's precompute_coeffs + normalize_coeffs_8bpc for the Lanczos filter. */
function lanczosCoeffs(inSize: number, outSize: number): Coeffs {
  const key = `${inSize}>${outSize}`;
  const cached = coeffCache.get(key);
  if (cached) return cached;
  const scale = inSize / outSize;
  const filterscale = Math.max(scale, 1);
  const support = 3 * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const kk = new Float64Array(outSize * ksize);
  const w = new Float64Array(ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const xmin = Math.max(0, Math.trunc(center - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      w[x] = lanczos((x + xmin - center + 0.5) / filterscale);
      ww += w[x]!;
    }
    for (let x = 0; x < xmax; x++) {
      const k = ww !== 0 ? w[x]! / ww : w[x]!;
      kk[xx * ksize + x] = k < 0 ? Math.trunc(-0.5 + k * (1 << PRECISION_BITS)) : Math.trunc(0.5 + k * (1 << PRECISION_BITS));
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  const coeffs = { ksize, bounds, kk };
  coeffCache.set(key, coeffs);
  return coeffs;
}

function clip8(ss: number): number {
  if (ss >= 1 << (PRECISION_BITS + 8)) return 255;
  if (ss <= 0) return 0;
  return ss >> PRECISION_BITS;
}

/** Pillow `Image.resize((outW, outH), Image.LANCZOS)` of an 8-bit grayscale image. */
export function resizeLanczos(src: Uint8Array, w: number, h: number, outW: number, outH: number): Uint8Array {
  const horizontal = lanczosCoeffs(w, outW);
  const vertical = lanczosCoeffs(h, outH);
  const tmp = new Uint8Array(outW * h);
  for (let y = 0; y < h; y++) {
    for (let xx = 0; xx < outW; xx++) {
      const xmin = horizontal.bounds[xx * 2]!;
      const count = horizontal.bounds[xx * 2 + 1]!;
      let ss = 1 << (PRECISION_BITS - 1);
      for (let x = 0; x < count; x++) ss += src[y * w + xmin + x]! * horizontal.kk[xx * horizontal.ksize + x]!;
      tmp[y * outW + xx] = clip8(ss);
    }
  }
  const out = new Uint8Array(outW * outH);
  for (let yy = 0; yy < outH; yy++) {
    const ymin = vertical.bounds[yy * 2]!;
    const count = vertical.bounds[yy * 2 + 1]!;
    for (let xx = 0; xx < outW; xx++) {
      let ss = 1 << (PRECISION_BITS - 1);
      for (let y = 0; y < count; y++) ss += tmp[(ymin + y) * outW + xx]! * vertical.kk[yy * vertical.ksize + y]!;
      out[yy * outW + xx] = clip8(ss);
    }
  }
  return out;
}

/**
 * Pillow ImageDraw.line([(x0, y0), (x1, y1)], width=1): Bresenham over max(|dx|, |dy|) steps
 * (end point excluded), then the end point. Pixels outside the image are skipped.
 */
export function drawLine(img: Float64Array, w: number, h: number, x0: number, y0: number, x1: number, y1: number, ink: number): void {
  const put = (x: number, y: number): void => {
    if (x >= 0 && x < w && y >= 0 && y < h) img[y * w + x] = ink;
  };
  let dx = x1 - x0;
  let dy = y1 - y0;
  const xs = dx < 0 ? -1 : 1;
  const ys = dy < 0 ? -1 : 1;
  dx = Math.abs(dx);
  dy = Math.abs(dy);
  let x = x0;
  let y = y0;
  if (dx === 0 || dy === 0) {
    for (let i = 0; i < dx + dy; i++) {
      put(x, y);
      x += dx === 0 ? 0 : xs;
      y += dy === 0 ? 0 : ys;
    }
  } else if (dx > dy) {
    let e = 2 * dy - dx;
    for (let i = 0; i < dx; i++) {
      put(x, y);
      if (e >= 0) {
        y += ys;
        e -= 2 * dx;
      }
      e += 2 * dy;
      x += xs;
    }
  } else {
    let e = 2 * dx - dy;
    for (let i = 0; i < dy; i++) {
      put(x, y);
      if (e >= 0) {
        x += xs;
        e -= 2 * dy;
      }
      e += 2 * dx;
      y += ys;
    }
  }
  put(x1, y1);
}

/** A binary kernel: (kh, kw) cells, 1 = in the structuring element. */
export interface Kernel {
  w: number;
  h: number;
  cells: Uint8Array;
}

/** The disk kernel of the original's generate_dilation_struct(r): x^2 + y^2 <= r^2. */
export function diskKernel(r: number): Kernel {
  const size = 2 * r + 1;
  const cells = new Uint8Array(size * size);
  for (let y = -r; y <= r; y++) for (let x = -r; x <= r; x++) cells[(y + r) * size + x + r] = x * x + y * y <= r * r ? 1 : 0;
  return { w: size, h: size, cells };
}

/** cv2.dilate(src, kernel): out(y, x) = max over cells (i, j) of src(y + i - ay, x + j - ax), anchor = centre. */
export function dilate(src: Float64Array, w: number, h: number, kernel: Kernel): Float64Array {
  const out = new Float64Array(w * h);
  const ax = kernel.w >> 1;
  const ay = kernel.h >> 1;
  const offsets: number[] = [];
  for (let i = 0; i < kernel.h; i++) for (let j = 0; j < kernel.w; j++) if (kernel.cells[i * kernel.w + j]) offsets.push(i - ay, j - ax);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let m = -Infinity;
      for (let k = 0; k < offsets.length; k += 2) {
        const yy = y + offsets[k]!;
        const xx = x + offsets[k + 1]!;
        if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
          const v = src[yy * w + xx]!;
          if (v > m) m = v;
        }
      }
      out[y * w + x] = m === -Infinity ? 0 : m;
    }
  }
  return out;
}

/** SciPy 1.2 bytescale of a float image: (x - min) * 255 / (max - min), clipped, + 0.5, truncated. */
export function bytescale(src: Float64Array): Uint8Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of src) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const range = hi - lo === 0 ? 1 : hi - lo;
  const scale = 255 / range;
  const out = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = (src[i]! - lo) * scale;
    out[i] = Math.trunc(Math.min(255, Math.max(0, v)) + 0.5);
  }
  return out;
}

/** Python's ceil-based coordinate translation of the original (translate_coord). */
export function translate(coord: readonly [number, number], angle: number, dist: number): [number, number] {
  return [Math.ceil(coord[0] + dist * Math.sin(angle)), Math.ceil(coord[1] + dist * Math.cos(angle))];
}

/** NumPy's round (half to even). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
