// The one shared WebAssembly.Memory of the WASM backend, and a small first-fit allocator over
// it: per-thread kernel scratch, the resident copies of JS operands, and arrays that callers
// allocate in it to skip the copies (`allocResident`). Growing a shared memory never detaches
// the old buffers, so a resident Float32Array stays valid when the memory grows.
// Not here: what the kernels do with the bytes.

const PAGE = 65536;
const ALIGN = 64;
/** Bytes past the end of every block: the transposed-A micro-kernel may read up to 12 past. */
const SLACK = 64;
/** Offset 0..RESERVED is never handed out (0 stays an invalid address). */
const RESERVED = 1024;

export class WasmHeap {
  readonly memory: WebAssembly.Memory;
  /** Whole-memory view, refreshed after growth. */
  f32: Float32Array;
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  /** Free blocks [offset, bytes], sorted by offset. */
  private readonly free: Array<[number, number]> = [];
  private readonly used = new Map<number, number>();
  private top = RESERVED;

  constructor(initialPages = 64) {
    this.memory = new WebAssembly.Memory({ initial: initialPages, maximum: 65536, shared: true });
    this.f32 = this.refresh();
  }

  /** Byte offset of a new block of at least `bytes`, 64-byte aligned. */
  alloc(bytes: number): number {
    const size = Math.ceil((bytes + SLACK) / ALIGN) * ALIGN;
    for (let i = 0; i < this.free.length; i++) {
      const [offset, available] = this.free[i]!;
      if (available < size) continue;
      if (available === size) this.free.splice(i, 1);
      else this.free[i] = [offset + size, available - size];
      this.used.set(offset, size);
      return offset;
    }
    const offset = this.top;
    const end = offset + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      try {
        this.memory.grow(Math.max(pages, Math.ceil(have / PAGE / 4))); // grow by >= 25%
      } catch {
        this.memory.grow(pages); // throws a RangeError naming the limit when 4 GiB is reached
      }
      this.f32 = this.refresh();
    }
    this.top = end;
    this.used.set(offset, size);
    return offset;
  }

  /** Returns a block to the free list, merging it with free neighbours. */
  release(offset: number): void {
    const size = this.used.get(offset);
    if (size === undefined) throw new Error(`WasmHeap.release: ${offset} is not an allocated block`);
    this.used.delete(offset);
    let i = this.free.findIndex(([o]) => o > offset);
    if (i < 0) i = this.free.length;
    this.free.splice(i, 0, [offset, size]);
    const next = this.free[i + 1];
    if (next !== undefined && offset + size === next[0]) {
      this.free[i] = [offset, size + next[1]];
      this.free.splice(i + 1, 1);
    }
    const prev = this.free[i - 1];
    if (prev !== undefined && prev[0] + prev[1] === offset) {
      prev[1] += this.free[i]![1];
      this.free.splice(i, 1);
    }
  }

  /** Byte offset of `array` if it lives in this memory, else undefined. */
  offsetOf(array: ArrayBufferView): number | undefined {
    return this.buffers.has(array.buffer) ? array.byteOffset : undefined;
  }

  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  private refresh(): Float32Array {
    const buffer = this.memory.buffer;
    this.buffers.add(buffer);
    return new Float32Array(buffer);
  }
}
