// The worker side of the Node adapter: connects the platform-free replica loop to parentPort.
import { parentPort } from 'node:worker_threads';
import type { FromReplica, ToReplica } from './protocol.ts';
import { serveReplica } from './worker-entry.ts';

if (parentPort === null) throw new Error('node-worker-port.ts must run in a worker thread');
const port = parentPort;
serveReplica({
  onMessage: (handler: (message: ToReplica) => void) => port.on('message', handler),
  send: (message: FromReplica) => port.postMessage(message),
});
