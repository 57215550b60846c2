// gradcheck: proves an op's backward by comparing it with central finite differences, with the
// semantics of torch.autograd.gradcheck: float64 inputs, eps 1e-6, and every Jacobian entry
// must satisfy |analytical − numerical| <= atol + rtol·|numerical| (atol 1e-5, rtol 1e-3).
// Fast mode compares vᵀ·J·u for random u (per input) and v (over the output) instead of the
// full Jacobian: one backward and two forwards per input, for checks of whole models.
import { Rng } from '../tensor/rng.ts';
import { OpError, formatShape } from '../tensor/shape.ts';
import { Tensor } from '../tensor/tensor.ts';
import { noGrad } from './grad-mode.ts';
import type { GradNode } from './node.ts';

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Compare vᵀJu for random u, v instead of every Jacobian entry. */
  fastMode?: boolean;
  /** Seed of the random u, v in fast mode. */
  seed?: number;
  /** Throw on failure (default) or only report. */
  raiseException?: boolean;
}

export interface GradcheckMismatch {
  input: number;
  outputIndex: number; // −1 in fast mode (a projection, not an entry)
  inputIndex: number; // −1 in fast mode
  analytical: number;
  numerical: number;
  excess: number; // |a − n| − (atol + rtol·|n|): > 0 means failure
}

export interface GradcheckResult {
  ok: boolean;
  /** Names of the ops recorded in the checked graph, e.g. ['matmul', 'softmax']. */
  ops: string[];
  /** How many Jacobian entries (or projections, in fast mode) were compared. */
  compared: number;
  worst: GradcheckMismatch | null;
}

type Fn = (...inputs: Tensor[]) => Tensor;

export function gradcheck(fn: Fn, inputs: Tensor[], options: GradcheckOptions = {}): GradcheckResult {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, fastMode = false, seed = 0, raiseException = true } = options;
  if (!Array.isArray(inputs)) throw new OpError('gradcheck', 'inputs must be an array of tensors');
  inputs.forEach((x, i) => {
    if (!(x instanceof Tensor) || x.dtype !== 'float64') {
      throw new OpError('gradcheck', `input ${i} must be a float64 Tensor (gradient checks need double precision)`);
    }
  });
  const probe = fn(...inputs);
  if (!(probe instanceof Tensor) || probe.dtype !== 'float64') throw new OpError('gradcheck', 'the function must return a float64 Tensor');
  const ops = opsInGraph(probe);
  const checked = inputs.map((x, i) => ({ x, i })).filter(({ x }) => x.requiresGrad);
  if (checked.length === 0) throw new OpError('gradcheck', 'no input has requiresGrad: nothing to check');

  const state: { compared: number; worst: GradcheckMismatch | null } = { compared: 0, worst: null };
  const compare = (m: Omit<GradcheckMismatch, 'excess'>): void => {
    const excess = Math.abs(m.analytical - m.numerical) - (atol + rtol * Math.abs(m.numerical));
    state.compared++;
    if (state.worst === null || excess > state.worst.excess || Number.isNaN(excess)) state.worst = { ...m, excess: Number.isNaN(excess) ? Infinity : excess };
  };
  const outSize = probe.size;
  if (fastMode) {
    const rng = new Rng(seed);
    const v = new Tensor(Float64Array.from({ length: outSize }, () => rng.normal()), probe.shape);
    const grads = analyticalGrads(fn, inputs, v);
    for (const { x, i } of checked) {
      const u = Float64Array.from({ length: x.size }, () => rng.normal());
      const g = grads[i]!;
      let analytical = 0;
      for (let e = 0; e < x.size; e++) analytical += g[e]! * u[e]!;
      const dOut = centralDifference(fn, inputs, x, eps, u);
      let numerical = 0;
      for (let j = 0; j < outSize; j++) numerical += v.data[j]! * dOut[j]!;
      compare({ input: i, outputIndex: -1, inputIndex: -1, analytical, numerical });
    }
  } else {
    // Analytical Jacobian rows: one backward per output element, seeded with a one-hot gradient.
    const rows: Float64Array[][] = [];
    for (let j = 0; j < outSize; j++) {
      const oneHot = new Tensor(new Float64Array(outSize), probe.shape);
      oneHot.data[j] = 1;
      rows.push(analyticalGrads(fn, inputs, oneHot));
    }
    for (const { x, i } of checked) {
      for (let e = 0; e < x.size; e++) {
        const direction = new Float64Array(x.size);
        direction[e] = 1;
        const column = centralDifference(fn, inputs, x, eps, direction);
        for (let j = 0; j < outSize; j++) {
          compare({ input: i, outputIndex: j, inputIndex: e, analytical: rows[j]![i]![e]!, numerical: column[j]! });
        }
      }
    }
  }
  const ok = state.worst === null || state.worst.excess <= 0;
  const result: GradcheckResult = { ok, ops, compared: state.compared, worst: state.worst };
  if (!ok && raiseException) throw new OpError('gradcheck', describeFailure(result, inputs, { atol, rtol }));
  return result;
}

/** ∂(Σ seed ⊙ fn(inputs))/∂input for every input (zeros for those without requiresGrad). */
function analyticalGrads(fn: Fn, inputs: Tensor[], seed: Tensor): Float64Array[] {
  for (const x of inputs) x.zeroGrad();
  const out = fn(...inputs);
  if (!out.requiresGrad) throw new OpError('gradcheck', 'the output does not depend on any input that requires grad');
  out.backward(seed);
  const grads = inputs.map((x) => (x.grad === null ? new Float64Array(x.size) : Float64Array.from(x.grad.data)));
  for (const x of inputs) x.zeroGrad();
  return grads;
}

/** (fn(x + eps·u) − fn(x − eps·u)) / 2eps, flattened, with every other input held fixed. */
function centralDifference(fn: Fn, inputs: Tensor[], x: Tensor, eps: number, u: Float64Array): Float64Array {
  const data = x.data;
  const saved = Float64Array.from(data);
  const evaluate = (sign: number): Float64Array => {
    for (let e = 0; e < data.length; e++) data[e] = saved[e]! + sign * eps * u[e]!;
    return Float64Array.from(noGrad(() => fn(...inputs)).data);
  };
  const plus = evaluate(1);
  const minus = evaluate(-1);
  data.set(saved);
  return plus.map((p, j) => (p - minus[j]!) / (2 * eps));
}

/** The op names of every node reachable from out (iteratively, without freeing anything). */
export function opsInGraph(out: Tensor): string[] {
  const names = new Set<string>();
  const seen = new Set<GradNode>();
  const stack = out.gradFn === null ? [] : [out.gradFn];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    names.add(node.op);
    for (const edge of node.edges) if (edge?.node) stack.push(edge.node);
  }
  return [...names].sort();
}

function describeFailure(result: GradcheckResult, inputs: Tensor[], tol: { atol: number; rtol: number }): string {
  const w = result.worst!;
  const where = w.outputIndex < 0 ? 'projection vᵀJu' : `∂output[${w.outputIndex}]/∂input[${w.inputIndex}]`;
  return (
    `backward of [${result.ops.join(', ')}] disagrees with finite differences at input ${w.input} ` +
    `(shape ${formatShape(inputs[w.input]!.shape)}), ${where}: analytical ${w.analytical}, numerical ${w.numerical} ` +
    `(|diff| ${Math.abs(w.analytical - w.numerical).toExponential(3)} > atol ${tol.atol} + rtol ${tol.rtol}·|numerical|)`
  );
}
