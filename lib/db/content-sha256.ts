import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { DatasetMeta } from '../data/columnar-dataset.js';
import { isGzip } from '../data/read-fit-data.js';

/**
 * The content hash of a dataset read from a file: the sha256 of the file's bytes after decompression (of the bytes
 * themselves for a plain file, where it equals `meta.sha256`). A `.jsonl` file and its `.jsonl.gz` copy have the
 * same content hash and different `meta.sha256`. Found by reading `meta.source` again in one streaming pass, which
 * hashes the raw bytes too: the result is used only when they still hash to `meta.sha256`, i.e. when they are the
 * bytes the dataset was read from.
 *
 * @returns the hex digest, or null when it cannot be known: `meta.source` is not a regular file (data generated in
 *   memory, a string, a pipe), its gzip stream is cut short or corrupt (no whole content to hash), or the file no
 *   longer holds the bytes the dataset was read from.
 */
export async function datasetContentSha256(meta: DatasetMeta): Promise<string | null> {
  const path = meta.source;
  try {
    if (!(await stat(path)).isFile()) return null;
    const head = Buffer.alloc(2);
    const fh = await open(path);
    let read: number;
    try {
      read = (await fh.read(head, 0, 2, 0)).bytesRead;
    } finally {
      await fh.close();
    }
    const gz = isGzip(head.subarray(0, read));
    const raw = createHash('sha256');
    const plain = createHash('sha256');
    const input = createReadStream(path, { highWaterMark: 1 << 20 });
    const tap = async function* (chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
      for await (const c of chunks) {
        raw.update(c);
        yield c;
      }
    };
    const sink = async (chunks: AsyncIterable<Buffer>): Promise<void> => {
      for await (const c of chunks) plain.update(c);
    };
    if (gz) await pipeline(input, tap, createGunzip({ chunkSize: 1 << 20 }), sink);
    else await pipeline(input, tap, sink);
    return raw.digest('hex') === meta.sha256 ? plain.digest('hex') : null;
  } catch {
    // unreadable, gone, or a gzip stream that no longer inflates: not the bytes the dataset was read from
    return null;
  }
}
