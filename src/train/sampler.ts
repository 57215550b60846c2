// The order in which training examples are visited: epochs of a seeded shuffle, cut into batches
// of a fixed size (the last, short batch of an epoch is dropped so every step has the same size).
// Its state is (epoch, cursor, the Rng state that shuffled this epoch), a few numbers that a
// checkpoint stores, so a resumed run sees exactly the batches the uninterrupted run would.
import { Rng, type RngState } from '../tensor/rng.ts';

export interface SamplerState {
  epoch: number;
  cursor: number;
  rng: RngState;
}

export class BatchSampler {
  private epoch = 0;
  private cursor = 0;
  private epochRng: RngState;
  private order: Int32Array;
  private readonly rng: Rng;

  constructor(readonly size: number, readonly batchSize: number, seed: number) {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`sampler: batch size must be a positive integer, got ${batchSize}`);
    if (size < batchSize) throw new Error(`sampler: the training split has ${size} examples, fewer than one batch of ${batchSize}`);
    this.rng = new Rng(seed);
    this.epochRng = this.rng.getState();
    this.order = this.shuffle();
  }

  private shuffle(): Int32Array {
    const order = Array.from({ length: this.size }, (_, i) => i);
    this.rng.shuffle(order);
    return Int32Array.from(order);
  }

  /** The indices of the next batch. */
  next(): Int32Array {
    if (this.cursor + this.batchSize > this.size) {
      this.epoch += 1;
      this.cursor = 0;
      this.epochRng = this.rng.getState();
      this.order = this.shuffle();
    }
    const batch = this.order.slice(this.cursor, this.cursor + this.batchSize);
    this.cursor += this.batchSize;
    return batch;
  }

  getState(): SamplerState {
    return { epoch: this.epoch, cursor: this.cursor, rng: this.epochRng };
  }

  setState(state: SamplerState): void {
    this.rng.setState(state.rng);
    this.epochRng = state.rng;
    this.order = this.shuffle();
    this.epoch = state.epoch;
    this.cursor = state.cursor;
  }

  get currentEpoch(): number {
    return this.epoch;
  }
}
