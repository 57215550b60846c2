// One model replica's share of a training step, the same code on the main thread (replica 0)
// and in every worker:
//   compute: forward and backward of each shard it was given, from zero gradients, the shard's
//            mean loss weighted by its share of the batch, with the dropout generator reseeded
//            from (seed, step, shard) — so nothing depends on which replica runs it; each shard's
//            gradient goes into that shard's slot of shared memory;
//   reduce:  sums one range of every slot into slot 0, in shard order (each replica a range).
// With the same shard count, 1 or N replicas compute the same step, bit for bit.
import { mul } from '../../ops/arithmetic.ts';
import { Rng } from '../../tensor/rng.ts';
import type { FloatArray } from '../../tensor/tensor.ts';
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
  constructor(
    readonly model: LraModel,
    readonly index: number,
    private readonly shared: SharedBuffers,
  ) {}

  /** Forward and backward of each given shard; leaves each shard's gradient in its slot. */
  compute(shards: readonly Shard[], step: number, batchSize: number, seed: number): ShardResult[] {
    return shards.map(({ index, batch }) => {
      if (index >= this.shared.slots) throw new Error(`data-parallel: shard ${index} but only ${this.shared.slots} gradient slots`);
      for (const p of this.model.parameters()) p.grad = null;
      setDropoutRngState(this.model, new Rng(shardDropoutSeed(seed, step, index)).getState());
      const weight = batch.batch / batchSize;
      const out = modelLoss(this.model, batch);
      mul(out.loss, weight).backward(); // the shards' gradients add up to the whole batch's
      this.moveGradientsTo(gradientSlot(this.shared, index));
      return {
        index,
        loss: weight * out.loss.item(),
        taskLoss: weight * out.taskLoss.item(),
        auxLoss: weight * (out.auxLoss === null ? 0 : out.auxLoss.item()),
        correct: countCorrect(out.logits, batch.labels),
        size: batch.batch,
      };
    });
  }

  /** slot0[from, to) = Σ_s slot_s[from, to) over the first `shards` slots, in shard order. */
  reduce(from: number, to: number, shards: number): void {
    const sum = gradientSlot(this.shared, 0);
    for (let s = 1; s < shards; s++) {
      const slot = gradientSlot(this.shared, s);
      for (let i = from; i < to; i++) sum[i]! += slot[i]!;
    }
  }

  private moveGradientsTo(slot: FloatArray): void {
    const params = this.model.namedParameters();
    this.shared.layout.gradients.forEach(([name, offset, size], i) => {
      const [own, p] = params[i]!;
      if (own !== name) throw new Error(`data-parallel: parameter ${i} is '${own}', the layout expects '${name}'`);
      const target = slot.subarray(offset, offset + size);
      if (p.grad === null) target.fill(0);
      else target.set(p.grad.data);
      p.grad = null;
    });
  }
}
