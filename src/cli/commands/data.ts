// `proxyformer data --task NAME --data DIR`: loads a task's real (or generated) files and prints
// split sizes, label histograms, length statistics and the majority-class accuracy.
// Not here: loading or statistics (src/data/tasks.ts, src/data/summary.ts).
import { parseArgs } from 'node:util';
import { isTaskName, loadTask, TASK_NAMES, type LoadedTask } from '../../data/tasks.ts';
import { constantAccuracy, labelHistogram, lengthStats, majorityClass } from '../../data/summary.ts';

export const help = `Usage: proxyformer data --task NAME --data DIR [--pixel-offset 0|1] [--seed N]

Reads one Long Range Arena task's files and prints split sizes, the label histogram, token
length statistics (before truncation) and the accuracy of always predicting the most frequent
training label.

  --task NAME        one of ${TASK_NAMES.join(', ')}
  --data DIR         listops: basic_{train,val,test}.tsv; text: aclImdb/ or train.tsv + test.tsv;
                     retrieval: new_aan_pairs.{train,eval,test}.tsv; image: CIFAR-10 binary batches;
                     pathfinder: metadata/ + imgs/ (or pathfinder32/curv_contour_length_14 inside DIR)
  --pixel-offset N   image tasks: add N (0 or 1) to pixel ids so black is not padding (default 0)
  --seed N           pathfinder: seed of the 80/10/10 split (default 0)

Examples:
  proxyformer data --task listops --data ../shared/data/listops-lra
  proxyformer data --task pathfinder --data ../shared/data/pathfinder32-lra
  proxyformer data --task image --data ~/cifar-10-batches-bin --pixel-offset 1`;

export async function run(argv: string[]): Promise<void> {
  let values: Record<string, string | undefined>;
  const flags = ['task', 'data', 'pixel-offset', 'seed'];
  try {
    const options = Object.fromEntries(flags.map((f) => [f, { type: 'string' as const }]));
    values = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values as Record<string, string | undefined>;
  } catch (error) {
    throw new Error(`data: ${(error as Error).message}. Valid flags: ${flags.map((f) => `--${f}`).join(' ')}`);
  }
  const task = values.task;
  if (task === undefined || !isTaskName(task)) throw new Error(`data: --task must be one of ${TASK_NAMES.join(', ')}, got '${task ?? ''}'`);
  if (values.data === undefined) throw new Error('data: --data DIR is required');
  const offset = values['pixel-offset'] ?? '0';
  if (offset !== '0' && offset !== '1') throw new Error(`data: --pixel-offset must be 0 or 1, got '${offset}'`);
  const seed = values.seed ?? '0';
  if (!/^\d+$/.test(seed)) throw new Error(`data: --seed must be a non-negative integer, got '${seed}'`);
  const loaded = loadTask(task, values.data, { pixelOffset: offset === '1' ? 1 : 0, seed: Number(seed) });
  console.log(describe(loaded).join('\n'));
}

/** The report lines for a loaded task. */
export function describe(task: LoadedTask): string[] {
  const { maxTokens, seqLen, idOffset } = task.encoding;
  const lines = [`task ${task.name}: ${task.numClasses} classes, keep ${maxTokens} tokens, pad to ${seqLen}, id offset ${idOffset}`];
  for (const note of task.notes) lines.push(`note: ${note}`);
  const majority = majorityClass(labelHistogram(task.splits.train.labels, task.numClasses));
  lines.push('', 'split   rows     labels (count per class)');
  for (const name of ['train', 'val', 'test'] as const) {
    const split = task.splits[name];
    lines.push(`${name.padEnd(7)} ${String(split.length).padStart(7)}  ${labelHistogram(split.labels, task.numClasses).join(' ')}`);
  }
  lines.push('', 'split   length min / median / mean / max   truncated');
  for (const name of ['train', 'val', 'test'] as const) {
    const sets = task.kind === 'pair' ? [task.splits[name].lengths1, task.splits[name].lengths2] : [task.splits[name].lengths];
    sets.forEach((lengths, k) => {
      const s = lengthStats(lengths, maxTokens);
      const label = task.kind === 'pair' ? `${name}.${k + 1}` : name;
      lines.push(`${label.padEnd(7)} ${s.min} / ${s.median} / ${s.mean.toFixed(1)} / ${s.max}`.padEnd(42) + `${(s.truncated * 100).toFixed(1)} %`);
    });
  }
  const acc = (name: 'val' | 'test'): string => (constantAccuracy(task.splits[name].labels, majority) * 100).toFixed(2);
  lines.push('', `majority class (train): ${majority}; accuracy val ${acc('val')} %, test ${acc('test')} %`);
  return lines;
}
