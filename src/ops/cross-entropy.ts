// crossEntropy: mean negative log-likelihood of integer targets under softmax(logits), fused so
// that backward is (softmax − onehot) / N without materialising log-probabilities.
import { crossEntropyBackward, crossEntropyForward } from '../../kernels/cross-entropy.ts';
import { record } from '../autograd/node.ts';
import { OpError, formatShape } from '../tensor/shape.ts';
import { Tensor, allocate } from '../tensor/tensor.ts';
import { checkTensor } from './util.ts';

/** logits: (N, K); targets: N integers in [0, K) → a scalar. */
export function crossEntropy(logits: Tensor, targets: Int32Array): Tensor {
  checkTensor('crossEntropy', logits, 'logits');
  if (logits.ndim !== 2) throw new OpError('crossEntropy', `logits must be (N, K), got ${formatShape(logits.shape)}`);
  if (!(targets instanceof Int32Array)) throw new OpError('crossEntropy', 'targets must be an Int32Array');
  const [n, k] = logits.shape as [number, number];
  if (targets.length !== n) throw new OpError('crossEntropy', `logits ${formatShape(logits.shape)} need ${n} targets, got ${targets.length}`);
  if (n === 0) throw new OpError('crossEntropy', 'the batch is empty: the mean loss is undefined');
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(targets[i]) || targets[i]! < 0 || targets[i]! >= k) {
      throw new OpError('crossEntropy', `target ${targets[i]} at position ${i} is outside the ${k} classes [0, ${k})`);
    }
  }
  const probs = allocate(logits.dtype, logits.size);
  const loss = crossEntropyForward(logits.data, targets, n, k, probs);
  const out = new Tensor(allocate(logits.dtype, 1).fill(loss), []);
  return record('crossEntropy', out, [logits], (dOut) => {
    const dLogits = new Tensor(allocate(dOut.dtype, n * k), [n, k]);
    crossEntropyBackward(probs, targets, n, k, dOut.item(), dLogits.data);
    return [dLogits];
  });
}
