import { closeSync, constants, fstatSync, openSync } from 'node:fs';
import { ModelFormatError } from '../core/errors.js';

/**
 * Open flags of {@link openModelFile}: a symbolic link as the last component fails (ELOOP) instead of being
 * followed, and a FIFO or device opens at once instead of blocking until a writer appears (its type is then
 * refused). Platforms without these flags (Windows) get 0, and the type check after opening.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** What a file of a model directory must be to be read ({@link openModelFile}). */
export interface ModelFileLimits {
  /** The exact size the file must have (the manifest's `bytes`). */
  bytes?: number;
  /** The largest size accepted (checked before anything is read). */
  maxBytes?: number;
}

/**
 * Opens one file of a model directory without trusting it: without following a symbolic link and without
 * blocking, its type and size taken from the open descriptor (so a file swapped between a check and the read is
 * the one checked). A symbolic link (to `/dev/zero`, or to a file outside the directory), a FIFO, a device or a
 * directory is refused before any byte is read, and so is a size over `maxBytes` or other than `bytes`.
 *
 * @param path - the file.
 * @param limits - the exact size it must have and/or the largest size accepted.
 * @returns the open descriptor (the caller closes it) and the file's size.
 * @throws ModelFormatError naming the file: missing, a symbolic link, not a regular file, over `maxBytes` (naming
 *   the limit), not `bytes` long, or unreadable. The descriptor is closed then.
 */
export function openModelFile(path: string, limits: ModelFileLimits = {}): { fd: number; size: number } {
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
    return { fd, size: st.size };
  } catch (e) {
    closeSync(fd);
    if (e instanceof ModelFormatError) throw e;
    throw new ModelFormatError(`cannot be read (${(e as Error).message})`, path);
  }
}
