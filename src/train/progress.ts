// What a person watching the run sees on stderr: a progress bar redrawn in place when stderr is
// a terminal (step/total, loss, accuracy, steps/s, tokens/s, ETA), or one plain line every
// `every` steps when it is a file or a pipe (CI logs stay readable). Not here: the metrics file.

export interface ProgressStats {
  step: number;
  loss: number;
  acc: number;
  /** Tokens processed since the start of this process (for tokens/s). */
  tokens: number;
}

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): boolean;
}

/** "1h02m", "3m05s", "42s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** 1234567 → "1.23M". */
export function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(0);
}

export class Progress {
  private readonly started = performance.now();
  private lastDraw = 0;

  constructor(
    readonly total: number,
    /** Step the run started from (non-zero on resume), so rates count only this process. */
    readonly firstStep: number,
    readonly stream: ProgressStream = process.stderr,
    /** Plain mode: print a line every `every` steps. */
    readonly every = 50,
  ) {}

  private line(s: ProgressStats, width: number): string {
    const elapsed = (performance.now() - this.started) / 1000;
    const done = s.step - this.firstStep;
    const rate = done / Math.max(elapsed, 1e-9);
    const eta = (this.total - s.step) / rate;
    const fields = [
      `${s.step}/${this.total}`,
      `loss ${s.loss.toFixed(4)}`,
      `acc ${(100 * s.acc).toFixed(1)}%`,
      `${rate.toFixed(2)} steps/s`,
      `${formatCount(s.tokens / Math.max(elapsed, 1e-9))} tok/s`,
      `ETA ${formatDuration(eta)}`,
    ].join('  ');
    const barWidth = Math.max(10, Math.min(30, width - fields.length - 4));
    const filled = Math.round((s.step / this.total) * barWidth);
    return width > 0 ? `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${fields}` : fields;
  }

  update(s: ProgressStats): void {
    if (this.stream.isTTY === true) {
      const now = performance.now();
      if (now - this.lastDraw < 100 && s.step < this.total) return; // at most 10 redraws a second
      this.lastDraw = now;
      const columns = this.stream.columns ?? 100;
      this.stream.write(`\r${this.line(s, columns).slice(0, columns - 1)}\x1b[K`);
    } else if (s.step % this.every === 0 || s.step === this.total) {
      this.stream.write(`step ${this.line(s, 0)}\n`);
    }
  }

  /** A message on its own line (evaluations, checkpoints) without garbling the bar. */
  note(text: string): void {
    this.stream.write(this.stream.isTTY === true ? `\r\x1b[K${text}\n` : `${text}\n`);
    this.lastDraw = 0;
  }

  finish(): void {
    if (this.stream.isTTY === true) this.stream.write('\n');
  }
}

/** A two-column table with a title, as the final summary prints it. */
export function formatTable(title: string, rows: readonly (readonly [string, string])[]): string {
  const left = Math.max(...rows.map(([k]) => k.length));
  const right = Math.max(...rows.map(([, v]) => v.length));
  const inner = Math.max(left + right + 5, title.length + 2);
  const rule = `+${'-'.repeat(inner)}+`;
  const body = rows.map(([k, v]) => `| ${k.padEnd(left)} : ${v.padStart(inner - left - 5)} |`);
  return [rule, `| ${title.padEnd(inner - 2)} |`, rule, ...body, rule].join('\n');
}
