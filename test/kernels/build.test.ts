// The committed kernels/generated/wasm-bytes.ts is exactly what scripts/build-kernels.ts makes
// from the current kernels/*.wat: a stale module fails here (run `npm run build:kernels`).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { buildKernelsModule, generatedPath } from '../../scripts/build-kernels.ts';

it('the committed wasm-bytes.ts matches a rebuild of kernels/*.wat', async () => {
  const rebuilt = await buildKernelsModule();
  const committed = readFileSync(generatedPath, 'utf8');
  expect(committed === rebuilt, 'kernels/generated/wasm-bytes.ts is stale: run `npm run build:kernels`').toBe(true);
});
