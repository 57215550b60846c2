// `npm start` (`proxyformer start`): the embedded default job. Trains Proxyformer on generated
// ListOps with the `start` preset (about 10 minutes on 2 cores), shows progress, prints the
// final table and how far the test accuracy is above the majority-class baseline.
// It is `proxyformer train --preset start` with the defaults; the few flags below adjust it.
import { executePlan, parseFlags, planFromFlags, summaryTable } from './train.ts';

export const help = `Usage: npm start [-- options]   (or: proxyformer start [options])

Trains Proxyformer on generated ListOps (sequences of 20..100 tokens, T 128, M 16 proxy tokens,
6000 training sequences, 800 steps of 32, peak lr 1e-3) and prints test accuracy against the majority-class
baseline. Data is generated once into .cache/; outputs go to runs/start/.

  --model NAME   proxy | nystrom | softmax | linformer | performer (default proxy)
  --steps N      fewer steps for a quicker look (default 800)
  --out DIR      output folder (default runs/start)
  --threads N    model replicas, one per thread (data parallel; default: all cores)
  --resume       continue an interrupted start run

Examples:
  npm start
  npm start -- --model nystrom
  npm start -- --steps 200`;

export async function run(argv: string[]): Promise<void> {
  const values = parseFlags('start', argv, ['model', 'steps', 'out', 'threads'], ['resume']);
  const plan = planFromFlags('start', { ...values, out: values.out ?? 'runs/start', preset: 'start', task: 'listops' });
  const result = await executePlan(plan);
  if (result.interrupted) {
    console.log(`interrupted at step ${result.steps}; continue with: npm start -- --resume`);
    return;
  }
  console.log(summaryTable(result, plan));
  if (result.test !== null) {
    const gain = 100 * (result.test.acc - result.majority.accuracy);
    console.log(`test accuracy is ${gain.toFixed(1)} points ${gain >= 0 ? 'above' : 'below'} the majority-class baseline.`);
  }
}
