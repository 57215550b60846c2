// Node file-system adapter for the data layer: the only file in src/data that imports node:fs.
// Reading goes through ByteSource (see byte-source.ts); writing is atomic: data goes to a
// temporary name beside the target and is renamed into place only when complete, so an
// interrupted run never leaves a partial file under the real name.
// Not here: parsing or formats.
import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
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

export interface AtomicWriteOptions {
  /** fsync the file and its folder (default true); bulk writers guarded by a completion marker may skip it. */
  durable?: boolean;
  /** Called after the temporary file is complete, before it replaces the target (tests simulate a crash here). */
  beforeRename?: (tempPath: string) => void;
}

/**
 * Writes a file atomically from bytes or a sequence of parts (strings are UTF-8 encoded): the
 * parts go to `<path>.<pid>.tmp`, which is synced and renamed to `path` only when complete
 * (rename is atomic on POSIX file systems: a reader, or a crash, sees the old file or the new
 * one, never half of each), then the folder is synced. On any error the temporary file is
 * removed and `path` is untouched.
 */
export function writeFileAtomic(path: string, content: Uint8Array | Iterable<string | Uint8Array>, options: AtomicWriteOptions = {}): void {
  const { durable = true, beforeRename } = options;
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      for (const part of content instanceof Uint8Array ? [content] : content) {
        const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
        let done = 0;
        while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
      }
      if (durable) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    beforeRename?.(tmp);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  if (durable) syncFolder(dirname(path));
}

/** Makes a rename durable; some platforms cannot open a folder, which is harmless. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // not supported here (e.g. Windows): the rename is still atomic, only less durable
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
