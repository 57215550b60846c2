// Rng: the one seeded random number generator of the whole project.
// xoshiro128** (Blackman & Vigna) on four uint32 words, seeded through splitmix32.
// Used for initialisation, dropout masks, data shuffling and the data generators, always passed
// explicitly, so the same seed gives the same numbers on every machine. Not cryptographic.

/** The four words of an Rng's state; save it to resume a run exactly. */
export type RngState = [number, number, number, number];

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed = 0) {
    if (!Number.isInteger(seed)) throw new Error(`Rng: seed must be an integer, got ${seed}`);
    // Seeds are taken modulo 2^32, with the high part folded in (so 2^32 + 1 and 0 collide:
    // about 4 billion distinct streams, plenty for seeds chosen by hand).
    const mix = splitmix32((seed >>> 0) ^ Math.floor(seed / 2 ** 32));
    this.s0 = mix();
    this.s1 = mix();
    this.s2 = mix();
    this.s3 = mix();
  }

  /** The next uniformly distributed uint32. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    return result;
  }

  /** Uniform in [0, 1) with 32 random bits. */
  random(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.random();
  }

  /** Standard normal N(0, 1) by the Box-Muller transform (one draw of two uniforms per value). */
  normal(mean = 0, std = 1): number {
    const u1 = 1 - this.random(); // (0, 1]: log stays finite
    const u2 = this.random();
    return mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Uniform integer in [low, high] inclusive (like Python's random.randint). */
  int(low: number, high: number): number {
    if (!Number.isInteger(low) || !Number.isInteger(high) || high < low) {
      throw new Error(`Rng.int: need integers low <= high, got [${low}, ${high}]`);
    }
    return low + Math.floor(this.random() * (high - low + 1));
  }

  /** A uniformly chosen element of a non-empty array. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.choice: the array is empty');
    return items[Math.floor(this.random() * items.length)]!;
  }

  /** Shuffles an array in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /** A fresh seed drawn from this stream, for a child generator (e.g. one dropout op). */
  fork(): Rng {
    const child = new Rng(0);
    child.setState([this.nextUint32(), this.nextUint32(), this.nextUint32(), this.nextUint32() | 1]);
    return child;
  }

  getState(): RngState {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  setState(state: RngState): void {
    if (state.length !== 4 || state.every((w) => w === 0)) {
      throw new Error('Rng.setState: the state must be four uint32 words, not all zero');
    }
    [this.s0, this.s1, this.s2, this.s3] = state.map((w) => w >>> 0) as RngState;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
