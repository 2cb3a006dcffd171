import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { ModelFormatError } from '../core/errors.js';

/**
 * Open flags of {@link readModelFile}: a symbolic link as the last component fails (ELOOP) instead of being
 * followed, and a FIFO or device opens at once instead of blocking until a writer appears (its type is then
 * refused). Platforms without these flags (Windows) get 0, and the type check after opening.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** What {@link readModelFile} requires of the file. */
export interface ModelFileLimits {
  /** The exact size the file must have (the manifest's `bytes`). */
  bytes?: number;
  /** The largest size accepted (checked before anything is read). */
  maxBytes?: number;
}

/**
 * Reads one file of a model directory without trusting it: opened without following a symbolic link and
 * without blocking, its type and size taken from the open descriptor (so a file swapped between a check and
 * the read is the one checked), and at most that size read. A symbolic link (to `/dev/zero`, or to a file
 * outside the directory), a FIFO, a device or a directory is refused before any byte is read.
 *
 * @param path - the file.
 * @param limits - the exact size it must have and/or the largest size accepted.
 * @returns its bytes.
 * @throws ModelFormatError naming the file: missing, a symbolic link, not a regular file, over `maxBytes`,
 *   not `bytes` long, changed while read, or unreadable.
 */
export function readModelFile(path: string, limits: ModelFileLimits = {}): Buffer {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ModelFormatError('is missing', path);
    if (code === 'ELOOP') throw new ModelFormatError('is a symbolic link, not a regular file', path);
    // ENXIO: a Unix socket (or a FIFO without reader on some systems).
    if (code === 'ENXIO') throw new ModelFormatError('is not a regular file', path);
    throw new ModelFormatError(`cannot be read (${(e as Error).message})`, path);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new ModelFormatError('is not a regular file', path);
    if (limits.maxBytes !== undefined && st.size > limits.maxBytes) {
      throw new ModelFormatError(`is ${st.size} bytes, over the limit of ${limits.maxBytes} bytes`, path);
    }
    if (limits.bytes !== undefined && st.size !== limits.bytes) {
      throw new ModelFormatError(
        `is ${st.size} bytes, the manifest says ${limits.bytes} (truncated or replaced)`,
        path,
      );
    }
    const out = Buffer.allocUnsafe(st.size);
    let n = 0;
    while (n < st.size) {
      const r = readSync(fd, out, n, st.size - n, n);
      if (r === 0) break;
      n += r;
    }
    if (n !== st.size) throw new ModelFormatError(`changed while being read (${n} of ${st.size} bytes)`, path);
    return out;
  } catch (e) {
    if (e instanceof ModelFormatError) throw e;
    throw new ModelFormatError(`cannot be read (${(e as Error).message})`, path);
  } finally {
    closeSync(fd);
  }
}
