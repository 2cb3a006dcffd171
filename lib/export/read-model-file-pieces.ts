import { closeSync, readSync } from 'node:fs';
import { ModelFormatError } from '../core/errors.js';
import { openModelFile, type ModelFileLimits } from './open-model-file.js';

/**
 * Reads one file of a model directory, opened with {@link openModelFile}, through a buffer the caller sizes: the
 * whole file when the buffer is its size ({@link readModelFile}), else the buffer reused from its start each time it
 * is full ({@link modelFileSha256}: a large file takes the buffer's memory, not its size). Short reads are read on;
 * exactly the size the open descriptor gave is read, and a file that ends before it is refused.
 *
 * @param path - the file.
 * @param limits - the exact size it must have and/or the largest size accepted (checked before a byte is read).
 * @param bufferFor - the buffer to read into, given the file's size: at least 1 byte unless the size is 0.
 * @param take - called with each piece just read, in file order (a view into the buffer, valid until the next read).
 * @returns the buffer (holding the file's last bytes, or all of them when it is the file's size).
 * @throws ModelFormatError naming the file: missing, a symbolic link, not a regular file, over `maxBytes`, not
 *   `bytes` long, changed while read, or unreadable (an error of `bufferFor` or `take` included).
 */
export function readModelFilePieces(
  path: string,
  limits: ModelFileLimits,
  bufferFor: (size: number) => Buffer,
  take: (piece: Buffer) => void = () => {},
): Buffer {
  const { fd, size } = openModelFile(path, limits);
  try {
    const buffer = bufferFor(size);
    let n = 0;
    while (n < size) {
      const at = n % buffer.length;
      const r = readSync(fd, buffer, at, Math.min(buffer.length - at, size - n), n);
      if (r === 0) break;
      take(buffer.subarray(at, at + r));
      n += r;
    }
    if (n !== size) throw new ModelFormatError(`changed while being read (${n} of ${size} bytes)`, path);
    return buffer;
  } catch (e) {
    if (e instanceof ModelFormatError) throw e;
    throw new ModelFormatError(`cannot be read (${(e as Error).message})`, path);
  } finally {
    closeSync(fd);
  }
}
