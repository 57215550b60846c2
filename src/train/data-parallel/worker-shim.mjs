// Entry file of a replica worker on Node: makes TypeScript importable (tsx) and starts the
// replica loop. Plain JavaScript, so it loads the same way under the CLI, vitest and plain node.
import { register } from 'tsx/esm/api';

register();
await import('./node-worker-port.ts');
