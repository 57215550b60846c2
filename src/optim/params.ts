// Named parameters: what every optimizer, clipper and checkpoint works on. A list of
// [name, tensor] pairs (a Map works too), so nothing here depends on how a Module stores them.
// Not here: the update rules (adamw.ts, sgd.ts).
import type { FloatArray, Tensor } from '../tensor/tensor.ts';

/** One trainable tensor and the name it is saved under ("encoder.0.attn.wq.weight"). */
export interface NamedParameter {
  readonly name: string;
  readonly tensor: Tensor;
}

/** Anything that yields [name, tensor] pairs: module.namedParameters(), a Map, an array. */
export type ParameterSource = Iterable<readonly [string, Tensor]>;

/** The pairs as a list, checking that the names are unique and the tensors trainable. */
export function toParameterList(source: ParameterSource): NamedParameter[] {
  const list: NamedParameter[] = [];
  const seen = new Set<string>();
  for (const [name, tensor] of source) {
    if (seen.has(name)) throw new Error(`optimizer: the parameter name '${name}' appears twice`);
    if (!tensor.requiresGrad) throw new Error(`optimizer: the parameter '${name}' does not require grad`);
    seen.add(name);
    list.push({ name, tensor });
  }
  if (list.length === 0) throw new Error('optimizer: got an empty parameter list');
  return list;
}

/** The gradient buffer of a parameter, or null when backward() never reached it. */
export function gradOf(param: NamedParameter): FloatArray | null {
  return param.tensor.grad === null ? null : param.tensor.grad.data;
}
