// An SVG picture of a run: training loss (left panel) and validation accuracy (right panel)
// against the step, with axes, ticks and labels. A pure function from numbers to a string; no
// plotting library, no file I/O.
import type { MetricsRecord } from './metrics.ts';

interface Series {
  title: string;
  points: [number, number][];
  color: string;
  /** Fixed y range, or undefined to fit the data. */
  yRange?: [number, number];
  format: (v: number) => string;
}

const W = 420; // one panel
const H = 300;
const PAD = { left: 56, right: 16, top: 32, bottom: 40 };

/** "Nice" tick positions covering [lo, hi]: steps of 1, 2 or 5 times a power of ten. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function panel(series: Series, offsetX: number, xMax: number): string {
  const pts = series.points.filter(([, y]) => Number.isFinite(y));
  const ys = pts.map(([, y]) => y);
  let [yLo, yHi] = series.yRange ?? [Math.min(...ys, Infinity), Math.max(...ys, -Infinity)];
  if (!Number.isFinite(yLo) || !Number.isFinite(yHi)) [yLo, yHi] = [0, 1];
  if (yHi - yLo < 1e-12) [yLo, yHi] = [yLo - 0.5, yHi + 0.5];
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (v: number): number => offsetX + PAD.left + (xMax > 0 ? (v / xMax) * plotW : 0);
  const y = (v: number): number => PAD.top + plotH - ((v - yLo) / (yHi - yLo)) * plotH;
  const parts: string[] = [];
  parts.push(`<text x="${offsetX + W / 2}" y="20" text-anchor="middle" font-size="14">${escape(series.title)}</text>`);
  parts.push(`<rect x="${offsetX + PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`);
  for (const t of niceTicks(yLo, yHi)) {
    parts.push(`<line x1="${offsetX + PAD.left}" x2="${offsetX + PAD.left + plotW}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#eee"/>`);
    parts.push(`<text x="${offsetX + PAD.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" font-size="11">${series.format(t)}</text>`);
  }
  for (const t of niceTicks(0, xMax)) {
    parts.push(`<text x="${x(t).toFixed(1)}" y="${H - PAD.bottom + 16}" text-anchor="middle" font-size="11">${t}</text>`);
  }
  parts.push(`<text x="${offsetX + PAD.left + plotW / 2}" y="${H - 6}" text-anchor="middle" font-size="12">step</text>`);
  if (pts.length > 0) {
    const line = pts.map(([px, py]) => `${x(px).toFixed(1)},${y(py).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${series.color}" stroke-width="1.8" points="${line}"/>`);
    for (const [px, py] of pts.length <= 60 ? pts : []) parts.push(`<circle cx="${x(px).toFixed(1)}" cy="${y(py).toFixed(1)}" r="2.5" fill="${series.color}"/>`);
  } else {
    parts.push(`<text x="${offsetX + W / 2}" y="${H / 2}" text-anchor="middle" font-size="12" fill="#888">no data yet</text>`);
  }
  return parts.join('\n');
}

/** Two panels side by side: training loss and validation accuracy (%) over steps. */
export function renderMetricsSvg(records: readonly MetricsRecord[], title = ''): string {
  const train = records.filter((r) => r.kind === 'train');
  const val = records.filter((r) => r.kind === 'eval' && r.split === 'val');
  const xMax = Math.max(1, ...records.map((r) => r.step));
  const loss: Series = { title: 'training loss (task + auxiliary)', points: train.map((r) => [r.step, r.loss]), color: '#1f77b4', format: (v) => v.toPrecision(3) };
  const acc: Series = { title: 'validation accuracy (%)', points: val.map((r) => [r.step, 100 * r.acc]), color: '#d62728', format: (v) => v.toFixed(0) };
  const height = H + (title === '' ? 0 : 24);
  const shift = title === '' ? 0 : 24;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${height}" viewBox="0 0 ${2 * W} ${height}" font-family="sans-serif">`,
    '<rect width="100%" height="100%" fill="white"/>',
    title === '' ? '' : `<text x="${W}" y="18" text-anchor="middle" font-size="15" font-weight="bold">${escape(title)}</text>`,
    `<g transform="translate(0, ${shift})">`,
    panel(loss, 0, xMax),
    panel(acc, W, xMax),
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}
