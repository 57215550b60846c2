// Checkpoints: the file is valid safetensors by the format spec (parsed byte by byte here, as
// Hugging Face's reader does), round-trips every tensor and the config, and every broken input
// gives an error naming the file and what is wrong; a crash before the rename keeps the old file.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng, Tensor, randn } from '../../src/index.ts';
import { AdamW } from '../../src/optim/index.ts';
import { loadCheckpoint, loadParameters, saveCheckpoint, type CheckpointContent } from '../../src/train/checkpoint.ts';

const dir = mkdtempSync(join(tmpdir(), 'pf-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function model(seed: number, width = 4): [string, Tensor][] {
  const rng = new Rng(seed);
  return [
    ['embed.weight', randn([10, width], rng, { requiresGrad: true })],
    ['head.bias', randn([3], rng, { requiresGrad: true })],
    ['head.weight', randn([width, 3], rng, { requiresGrad: true })],
  ];
}

function content(seed = 1): CheckpointContent {
  const params = model(seed);
  const opt = new AdamW(params, { lr: 1e-3 });
  for (const [, t] of params) t.grad = new Tensor(Float32Array.from(t.data, (v) => v * 0.5), t.shape);
  opt.step();
  return { parameters: params, config: { width: 4, layers: 2, attention: 'proxy' }, preset: 'tiny', optimizer: opt.stateDict(), trainer: { step: 7, rng: [1, 2, 3, 4] } };
}

describe('safetensors layout (the Hugging Face spec, byte by byte)', () => {
  const path = join(dir, 'spec.safetensors');
  const c = content();
  saveCheckpoint(path, c);
  const bytes = readFileSync(path);

  it('has an 8-byte little-endian header length, a space-padded JSON header and data aligned to 8', () => {
    const n = Number(bytes.readBigUInt64LE(0));
    expect((8 + n) % 8).toBe(0);
    const headerText = bytes.subarray(8, 8 + n).toString('utf8');
    expect(headerText.startsWith('{')).toBe(true);
    expect(/^[^]*\} *$/.test(headerText)).toBe(true); // only spaces after the closing brace
    const header = JSON.parse(headerText) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
    const meta = header.__metadata__ as unknown as Record<string, unknown>;
    expect(meta.format).toBe('pt');
    expect(Object.values(meta).every((v) => typeof v === 'string')).toBe(true);
    expect(JSON.parse(meta['proxyformer.config'] as string)).toEqual(c.config);
    expect(meta['proxyformer.preset']).toBe('tiny');

    // Offsets: contiguous from 0, covering the whole data section; F32 little-endian values.
    const entries = Object.entries(header).filter(([k]) => k !== '__metadata__').sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0]);
    let at = 0;
    for (const [, e] of entries) {
      expect(e.data_offsets[0]).toBe(at);
      expect(e.data_offsets[1] - e.data_offsets[0]).toBe(e.shape.reduce((a, b) => a * b, 1) * 4);
      at = e.data_offsets[1];
    }
    expect(8 + n + at).toBe(bytes.length);
    const w = header['head.weight']!;
    expect(w.dtype).toBe('F32');
    expect(w.shape).toEqual([4, 3]);
    const original = (c.parameters as [string, Tensor][])[2]![1].data;
    for (let i = 0; i < 12; i++) expect(bytes.readFloatLE(8 + n + w.data_offsets[0] + 4 * i)).toBe(original[i]);
  });
});

describe('checkpoint round trip', () => {
  it('restores every parameter, optimizer buffer, the config, preset and trainer state exactly', () => {
    const path = join(dir, 'round.safetensors');
    const c = content();
    saveCheckpoint(path, c);
    const loaded = loadCheckpoint(path);
    expect(loaded.config).toEqual(c.config);
    expect(loaded.preset).toBe('tiny');
    expect(loaded.trainer).toEqual(c.trainer);
    const target = model(99);
    loadParameters(loaded, target);
    (c.parameters as [string, Tensor][]).forEach(([name, t], i) => {
      expect(target[i]![0]).toBe(name);
      expect(Array.from(target[i]![1].data)).toEqual(Array.from(t.data));
    });
    expect(loaded.optimizer!.step).toBe(1);
    expect(loaded.optimizer!.buffers.size).toBe(6);
    for (const [key, buf] of c.optimizer!.buffers) expect(Array.from(loaded.optimizer!.buffers.get(key)!)).toEqual(Array.from(buf));
  });
});

