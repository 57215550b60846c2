// CRC-32 (IEEE 802.3, the zlib/PNG polynomial 0xEDB88320): PNG chunks (src/data) and the
// per-tensor checksums of checkpoints (src/train). Table-driven, one byte at a time: simple,
// and fast enough for megabytes. (It sits in tensor/, the lowest layer both use.)
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 of bytes[start, end). */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
