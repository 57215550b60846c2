// Tensor: a row-major, contiguous block of numbers with a shape, plus what autograd needs
// (requiresGrad, grad, and the node that produced it). Storage is Float32Array by default or
// Float64Array (dtype 'float64', the JS reference path used by gradient checks).
// Not here: the ops (src/ops) and the backward pass (src/autograd).
import { backward } from '../autograd/backward.ts';
import type { GradNode } from '../autograd/node.ts';
import { OpError, checkShape, formatShape, sizeOf, type Shape } from './shape.ts';

export type DType = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;

export interface TensorOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

export function allocate(dtype: DType, size: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

export function dtypeOf(data: FloatArray): DType {
  return data instanceof Float64Array ? 'float64' : 'float32';
}

export class Tensor {
  readonly data: FloatArray;
  readonly shape: readonly number[];
  requiresGrad: boolean;
  /** ∂loss/∂this after backward(); owned by this tensor (never shared with another). */
  grad: Tensor | null = null;
  /** The op that produced this tensor, while the graph is alive; null for leaves. */
  gradFn: GradNode | null = null;

  constructor(data: FloatArray, shape: Shape, requiresGrad = false) {
    checkShape('Tensor', shape);
    if (!(data instanceof Float32Array || data instanceof Float64Array)) {
      throw new OpError('Tensor', 'data must be a Float32Array or a Float64Array');
    }
    if (data.length !== sizeOf(shape)) {
      throw new OpError('Tensor', `shape ${formatShape(shape)} needs ${sizeOf(shape)} elements, data has ${data.length}`);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.requiresGrad = requiresGrad;
  }

  get dtype(): DType {
    return dtypeOf(this.data);
  }

  get size(): number {
    return this.data.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** A leaf is a tensor no recorded op produced: parameters and inputs. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** The value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new OpError('item', `needs a tensor with one element, got shape ${formatShape(this.shape)}`);
    return this.data[0]!;
  }

  /** Nested JavaScript arrays (a plain number for a 0-d tensor). */
  toArray(): NestedArray {
    const build = (axis: number, offset: number): NestedArray => {
      if (axis === this.shape.length) return this.data[offset]!;
      const stride = sizeOf(this.shape.slice(axis + 1));
      return Array.from({ length: this.shape[axis]! }, (_, i) => build(axis + 1, offset + i * stride));
    };
    return build(0, 0);
  }

  toString(): string {
    const shown = Array.from(this.data.subarray(0, 8), (v) => Number(v.toPrecision(5)));
    const more = this.size > 8 ? `, ... ${this.size - 8} more` : '';
    const grad = this.requiresGrad ? ', requiresGrad' : '';
    return `Tensor(shape=${formatShape(this.shape)}, dtype=${this.dtype}${grad}, data=[${shown.join(', ')}${more}])`;
  }

  /** Runs reverse-mode autodiff from this tensor (a scalar unless `grad` is given). */
  backward(grad?: Tensor): void {
    backward(this, grad);
  }

  /** The same numbers, cut from the graph: no gradient flows through the result. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape, false);
  }

  zeroGrad(): void {
    this.grad = null;
  }

  /**
   * Makes a leaf use `storage` (same dtype and size) from now on, first copying its numbers
   * there unless `copy` is false (then it takes the storage's numbers): how parameters come to
   * live in one shared buffer that several model replicas read.
   */
  adoptStorage(storage: FloatArray, copy = true): void {
    if (this.gradFn !== null) throw new OpError('adoptStorage', 'only a leaf tensor (a parameter or input) can change its storage');
    if (dtypeOf(storage) !== this.dtype || storage.length !== this.size) {
      throw new OpError('adoptStorage', `the storage must be ${this.dtype} with ${this.size} elements, got ${dtypeOf(storage)} with ${storage.length}`);
    }
    if (copy && storage !== this.data) storage.set(this.data);
    (this as { data: FloatArray }).data = storage;
  }
}

export type NestedArray = number | NestedArray[];
