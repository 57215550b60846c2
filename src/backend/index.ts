// Backend: where ops send their heavy products. The contract is one screen: a batched matmul
// over plain typed arrays (see kernels/matmul.ts for the exact meaning). The JS reference
// computes every dtype; the WASM backend (SIMD128 or relaxed SIMD, threads) takes float32 work
// and must agree with it (test/kernels). WASM is the default where the feature probe passes.
import { matmulReference, type MatmulSpec } from '../../kernels/matmul.ts';
import {
  getKernelVariant as wasmKernelVariant,
  getWasmThreads,
  type KernelVariant,
  matmulWasm,
  setKernelPreference,
  setWasmThreads,
  wasmAvailable,
} from './wasm.ts';

export type { KernelVariant, MatmulSpec };
export type BackendName = 'wasm' | 'js';

export interface BackendOptions {
  /**
   * WASM only. undefined (default): the relaxed-SIMD kernel (f32x4.relaxed_madd, FMA) where its
   * probe passes, else SIMD128. false: SIMD128 only. true: relaxed SIMD, or throw.
   * The environment variable PROXYFORMER_RELAXED_SIMD=0 turns the probe off for the process.
   */
  relaxedSimd?: boolean;
}
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
export function setBackend(name: BackendName, options: BackendOptions = {}): void {
  if (name !== 'wasm' && name !== 'js') throw new Error(`setBackend: expected 'wasm' or 'js', got ${String(name)}`);
  if (name === 'wasm') {
    if (!wasmAvailable()) throw new Error("setBackend('wasm'): WebAssembly SIMD is not available here");
    const { relaxedSimd } = options;
    setKernelPreference(relaxedSimd === undefined ? 'auto' : relaxedSimd ? 'relaxed-simd' : 'simd128');
  }
  current = name;
}

export function getBackend(): BackendName {
  return chosen();
}

/** The kernel float32 products run with: 'relaxed-simd' or 'simd128' (WASM), or 'js'. */
export function getKernelVariant(): KernelVariant | 'js' {
  return chosen() === 'wasm' ? wasmKernelVariant() : 'js';
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
