// Attention benchmark: `npm run bench -- attention [--sizes 512,1024,...] [--no-tfjs] [--no-softmax-8192]`.
// One attention layer at LRA size (C 64, H 2, D 32, M 128, batch 1, float32, one thread):
// W_q, W_k, W_v, the core, W_o. Per core and T: forward ms (eval, no graph), forward+backward ms
// (training mode, dropout on, loss = Σ out·R), and the memory the autograd graph holds at the
// end of the forward pass (ArrayBuffer bytes alive after a full GC, minus the baseline) — the
// per-sequence training memory. In the same run, the peer: tfjs-core + tfjs-backend-wasm 4.22
// (one thread) implementations of softmax and Nyström attention (reference semantics, 6 Newton–
// Schulz steps), forward and forward+backward with tf.grads. Writes bench/results/attention.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, freemem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Rng, Tensor, mul, noGrad, randn, sum } from '../src/index.ts';
import { MultiHeadAttention, resolveAttention, type AttentionName } from '../src/nn/index.ts';
import { tfjsAttention, type TfjsPeer } from './_attention-tfjs.ts';

const C = 64;
const H = 2;
const D = 32;
const M = 128;
const CORES: AttentionName[] = ['softmax', 'nystrom', 'proxy', 'linformer', 'performer'];

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median ms over runs: 3 below T 4096, 2 at 4096, 1 above (after one warm-up below 4096). */
function timeMs(fn: () => void, t: number): number {
  const runs = t < 4096 ? 3 : t === 4096 ? 2 : 1;
  if (t < 4096) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

interface Row {
  core: string;
  T: number;
  forwardMs: number | null;
  forwardBackwardMs: number | null;
  memoryMB: number | null;
  note?: string;
}

/** A full GC, a pause for the deferred freeing of ArrayBuffer backing stores, and another GC. */
async function settle(): Promise<void> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 20));
  gc();
}

async function measureOurs(core: AttentionName, t: number): Promise<Row> {
  const options = resolveAttention({ name: core, landmarks: M }, { seqLen: t, heads: H, width: C });
  const layer = new MultiHeadAttention(options, { heads: H, headDim: D, width: C, seqLen: t, dtype: 'float32' }, { init: new Rng(1), dropout: new Rng(2) });
  const x = randn([1, t, C], new Rng(3));
  const mask = new Tensor(new Float32Array(t).fill(1), [1, t]);
  const r = randn([1, t, C], new Rng(4));
  const params = layer.parameters();
  layer.eval();
  const forwardMs = timeMs(() => noGrad(() => layer.forward(x, mask)), t);
  layer.train();
  const step = (): void => {
    sum(mul(layer.forward(x, mask).out, r)).backward();
    for (const p of params) p.zeroGrad();
  };
  const forwardBackwardMs = timeMs(step, t);
  await settle();
  const base = process.memoryUsage().arrayBuffers;
  const held = layer.forward(x, mask).out; // the graph stays alive through `held`
  await settle();
  const memoryMB = (process.memoryUsage().arrayBuffers - base) / 2 ** 20;
  if (held.size < 0) console.log(held); // keep `held` reachable until the measurement
  return { core, T: t, forwardMs, forwardBackwardMs, memoryMB };
}

async function setSingleThread(): Promise<string> {
  try {
    const backend = await import('../src/backend/index.ts');
    backend.setThreads(1);
    return `${backend.getBackend()} backend, ${backend.getThreads()} thread`;
  } catch (error) {
    return `backend without thread control (${String(error)})`;
  }
}

