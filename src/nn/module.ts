// Module: the base class of every layer. Parameters are found by walking the fields of a module
// (tensors with requiresGrad, sub-modules, and arrays of either), so a layer only declares its
// fields; names are the dotted field paths in declaration order ("blocks.0.attention.wq.weight"),
// stable across runs. Tensors without requiresGrad (e.g. Performer's fixed random features) are
// buffers: saved in the state dict, never trained. Also: train()/eval() and the state dict.
// Not here: the forward pass (each layer's own `forward`) and optimisation (src/optim).
import { OpError, formatShape, sameShape } from '../tensor/shape.ts';
import { Tensor } from '../tensor/tensor.ts';

/** A state dict: every parameter and buffer by dotted name. */
export type StateDict = Record<string, Tensor>;

export abstract class Module {
  /** Training mode (dropout active); switch with train() / eval(). */
  training = true;

  /** Every tensor field (parameters and buffers) with its dotted name, depth first, in field order. */
  namedTensors(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const visit = (name: string, value: unknown): void => {
      if (value instanceof Tensor) out.push([name, value]);
      else if (value instanceof Module) out.push(...value.namedTensors(`${name}.`));
      else if (Array.isArray(value)) value.forEach((item, i) => visit(`${name}.${i}`, item));
    };
    for (const [field, value] of Object.entries(this)) visit(`${prefix}${field}`, value);
    return out;
  }

  /** Trainable tensors (requiresGrad) with stable dotted names. */
  namedParameters(): [string, Tensor][] {
    return this.namedTensors().filter(([, t]) => t.requiresGrad);
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Direct and indirect sub-modules, this one first. */
  modules(): Module[] {
    const out: Module[] = [this];
    const visit = (value: unknown): void => {
      if (value instanceof Module) out.push(...value.modules());
      else if (Array.isArray(value)) value.forEach(visit);
    };
    for (const value of Object.values(this)) visit(value);
    return out;
  }

  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /** Number of trainable scalars. */
  parameterCount(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }

  /** Parameters and buffers by name (the tensors themselves, not copies). */
  stateDict(): StateDict {
    return Object.fromEntries(this.namedTensors());
  }

  /**
   * Copies values into this module's tensors (converting dtype). Every name must match and
   * every shape must agree; errors name the parameter and both shapes.
   */
  loadStateDict(state: StateDict | Record<string, { data: ArrayLike<number>; shape: readonly number[] }>): void {
    const own = new Map(this.namedTensors());
    const missing = [...own.keys()].filter((name) => !(name in state));
    const unexpected = Object.keys(state).filter((name) => !own.has(name));
    if (missing.length > 0 || unexpected.length > 0) {
      throw new OpError('loadStateDict', `names differ: missing [${missing.join(', ')}], unexpected [${unexpected.join(', ')}]`);
    }
    for (const [name, target] of own) {
      const source = state[name]!;
      if (!sameShape(source.shape, target.shape)) {
        throw new OpError('loadStateDict', `parameter '${name}' has shape ${formatShape(target.shape)} but the state dict holds ${formatShape(source.shape)}`);
      }
    }
    for (const [name, target] of own) target.data.set(state[name]!.data);
  }
}
