// GradNode: one entry of the define-by-run tape. An op that ran with grad mode on and an input
// that requires grad attaches a node to its output: its name, its inputs, and a backward
// function that maps ∂loss/∂output to ∂loss/∂input for each input (null where not needed).
// The closure holds exactly what backward needs; backward() drops it once used.
import type { Tensor } from '../tensor/tensor.ts';
import { isGradEnabled } from './grad-mode.ts';

export type BackwardFn = (dOut: Tensor) => (Tensor | null)[];

export interface GradNode {
  readonly op: string;
  inputs: Tensor[];
  backward: BackwardFn | null;
}

/** True when an op on these inputs must record a node. */
export function needsGrad(...inputs: Tensor[]): boolean {
  return isGradEnabled() && inputs.some((t) => t.requiresGrad);
}

/**
 * Attaches a node to `out` if any input requires grad (and grad mode is on). Ops call this
 * right after computing their forward result; `makeBackward` is only invoked when recording,
 * so ops can capture saved buffers lazily. Returns `out`.
 */
export function record(op: string, out: Tensor, inputs: Tensor[], backwardFn: BackwardFn): Tensor {
  if (!needsGrad(...inputs)) return out;
  out.requiresGrad = true;
  out.gradFn = { op, inputs, backward: backwardFn };
  return out;
}
