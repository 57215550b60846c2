// GradNode: one entry of the define-by-run tape. An op that ran with grad mode on and an input
// that requires grad attaches a node to its output: its name, one edge per input, and a backward
// function that maps ∂loss/∂output to ∂loss/∂input for each input (null where not needed).
//
// An edge points at the node that produced the input (or at the input itself when it is a leaf)
// and remembers the input's shape — never at an intermediate tensor. So an intermediate tensor
// stays in memory only if some backward closure captured it because it needs the numbers (e.g.
// matmul saves both operands, softmax saves only its output, add saves nothing). backward()
// drops each closure once used.
import type { DType, Tensor } from '../tensor/tensor.ts';
import { isGradEnabled } from './grad-mode.ts';

export type BackwardFn = (dOut: Tensor) => (Tensor | null)[];

export interface InputEdge {
  /** The node that produced the input; null when the input is a leaf. */
  readonly node: GradNode | null;
  /** The input itself when it is a leaf (its .grad receives the gradient); null otherwise. */
  readonly leaf: Tensor | null;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

export interface GradNode {
  readonly op: string;
  /** One per input; null for inputs that need no gradient. Emptied by backward(). */
  edges: (InputEdge | null)[];
  backward: BackwardFn | null;
}

/** True when an op on these inputs must record a node. */
export function needsGrad(...inputs: Tensor[]): boolean {
  return isGradEnabled() && inputs.some((t) => t.requiresGrad);
}

/**
 * Attaches a node to `out` if any input requires grad (and grad mode is on), and returns `out`.
 * Ops call this right after their forward. The backward closure should capture only what it
 * needs (saved operands, the output, shapes): whatever it captures stays alive until backward.
 */
export function record(op: string, out: Tensor, inputs: Tensor[], backwardFn: BackwardFn): Tensor {
  if (!needsGrad(...inputs)) return out;
  out.requiresGrad = true;
  out.gradFn = {
    op,
    edges: inputs.map((t) => (t.requiresGrad ? { node: t.gradFn, leaf: t.gradFn === null ? t : null, shape: t.shape, dtype: t.dtype } : null)),
    backward: backwardFn,
  };
  return out;
}
