import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { constants as zlibConstants, createGunzip, gunzipSync } from 'node:zlib';
import { DataError, SizefitError } from '../core/errors.js';
import { FitRecordParser, type FitDataResult, type ReadFitDataOptions } from './fit-record-parser.js';

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** True for an error of zlib inflating a stream (its code is `Z_BUF_ERROR`, `Z_DATA_ERROR`...). */
function isZlibError(e: unknown): e is Error & { code: string } {
  const code: unknown = e instanceof Error ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('Z_');
}

/**
 * A gzip stream that breaks: cut short (`Z_BUF_ERROR`, a truncated file), the lines before the cut are exact and
 * read, and a `truncated-gzip` problem is reported; corrupt (bad data, a checksum that does not match, bytes after
 * the stream that start no other), the lines already inflated cannot be trusted: a DataError naming the file, what
 * zlib found and, when lines were parsed before it, after which line. When none was, the message gives no position:
 * the damage may lie past many lines (zlib's output reaches the parser a chunk of up to 1 MiB at a time, and a chunk
 * that ends in an error never does), so nothing says it comes before the first line.
 */
function gzipBroken(parser: FitRecordParser, source: string, e: Error & { code: string }, streamed: boolean): void {
  if (e.code === 'Z_BUF_ERROR') {
    parser.gzipTruncated(e.message);
    return;
  }
  const n = parser.linesRead;
  const where = !streamed || n === 0 ? '' : ` after line ${n.toLocaleString('en-US')}`;
  throw new DataError(`${source}: the gzip stream is corrupt (${e.message})${where}: the file is not read`, {
    cause: e,
  });
}

/**
 * Reads clothing-fit JSON lines (RentTheRunway or ModCloth format) from a string or bytes; bytes
 * may be gzip (detected by the magic number, not by a name). For tests and small inputs; files go
 * through {@link readFitDataFile}.
 *
 * @param input the text, or its bytes (plain UTF-8 or gzip).
 * @param options format, extra fields, strictness (see {@link ReadFitDataOptions}).
 * @returns the dataset (meta.sha256 = sha256 of the input bytes, or of the string's UTF-8; meta.contentSha256 = sha256
 *   of those bytes once inflated: `sha256` itself for plain bytes and a string) and the report. Gzip bytes that are
 *   truncated give the rows of the lines before the cut, a `truncated-gzip` problem (always among the report's
 *   examples), `report.truncated` (after which line, how many bytes were read) and no `meta.contentSha256` (there is
 *   no whole content to hash), as {@link readFitDataFile} does.
 * @throws ParseError in strict mode on the first problem (a truncated gzip stream too); DataError when gzip bytes
 *   are corrupt; InvalidArgumentError for bad options.
 */
export function parseFitData(input: string | Uint8Array, options: ReadFitDataOptions = {}): FitDataResult {
  const source = options.source ?? '<string>';
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let plain: Uint8Array = bytes;
  let broken: (Error & { code: string }) | null = null;
  const parser = new FitRecordParser(source, options);
  const gzip = isGzip(bytes);
  if (gzip) {
    try {
      plain = gunzipSync(bytes);
    } catch (e) {
      if (!isZlibError(e))
        throw new DataError(`${source}: cannot inflate its gzip stream (${String(e)})`, { cause: e });
      broken = e;
      // Cut short: what inflates up to the cut, as a file read in a stream gives. Corrupt: nothing.
      plain =
        e.code === 'Z_BUF_ERROR' ? gunzipSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH }) : new Uint8Array(0);
    }
  }
  if (typeof input === 'string' && plain === bytes) parser.pushText(input);
  else parser.pushBytes(plain);
  if (broken !== null) gzipBroken(parser, source, broken, false);
  // Plain bytes are their own content; a cut gzip stream has no whole content to hash (contentSha256 left out).
  const contentSha256 = !gzip ? sha256 : broken === null ? createHash('sha256').update(plain).digest('hex') : undefined;
  return parser.finish({ name: options.name ?? source, sha256, contentSha256 });
}

