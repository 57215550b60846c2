// Node file-system adapter for the data layer: the only file in src/data that imports node:fs.
// Reading goes through ByteSource (see byte-source.ts); writing is atomic: data goes to a
// temporary name beside the target and is renamed into place only when complete, so an
// interrupted run never leaves a partial file under the real name.
// Not here: parsing or formats.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ByteSource } from './byte-source.ts';

/** A ByteSource reading a file on demand (each read opens, reads and closes it). */
export function fileSource(path: string): ByteSource {
  const size = statSync(path).size;
  return {
    name: path,
    size,
    read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const out = new Uint8Array(n);
      const fd = openSync(path, 'r');
      try {
        let done = 0;
        while (done < n) {
          const got = readSync(fd, out, done, n - done, offset + done);
          if (got === 0) break;
          done += got;
        }
        return done === n ? out : out.subarray(0, done);
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** The whole file as bytes. */
export function readBytes(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const out = new Uint8Array(size);
    let done = 0;
    while (done < size) {
      const got = readSync(fd, out, done, size - done, done);
      if (got === 0) break;
      done += got;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

export function fileExists(path: string): boolean {
  return existsSync(path);
}

export function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** Entry names of a directory, sorted (byte order), so every run sees the same order. */
export function listDir(path: string): string[] {
  return readdirSync(path).sort();
}

export { join as joinPath };

/**
 * Writes a file atomically from a sequence of parts (strings are UTF-8 encoded): the parts go to
 * `<path>.tmp-<pid>` and the file is renamed to `path` only after the last part was written.
 * On any error the temporary file is removed and nothing appears under `path`.
 */
export function writeFileAtomic(path: string, parts: Iterable<string | Uint8Array>): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    for (const part of parts) {
      const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    }
    closeSync(fd);
    renameSync(tmp, path);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(tmp, { force: true });
    throw error;
  }
}
