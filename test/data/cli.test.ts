// The generate and data commands: flags are strict, files land in the real layout atomically
// (no temporary names left), and `data` reports what the files hold.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run as runData } from '../../src/cli/commands/data.ts';
import { run as runGenerate } from '../../src/cli/commands/generate.ts';
import { tempDir } from './helpers.ts';

async function captured(fn: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return lines.join('\n');
}

describe('generate and data commands', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  it('generate listops writes three CRLF TSV files that `data` reads back', async () => {
    const out = join(dir, 'listops');
    await captured(() => runGenerate(['listops', '--out', out, '--train', '40', '--val', '5', '--test', '6', '--min-length', '10', '--max-length', '40', '--seed', '9']));
    expect(readdirSync(out).sort()).toEqual(['.complete', 'basic_test.tsv', 'basic_train.tsv', 'basic_val.tsv']); // the marker is written last
    expect(readFileSync(join(out, 'basic_val.tsv'), 'utf8').split('\r\n')).toHaveLength(7);
    const report = await captured(() => runData(['--task', 'listops', '--data', out]));
    expect(report).toMatch(/^train\s+40 /m);
    expect(report).toMatch(/^test\s+6 /m);
    expect(report).toMatch(/majority class \(train\): \d; accuracy val [\d.]+ %, test [\d.]+ %/);
  });

  it('generate pathfinder writes PNGs and text metadata in the release layout', async () => {
    const out = join(dir, 'pf');
    await captured(() => runGenerate(['pathfinder', '--out', out, '--images', '5', '--batch-size', '3', '--seed', '1']));
    const root = join(out, 'pathfinder32', 'curv_contour_length_14');
    expect(readdirSync(join(root, 'imgs', '1'))).toEqual(['sample_0.png', 'sample_1.png']);
    expect(readdirSync(join(root, 'metadata'))).toEqual(['0.npy', '1.npy']);
    expect(readFileSync(join(root, 'metadata', '1.npy'), 'utf8')).toMatch(/^imgs\/1 sample_0.png 0 [01] 1.0 14 4 2 0.5 1 1\nimgs\/1 sample_1.png 1 [01] /);
    const report = await captured(() => runData(['--task', 'pathfinder', '--data', out]));
    expect(report).toMatch(/^train\s+4 /m);
  });

  it('rejects unknown flags, bad values and unknown names, listing the valid ones', async () => {
    await expect(runGenerate(['pathfinder', '--out', dir, '--min-length', '3'])).rejects.toThrow(/Unknown option '--min-length'.*Valid flags: --out --images --batch-size --distractors --seed/);
    await expect(runGenerate(['listops', '--out', dir, '--train', 'ten'])).rejects.toThrow("--train must be an integer >= 0, got 'ten'");
    await expect(runGenerate(['sudoku'])).rejects.toThrow('Valid: listops, pathfinder');
    await expect(runData(['--task', 'mnist', '--data', dir])).rejects.toThrow('--task must be one of listops, text, retrieval, image, pathfinder');
    await expect(runData(['--task', 'image', '--data', dir, '--pixel-offset', '2'])).rejects.toThrow('--pixel-offset must be 0 or 1');
  });
});
