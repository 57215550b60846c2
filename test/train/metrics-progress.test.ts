// The readable outputs of a run: JSON Lines metrics (and their resume), the SVG plot, the
// progress display in both terminal and plain modes, and the summary table.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MetricsLog, type MetricsRecord } from '../../src/train/metrics.ts';
import { niceTicks, renderMetricsSvg } from '../../src/train/plot-svg.ts';
import { Progress, formatDuration, formatTable } from '../../src/train/progress.ts';

const dir = mkdtempSync(join(tmpdir(), 'pf-metrics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function trainRecord(step: number, loss: number): MetricsRecord {
  return { kind: 'train', step, loss, taskLoss: loss - 0.1, auxLoss: 0.1, acc: 0.5, lr: 1e-3, stepsPerSec: 2, tokensPerSec: 100, elapsedSec: step };
}

describe('metrics log', () => {
  it('writes one JSON object per line and, on resume, keeps only records up to the checkpoint step', () => {
    const path = join(dir, 'metrics.jsonl');
    const log = new MetricsLog(path);
    for (const step of [10, 20, 30]) log.add(trainRecord(step, 3 - step / 10));
    log.add({ kind: 'eval', split: 'val', step: 20, loss: 2, acc: 0.25, examples: 100, elapsedSec: 20 });
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as MetricsRecord);
    expect(lines.map((r) => r.step)).toEqual([10, 20, 30, 20]);
    expect(lines[3]).toMatchObject({ kind: 'eval', split: 'val', acc: 0.25 });

    const resumed = MetricsLog.resume(path, 20);
    expect(resumed.records.map((r) => r.step)).toEqual([10, 20, 20]);
    resumed.add(trainRecord(30, 0.5));
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(4);
  });
});

describe('SVG plot', () => {
  it('draws the loss and validation accuracy as two polylines scaled to their panels', () => {
    const records: MetricsRecord[] = [trainRecord(0, 2), trainRecord(50, 1), trainRecord(100, 0.5)];
    records.push({ kind: 'eval', split: 'val', step: 100, loss: 1, acc: 0.4, examples: 10, elapsedSec: 1 });
    const svg = renderMetricsSvg(records, 'run <1>');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('run &lt;1&gt;');
    const polylines = [...svg.matchAll(/<polyline[^>]*points="([^"]+)"/g)].map((m) => m[1]!.split(' '));
    expect(polylines).toHaveLength(2);
    // Loss panel: x from 56 to 404 over steps 0..100; y from 260 (min 0.5) up to 32 (max 2).
    expect(polylines[0]).toEqual(['56.0,32.0', '230.0,184.0', '404.0,260.0']);
    // One accuracy point: the range is widened to 39.5..40.5 %, so it sits mid-height, at x = 420 + 404.
    expect(polylines[1]).toEqual(['824.0,146.0']);
  });

  it('picks ticks at 1, 2, 5 times a power of ten', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicks(0.37, 2.4)).toEqual([0.5, 1, 1.5, 2]);
  });
});

describe('progress', () => {
  function stream(isTTY: boolean): { isTTY: boolean; columns: number; text: string; write(t: string): boolean } {
    return { isTTY, columns: 120, text: '', write(t: string) { this.text += t; return true; } };
  }

  it('prints a plain line every N steps when stderr is not a terminal', () => {
    const out = stream(false);
    const p = new Progress(100, 0, out, 25);
    for (let step = 1; step <= 100; step++) p.update({ step, loss: 1 / step, acc: 0.5, tokens: step * 64 });
    const lines = out.text.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^step 25\/100  loss 0\.0400  acc 50\.0%  [\d.]+ steps\/s  [\d.]+[kM]? tok\/s  ETA /);
  });

  it('redraws one line with a bar when stderr is a terminal', () => {
    const out = stream(true);
    const p = new Progress(10, 0, out);
    p.update({ step: 5, loss: 0.5, acc: 0.25, tokens: 100 });
    expect(out.text).toMatch(/^\r\[#{15}\.{15}\] 5\/10  loss 0\.5000  acc 25\.0%/);
    expect(out.text.includes('\n')).toBe(false);
  });

  it('formats durations and the summary table', () => {
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(185)).toBe('3m05s');
    expect(formatDuration(3720)).toBe('1h02m');
    const table = formatTable('Result', [['test accuracy', '41.0 %'], ['steps', '1000']]);
    expect(table.split('\n')).toEqual([
      '+------------------------+',
      '| Result                 |',
      '+------------------------+',
      '| test accuracy : 41.0 % |',
      '| steps         :   1000 |',
      '+------------------------+',
    ]);
  });
});
