// The safetensors file format (Hugging Face), encoded and decoded without any file I/O:
//
//   bytes 0..8      N, the header length, unsigned 64-bit little-endian
//   bytes 8..8+N    JSON: { "__metadata__": { string: string }, name: { "dtype": "F32",
//                   "shape": [..], "data_offsets": [begin, end] }, ... }, padded with spaces
//                   so that 8 + N is a multiple of 8 (as the reference writer does)
//   bytes 8+N..     the data section: raw little-endian tensors, back to back, no holes
//
// Offsets are relative to the data section. Our one extension, ignored by other readers: the
// metadata key "proxyformer.crc32" (a JSON object: tensor name → CRC-32 of its bytes), written on
// request and verified when present, so flipped bits in the data are caught. Decoding checks everything the reference reader
// checks (header bounds, JSON, dtypes, sizes, contiguity, full coverage) and names the file and
// the byte offset of what is wrong. Not here: model parameters or optimizers (checkpoint.ts).
import { crc32 } from '../tensor/crc32.ts';

export type SafetensorsDType = 'F64' | 'F32' | 'I32' | 'U32' | 'U8';
export type TypedData = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array;

export interface SafetensorsEntry {
  dtype: SafetensorsDType;
  shape: number[];
  data: TypedData;
}

export interface SafetensorsContent {
  tensors: Map<string, SafetensorsEntry>;
  metadata: Record<string, string>;
}

export const CRC_KEY = 'proxyformer.crc32';
const BYTES: Record<SafetensorsDType, number> = { F64: 8, F32: 4, I32: 4, U32: 4, U8: 1 };
/** The reference reader refuses headers above 100 MB. */
const MAX_HEADER = 100_000_000;

export class SafetensorsError extends Error {
  constructor(source: string, message: string) {
    super(`${source}: ${message}`);
    this.name = 'SafetensorsError';
  }
}

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('safetensors: this code assumes a little-endian machine');
}

