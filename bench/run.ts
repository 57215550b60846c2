// Benchmark runner: `npm run bench -- <name> [options]` runs bench/<name>.ts, which writes
// bench/results/<name>.json and prints a table. Each benchmark measures its peer in the same run.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.startsWith('_'))
  .map((file) => file.slice(0, -3))
  .sort();

const [name, ...rest] = process.argv.slice(2);
if (name === undefined || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name> [options]; names: ${available.join(', ')}`);
  process.exit(name === undefined ? 1 : 2);
}
const bench = (await import(join(here, `${name}.ts`))) as { run(argv: string[]): Promise<void> };
await bench.run(rest);
