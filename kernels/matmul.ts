// Matrix product, the JS reference kernel: C = op(A) · op(B) for a batch of matrices.
// op(A) is (M, K): A is stored (M, K), or (K, M) when transA. op(B) is (K, N): B is stored
// (K, N), or (N, K) when transB. Row-major, contiguous, f32 or f64. This loop defines what
// every faster matmul (WebAssembly, threads) must compute; it is also the float64 path.

import type { FloatArray } from './broadcast.ts';

export type { FloatArray };

export interface MatmulSpec {
  a: FloatArray;
  b: FloatArray;
  /** Written, not accumulated: out[batch, M, N]. */
  out: FloatArray;
  batch: number;
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
  /** Elements between consecutive matrices of A and B; 0 repeats one matrix for every batch. */
  strideA: number;
  strideB: number;
}

export function matmulReference(spec: MatmulSpec): void {
  const { batch, m, n, strideA, strideB } = spec;
  for (let p = 0; p < batch; p++) {
    matmulOne(spec, p * strideA, p * strideB, p * m * n);
  }
}

function matmulOne(spec: MatmulSpec, aOffset: number, bOffset: number, cOffset: number): void {
  const { a, b, out: c, m, k, n, transA, transB } = spec;
  c.fill(0, cOffset, cOffset + m * n);
  if (!transB) {
    // Row i of C accumulates A[i, p] · (row p of B): the inner loop runs along contiguous rows.
    for (let i = 0; i < m; i++) {
      const cRow = cOffset + i * n;
      for (let p = 0; p < k; p++) {
        const aip = transA ? a[aOffset + p * m + i]! : a[aOffset + i * k + p]!;
        const bRow = bOffset + p * n;
        for (let j = 0; j < n; j++) c[cRow + j]! += aip * b[bRow + j]!;
      }
    }
    return;
  }
  // B stored (N, K): C[i, j] is the dot product of row i of op(A) with row j of B.
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const bRow = bOffset + j * k;
      let total = 0;
      if (transA) {
        for (let p = 0; p < k; p++) total += a[aOffset + p * m + i]! * b[bRow + p]!;
      } else {
        const aRow = aOffset + i * k;
        for (let p = 0; p < k; p++) total += a[aRow + p]! * b[bRow + p]!;
      }
      c[cOffset + i * n + j] = total;
    }
  }
}
