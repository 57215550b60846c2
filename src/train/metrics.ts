// The metrics log: one JSON object per line (JSON Lines), one record per log interval of training
// and one per evaluation, appended as the run goes so that a crash loses nothing already logged.
// The records also stay in memory for the SVG plot. On resume, records past the checkpoint's step
// are dropped, so the file tells one consistent story.
// Not here: rendering (plot-svg.ts) or the terminal (progress.ts).
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../data/files.ts';

export interface TrainRecord {
  kind: 'train';
  step: number;
  /** Total loss = task + auxiliary, averaged over the interval. */
  loss: number;
  taskLoss: number;
  auxLoss: number;
  acc: number;
  lr: number;
  stepsPerSec: number;
  tokensPerSec: number;
  elapsedSec: number;
}

export interface EvalRecord {
  kind: 'eval';
  split: 'val' | 'test';
  step: number;
  loss: number;
  acc: number;
  examples: number;
  elapsedSec: number;
}

export type MetricsRecord = TrainRecord | EvalRecord;

export class MetricsLog {
  readonly records: MetricsRecord[] = [];

  /** `path` undefined keeps the records in memory only. */
  constructor(readonly path?: string) {}

  /** Continues an existing log: keeps its records up to `step` and rewrites the file with them. */
  static resume(path: string, step: number): MetricsLog {
    const log = new MetricsLog(path);
    if (existsSync(path)) {
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        try {
          const record = JSON.parse(line) as MetricsRecord;
          if (record.step <= step) log.records.push(record);
        } catch {
          break; // a line cut by a crash: the rest is not trusted
        }
      }
    }
    writeFileAtomic(path, new TextEncoder().encode(log.records.map((r) => `${JSON.stringify(r)}\n`).join('')));
    return log;
  }

  add(record: MetricsRecord): void {
    this.records.push(record);
    if (this.path !== undefined) appendFileSync(this.path, `${JSON.stringify(record)}\n`);
  }

  train(): TrainRecord[] {
    return this.records.filter((r): r is TrainRecord => r.kind === 'train');
  }

  evals(split: 'val' | 'test'): EvalRecord[] {
    return this.records.filter((r): r is EvalRecord => r.kind === 'eval' && r.split === split);
  }
}
