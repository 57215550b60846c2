// Backend: where ops send their heavy products. The contract is one screen: a batched matmul
// over plain typed arrays (see kernels/matmul.ts for the exact meaning). The JS reference
// computes every dtype; faster backends may take float32 work and must agree with it.
import { matmulReference, type MatmulSpec } from '../../kernels/matmul.ts';

export type { MatmulSpec };

export function matmul(spec: MatmulSpec): void {
  matmulReference(spec);
}
