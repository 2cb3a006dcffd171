import type { ModelFileLimits } from './open-model-file.js';
import { readModelFilePieces } from './read-model-file-pieces.js';

export type { ModelFileLimits } from './open-model-file.js';

/**
 * Reads one file of a model directory without trusting it: opened without following a symbolic link and
 * without blocking, its type and size taken from the open descriptor (so a file swapped between a check and
 * the read is the one checked), and at most that size read. A symbolic link (to `/dev/zero`, or to a file
 * outside the directory), a FIFO, a device or a directory is refused before any byte is read
 * ({@link openModelFile}).
 *
 * @param path - the file.
 * @param limits - the exact size it must have and/or the largest size accepted.
 * @returns its bytes.
 * @throws ModelFormatError naming the file: missing, a symbolic link, not a regular file, over `maxBytes`,
 *   not `bytes` long, changed while read, or unreadable.
 */
export function readModelFile(path: string, limits: ModelFileLimits = {}): Buffer {
  return readModelFilePieces(path, limits, (size) => Buffer.allocUnsafe(size));
}
