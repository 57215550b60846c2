// matmul: batched matrix product with broadcast batch dimensions and optional transposed
// operands, so attention's Q·Kᵀ and every backward product run without a transpose copy.
//   a: (..., M, K), or (..., K, M) with transA;  b: (..., K, N), or (..., N, K) with transB
//   out: (...broadcast batch..., M, N)
import { record } from '../autograd/node.ts';
import { matmul as backendMatmul } from '../backend/index.ts';
import { OpError, broadcastShapes, formatShape, sameShape, sizeOf, stridesOf } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { checkDtypes, checkTensor, emptyLike } from './util.ts';

export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
}

export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const { transA = false, transB = false } = options;
  checkTensor('matmul', a);
  checkTensor('matmul', b);
  checkDtypes('matmul', a, b);
  const describe = (): string => `${formatShape(a.shape)}${transA ? 'ᵀ' : ''} and ${formatShape(b.shape)}${transB ? 'ᵀ' : ''}`;
  if (a.ndim < 2 || b.ndim < 2) throw new OpError('matmul', `needs tensors of at least 2 dimensions, got ${describe()}`);
  const [ra, ca] = a.shape.slice(-2) as [number, number];
  const [rb, cb] = b.shape.slice(-2) as [number, number];
  const [m, k] = transA ? [ca, ra] : [ra, ca];
  const [kb, n] = transB ? [cb, rb] : [rb, cb];
  if (k !== kb) throw new OpError('matmul', `inner dimensions differ (${k} vs ${kb}) for ${describe()}`);
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const batchShape = broadcastShapes('matmul', aBatch, bBatch);
  const out = emptyLike(a, [...batchShape, m, n]);
  multiply(a, b, out, { aBatch, bBatch, batchShape, m, k, n, transA, transB });

  const savedA = b.requiresGrad ? a : null; // each operand is saved only if the other needs it
  const savedB = a.requiresGrad ? b : null;
  return record('matmul', out, [a, b], (dOut) => {
    // dOut = ∂L/∂C with C = op(A)·op(B); each line is the forward product it inverts, reordered.
    let dA: Tensor | null = null;
    let dB: Tensor | null = null;
    if (savedB !== null) {
      if (!transA) dA = matmul(dOut, savedB, { transB: !transB }); //          dA = dC · op(B)ᵀ
      else dA = matmul(savedB, dOut, { transA: transB, transB: true }); //     dA = op(B) · dCᵀ  (A stored K x M)
    }
    if (savedA !== null) {
      if (!transB) dB = matmul(savedA, dOut, { transA: !transA }); //          dB = op(A)ᵀ · dC
      else dB = matmul(dOut, savedA, { transA: true, transB: transA }); //     dB = dCᵀ · op(A)  (B stored N x K)
    }
    return [dA, dB];
  });
}

interface Plan {
  aBatch: number[];
  bBatch: number[];
  batchShape: number[];
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
}

/** Issues as few backend calls as the broadcast pattern allows. */
function multiply(a: Tensor, b: Tensor, out: Tensor, p: Plan): void {
  const { m, k, n, transA, transB } = p;
  const batch = sizeOf(p.batchShape);
  const isAll1 = (s: number[]): boolean => s.every((d) => d === 1);
  const matA = m * k;
  const matB = k * n;
  if (isAll1(p.bBatch) && !transA) {
    // B is one matrix: fold A's batch into its rows, (batch·M, K) · (K, N), one big product.
    backendMatmul({ a: a.data, b: b.data, out: out.data, batch: 1, m: batch * m, k, n, transA, transB, strideA: 0, strideB: 0 });
    return;
  }
  const fits = (s: number[]): boolean => isAll1(s) || sameShape(s.length === p.batchShape.length ? s : [...new Array<number>(p.batchShape.length - s.length).fill(1), ...s], p.batchShape);
  if (fits(p.aBatch) && fits(p.bBatch)) {
    backendMatmul({
      a: a.data, b: b.data, out: out.data, batch, m, k, n, transA, transB,
      strideA: isAll1(p.aBatch) ? 0 : matA,
      strideB: isAll1(p.bBatch) ? 0 : matB,
    });
    return;
  }
  // General broadcasting (e.g. (2, 1) batch against (1, 3)): one product per output matrix.
  const outStrides = stridesOf(p.batchShape);
  const offsetIn = (shape: number[], index: number): number => {
    const aligned = [...new Array<number>(p.batchShape.length - shape.length).fill(1), ...shape];
    const strides = stridesOf(aligned);
    let offset = 0;
    for (let axis = 0; axis < aligned.length; axis++) {
      const coordinate = Math.floor(index / outStrides[axis]!) % p.batchShape[axis]!;
      if (aligned[axis] !== 1) offset += coordinate * strides[axis]!;
    }
    return offset;
  };
  for (let q = 0; q < batch; q++) {
    backendMatmul({
      a: a.data.subarray(offsetIn(p.aBatch, q) * matA),
      b: b.data.subarray(offsetIn(p.bBatch, q) * matB),
      out: out.data.subarray(q * m * n, (q + 1) * m * n),
      batch: 1, m, k, n, transA, transB, strideA: 0, strideB: 0,
    });
  }
}
