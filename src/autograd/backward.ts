// backward(): reverse-mode automatic differentiation over the recorded tape.
//   1. order the nodes with an iterative depth-first topological sort (no recursion, so a chain
//      of 100 000 ops cannot overflow the stack);
//   2. walk them from the output back to the leaves, calling each node's backward function with
//      ∂loss/∂output (grad mode off, so nothing new is recorded);
//   3. reduce each input gradient to the input's shape (undoing broadcasting), accumulate the
//      contributions of a tensor used several times, and store leaf gradients in `.grad`;
//   4. free each node once used: its saved buffers become garbage.
import { sumToShape } from '../../kernels/broadcast.ts';
import { OpError, formatShape, sameShape } from '../tensor/shape.ts';
import { Tensor, allocate } from '../tensor/tensor.ts';
import { noGrad } from './grad-mode.ts';
import type { GradNode, InputEdge } from './node.ts';

/** Nodes reachable from root, each before every node that produced one of its inputs. */
function topologicalOrder(root: GradNode): GradNode[] {
  const order: GradNode[] = [];
  const visited = new Set<GradNode>([root]);
  // Each stack frame: a node and the index of the next edge to follow.
  const stack: [GradNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const [node, next] = frame;
    if (next < node.edges.length) {
      frame[1] = next + 1;
      const input = node.edges[next]?.node;
      if (input && !visited.has(input)) {
        visited.add(input);
        stack.push([input, 0]);
      }
    } else {
      stack.pop();
      order.push(node); // post-order: producers come before their consumers
    }
  }
  return order.reverse();
}

/** The gradient `grad` (shaped like some op's output) summed down to the input's shape. */
function reduceToInput(op: string, grad: Tensor, edge: InputEdge): Tensor {
  if (grad.dtype !== edge.dtype) {
    throw new OpError(op, `backward produced a ${grad.dtype} gradient for a ${edge.dtype} input`);
  }
  if (sameShape(grad.shape, edge.shape)) return grad;
  const out = allocate(edge.dtype, edge.shape.reduce((a, b) => a * b, 1));
  try {
    sumToShape(grad.data, grad.shape, out, edge.shape);
  } catch {
    throw new OpError(op, `backward produced a gradient of shape ${formatShape(grad.shape)} for an input of shape ${formatShape(edge.shape)}`);
  }
  return new Tensor(out, edge.shape);
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
  const seed = grad ?? new Tensor(allocate(root.dtype, 1).fill(1), root.shape);
  if (root.gradFn === null) {
    accumulateLeaf(root, seed); // backward of a leaf: its gradient is the seed itself
    return;
  }
  if (root.gradFn.backward === null) {
    throw new OpError('backward', 'this graph was already freed by an earlier backward(); run the forward pass again');
  }
  // Gradients of the outputs of nodes not yet run; each entry lives only until its node runs.
  const pending = new Map<GradNode, Tensor>([[root.gradFn, seed]]);
  noGrad(() => {
    for (const node of topologicalOrder(root.gradFn!)) {
      const dOut = pending.get(node);
      pending.delete(node);
      if (dOut === undefined) continue;
      if (node.backward === null) {
        throw new OpError('backward', `the graph through '${node.op}' was already freed by an earlier backward()`);
      }
      const inputGrads = node.backward(dOut);
      node.edges.forEach((edge, i) => {
        const g = inputGrads[i];
        if (edge === null || g === null || g === undefined) return;
        const reduced = reduceToInput(node.op, g, edge);
        if (edge.leaf !== null) {
          accumulateLeaf(edge.leaf, reduced);
          return;
        }
        const previous = pending.get(edge.node!);
        pending.set(edge.node!, previous === undefined ? reduced : sum(previous, reduced));
      });
      node.backward = null; // free the saved buffers
      node.edges = [];
    }
  });
}

/** Leaf gradients live in a buffer the leaf owns, so in-place updates of one never touch another. */
function accumulateLeaf(leaf: Tensor, g: Tensor): void {
  if (leaf.grad === null) {
    leaf.grad = new Tensor(g.data.slice(), leaf.shape);
    return;
  }
  const target = leaf.grad.data;
  const source = g.data;
  for (let i = 0; i < target.length; i++) target[i]! += source[i]!;
}

function sum(a: Tensor, b: Tensor): Tensor {
  const out = a.data.slice();
  const bd = b.data;
  for (let i = 0; i < out.length; i++) out[i]! += bd[i]!;
  return new Tensor(out, a.shape);
}
