// Shape helpers: sizes, strides, NumPy broadcasting, axis normalisation and the error text
// every op uses to name itself and its shapes. Pure functions on number arrays; no Tensor here.

export type Shape = readonly number[];

/** An error raised by an op: the message always starts with the op's name. */
export class OpError extends Error {
  constructor(op: string, message: string) {
    super(`${op}: ${message}`);
    this.name = 'OpError';
  }
}

/** "(2, 3)": how shapes are written in every message. */
export function formatShape(shape: Shape): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}

export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

/** Row-major strides in elements: the last axis has stride 1. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis]!;
  }
  return strides;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((dim, i) => dim === b[i]);
}

/** Throws naming the op unless `value` is an array (of dimensions or axes). */
export function checkArray(op: string, value: unknown, what: string): asserts value is readonly number[] {
  if (!Array.isArray(value)) throw new OpError(op, `${what} must be an array of integers, got ${String(value)}`);
}

export function checkShape(op: string, shape: Shape): void {
  checkArray(op, shape, 'a shape');
  for (const dim of shape) {
    if (!Number.isInteger(dim) || dim < 0) {
      throw new OpError(op, `invalid shape ${formatShape(shape)}: dimensions must be non-negative integers`);
    }
  }
}

/** NumPy broadcasting: align trailing axes; each pair must be equal or contain a 1. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const ndim = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(ndim).fill(1);
  for (const shape of shapes) {
    for (let i = 1; i <= shape.length; i++) {
      const dim = shape[shape.length - i]!;
      const current = out[ndim - i]!;
      if (dim === current || dim === 1) continue;
      if (current === 1) out[ndim - i] = dim;
      else {
        throw new OpError(op, `shapes ${shapes.map(formatShape).join(' and ')} cannot be broadcast together`);
      }
    }
  }
  return out;
}

/** Maps a possibly negative axis into [0, ndim); throws naming the op otherwise. */
export function normalizeAxis(op: string, axis: number, ndim: number): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new OpError(op, `axis ${axis} is out of range for a tensor with ${ndim} dimension(s) (allowed ${-ndim}..${ndim - 1})`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Views a shape as (outer, n, inner) around one axis: the layout every axis kernel uses. */
export function splitAtAxis(shape: Shape, axis: number): { outer: number; n: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), n: shape[axis]!, inner: sizeOf(shape.slice(axis + 1)) };
}
