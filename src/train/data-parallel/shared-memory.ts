// The memory replicas share: every parameter once, in one SharedArrayBuffer that each replica's
// model reads through views (the optimizer updates it in place, on the main thread), and one
// gradient slot per shard, each the size of the trainable parameters, where the replica that ran
// shard s leaves its gradient. The reduce sums the slots into slot 0 in shard order, so the sum
// is the same, bit for bit, whichever replica ran which shard.
// Not here: who computes what (replica.ts) and how threads are started (group.ts).
import type { Tensor } from '../../tensor/tensor.ts';

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
  weights: SharedArrayBuffer;
  /** slots × gradientElements float32: one slot per shard of a batch. */
  gradients: SharedArrayBuffer;
  slots: number;
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
  const buffers: SharedBuffers = {
    layout,
    weights: new SharedArrayBuffer(layout.tensorElements * 4),
    gradients: new SharedArrayBuffer(slots * layout.gradientElements * 4),
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
  own.forEach(([, t], i) => {
    if (t.dtype !== 'float32') throw new Error('data-parallel training needs a float32 model');
    t.adoptStorage(new Float32Array(buffers.weights, layout[i]![1] * 4, layout[i]![2]), copy);
  });
}

/** The gradient slot of shard s. */
export function gradientSlot(buffers: SharedBuffers, shard: number): Float32Array {
  const n = buffers.layout.gradientElements;
  return new Float32Array(buffers.gradients, shard * n * 4, n);
}