describe('checkpoint errors', () => {
  const path = join(dir, 'good.safetensors');
  saveCheckpoint(path, content());
  const good = readFileSync(path);
  const n = Number(good.readBigUInt64LE(0));

  it('a truncated file names the file, the tensor and the byte offset where it ends', () => {
    const cut = join(dir, 'cut.safetensors');
    writeFileSync(cut, good.subarray(0, good.length - 10));
    expect(() => loadCheckpoint(cut)).toThrow(new RegExp(`cut\\.safetensors: truncated: tensor '.+' needs bytes \\d+\\.\\.${good.length} but the file ends at byte offset ${good.length - 10}`));
    writeFileSync(cut, good.subarray(0, 40));
    expect(() => loadCheckpoint(cut)).toThrow(/cut\.safetensors: truncated: the header needs bytes 8\.\.\d+ but the file ends at byte offset 40/);
  });

  it('flipped bits in tensor data fail the CRC check, naming the tensor and its byte range', () => {
    const bad = Buffer.from(good);
    bad[8 + n + 5]! ^= 0x40;
    const file = join(dir, 'flipped.safetensors');
    writeFileSync(file, bad);
    expect(() => loadCheckpoint(file)).toThrow(/flipped\.safetensors: corrupted: the bytes of tensor '.+' \(byte offsets \d+\.\.\d+\) fail their CRC-32 check/);
  });

  it('a corrupted header names the byte offset of the JSON error', () => {
    const bad = Buffer.from(good);
    bad[9] = 0x7d; // '{}' followed by the rest of the header
    const file = join(dir, 'badjson.safetensors');
    writeFileSync(file, bad);
    expect(() => loadCheckpoint(file)).toThrow(/badjson\.safetensors: corrupted header: invalid JSON at byte offset \d+/);
  });

  it('a non-safetensors file says so', () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'hello, this is not a checkpoint\n');
    expect(() => loadCheckpoint(file)).toThrow(/notes\.txt: not a safetensors file: byte offset 8 should start the JSON header with '\{'/);
    writeFileSync(file, 'abc');
    expect(() => loadCheckpoint(file)).toThrow(/notes\.txt: not a safetensors file: 3 bytes/);
  });

  it('a checkpoint of another model shape names the parameter and both shapes, and changes nothing', () => {
    const wider = model(5, 6);
    const before = Array.from(wider[0]![1].data);
    expect(() => loadParameters(loadCheckpoint(path), wider)).toThrow(/parameter 'embed\.weight' has shape \(10, 4\) in the checkpoint but \(10, 6\) in the model/);
    expect(Array.from(wider[0]![1].data)).toEqual(before);
    expect(() => loadParameters(loadCheckpoint(path), model(5).slice(0, 2))).toThrow(/the checkpoint has 1 parameter\(s\) the model lacks: head\.weight/);
  });

  it('a crash between write and rename keeps the old checkpoint readable', () => {
    const file = join(dir, 'atomic.safetensors');
    saveCheckpoint(file, content(1));
    const oldBytes = readFileSync(file);
    expect(() =>
      saveCheckpoint(file, content(2), {
        beforeRename: () => {
          throw new Error('simulated crash');
        },
      }),
    ).toThrow('simulated crash');
    expect(readFileSync(file).equals(oldBytes)).toBe(true);
    expect(loadCheckpoint(file).trainer).toEqual({ step: 7, rng: [1, 2, 3, 4] });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
