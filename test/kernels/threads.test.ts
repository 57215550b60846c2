// The thread group: a failing task on a worker becomes an exception in the caller (never a
// hang), the group keeps working afterwards, and idle workers never keep the process alive.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { matmulReference } from '../../kernels/matmul.ts';
import { matmul, setBackend, setThreads } from '../../src/backend/index.ts';
import { wasmThreadGroup } from '../../src/backend/wasm.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

afterAll(() => setThreads(1));

function productOnTwoThreads(): number {
  const [m, k, n] = [256, 64, 128]; // 4 MFLOP: above the single-thread cut-off
  const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i) + 1.5);
  const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i) - 1.5);
  const out = new Float32Array(m * n).fill(NaN);
  const spec = { a, b, out, batch: 1, m, k, n, transA: false, transB: false, strideA: 0, strideB: 0 };
  matmul(spec);
  const ref = new Float64Array(m * n);
  matmulReference({ ...spec, a: Float64Array.from(a), b: Float64Array.from(b), out: ref });
  let worst = 0;
  for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(out[i]! - ref[i]!) / Math.abs(ref[i]!));
  return worst;
}

it('a trap in a worker (out-of-bounds memory) surfaces as an exception naming the worker', async () => {
  setBackend('wasm');
  setThreads(2);
  const group = wasmThreadGroup();
  await group.ready();
  expect(productOnTwoThreads()).toBeLessThan(1e-4);
  const outOfBounds = 0x7fff0000; // far past the end of the memory
  const bad = [outOfBounds, outOfBounds, outOfBounds, 64, 64, 64, 0, 0, 0, 0, 0, 64, outOfBounds];
  const good = [0, 0, 0, 64, 64, 64, 0, 0, 0, 0, 0, 0, 0]; // zero rows: does nothing
  expect(() => group.run([{ fn: 0, args: good }, { fn: 0, args: bad }])).toThrow(/worker 1 failed: RuntimeError/);
  // the group still works
  expect(productOnTwoThreads()).toBeLessThan(1e-4);
});

it('an unknown task is an exception, not a hang', async () => {
  setThreads(2);
  const group = wasmThreadGroup();
  await group.ready();
  expect(() => group.run([{ fn: 0, args: [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0] }, { fn: 7, args: [] }])).toThrow(
    /no function 7/,
  );
});

it('a process that used the threads (and saw a worker fail) exits on its own', () => {
  const script = [
    "import { matmul, setThreads } from './src/backend/index.ts';",
    "import { wasmThreadGroup } from './src/backend/wasm.ts';",
    'setThreads(2);',
    'await wasmThreadGroup().ready();',
    'const m = 256, k = 64, n = 128;',
    'matmul({ a: new Float32Array(m * k).fill(1), b: new Float32Array(k * n).fill(2), out: new Float32Array(m * n),',
    '  batch: 1, m, k, n, transA: false, transB: false, strideA: 0, strideB: 0 });',
    'const bad = 0x7fff0000;',
    'try { wasmThreadGroup().run([{ fn: 0, args: [0,0,0,1,1,1,0,0,0,0,0,0,0] }, { fn: 0, args: [bad,bad,bad,64,64,64,0,0,0,0,0,64,bad] }]); }',
    "catch (error) { console.log('caught', String(error).slice(0, 40)); }",
  ].join('\n');
  const started = Date.now();
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(child.error, 'the child process was killed by the timeout: it hung').toBeUndefined();
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  expect(child.stdout).toContain('caught Error: worker 1 failed');
  expect(Date.now() - started).toBeLessThan(30_000);
});

function childRun(script: string, nodeArgs: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [...nodeArgs, '--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, ...env },
  });
}

const twoThreadScript = [
  "import { getKernelVariant, matmul, setThreads } from './src/backend/index.ts';",
  "import { wasmThreadGroup } from './src/backend/wasm.ts';",
  "import { wasmBase64 } from './kernels/generated/wasm-bytes.ts';",
  'setThreads(2);',
  'await wasmThreadGroup().ready();',
  'const m = 256, k = 64, n = 128, out = new Float32Array(m * n);',
  'matmul({ a: new Float32Array(m * k).fill(1), b: new Float32Array(k * n).fill(2), out,',
  '  batch: 1, m, k, n, transA: false, transB: false, strideA: 0, strideB: 0 });',
  "const relaxedValidates = WebAssembly.validate(Buffer.from(wasmBase64.matmulRelaxed, 'base64'));",
  'console.log(getKernelVariant(), out[m * n - 1], relaxedValidates);',
].join('\n');

it('V8 wasm flags on the command line do not stop the workers (a Worker rejects them in execArgv)', () => {
  const child = childRun(twoThreadScript, ['--experimental-wasm-relaxed-simd']);
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  expect(child.stdout.trim()).toBe('relaxed-simd 128 true');
});

it('PROXYFORMER_RELAXED_SIMD=0: SIMD128 kernel, and the V8 flag is left alone', () => {
  const child = childRun(twoThreadScript, [], { PROXYFORMER_RELAXED_SIMD: '0' });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  expect(child.stdout.trim()).toBe('simd128 128 false');
});