export function dtypeOfData(data: TypedData): SafetensorsDType {
  if (data instanceof Float64Array) return 'F64';
  if (data instanceof Float32Array) return 'F32';
  if (data instanceof Int32Array) return 'I32';
  if (data instanceof Uint32Array) return 'U32';
  return 'U8';
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Serializes tensors (largest element size first, then by name, so every tensor stays aligned). */
export function encodeSafetensors(content: SafetensorsContent, options: { checksums?: boolean } = {}): Uint8Array {
  const names = [...content.tensors.keys()].sort((a, b) => {
    const sizeA = BYTES[content.tensors.get(a)!.dtype];
    const sizeB = BYTES[content.tensors.get(b)!.dtype];
    return sizeB - sizeA || (a < b ? -1 : a > b ? 1 : 0);
  });
  const header: Record<string, unknown> = Object.create(null) as Record<string, unknown>; // a tensor may be named "__proto__"
  const metadata = { ...content.metadata };
  if (options.checksums === true) {
    const sums: Record<string, string> = {};
    for (const name of names) {
      const { data } = content.tensors.get(name)!;
      sums[name] = crc32(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).toString(16).padStart(8, '0');
    }
    metadata[CRC_KEY] = JSON.stringify(sums);
  }
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const name of names) {
    const { dtype, shape, data } = content.tensors.get(name)!;
    if (name === '__metadata__') throw new Error('safetensors: "__metadata__" cannot be a tensor name');
    if (product(shape) !== data.length) throw new Error(`safetensors: tensor '${name}' has shape [${shape.join(', ')}] but ${data.length} elements`);
    if (dtypeOfData(data) !== dtype) throw new Error(`safetensors: tensor '${name}' is declared ${dtype} but holds ${dtypeOfData(data)} data`);
    header[name] = { dtype, shape, data_offsets: [offset, offset + data.byteLength] };
    offset += data.byteLength;
  }
  const json = JSON.stringify(header);
  const jsonBytes = new TextEncoder().encode(json);
  const padded = Math.ceil((8 + jsonBytes.length) / 8) * 8 - 8;
  const out = new Uint8Array(8 + padded + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(jsonBytes, 8);
  out.fill(0x20, 8 + jsonBytes.length, 8 + padded); // spaces
  let at = 8 + padded;
  for (const name of names) {
    const { data } = content.tensors.get(name)!;
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    at += data.byteLength;
  }
  return out;
}

function view(dtype: SafetensorsDType, bytes: Uint8Array): TypedData {
  const copy = new Uint8Array(bytes).buffer; // a fresh, aligned copy (Buffer.slice would share)
  switch (dtype) {
    case 'F64': return new Float64Array(copy);
    case 'F32': return new Float32Array(copy);
    case 'I32': return new Int32Array(copy);
    case 'U32': return new Uint32Array(copy);
    case 'U8': return new Uint8Array(copy);
  }
}

/** Parses a safetensors file; `source` (the file name) starts every error message. */
export function decodeSafetensors(bytes: Uint8Array, source: string): SafetensorsContent {
  const fail = (message: string): never => {
    throw new SafetensorsError(source, message);
  };
  if (bytes.length < 8) fail(`not a safetensors file: ${bytes.length} bytes, fewer than the 8-byte header length at offset 0`);
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (bytes.length > 8 && bytes[8] !== 0x7b) fail(`not a safetensors file: byte offset 8 should start the JSON header with '{', found 0x${bytes[8]!.toString(16).padStart(2, '0')}`);
  if (n > MAX_HEADER) fail(`not a safetensors file: the header length at offset 0 reads ${n} bytes (limit ${MAX_HEADER})`);
  if (8 + n > bytes.length) fail(`truncated: the header needs bytes 8..${8 + n} but the file ends at byte offset ${bytes.length}`);

  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    fail(`corrupted header: bytes 8..${8 + n} are not valid UTF-8`);
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(String(error))?.[1];
    fail(`corrupted header: invalid JSON${position === undefined ? '' : ` at byte offset ${8 + Number(position)}`} (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('corrupted header: the JSON at byte offset 8 is not an object');
  const record = header as Record<string, unknown>;

  const metadata: Record<string, string> = {};
  const rawMeta = record.__metadata__;
  if (rawMeta !== undefined) {
    if (typeof rawMeta !== 'object' || rawMeta === null || Array.isArray(rawMeta)) fail('corrupted header: __metadata__ is not an object');
    for (const [key, value] of Object.entries(rawMeta as Record<string, unknown>)) {
      if (typeof value !== 'string') fail(`corrupted header: __metadata__.${key} must be a string`);
      metadata[key] = value as string;
    }
  }

  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;
  const entries: { name: string; dtype: SafetensorsDType; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, raw] of Object.entries(record)) {
    if (name === '__metadata__') continue;
    const info = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = info?.dtype;
    if (typeof dtype !== 'string' || !Object.hasOwn(BYTES, dtype)) fail(`tensor '${name}': unsupported dtype ${JSON.stringify(dtype)} (supported: ${Object.keys(BYTES).join(', ')})`);
    const shape = info.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) fail(`tensor '${name}': the shape must be a list of non-negative integers`);
    const offsets = info.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0) || offsets[1] < offsets[0]) {
      fail(`tensor '${name}': data_offsets must be [begin, end] with 0 <= begin <= end`);
    }
    const [begin, end] = offsets as [number, number];
    const expected = product(shape as number[]) * BYTES[dtype as SafetensorsDType];
    if (end - begin !== expected) fail(`tensor '${name}': ${dtype} [${(shape as number[]).join(', ')}] needs ${expected} bytes, data_offsets give ${end - begin}`);
    entries.push({ name, dtype: dtype as SafetensorsDType, shape: shape as number[], begin, end });
  }

  entries.sort((a, b) => a.begin - b.begin);
  let expectedBegin = 0;
  for (const e of entries) {
    if (e.begin !== expectedBegin) fail(`corrupted header: tensor '${e.name}' starts at data offset ${e.begin} (file offset ${dataStart + e.begin}), expected ${expectedBegin}: tensors must be contiguous`);
    if (dataStart + e.end > bytes.length) {
      fail(`truncated: tensor '${e.name}' needs bytes ${dataStart + e.begin}..${dataStart + e.end} but the file ends at byte offset ${bytes.length}`);
    }
    expectedBegin = e.end;
  }
  if (expectedBegin !== dataLength) fail(`corrupted: the tensors cover ${expectedBegin} data bytes but the file has ${dataLength} after the header (from byte offset ${dataStart + expectedBegin})`);

  const sums = parseChecksums(metadata[CRC_KEY], fail);
  const tensors = new Map<string, SafetensorsEntry>();
  for (const e of entries) {
    const raw = bytes.subarray(dataStart + e.begin, dataStart + e.end);
    const expected = sums?.[e.name];
    if (expected !== undefined && crc32(raw).toString(16).padStart(8, '0') !== expected) {
      fail(`corrupted: the bytes of tensor '${e.name}' (byte offsets ${dataStart + e.begin}..${dataStart + e.end}) fail their CRC-32 check`);
    }
    tensors.set(e.name, { dtype: e.dtype, shape: e.shape, data: view(e.dtype, raw) });
  }
  return { tensors, metadata };
}

function parseChecksums(text: string | undefined, fail: (message: string) => never): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as Record<string, string>;
  } catch {
    return fail(`corrupted header: __metadata__.${CRC_KEY} is not valid JSON`);
  }
}
