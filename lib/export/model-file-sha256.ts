import { createHash } from 'node:crypto';
import type { ModelFileLimits } from './open-model-file.js';
import { readModelFilePieces } from './read-model-file-pieces.js';

/** The bytes {@link modelFileSha256} reads at a time (1 MiB): the memory it takes, whatever the file's size. */
export const MODEL_FILE_HASH_CHUNK_BYTES = 1024 * 1024;

/**
 * The sha256 of one file of a model directory that is checked but not parsed (an extra file such as
 * `tfjs/weights.bin`), read {@link MODEL_FILE_HASH_CHUNK_BYTES} at a time into one buffer, so that a large file
 * takes that much memory, not its size. Opened as {@link readModelFile} opens a file ({@link openModelFile}): a
 * symbolic link, a FIFO, a device or a size other than the manifest's is refused before any byte is read.
 *
 * @param path - the file.
 * @param limits - the exact size it must have and/or the largest size accepted.
 * @returns the sha256 of its bytes, hex.
 * @throws ModelFormatError naming the file: missing, a symbolic link, not a regular file, over `maxBytes`,
 *   not `bytes` long, changed while read, or unreadable.
 */
export function modelFileSha256(path: string, limits: ModelFileLimits = {}): string {
  const hash = createHash('sha256');
  readModelFilePieces(
    path,
    limits,
    (size) => Buffer.allocUnsafe(Math.min(size, MODEL_FILE_HASH_CHUNK_BYTES)),
    (piece) => hash.update(piece),
  );
  return hash.digest('hex');
}
