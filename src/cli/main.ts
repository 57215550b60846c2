// The `proxyformer` command line: picks a sub-command and hands it the remaining arguments.
// Each sub-command lives in cli/commands/<name>.ts and exports `run(argv): Promise<void>`
// and a `help` string. Not here: flag parsing of the commands themselves.

import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface CommandEntry {
  summary: string;
  load: () => Promise<{ run(argv: string[]): Promise<void>; help: string }>;
}

const COMMANDS: Record<string, CommandEntry> = {
  start: { summary: 'the embedded default job (what `npm start` runs)', load: () => import('./commands/start.ts') },
  train: { summary: 'train a model on an LRA task (progress, metrics, checkpoints, final table)', load: () => import('./commands/train.ts') },
  eval: { summary: 'evaluate a checkpoint on a split against the majority-class baseline', load: () => import('./commands/eval.ts') },
  generate: { summary: 'generate ListOps or Pathfinder data in the LRA file layout', load: () => import('./commands/generate.ts') },
  data: { summary: 'load an LRA task and print split sizes, labels and lengths', load: () => import('./commands/data.ts') },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`);
  return ['Usage: proxyformer <command> [options]', '', 'Commands:', ...lines, '', 'Run `proxyformer <command> --help` for the options of one command.'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? 1 : 0;
  }
  const entry = COMMANDS[name];
  if (entry === undefined) {
    console.error(`proxyformer: unknown command '${name}'. Valid commands: ${Object.keys(COMMANDS).join(', ')}.`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help);
    return 0;
  }
  await command.run(rest);
  return 0;
}

/** True when this file is the program being run (also through a symlink or a path with spaces). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

// Run when executed directly (tsx src/cli/main.ts ...), not when imported by tests.
if (isEntryPoint()) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`proxyformer: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
