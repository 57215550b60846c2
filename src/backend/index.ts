// Backend: where ops send their heavy products. The contract is one screen: a batched matmul
// over plain typed arrays (see kernels/matmul.ts for the exact meaning). The JS reference
// computes every dtype; the WASM backend (SIMD128, threads) takes float32 work and must agree
// with it (test/kernels). WASM is the default where the feature probe passes.
import { matmulReference, type MatmulSpec } from '../../kernels/matmul.ts';
import { getWasmThreads, matmulWasm, setWasmThreads, wasmAvailable } from './wasm.ts';

export type { MatmulSpec };
export type BackendName = 'wasm' | 'js';
export { allocResident, freeResident } from './wasm.ts';

let current: BackendName | undefined;

function chosen(): BackendName {
  if (current === undefined) {
    current = wasmAvailable() ? 'wasm' : 'js';
    if (current === 'js') console.warn('proxyformer: WebAssembly SIMD unavailable, using the JS backend');
  }
  return current;
}

/** 'wasm' (f32 products in WebAssembly SIMD, float64 stays on JS) or 'js' (the reference). */
export function setBackend(name: BackendName): void {
  if (name !== 'wasm' && name !== 'js') throw new Error(`setBackend: expected 'wasm' or 'js', got ${String(name)}`);
  if (name === 'wasm' && !wasmAvailable()) throw new Error("setBackend('wasm'): WebAssembly SIMD is not available here");
  current = name;
}

export function getBackend(): BackendName {
  return chosen();
}

/** Threads for one WASM product, the caller included (default: the number of cores). */
export function setThreads(n: number): void {
  setWasmThreads(n);
}

export function getThreads(): number {
  return getWasmThreads();
}

export function matmul(spec: MatmulSpec): void {
  const { a, b, out } = spec;
  if (chosen() === 'wasm' && a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array) {
    matmulWasm(spec);
  } else {
    matmulReference(spec);
  }
}
