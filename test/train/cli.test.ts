// The train / eval / start commands: strict flags (unknown flags and bad values are rejected with
// the valid ones), and a two-step `train` whose checkpoint `eval` reads back to the same accuracy.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run as evalRun } from '../../src/cli/commands/eval.ts';
import { run as startRun } from '../../src/cli/commands/start.ts';
import { help, run as trainRun } from '../../src/cli/commands/train.ts';
import { loadCheckpoint } from '../../src/train/checkpoint.ts';

const root = mkdtempSync(join(tmpdir(), 'pf-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('train flags', () => {
  it('rejects an unknown flag, listing the valid ones', async () => {
    await expect(trainRun(['--stepz', '5'])).rejects.toThrow(/train: Unknown option '--stepz'.*Valid flags: --task --model --preset/);
    await expect(startRun(['--lr', '1'])).rejects.toThrow(/start: Unknown option '--lr'.*Valid flags: --model --steps --out --threads --resume/);
  });

  it('rejects invalid values, naming the flag and what is allowed', async () => {
    await expect(trainRun(['--model', 'mamba'])).rejects.toThrow("train: --model must be one of softmax, nystrom, proxy, linformer, performer; got 'mamba'");
    await expect(trainRun(['--task', 'mnist'])).rejects.toThrow(/--task must be one of listops, text, retrieval, image, pathfinder/);
    await expect(trainRun(['--steps', '2.5'])).rejects.toThrow("train: --steps must be an integer >= 1, got '2.5'");
    await expect(trainRun(['--lr', 'fast'])).rejects.toThrow("train: --lr must be a number > 0, got 'fast'");
    await expect(trainRun(['--preset', 'huge'])).rejects.toThrow(/--preset must be one of start, lra, tiny/);
    await expect(trainRun(['--steps', '10', '--warmup', '20'])).rejects.toThrow('--warmup (20) must not exceed --steps (10)');
    await expect(trainRun(['--resume', '--lr', '0.1'])).rejects.toThrow('with --resume the settings come from the checkpoint; remove --lr');
    await expect(evalRun([])).rejects.toThrow('eval: --checkpoint FILE is required');
  });

  it('has help with examples', () => {
    expect(help).toMatch(/Examples:\n  proxyformer train/);
  });
});

describe('train then eval', () => {
  it('eval of the best checkpoint reproduces the test accuracy train reported', async () => {
    const out = join(root, 'run');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await trainRun(['--preset', 'tiny', '--steps', '4', '--warmup', '1', '--eval-every', '2', '--out', out, '--cache', join(root, 'cache'), '--model', 'nystrom']);
      const table = String(log.mock.calls.at(-1)![0]);
      const trained = /test accuracy \(best val checkpoint\)\s*:\s*([\d.]+) %/.exec(table)![1];
      await evalRun(['--checkpoint', join(out, 'best.safetensors')]);
      const evalTable = String(log.mock.calls.at(-1)![0]);
      expect(/test accuracy\s*:\s*([\d.]+) %/.exec(evalTable)![1]).toBe(trained);
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
    expect(loadCheckpoint(join(out, 'best.safetensors')).preset).toBe('tiny');
    expect(readFileSync(join(out, 'metrics.svg'), 'utf8')).toContain('<polyline');
  });
});
