// Unary elementwise kernels, forward and backward side by side. The kind is switched on once
// per call; each loop body is a single expression. Backward kernels receive the forward input
// x, the forward output y and ∂loss/∂y, and write ∂loss/∂x.
import type { FloatArray } from './broadcast.ts';
import { erf32, erf64 } from './erf.ts';

export type UnaryKind = 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'tanh' | 'sigmoid' | 'relu' | 'gelu';

/** What each backward reads besides ∂loss/∂y: the input x, the output y, or nothing. */
export const BACKWARD_READS: Record<UnaryKind, 'x' | 'y' | 'none'> = {
  neg: 'none', exp: 'y', log: 'x', sqrt: 'y', abs: 'x', tanh: 'y', sigmoid: 'y', relu: 'x', gelu: 'x',
};

const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;

export function unaryForward(kind: UnaryKind, x: FloatArray, y: FloatArray): void {
  const n = x.length;
  switch (kind) {
    case 'neg':
      for (let i = 0; i < n; i++) y[i] = -x[i]!;
      return;
    case 'exp':
      for (let i = 0; i < n; i++) y[i] = Math.exp(x[i]!);
      return;
    case 'log':
      for (let i = 0; i < n; i++) y[i] = Math.log(x[i]!);
      return;
    case 'sqrt':
      for (let i = 0; i < n; i++) y[i] = Math.sqrt(x[i]!);
      return;
    case 'abs':
      for (let i = 0; i < n; i++) y[i] = Math.abs(x[i]!);
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]!);
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-x[i]!));
      return;
    case 'relu':
      for (let i = 0; i < n; i++) y[i] = x[i]! > 0 ? x[i]! : 0;
      return;
    case 'gelu': {
      // GELU(x) = x · Φ(x) = ½ x (1 + erf(x/√2)), the exact form (PyTorch's default).
      const erf = x instanceof Float64Array ? erf64 : erf32;
      for (let i = 0; i < n; i++) y[i] = 0.5 * x[i]! * (1 + erf(x[i]! * INV_SQRT2));
      return;
    }
  }
}

/** x and y need only be real arrays where BACKWARD_READS says so. */
export function unaryBackward(kind: UnaryKind, x: FloatArray, y: FloatArray, dy: FloatArray, dx: FloatArray): void {
  const n = dy.length;
  switch (kind) {
    case 'neg': // y = −x
      for (let i = 0; i < n; i++) dx[i] = -dy[i]!;
      return;
    case 'exp': // y = eˣ → dy/dx = y
      for (let i = 0; i < n; i++) dx[i] = dy[i]! * y[i]!;
      return;
    case 'log': // y = ln x → 1/x
      for (let i = 0; i < n; i++) dx[i] = dy[i]! / x[i]!;
      return;
    case 'sqrt': // y = √x → 1/(2y)
      for (let i = 0; i < n; i++) dx[i] = (0.5 * dy[i]!) / y[i]!;
      return;
    case 'abs': // y = |x| → sign(x), 0 at 0
      for (let i = 0; i < n; i++) dx[i] = dy[i]! * Math.sign(x[i]!);
      return;
    case 'tanh': // y = tanh x → 1 − y²
      for (let i = 0; i < n; i++) dx[i] = dy[i]! * (1 - y[i]! * y[i]!);
      return;
    case 'sigmoid': // y = σ(x) → y (1 − y)
      for (let i = 0; i < n; i++) dx[i] = dy[i]! * y[i]! * (1 - y[i]!);
      return;
    case 'relu': // y = max(x, 0) → 1 where x > 0
      for (let i = 0; i < n; i++) dx[i] = x[i]! > 0 ? dy[i]! : 0;
      return;
    case 'gelu': {
      // y = x Φ(x) → Φ(x) + x φ(x), φ the standard normal density.
      const erf = dx instanceof Float64Array ? erf64 : erf32;
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        const cdf = 0.5 * (1 + erf(v * INV_SQRT2));
        dx[i] = dy[i]! * (cdf + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v));
      }
      return;
    }
  }
}

/** y = xᵖ and its backward p·x^(p−1)·dy. */
export function powForward(x: FloatArray, p: number, y: FloatArray): void {
  if (p === 2) for (let i = 0; i < x.length; i++) y[i] = x[i]! * x[i]!;
  else for (let i = 0; i < x.length; i++) y[i] = Math.pow(x[i]!, p);
}

export function powBackward(x: FloatArray, p: number, dy: FloatArray, dx: FloatArray): void {
  for (let i = 0; i < x.length; i++) dx[i] = dy[i]! * p * Math.pow(x[i]!, p - 1);
}
