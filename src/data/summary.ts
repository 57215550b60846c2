// Dataset summaries for `proxyformer data`: split sizes, label histograms, length statistics
// (before truncation) and the majority-class baseline (the most frequent train label, scored on
// val and test).
// Not here: printing (cli/commands/data.ts), loading (tasks.ts).

export interface LengthStats {
  min: number;
  median: number;
  mean: number;
  max: number;
  /** Fraction of examples longer than the kept token count. */
  truncated: number;
}

export function labelHistogram(labels: ArrayLike<number>, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]! += 1;
  return counts;
}

export function lengthStats(lengths: ArrayLike<number>, keep: number): LengthStats {
  const sorted = Float64Array.from(lengths).sort();
  const n = sorted.length;
  if (n === 0) return { min: 0, median: 0, mean: 0, max: 0, truncated: 0 };
  const median = n % 2 === 1 ? sorted[n >> 1]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  let sum = 0;
  let over = 0;
  for (const v of sorted) {
    sum += v;
    if (v > keep) over++;
  }
  return { min: sorted[0]!, median, mean: sum / n, max: sorted[n - 1]!, truncated: over / n };
}

/** The most frequent label (lowest on ties). */
export function majorityClass(histogram: readonly number[]): number {
  let best = 0;
  for (let c = 1; c < histogram.length; c++) if (histogram[c]! > histogram[best]!) best = c;
  return best;
}

/** Accuracy of always predicting `label`. */
export function constantAccuracy(labels: ArrayLike<number>, label: number): number {
  if (labels.length === 0) return 0;
  let hits = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === label) hits++;
  return hits / labels.length;
}
