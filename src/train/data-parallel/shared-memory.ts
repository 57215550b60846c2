// The memory replicas share: every parameter once, in one SharedArrayBuffer that each replica's
// model reads through views (the optimizer updates it in place, on the main thread), and one
// gradient slot per shard, each the size of the trainable parameters, where the replica that ran
// shard s leaves its gradient. The reduce sums the slots into slot 0 in shard order, so the sum
// is the same, bit for bit, whichever replica ran which shard.
// Not here: who computes what (replica.ts) and how threads are started (group.ts).
import type { DType, FloatArray, Tensor } from '../../tensor/tensor.ts';

export interface SharedLayout {
  /** Parameters and buffers, in namedTensors() order: [name, offset, size]. */
  tensors: [string, number, number][];
  /** Trainable parameters, in namedParameters() order: [name, offset in a gradient slot, size]. */
  gradients: [string, number, number][];
  tensorElements: number;
  gradientElements: number;
}

export interface SharedBuffers {
  layout: SharedLayout;
  /** The model's dtype: every weight and gradient is stored in it. */
  dtype: DType;
  weights: SharedArrayBuffer;
  /** slots × gradientElements numbers: one slot per shard of a batch. */
  gradients: SharedArrayBuffer;
  slots: number;
}

/** A view of `length` numbers of the dtype at element `offset` of a shared buffer. */
function view(dtype: DType, buffer: SharedArrayBuffer, offset: number, length: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(buffer, offset * 8, length) : new Float32Array(buffer, offset * 4, length);
}

interface NamedTensors {
  namedTensors(): [string, Tensor][];
  namedParameters(): [string, Tensor][];
}

export function layoutOf(model: NamedTensors): SharedLayout {
  let offset = 0;
  const tensors = model.namedTensors().map(([name, t]): [string, number, number] => [name, (offset += t.size) - t.size, t.size]);
  const tensorElements = offset;
  offset = 0;
  const gradients = model.namedParameters().map(([name, t]): [string, number, number] => [name, (offset += t.size) - t.size, t.size]);
  return { tensors, gradients, tensorElements, gradientElements: offset };
}

/** Moves the model's tensors into new shared memory (keeping their values) and makes `slots` gradient slots. */
export function createSharedBuffers(model: NamedTensors, slots: number): SharedBuffers {
  const layout = layoutOf(model);
  const dtype = model.namedTensors()[0]?.[1].dtype ?? 'float32';
  const bytes = dtype === 'float64' ? 8 : 4;
  const buffers: SharedBuffers = {
    layout,
    dtype,
    weights: new SharedArrayBuffer(layout.tensorElements * bytes),
    gradients: new SharedArrayBuffer(slots * layout.gradientElements * bytes),
    slots,
  };
  attachWeights(model, buffers, true);
  return buffers;
}

/** Points the model's tensors at the shared weights; `copy` moves the model's values there first. */
export function attachWeights(model: NamedTensors, buffers: SharedBuffers, copy: boolean): void {
  const own = model.namedTensors();
  const layout = buffers.layout.tensors;
  if (own.length !== layout.length || own.some(([name, t], i) => name !== layout[i]![0] || t.size !== layout[i]![2])) {
    throw new Error('data-parallel: a replica built a model whose tensors differ from the shared layout');
  }
  own.forEach(([name, t], i) => {
    if (t.dtype !== buffers.dtype) throw new Error(`data-parallel: tensor '${name}' is ${t.dtype}, the shared weights are ${buffers.dtype}`);
    t.adoptStorage(view(buffers.dtype, buffers.weights, layout[i]![1], layout[i]![2]), copy);
  });
}

/** The gradient slot of shard s. */
export function gradientSlot(buffers: SharedBuffers, shard: number): FloatArray {
  const n = buffers.layout.gradientElements;
  return view(buffers.dtype, buffers.gradients, shard * n, n);
}
