// ByteSource: random-access bytes behind a name, and a line reader over it.
// The core parsers read through this interface, so they work the same on a file (the Node
// adapter in files.ts), on an in-memory Uint8Array (tests, a browser fetch) or on anything else
// that can read a byte range. Not here: any file-system call, any format knowledge.

/** Bytes that can be read by range. `name` is used in every error message. */
export interface ByteSource {
  readonly name: string;
  readonly size: number;
  /** Reads `length` bytes from `offset` (fewer only at the end of the source). */
  read(offset: number, length: number): Uint8Array;
}

/** A ByteSource over bytes already in memory. */
export function memorySource(name: string, bytes: Uint8Array): ByteSource {
  return {
    name,
    size: bytes.length,
    read: (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
  };
}

/** A ByteSource over a string, encoded as UTF-8. */
export function textSource(name: string, text: string): ByteSource {
  return memorySource(name, new TextEncoder().encode(text));
}

/**
 * Calls `fn` for every line of `source`: the bytes without the `\n` and without a trailing `\r`
 * (so LF and CRLF files read the same), its 1-based line number and the byte offset where the
 * line starts. The source is read in chunks, so a file of any size needs only one chunk plus the
 * longest line in memory. A last line without a newline is delivered too; an empty source has no
 * lines. The line array is only valid during the call (copy it to keep it).
 */
export function forEachLine(
  source: ByteSource,
  fn: (line: Uint8Array, lineNo: number, offset: number) => void,
  chunkSize = 1 << 22,
): void {
  let carry = new Uint8Array(0);
  let carryOffset = 0; // file offset of carry[0]
  let lineNo = 0;
  for (let pos = 0; pos < source.size; pos += chunkSize) {
    const chunk = source.read(pos, chunkSize);
    const buf = carry.length === 0 ? chunk : concat(carry, chunk);
    const bufOffset = carry.length === 0 ? pos : carryOffset;
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
      const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
      fn(buf.subarray(start, end), ++lineNo, bufOffset + start);
      start = nl + 1;
    }
    carry = buf.slice(start);
    carryOffset = bufOffset + start;
  }
  if (carry.length > 0) {
    const end = carry[carry.length - 1] === 13 ? carry.length - 1 : carry.length;
    fn(carry.subarray(0, end), ++lineNo, carryOffset);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

const utf8 = new TextDecoder('utf-8');

/** Decodes UTF-8 bytes (invalid sequences become U+FFFD, as Python's errors='replace'). */
export function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}
