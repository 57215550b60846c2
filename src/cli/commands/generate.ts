// `proxyformer generate listops|pathfinder`: writes generated LRA data in the real file layout.
// Flags are parsed strictly (node:util parseArgs); unknown flags and bad values are rejected with
// the list of valid ones. Not here: the generators themselves (src/data).
import { parseArgs } from 'node:util';
import { LISTOPS_DEFAULTS } from '../../data/listops-generate.ts';
import { PF } from '../../data/pathfinder-snakes.ts';
import { PATHFINDER_LAYOUT, writeListOps, writePathfinder } from '../../data/write.ts';

export const help = `Usage: proxyformer generate listops|pathfinder --out DIR [options]

Generates Long Range Arena data with the original procedures and writes it in the real layout.

listops      -> DIR/basic_{train,val,test}.tsv (header Source<TAB>Target, CRLF line ends)
  --train N         training rows (default ${LISTOPS_DEFAULTS.train})
  --val N           validation rows (default ${LISTOPS_DEFAULTS.val})
  --test N          test rows (default ${LISTOPS_DEFAULTS.test})
  --min-length N    keep trees with more than N tokens (default ${LISTOPS_DEFAULTS.minLength})
  --max-length N    keep trees with fewer than N tokens (default ${LISTOPS_DEFAULTS.maxLength})
  --seed N          random seed (default 0)

pathfinder   -> DIR/${PATHFINDER_LAYOUT}/imgs/<batch>/sample_<i>.png + metadata/<batch>.npy
  --images N        number of images (default 2000)
  --batch-size N    images per batch folder (default 1000)
  --distractors N   distractor snakes per image (default ${PF.distractors}, as LRA)
  --seed N          random seed (default 0)

Examples:
  proxyformer generate listops --out data/listops --train 2000 --val 200 --test 200 --min-length 20 --max-length 100
  proxyformer generate listops --out data/listops-1000
  proxyformer generate pathfinder --out data/pathfinder --images 1000 --seed 1`;

const LISTOPS_FLAGS = ['out', 'train', 'val', 'test', 'min-length', 'max-length', 'seed'];
const PATHFINDER_FLAGS = ['out', 'images', 'batch-size', 'distractors', 'seed'];

export async function run(argv: string[]): Promise<void> {
  const [what, ...rest] = argv;
  if (what !== 'listops' && what !== 'pathfinder') {
    throw new Error(`generate: unknown dataset '${what ?? ''}'. Valid: listops, pathfinder. Run \`proxyformer generate --help\`.`);
  }
  const allowed = what === 'listops' ? LISTOPS_FLAGS : PATHFINDER_FLAGS;
  let values: Record<string, string | undefined>;
  try {
    const options = Object.fromEntries(allowed.map((name) => [name, { type: 'string' as const }]));
    values = parseArgs({ args: rest, options, strict: true, allowPositionals: false }).values as Record<string, string | undefined>;
  } catch (error) {
    throw new Error(`generate ${what}: ${(error as Error).message}. Valid flags: ${allowed.map((f) => `--${f}`).join(' ')}`);
  }
  const out = values.out;
  if (out === undefined || out === '') throw new Error(`generate ${what}: --out DIR is required`);
  const int = (name: string, fallback: number, min = 0): number => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || !Number.isSafeInteger(Number(raw))) {
      throw new Error(`generate ${what}: --${name} must be an integer >= ${min}, got '${raw}'`);
    }
    return Number(raw);
  };
  const started = performance.now();
  if (what === 'listops') {
    const options = {
      train: int('train', LISTOPS_DEFAULTS.train),
      val: int('val', LISTOPS_DEFAULTS.val),
      test: int('test', LISTOPS_DEFAULTS.test),
      minLength: int('min-length', LISTOPS_DEFAULTS.minLength),
      maxLength: int('max-length', LISTOPS_DEFAULTS.maxLength, 2),
      seed: int('seed', 0),
    };
    const splits = writeListOps(out, options);
    const rate = ((options.train + options.val + options.test) / splits.sampled) * 100;
    console.log(`listops: wrote ${splits.train.length} / ${splits.val.length} / ${splits.test.length} rows to ${out}/basic_{train,val,test}.tsv`);
    console.log(`  ${splits.sampled} trees sampled, ${rate.toFixed(1)} % kept in ${options.minLength} < length < ${options.maxLength}; ${seconds(started)}`);
  } else {
    const images = int('images', 2000, 1);
    const counts = writePathfinder(out, { images, batchSize: int('batch-size', 1000, 1), seed: int('seed', 0), distractors: int('distractors', PF.distractors) });
    console.log(`pathfinder: wrote ${images} images to ${out}/${PATHFINDER_LAYOUT} (label 0: ${counts[0]}, label 1: ${counts[1]}); ${seconds(started)}`);
  }
}

function seconds(start: number): string {
  return `${((performance.now() - start) / 1000).toFixed(1)} s`;
}
