// Checkpoints: a model's parameters, its config and preset, and (for resuming) the optimizer
// state and the trainer's own state (step, RNG states, data position), in one safetensors file.
//
//   tensors                  "<parameter name>"                    the weights (F32 or F64)
//                            "optimizer.<buffer>.<parameter name>" AdamW moments / SGD momentum
//   __metadata__ (strings)   "format": "pt"                        what Hugging Face expects
//                            "proxyformer.config"                  the model config, JSON
//                            "proxyformer.preset"                  the preset name
//                            "proxyformer.optimizer"               {kind, step, hyper}, JSON
//                            "proxyformer.trainer"                 step, RNG states, ..., JSON
//                            "proxyformer.crc32"                   per-tensor checksums
//
// Writes are atomic (writeFileAtomic in data/files.ts). Loading into a model checks every name and shape and
// names the parameter and both shapes on a mismatch.
import { readFileSync } from 'node:fs';
import type { OptimizerState } from '../optim/optimizer.ts';
import { formatShape, sameShape } from '../tensor/shape.ts';
import type { FloatArray, Tensor } from '../tensor/tensor.ts';
import { writeFileAtomic, type AtomicWriteOptions } from '../data/files.ts';
import { SafetensorsError, decodeSafetensors, dtypeOfData, encodeSafetensors, type SafetensorsEntry } from './safetensors.ts';

const OPTIMIZER_PREFIX = 'optimizer.';
const KEY = { config: 'proxyformer.config', preset: 'proxyformer.preset', optimizer: 'proxyformer.optimizer', trainer: 'proxyformer.trainer' };

/** JSON values, for configs and trainer state. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface CheckpointContent {
  parameters: Iterable<readonly [string, Tensor]>;
  config: Json;
  preset?: string;
  optimizer?: OptimizerState;
  trainer?: Json;
}

export interface LoadedCheckpoint {
  path: string;
  parameters: Map<string, { shape: number[]; data: FloatArray }>;
  config: Json;
  preset: string | undefined;
  optimizer: OptimizerState | undefined;
  trainer: Json | undefined;
  metadata: Record<string, string>;
}

/** The checkpoint as safetensors bytes. */
export function encodeCheckpoint(content: CheckpointContent): Uint8Array {
  const tensors = new Map<string, SafetensorsEntry>();
  for (const [name, tensor] of content.parameters) {
    if (name.startsWith(OPTIMIZER_PREFIX)) throw new Error(`checkpoint: a parameter may not be named '${name}' (the prefix is reserved)`);
    tensors.set(name, { dtype: dtypeOfData(tensor.data), shape: [...tensor.shape], data: tensor.data });
  }
  const metadata: Record<string, string> = { format: 'pt', [KEY.config]: JSON.stringify(content.config) };
  if (content.preset !== undefined) metadata[KEY.preset] = content.preset;
  if (content.optimizer !== undefined) {
    const { kind, step, hyper, buffers } = content.optimizer;
    metadata[KEY.optimizer] = JSON.stringify({ kind, step, hyper });
    for (const [key, data] of buffers) tensors.set(OPTIMIZER_PREFIX + key, { dtype: dtypeOfData(data), shape: [data.length], data });
  }
  if (content.trainer !== undefined) metadata[KEY.trainer] = JSON.stringify(content.trainer);
  return encodeSafetensors({ tensors, metadata }, { checksums: true });
}

/** Writes the checkpoint atomically: the previous file at `path` survives any failure. */
export function saveCheckpoint(path: string, content: CheckpointContent, hooks: AtomicWriteOptions = {}): void {
  writeFileAtomic(path, encodeCheckpoint(content), hooks);
}

function parseJson(path: string, key: string, text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw new SafetensorsError(path, `corrupted header: __metadata__["${key}"] is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

export function decodeCheckpoint(bytes: Uint8Array, path: string): LoadedCheckpoint {
  const { tensors, metadata } = decodeSafetensors(bytes, path);
  const configText = metadata[KEY.config];
  if (configText === undefined) throw new SafetensorsError(path, `not a proxyformer checkpoint: __metadata__ has no "${KEY.config}" (keys: ${Object.keys(metadata).join(', ') || 'none'})`);
  const parameters = new Map<string, { shape: number[]; data: FloatArray }>();
  const buffers = new Map<string, FloatArray>();
  for (const [name, entry] of tensors) {
    if (!(entry.data instanceof Float32Array || entry.data instanceof Float64Array)) {
      throw new SafetensorsError(path, `tensor '${name}' is ${entry.dtype}; checkpoints hold F32 or F64 tensors`);
    }
    if (name.startsWith(OPTIMIZER_PREFIX)) buffers.set(name.slice(OPTIMIZER_PREFIX.length), entry.data);
    else parameters.set(name, { shape: entry.shape, data: entry.data });
  }
  let optimizer: OptimizerState | undefined;
  const optimizerText = metadata[KEY.optimizer];
  if (optimizerText !== undefined) {
    const info = parseJson(path, KEY.optimizer, optimizerText) as { kind: string; step: number; hyper: Record<string, number> };
    optimizer = { kind: info.kind, step: info.step, hyper: info.hyper, buffers };
  }
  const trainerText = metadata[KEY.trainer];
  return {
    path,
    parameters,
    config: parseJson(path, KEY.config, configText),
    preset: metadata[KEY.preset],
    optimizer,
    trainer: trainerText === undefined ? undefined : parseJson(path, KEY.trainer, trainerText),
    metadata,
  };
}

export function loadCheckpoint(path: string): LoadedCheckpoint {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new Error(`${path}: cannot read the checkpoint (${error instanceof Error ? error.message : String(error)})`);
  }
  return decodeCheckpoint(bytes, path);
}

/**
 * Copies the checkpoint's weights into the model's parameters. Every parameter must be present
 * with the same shape, and the checkpoint may hold no others; errors name the parameter and
 * both shapes.
 */
export function loadParameters(checkpoint: LoadedCheckpoint, target: Iterable<readonly [string, Tensor]>): void {
  const pairs = [...target];
  checkParameters(checkpoint, pairs);
  // Everything matches: only now copy, so a failed load leaves the model untouched.
  for (const [name, tensor] of pairs) tensor.data.set(checkpoint.parameters.get(name)!.data);
}

/** Throws unless the checkpoint holds exactly these parameters with these shapes. */
export function checkParameters(checkpoint: LoadedCheckpoint, pairs: readonly (readonly [string, Tensor])[]): void {
  const missing = pairs.filter(([name]) => !checkpoint.parameters.has(name)).map(([name]) => name);
  const list = (names: string[]): string => `${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''}`;
  for (const [name, tensor] of pairs) {
    const saved = checkpoint.parameters.get(name);
    if (saved !== undefined && !sameShape(saved.shape, tensor.shape)) {
      throw new Error(`${checkpoint.path}: parameter '${name}' has shape ${formatShape(saved.shape)} in the checkpoint but ${formatShape(tensor.shape)} in the model; the checkpoint is of a different model configuration`);
    }
  }
  if (missing.length > 0) throw new Error(`${checkpoint.path}: the checkpoint lacks ${missing.length} parameter(s) of the model: ${list(missing)}`);
  const names = new Set(pairs.map(([name]) => name));
  const extra = [...checkpoint.parameters.keys()].filter((name) => !names.has(name));
  if (extra.length > 0) throw new Error(`${checkpoint.path}: the checkpoint has ${extra.length} parameter(s) the model lacks: ${list(extra)}`);
}
