// Optimizer: the contract shared by AdamW and SGD. An optimizer owns per-parameter buffers
// (moments), a step counter and its hyperparameters; `lr` and `momentum` are public fields so a
// schedule can set them before every step. Its state exports to flat named buffers, which the
// checkpoint writer stores as tensors, so a resumed run continues exactly.
// Not here: the update rules themselves, and the schedule (one-cycle.ts).
import { allocate, type FloatArray } from '../tensor/tensor.ts';
import { formatShape } from '../tensor/shape.ts';
import { toParameterList, type NamedParameter, type ParameterSource } from './params.ts';

/** Everything needed to resume an optimizer: buffers are keyed "<buffer>.<parameter name>". */
export interface OptimizerState {
  kind: string;
  step: number;
  hyper: Record<string, number>;
  buffers: Map<string, FloatArray>;
}

export abstract class Optimizer {
  readonly params: NamedParameter[];
  /** Learning rate of the next step (a schedule overwrites it before each step). */
  lr: number;
  /** Number of completed steps (AdamW's bias correction uses it). */
  stepCount = 0;
  /** Buffers per kind ("exp_avg", "exp_avg_sq", "momentum_buffer"), one per parameter. */
  protected readonly buffers = new Map<string, Map<string, FloatArray>>();

  constructor(source: ParameterSource, lr: number) {
    if (!(lr >= 0)) throw new Error(`optimizer: lr must be >= 0, got ${lr}`);
    this.params = toParameterList(source);
    this.lr = lr;
  }

  abstract readonly kind: string;
  /** The momentum a one-cycle schedule cycles: SGD's momentum, AdamW's beta1. */
  abstract momentum: number;
  /** Hyperparameters other than lr and momentum, saved with the state for a clear mismatch error. */
  protected abstract hyper(): Record<string, number>;
  /** Sets the hyperparameters saved by hyper() (as PyTorch's load_state_dict restores param groups). */
  protected abstract restoreHyper(hyper: Record<string, number>): void;
  /** Updates every parameter that has a gradient, in place. */
  protected abstract update(step: number): void;

  /** One update from the gradients currently stored in `.grad`. */
  step(): void {
    this.stepCount += 1;
    this.update(this.stepCount);
  }

  /** Drops every gradient, so the next backward() starts from zero. */
  zeroGrad(): void {
    for (const p of this.params) p.tensor.grad = null;
  }

  /** The buffer `kind` of parameter `p`, created as zeros on first use. */
  protected buffer(kind: string, p: NamedParameter): FloatArray {
    let perParam = this.buffers.get(kind);
    if (perParam === undefined) {
      perParam = new Map();
      this.buffers.set(kind, perParam);
    }
    let buf = perParam.get(p.name);
    if (buf === undefined) {
      buf = allocate(p.tensor.dtype, p.tensor.size);
      perParam.set(p.name, buf);
    }
    return buf;
  }

  /** Whether buffer `kind` of `p` exists yet (SGD's first step copies the gradient). */
  protected hasBuffer(kind: string, p: NamedParameter): boolean {
    return this.buffers.get(kind)?.has(p.name) ?? false;
  }

  stateDict(): OptimizerState {
    const buffers = new Map<string, FloatArray>();
    for (const [kind, perParam] of this.buffers) {
      for (const [name, buf] of perParam) buffers.set(`${kind}.${name}`, buf.slice());
    }
    return { kind: this.kind, step: this.stepCount, hyper: { lr: this.lr, momentum: this.momentum, ...this.hyper() }, buffers };
  }

  /** Restores a state from stateDict(); every buffer must match a parameter by name and size. */
  loadStateDict(state: OptimizerState): void {
    if (state.kind !== this.kind) throw new Error(`optimizer: the saved state is for ${state.kind}, this optimizer is ${this.kind}`);
    const byName = new Map(this.params.map((p) => [p.name, p]));
    const restored = new Map<string, Map<string, FloatArray>>();
    for (const [key, data] of state.buffers) {
      const dot = key.indexOf('.');
      const kind = key.slice(0, dot);
      const name = key.slice(dot + 1);
      const p = byName.get(name);
      if (dot <= 0 || p === undefined) throw new Error(`optimizer: the saved buffer '${key}' belongs to no parameter of this model`);
      if (data.length !== p.tensor.size) {
        throw new Error(`optimizer: the saved buffer '${key}' has ${data.length} elements, the parameter '${name}' ${formatShape(p.tensor.shape)} has ${p.tensor.size}`);
      }
      const copy = allocate(p.tensor.dtype, data.length);
      copy.set(data);
      if (!restored.has(kind)) restored.set(kind, new Map());
      restored.get(kind)!.set(name, copy);
    }
    this.buffers.clear();
    for (const [kind, perParam] of restored) this.buffers.set(kind, perParam);
    this.stepCount = state.step;
    if (state.hyper.lr !== undefined) this.lr = state.hyper.lr;
    if (state.hyper.momentum !== undefined) this.momentum = state.hyper.momentum;
    this.restoreHyper(state.hyper);
  }
}
