import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { DataError, SizefitError } from '../core/errors.js';
import { FitRecordParser, type FitDataResult, type ReadFitDataOptions } from './fit-record-parser.js';

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Reads clothing-fit JSON lines (RentTheRunway or ModCloth format) from a string or bytes; bytes
 * may be gzip (detected by the magic number, not by a name). For tests and small inputs; files go
 * through {@link readFitDataFile}.
 *
 * @param input the text, or its bytes (plain UTF-8 or gzip).
 * @param options format, extra fields, strictness (see {@link ReadFitDataOptions}).
 * @returns the dataset (meta.sha256 = sha256 of the input bytes, or of the string's UTF-8) and the report.
 * @throws ParseError in strict mode on the first problem; DataError when gzip bytes are corrupt;
 *   InvalidArgumentError for bad options.
 */
export function parseFitData(input: string | Uint8Array, options: ReadFitDataOptions = {}): FitDataResult {
  const source = options.source ?? '<string>';
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let plain: Uint8Array = bytes;
  if (isGzip(bytes)) {
    try {
      plain = gunzipSync(bytes);
    } catch (e) {
      throw new DataError(`${source}: not a valid gzip stream (${(e as Error).message})`, { cause: e });
    }
  }
  const parser = new FitRecordParser(source, options);
  if (typeof input === 'string' && plain === bytes) parser.pushText(input);
  else parser.pushBytes(plain);
  return parser.finish({ name: options.name ?? source, sha256 });
}

/**
 * Reads a clothing-fit JSON-lines file (RentTheRunway or ModCloth format, plain or gzip, detected by
 * the magic number) in one streaming pass: the compressed bytes are hashed (sha256) and inflated
 * chunk by chunk, lines are split and parsed into typed columns without holding the whole text.
 *
 * @param path file to read.
 * @param options format, extra fields, strictness (see {@link ReadFitDataOptions}); `name` defaults
 *   to the file name.
 * @returns the dataset (meta.sha256 = sha256 of the file's bytes) and the report.
 * @throws DataError when the file cannot be read or its gzip stream is corrupt or truncated;
 *   ParseError in strict mode on the first problem.
 */
export async function readFitDataFile(path: string, options: ReadFitDataOptions = {}): Promise<FitDataResult> {
  const parser = new FitRecordParser(options.source ?? path, options);
  const hash = createHash('sha256');
  // One sequential pass, so pipes and FIFOs (/dev/stdin, <(zcat ...)) read like files: the first bytes tell
  // gzip from plain text, and are replayed ahead of the rest.
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let streamError: Error | null = null;
  try {
    let head = Buffer.alloc(0);
    let ended = false;
    while (head.length < 2 && !ended) {
      const r = await chunks.next();
      if (r.done) ended = true;
      else head = Buffer.concat([head, r.value]);
    }
    hash.update(head);
    const rest = async function* (): AsyncGenerator<Buffer> {
      yield head;
      if (ended) return;
      for (let r = await chunks.next(); !r.done; r = await chunks.next()) {
        hash.update(r.value);
        yield r.value;
      }
    };
    const bytes = isGzip(head)
      ? pipeline(Readable.from(rest()), createGunzip({ chunkSize: 1 << 20 }), (err) => {
          if (err) streamError = err;
        })
      : rest();
    for await (const chunk of bytes) parser.pushBytes(chunk as Buffer);
  } catch (e) {
    if (e instanceof SizefitError) throw e;
    throw new DataError(`cannot read ${path}: ${(e as Error).message}`, { cause: e });
  } finally {
    input.destroy();
  }
  if (streamError) {
    const msg = (streamError as Error).message;
    throw new DataError(`cannot read ${path}: ${msg}`, { cause: streamError });
  }
  return parser.finish({ name: options.name ?? basename(path), sha256: hash.digest('hex') });
}
