// backward(): reverse-mode automatic differentiation over the recorded tape.
//   1. order the graph with an iterative depth-first topological sort (no recursion, so a chain
//      of 100 000 ops cannot overflow the stack);
//   2. walk it from the output back to the leaves, calling each node's backward function with
//      ∂loss/∂output (grad mode off, so nothing new is recorded);
//   3. reduce each input gradient to the input's shape (undoing broadcasting), accumulate the
//      contributions of a tensor used several times, and store leaf gradients in `.grad`;
//   4. free each node once used: its saved buffers become garbage.
import { sumToShape } from '../../kernels/broadcast.ts';
import { OpError, formatShape, sameShape } from '../tensor/shape.ts';
import { Tensor, allocate } from '../tensor/tensor.ts';
import { noGrad } from './grad-mode.ts';

/** Tensors reachable from root through recorded nodes, each after every tensor that uses it. */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>([root]);
  // Each stack frame: a tensor and the index of the next input to visit.
  const stack: [Tensor, number][] = [[root, 0]];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const [tensor, next] = frame;
    const inputs = tensor.gradFn?.inputs ?? [];
    if (next < inputs.length) {
      frame[1] = next + 1;
      const input = inputs[next]!;
      if (input.requiresGrad && !visited.has(input)) {
        visited.add(input);
        stack.push([input, 0]);
      }
    } else {
      stack.pop();
      order.push(tensor); // post-order: inputs come before the tensors made from them
    }
  }
  return order.reverse();
}

/** The gradient `grad` (shaped like some op's output) summed down to `input`'s shape. */
function reduceToInput(op: string, grad: Tensor, input: Tensor): Tensor {
  if (grad.dtype !== input.dtype) {
    throw new OpError(op, `backward produced a ${grad.dtype} gradient for a ${input.dtype} input`);
  }
  if (sameShape(grad.shape, input.shape)) return grad;
  const out = allocate(input.dtype, input.size);
  try {
    sumToShape(grad.data, grad.shape, out, input.shape);
  } catch {
    throw new OpError(op, `backward produced a gradient of shape ${formatShape(grad.shape)} for an input of shape ${formatShape(input.shape)}`);
  }
  return new Tensor(out, input.shape);
}

function addInto(target: Tensor, source: Tensor): void {
  const t = target.data;
  const s = source.data;
  for (let i = 0; i < t.length; i++) t[i]! += s[i]!;
}

export function backward(root: Tensor, grad?: Tensor): void {
  if (!root.requiresGrad) {
    throw new OpError('backward', 'the tensor does not require grad: no input of the computation had requiresGrad');
  }
  if (grad === undefined && root.size !== 1) {
    throw new OpError('backward', `a gradient is needed for a non-scalar output of shape ${formatShape(root.shape)}`);
  }
  if (grad !== undefined && (!sameShape(grad.shape, root.shape) || grad.dtype !== root.dtype)) {
    throw new OpError('backward', `the gradient ${formatShape(grad.shape)} ${grad.dtype} does not match the output ${formatShape(root.shape)} ${root.dtype}`);
  }
  if (root.gradFn !== null && root.gradFn.backward === null) {
    throw new OpError('backward', 'this graph was already freed by an earlier backward(); run the forward pass again');
  }
  const seed = grad ?? new Tensor(allocate(root.dtype, 1).fill(1), root.shape);
  // Gradients of non-leaf tensors, alive only until their node has run.
  const pending = new Map<Tensor, Tensor>([[root, seed]]);
  noGrad(() => {
    for (const tensor of topologicalOrder(root)) {
      const dOut = pending.get(tensor);
      pending.delete(tensor);
      if (dOut === undefined) continue;
      const node = tensor.gradFn;
      if (node === null) {
        accumulateLeaf(tensor, dOut);
        continue;
      }
      if (node.backward === null) {
        throw new OpError('backward', `the graph through '${node.op}' was already freed by an earlier backward()`);
      }
      const inputGrads = node.backward(dOut);
      node.inputs.forEach((input, i) => {
        const g = inputGrads[i];
        if (!input.requiresGrad || g === null || g === undefined) return;
        const reduced = reduceToInput(node.op, g, input);
        const previous = pending.get(input);
        if (previous === undefined) pending.set(input, reduced);
        else pending.set(input, sum(previous, reduced));
      });
      node.backward = null; // free the saved buffers
      node.inputs = [];
    }
  });
}

/** Leaf gradients live in a buffer the leaf owns, so in-place updates of one never touch another. */
function accumulateLeaf(leaf: Tensor, g: Tensor): void {
  if (leaf.grad === null) {
    leaf.grad = new Tensor(g.data.slice(), leaf.shape);
  } else {
    addInto(leaf.grad, g);
  }
}

function sum(a: Tensor, b: Tensor): Tensor {
  const out = a.data.slice();
  const bd = b.data;
  for (let i = 0; i < out.length; i++) out[i]! += bd[i]!;
  return new Tensor(out, a.shape);
}