/**
 * Reads a clothing-fit JSON-lines file (RentTheRunway or ModCloth format, plain or gzip, detected by
 * the magic number) in one streaming pass: the file's bytes are hashed (sha256) and inflated chunk by chunk, the
 * inflated bytes hashed too (the content hash), lines are split and parsed into typed columns without holding the
 * whole text. The file is read once: nothing needs to read it again to know its content hash.
 *
 * @param path file to read.
 * @param options format, extra fields, strictness (see {@link ReadFitDataOptions}); `name` defaults
 *   to the file name.
 * @returns the dataset (meta.sha256 = sha256 of the file's bytes; meta.contentSha256 = sha256 of its bytes after
 *   decompression, equal to meta.sha256 for a plain file, so a `.jsonl` file and its `.jsonl.gz` copy share it) and
 *   the report. A truncated gzip stream (a file cut
 *   short by an interrupted download or copy) is not an error in non-strict mode: the dataset holds the rows of the
 *   lines before the cut (the line cut short dropped), has no meta.contentSha256 (no whole content to hash), and the
 *   report says so with a `truncated-gzip` problem,
 *   always among its examples whatever `maxExamples`, and `report.truncated` (`afterLine`, the last whole line
 *   read, and `bytesRead`). A caller that needs the whole file checks `report.truncated === null`, as the
 *   `sizefit` commands that train, evaluate or store do (they refuse a truncated file).
 * @throws DataError when the file cannot be read (missing, a directory, an I/O error) or its gzip stream is corrupt
 *   (naming after which line when lines were parsed before the damage was found); ParseError in strict mode on the
 *   first problem (a truncated gzip stream too).
 */
export async function readFitDataFile(path: string, options: ReadFitDataOptions = {}): Promise<FitDataResult> {
  const parser = new FitRecordParser(options.source ?? path, options);
  const hash = createHash('sha256');
  // The content hash (of the inflated bytes) of a gzip file, as they are parsed; a plain file's is `hash`.
  let content: Hash | null = null;
  // One sequential pass, so pipes and FIFOs (/dev/stdin, <(zcat ...)) read like files: the first bytes tell
  // gzip from plain text, and are replayed ahead of the rest.
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let streamError: Error | null = null;
  let gzipError: (Error & { code: string }) | null = null;
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
    if (isGzip(head)) content = createHash('sha256');
    const bytes =
      content !== null
        ? pipeline(Readable.from(rest()), createGunzip({ chunkSize: 1 << 20 }), (err) => {
            if (err) streamError = err;
          })
        : rest();
    try {
      for await (const chunk of bytes) {
        content?.update(chunk as Buffer);
        parser.pushBytes(chunk as Buffer);
      }
    } catch (e) {
      if (!isZlibError(e)) throw e;
      gzipError = e;
    }
    const failed: unknown = streamError;
    if (failed !== null && !isZlibError(failed)) throw failed;
    // A cut stream is found at its end, once every byte was read and hashed: meta.sha256 is the file's.
    gzipError ??= failed as (Error & { code: string }) | null;
  } catch (e) {
    if (e instanceof SizefitError) throw e;
    const code = (e as { code?: unknown }).code;
    const why = code === 'EISDIR' ? 'it is a directory: give a JSON-lines file' : (e as Error).message;
    throw new DataError(`cannot read ${path}: ${why}`, { cause: e });
  } finally {
    input.destroy();
  }
  if (gzipError !== null) gzipBroken(parser, path, gzipError, true);
  const sha256 = hash.digest('hex');
  // A cut gzip stream (reported above) has no whole content to hash: contentSha256 is left out.
  const contentSha256 = content === null ? sha256 : gzipError === null ? content.digest('hex') : undefined;
  return parser.finish({ name: options.name ?? basename(path), sha256, contentSha256 });
}
