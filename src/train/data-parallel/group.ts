// ReplicaGroup: data-parallel training steps over N model replicas, replica 0 being the main
// thread's model and replicas 1..N-1 workers. One step:
//   1. split the batch into S shards (S fixed by the run, not by N) and deal them round-robin;
//   2. every replica computes its shards' gradients, each into the shard's slot of shared memory;
//   3. every replica sums one range of the slots into slot 0, in shard order (the reduce, split
//      N ways): the result does not depend on N, bit for bit;
//   4. the main model's .grad become views of slot 0, ready for clipping and one optimizer update
//      of the shared weights, done by the caller.
// With N = 1 there are no workers and the same code runs. A failing or dying replica rejects the
// step with an error naming it; close() ends every worker.
import { getThreads, setThreads } from '../../backend/index.ts';
import { splitRanges } from '../../optim/accumulate.ts';
import { Tensor } from '../../tensor/tensor.ts';
import type { LraModel } from '../model.ts';
import { sliceBatch, type AnyBatch } from '../task-data.ts';
import type { FromReplica, ReplicaAdapter, ReplicaPort, ToReplica } from './protocol.ts';
import { Replica, type Shard, type ShardResult } from './replica.ts';
import { createSharedBuffers, gradientSlot, type SharedBuffers } from './shared-memory.ts';

export interface GroupStep {
  loss: number;
  taskLoss: number;
  auxLoss: number;
  /** Training accuracy of the batch. */
  acc: number;
}

interface Pending {
  id: number;
  resolve: (message: FromReplica) => void;
  reject: (error: Error) => void;
}

class WorkerReplica {
  pending: Pending | null = null;
  failure: Error | null = null;
  readonly port: ReplicaPort;

  constructor(readonly index: number, adapter: ReplicaAdapter) {
    this.port = adapter.spawn(
      (message) => this.receive(message),
      (error) => this.fail(new Error(`replica ${index} died: ${error.message}`)),
    );
  }

  /** Sends a message and resolves with the reply. */
  request(message: ToReplica, id: number): Promise<FromReplica> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { id, resolve, reject };
      this.port.hold(true);
      this.port.post(message);
    });
  }

  private receive(message: FromReplica): void {
    if (message.type === 'failed') return this.fail(new Error(`replica ${this.index} failed: ${message.message}`));
    if (message.type !== 'ready' && message.id !== this.pending?.id) {
      return this.fail(new Error(`replica ${this.index} answered request ${message.id}, expected ${this.pending?.id ?? 'none'}`));
    }
    const pending = this.pending;
    this.pending = null;
    this.port.hold(false);
    pending?.resolve(message);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const pending = this.pending;
    this.pending = null;
    this.port.hold(false);
    pending?.reject(this.failure);
  }
}

export class ReplicaGroup {
  private nextId = 0;
  private closed = false;
  private readonly savedThreads: number;

  private constructor(
    private readonly main: Replica,
    private readonly workers: WorkerReplica[],
    private readonly shared: SharedBuffers,
  ) {
    this.savedThreads = getThreads();
  }

  get replicas(): number {
    return this.workers.length + 1;
  }

  /**
   * Moves the model's weights into shared memory, makes a gradient slot for each of up to
   * `maxShards` shards per batch, and starts `replicas − 1` workers.
   */
  static async start(model: LraModel, replicas: number, adapter?: ReplicaAdapter, maxShards = replicas): Promise<ReplicaGroup> {
    if (!Number.isInteger(replicas) || replicas < 1) throw new Error(`data-parallel: replicas must be a positive integer, got ${replicas}`);
    if (!Number.isInteger(maxShards) || maxShards < replicas) throw new Error(`data-parallel: ${replicas} replicas need at least as many shards per batch, got ${maxShards} (raise --accumulate)`);
    const shared = createSharedBuffers(model, maxShards);
    const main = new Replica(model, 0, shared);
    if (replicas === 1) return new ReplicaGroup(main, [], shared);
    if (adapter === undefined) throw new Error('data-parallel: more than one replica needs a thread adapter (nodeReplicas on Node)');
    const workers = Array.from({ length: replicas - 1 }, (_, i) => new WorkerReplica(i + 1, adapter));
    const group = new ReplicaGroup(main, workers, shared);
    try {
      await Promise.all(workers.map((w) => w.request({ type: 'init', index: w.index, config: model.config, shared }, -1)));
    } catch (error) {
      group.close();
      throw error;
    }
    setThreads(1); // the replicas use the cores; products stay on their own thread
    return group;
  }

