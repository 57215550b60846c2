// Atomic file replacement: write a temporary file beside the target, fsync it, rename it over the
// target, fsync the folder. rename() is atomic on POSIX file systems, so a reader (or a crash)
// sees either the old file or the new one, never half of each.
// `beforeRename` lets a test simulate a crash between the write and the rename.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface AtomicWriteHooks {
  /** Called after the temporary file is complete and synced, before it replaces the target. */
  beforeRename?: (tempPath: string) => void;
}

export function writeFileAtomic(path: string, bytes: Uint8Array, hooks: AtomicWriteHooks = {}): void {
  const tempPath = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(tempPath, 'w');
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    hooks.beforeRename?.(tempPath);
    renameSync(tempPath, path);
  } catch (error) {
    rmSync(tempPath, { force: true });
    throw error;
  }
  syncFolder(dirname(path));
}

/** Makes the rename itself durable; some platforms cannot open a folder, which is harmless. */
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
