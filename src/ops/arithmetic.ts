// add, sub, mul, div: elementwise with NumPy broadcasting; either operand may be a number.
// Backward returns gradients shaped like the output; the autograd engine sums them back down
// to each input's shape (that is how broadcasting is undone, in one place for every op).
import { binaryBroadcast, type BinaryKind } from '../../kernels/binary.ts';
import { record } from '../autograd/node.ts';
import { broadcastShapes } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { neg } from './unary.ts';
import { checkDtypes, emptyLike, promote } from './util.ts';

function binary(kind: BinaryKind, aIn: Tensor | number, bIn: Tensor | number): { a: Tensor; b: Tensor; out: Tensor } {
  const like = typeof aIn === 'number' ? (bIn as Tensor) : aIn;
  const a = promote(kind, aIn, like);
  const b = promote(kind, bIn, like);
  checkDtypes(kind, a, b);
  const shape = broadcastShapes(kind, a.shape, b.shape);
  const out = emptyLike(a, shape);
  binaryBroadcast(kind, a.data, a.shape, b.data, b.shape, out.data, shape);
  return { a, b, out };
}

/** a + b */
export function add(aIn: Tensor | number, bIn: Tensor | number): Tensor {
  const { a, b, out } = binary('add', aIn, bIn);
  return record('add', out, [a, b], (dOut) => [dOut, dOut]);
}

/** a − b */
export function sub(aIn: Tensor | number, bIn: Tensor | number): Tensor {
  const { a, b, out } = binary('sub', aIn, bIn);
  const needB = b.requiresGrad;
  return record('sub', out, [a, b], (dOut) => [dOut, needB ? neg(dOut) : null]);
}

/** a ⊙ b */
export function mul(aIn: Tensor | number, bIn: Tensor | number): Tensor {
  const { a, b, out } = binary('mul', aIn, bIn);
  const savedA = b.requiresGrad ? a : null; // each operand is saved only if the other needs it
  const savedB = a.requiresGrad ? b : null;
  return record('mul', out, [a, b], (dOut) => [
    savedB && mul(dOut, savedB), // ∂(ab)/∂a = b
    savedA && mul(dOut, savedA), // ∂(ab)/∂b = a
  ]);
}

/** a / b */
export function div(aIn: Tensor | number, bIn: Tensor | number): Tensor {
  const { a, b, out } = binary('div', aIn, bIn);
  const needA = a.requiresGrad;
  const savedOut = b.requiresGrad ? out : null;
  return record('div', out, [a, b], (dOut) => [
    needA ? div(dOut, b) : null, // ∂(a/b)/∂a = 1/b
    savedOut && neg(div(mul(dOut, savedOut), b)), // ∂(a/b)/∂b = −a/b² = −out/b
  ]);
}
