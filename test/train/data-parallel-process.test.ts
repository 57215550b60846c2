// Data-parallel training as a process: a failing replica ends the process with a non-zero code
// and nothing left running; Ctrl-C (SIGINT) leaves a checkpoint that resumes.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../src/train/checkpoint.ts';

const root = mkdtempSync(join(tmpdir(), 'pf-dp-proc-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Exit {
  code: number | null;
  signal: string | null;
  stderr: string;
}

/** Runs a TypeScript entry under tsx; `onStderr` may act on the output (e.g. send SIGINT). */
function run(args: string[], onStderr?: (text: string, child: ReturnType<typeof spawn>) => void, nodeFlags: string[] = []): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr?.(stderr, child);
    });
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('data-parallel training process', () => {
  it('a replica forced to throw: the process reports it, exits non-zero and leaves a readable checkpoint', async () => {
    const out = join(root, 'fail');
    const exit = await run(['test/train/fixtures/failing-replica.ts', out, join(root, 'cache')]);
    expect(exit.code).toBe(1); // it exited by itself: no worker held it open
    expect(exit.stderr).toMatch(/training failed: replica [01] failed: embedding: id \d+ at position \d+ is outside the vocabulary/);
    expect((loadCheckpoint(join(out, 'last.safetensors')).trainer as { step: number }).step).toBe(4);
  });

  it('starts its workers when node runs with V8 flags that a Worker would reject', async () => {
    const out = join(root, 'flags');
    const args = ['src/cli/main.ts', 'train', '--preset', 'tiny', '--steps', '4', '--eval-every', '4', '--threads', '2', '--cache', join(root, 'cache'), '--out', out];
    const exit = await run(args, undefined, ['--single-threaded-gc', '--experimental-wasm-relaxed-simd']);
    expect(exit.stderr).not.toMatch(/ERR_WORKER_INVALID_EXEC_ARGV/);
    expect(exit.code).toBe(0);
    expect((loadCheckpoint(join(out, 'last.safetensors')).trainer as { step: number }).step).toBe(4);
  });

  it('SIGINT during training leaves a checkpoint that resumes', async () => {
    const out = join(root, 'sigint');
    const args = ['src/cli/main.ts', 'train', '--preset', 'tiny', '--steps', '400', '--threads', '2', '--cache', join(root, 'cache'), '--out', out];
    let sent = false;
    const first = await run(args, (text, child) => {
      if (!sent && /step 0: val acc/.test(text)) {
        sent = true;
        setTimeout(() => child.kill('SIGINT'), 300);
      }
    });
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/interrupt: finishing this step and saving last\.safetensors/);
    const saved = (loadCheckpoint(join(out, 'last.safetensors')).trainer as { step: number }).step;
    expect(saved).toBeGreaterThan(0);
    expect(saved).toBeLessThan(400);

    const resumed = await run(['src/cli/main.ts', 'train', '--out', out, '--resume', '--threads', '2'], (text, child) => {
      if (/resuming at step/.test(text)) setTimeout(() => child.kill('SIGINT'), 300);
    });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`resuming at step ${saved}:`));
    expect(existsSync(join(out, 'metrics.jsonl'))).toBe(true);
  });
});
