// One model replica's share of a training step, the same code on the main thread (replica 0)
// and in every worker:
//   compute: forward and backward over the shards it was given, each shard's mean loss weighted
//            by its share of the batch, with the dropout generator reseeded from (seed, step,
//            shard) — so the masks depend on the shard, never on which replica runs it; then the
//            summed gradient goes into this replica's slot of shared memory;
//   reduce:  sums one range of every slot into slot 0 (each replica a different range).
// With the same shard count, 1 or N replicas give the same step up to summation order.
import { mul } from '../../ops/arithmetic.ts';
import { Rng } from '../../tensor/rng.ts';
import { countCorrect, modelLoss, setDropoutRngState, type LraModel } from '../model.ts';
import { gradientSlot, type SharedBuffers } from './shared-memory.ts';
import type { AnyBatch } from '../task-data.ts';

/** One shard of a batch: its position among the shards and its rows. */
export interface Shard {
  index: number;
  batch: AnyBatch;
}

/** What a shard contributed, already weighted by its share of the batch. */
export interface ShardResult {
  index: number;
  loss: number;
  taskLoss: number;
  auxLoss: number;
  correct: number;
  size: number;
}

/** The dropout stream of shard `shard` at step `step`: a pure function of the three numbers. */
export function shardDropoutSeed(seed: number, step: number, shard: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ step ^ (h >>> 15), 0xc2b2ae35) >>> 0;
  h = Math.imul(h ^ shard ^ (h >>> 13), 0x27d4eb2f) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export class Replica {
  private readonly slot: Float32Array;

  constructor(
    readonly model: LraModel,
    readonly index: number,
    private readonly shared: SharedBuffers,
  ) {
    this.slot = gradientSlot(shared, index);
  }

  /** Forward and backward of the given shards; leaves their summed gradient in this replica's slot. */
  compute(shards: readonly Shard[], step: number, batchSize: number, seed: number): ShardResult[] {
    for (const p of this.model.parameters()) p.grad = null;
    const results = shards.map(({ index, batch }) => {
      setDropoutRngState(this.model, new Rng(shardDropoutSeed(seed, step, index)).getState());
      const weight = batch.batch / batchSize;
      const out = modelLoss(this.model, batch);
      mul(out.loss, weight).backward(); // gradients of the mean over the whole batch add up in .grad
      return {
        index,
        loss: weight * out.loss.item(),
        taskLoss: weight * out.taskLoss.item(),
        auxLoss: weight * (out.auxLoss === null ? 0 : out.auxLoss.item()),
        correct: countCorrect(out.logits, batch.labels),
        size: batch.batch,
      };
    });
    this.moveGradientsToSlot();
    return results;
  }

  /** slot0[from, to) = Σ_r slot_r[from, to), in replica order. */
  reduce(from: number, to: number): void {
    const n = this.shared.layout.gradientElements;
    const all = new Float32Array(this.shared.gradients);
    for (let r = 1; r < this.shared.replicas; r++) {
      const offset = r * n;
      for (let i = from; i < to; i++) all[i]! += all[offset + i]!;
    }
  }

  private moveGradientsToSlot(): void {
    const params = this.model.namedParameters();
    this.shared.layout.gradients.forEach(([name, offset, size], i) => {
      const [own, p] = params[i]!;
      if (own !== name) throw new Error(`data-parallel: parameter ${i} is '${own}', the layout expects '${name}'`);
      const target = this.slot.subarray(offset, offset + size);
      if (p.grad === null) target.fill(0);
      else target.set(p.grad.data);
      p.grad = null;
    });
  }
}