function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  return a == null || b == null ? null : a / b;
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { sizes: { type: 'string', default: '512,1024,2048,4096,8192' }, 'no-tfjs': { type: 'boolean', default: false }, 'no-softmax-8192': { type: 'boolean', default: false } } });
  const sizes = values.sizes.split(',').map(Number);
  const backend = await setSingleThread();
  console.log(`attention layer C ${C}, H ${H}, D ${D}, M ${M}, batch 1, float32; ${backend}; ${cpus()[0]?.model ?? 'cpu'}`);
  const rows: Row[] = [];
  let peer: TfjsPeer | null = null;
  if (!values['no-tfjs']) peer = await tfjsAttention({ C, H, D, M });
  for (const t of sizes) {
    for (const core of CORES) {
      // Softmax keeps ~4 (B, H, T, T) float32 matrices alive, and backward as many again.
      const softmaxBytes = 8 * H * t * t * 4;
      if (core === 'softmax' && t === 8192 && (values['no-softmax-8192'] || softmaxBytes > 0.5 * freemem())) {
        rows.push({ core, T: t, forwardMs: null, forwardBackwardMs: null, memoryMB: null, note: `skipped: needs ~${(softmaxBytes / 2 ** 30).toFixed(1)} GiB` });
        continue;
      }
      const row = await measureOurs(core, t);
      rows.push(row);
      print(row);
    }
    if (peer !== null) {
      for (const core of ['softmax', 'nystrom'] as const) {
        if (core === 'softmax' && t === 8192) {
          // Its (H, T, T) float32 scores, softmax and their gradients exceed the wasm32 heap
          // (tried: "memory access out of bounds", after which the tfjs module is unusable).
          rows.push({ core: `tfjs-wasm ${core}`, T: t, forwardMs: null, forwardBackwardMs: null, memoryMB: null, note: 'skipped: exceeds the 4 GiB wasm32 memory of tfjs-backend-wasm' });
          continue;
        }
        const row: Row = { core: `tfjs-wasm ${core}`, T: t, ...peer.measure(core, t, timeMs), memoryMB: null };
        rows.push(row);
        print(row);
      }
    }
  }
  const find = (core: string, t: number) => rows.find((r) => r.core === core && r.T === t);
  const p4 = find('proxy', 4096);
  const s4 = find('softmax', 4096);
  const p8 = find('proxy', 8192);
  const tn4 = find('tfjs-wasm nystrom', 4096);
  const summary = {
    proxyOverSoftmaxSpeedup4096: ratio(s4?.forwardBackwardMs, p4?.forwardBackwardMs),
    proxyMemoryRatio4096: ratio(p4?.memoryMB, s4?.memoryMB),
    proxyScaling8192over4096: ratio(p8?.forwardBackwardMs, p4?.forwardBackwardMs),
    proxyOverTfjsNystrom4096: ratio(tn4?.forwardMs, p4?.forwardMs),
    backwardOverForward4096: ratio(p4?.forwardBackwardMs, p4?.forwardMs),
  };
  const targets = {
    proxyOverSoftmaxSpeedup4096: { target: '>= 10', met: (summary.proxyOverSoftmaxSpeedup4096 ?? 0) >= 10 },
    proxyMemoryRatio4096: { target: '<= 0.05', met: summary.proxyMemoryRatio4096 !== null && summary.proxyMemoryRatio4096 <= 0.05 },
    proxyScaling8192over4096: { target: '<= 2.2', met: summary.proxyScaling8192over4096 !== null && summary.proxyScaling8192over4096 <= 2.2 },
    proxyOverTfjsNystrom4096: { target: '>= 2.5', met: (summary.proxyOverTfjsNystrom4096 ?? 0) >= 2.5 },
    backwardOverForward4096: { target: '<= 3', met: summary.backwardOverForward4096 !== null && summary.backwardOverForward4096 <= 3 },
  };
  console.log(JSON.stringify({ ...summary, targets }, null, 2));
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'attention.json');
  mkdirSync(dirname(out), { recursive: true });
  const setup = { C, H, D, M, batch: 1, dtype: 'float32', threads: 1, backend, cpu: cpus()[0]?.model, node: process.version, date: new Date().toISOString(), memory: 'ArrayBuffer bytes held by the autograd graph at the end of a training-mode forward (after GC), minus the baseline' };
  writeFileSync(out, `${JSON.stringify({ ...summary, targets, setup, rows }, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

function print(r: Row): void {
  const f = (v: number | null, d = 1) => (v === null ? '—' : v.toFixed(d)).padStart(9);
  console.log(`${r.core.padEnd(18)} T ${String(r.T).padStart(5)}  fwd ${f(r.forwardMs)} ms  fwd+bwd ${f(r.forwardBackwardMs)} ms  mem ${f(r.memoryMB)} MB${r.note ? `  ${r.note}` : ''}`);
}