  /** Gradients of one batch, split into `shards` shards, left in the main model's .grad. */
  async step(batch: AnyBatch, shards: number, step: number, seed: number): Promise<GroupStep> {
    if (this.closed) throw new Error('data-parallel: the replica group is closed');
    if (shards < this.replicas) throw new Error(`data-parallel: ${this.replicas} replicas need at least as many shards per batch, got ${shards} (raise --accumulate)`);
    if (shards > this.shared.slots) throw new Error(`data-parallel: ${shards} shards but the group was started for at most ${this.shared.slots}`);
    const all: Shard[] = splitRanges(batch.batch, shards).map(([s, e], index) => ({ index, batch: sliceBatch(batch, s, e) }));
    const mine = all.filter((shard) => shard.index % this.replicas === 0);
    const id = this.nextId++;
    const computing = this.workers.map((w) =>
      w.request({ type: 'compute', id, step, batchSize: batch.batch, seed, training: this.main.model.training, shards: all.filter((s) => s.index % this.replicas === w.index).map(copyShard) }, id),
    );
    const own = settle(() => runAs(0, () => this.main.compute(mine, step, batch.batch, seed)));
    const replies = await Promise.allSettled(computing); // every reply (or failure) is awaited
    const failed = [own, ...replies].find((r) => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    const results = [...(own as PromiseFulfilledResult<ShardResult[]>).value, ...replies.flatMap((r) => (r.status === 'fulfilled' && r.value.type === 'computed' ? r.value.results : []))];
    await this.reduce(shards);
    this.exposeGradients();
    return combine(results, batch.batch);
  }

  /** Ends every worker and gives the matrix products their threads back. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.workers) w.port.terminate();
    if (this.workers.length > 0) setThreads(this.savedThreads);
  }

  /** Lets evaluation on the main thread use every core for its products while the workers idle. */
  withAllThreads<T>(fn: () => T): T {
    if (this.workers.length === 0) return fn();
    setThreads(this.savedThreads);
    try {
      return fn();
    } finally {
      setThreads(1);
    }
  }

  private async reduce(shards: number): Promise<void> {
    const ranges = splitRanges(this.shared.layout.gradientElements, this.replicas);
    const id = this.nextId++;
    const reducing = this.workers.map((w) => w.request({ type: 'reduce', id, from: ranges[w.index]![0], to: ranges[w.index]![1], shards }, id));
    const own = settle(() => runAs(0, () => this.main.reduce(ranges[0]![0], ranges[0]![1], shards)));
    const failed = [own, ...(await Promise.allSettled(reducing))].find((r) => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }

  /** The main model's .grad = views of the reduced gradient (slot 0). */
  private exposeGradients(): void {
    const slot = gradientSlot(this.shared, 0);
    const params = this.main.model.namedParameters();
    this.shared.layout.gradients.forEach(([, offset, size], i) => {
      const p = params[i]![1];
      p.grad = new Tensor(slot.subarray(offset, offset + size), p.shape);
    });
  }
}

/** Runs fn now, capturing its result or error like a settled promise. */
function settle<T>(fn: () => T): PromiseSettledResult<T> {
  try {
    return { status: 'fulfilled', value: fn() };
  } catch (reason) {
    return { status: 'rejected', reason };
  }
}

function runAs<T>(replica: number, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new Error(`replica ${replica} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A shard's arrays copied out of the batch, so a message carries only its own rows. */
function copyShard(shard: Shard): Shard {
  const b = shard.batch;
  const batch: AnyBatch = 'ids' in b
    ? { ...b, ids: b.ids.slice(), mask: b.mask.slice(), labels: b.labels.slice() }
    : { ...b, ids1: b.ids1.slice(), mask1: b.mask1.slice(), ids2: b.ids2.slice(), mask2: b.mask2.slice(), labels: b.labels.slice() };
  return { index: shard.index, batch };
}

/** Sums the shards' weighted losses in shard order (the same order whatever the replica count). */
function combine(results: ShardResult[], batchSize: number): GroupStep {
  const ordered = [...results].sort((a, b) => a.index - b.index);
  const step = { loss: 0, taskLoss: 0, auxLoss: 0, acc: 0 };
  for (const r of ordered) {
    step.loss += r.loss;
    step.taskLoss += r.taskLoss;
    step.auxLoss += r.auxLoss;
    step.acc += r.correct / batchSize;
  }
  return step;
}
