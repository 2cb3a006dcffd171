import { createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataError } from '../core/errors.js';
import { makeDirectory } from '../core/make-directory.js';
import { CLOTHING_FIT_PAGE, dataDirectory, datasetEntry, DATASETS } from './dataset-registry.js';

/** Options of {@link fetchDataset}. */
export interface FetchDatasetOptions {
  /** Where to save; default {@link dataDirectory}. */
  dataDir?: string;
  /** Time limit per URL in milliseconds; default 120,000. */
  timeoutMs?: number;
  /** The fetch implementation (tests inject one); default the global fetch. */
  fetch?: typeof fetch;
}

/**
 * Downloads a named dataset's official file (from Julian McAuley's UCSD "Clothing Fit Data") into
 * the data directory under its official name, trying each official URL in turn. The file is
 * written to `NAME.part` and renamed when complete.
 *
 * @param name `renttherunway` or `modcloth`.
 * @returns the path of the saved file.
 * @throws DataError for an unknown name or `sample` (generated, not downloaded), and when every URL
 *   fails; the message says which file name to put where by hand.
 */
export async function fetchDataset(name: string, options: FetchDatasetOptions = {}): Promise<string> {
  const entry = datasetEntry(name);
  if (!entry) {
    throw new DataError(`no dataset named '${name}' (known: ${DATASETS.map((d) => d.name).join(', ')})`);
  }
  if (entry.urls.length === 0) {
    throw new DataError(`dataset '${name}' is generated, not downloaded (datasets/sample/, scripts/make-sample.ts)`);
  }
  const dir = options.dataDir ?? dataDirectory();
  const fileName = entry.urls[0].slice(entry.urls[0].lastIndexOf('/') + 1);
  const target = join(dir, fileName);
  const part = `${target}.part`;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const failures: string[] = [];
  makeDirectory(dir);
  for (const url of entry.urls) {
    try {
      const res = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      await pipeline(Readable.fromWeb(res.body as never), createWriteStream(part));
      await checkDownload(part, fileName);
      await rename(part, target);
      return target;
    } catch (e) {
      await rm(part, { force: true });
      const cause = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
      failures.push(`${url}: ${cause}`);
    }
  }
  throw new DataError(
    `could not download ${name} (${failures.join('; ')}). Download ${fileName} by hand from ${CLOTHING_FIT_PAGE} ` +
      `and save it as ${target} (or set SIZEFIT_DATA_DIR to the folder that holds it)`,
  );
}

/**
 * A download that is not the data file (a login or error page answered with HTTP 200) is refused: a `.gz` file must
 * start with the gzip magic bytes, a JSON-lines file with `{`.
 * @throws Error naming what the bytes look like instead.
 */
async function checkDownload(path: string, fileName: string): Promise<void> {
  const fh = await open(path, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(64);
    const { bytesRead } = await fh.read(buf, 0, 64, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  const gz = fileName.endsWith('.gz');
  const ok = gz ? head[0] === 0x1f && head[1] === 0x8b : head.toString('utf8').trimStart().startsWith('{');
  if (!ok) {
    const text = head.toString('utf8').replace(/\s+/g, ' ').trim().slice(0, 40);
    throw new Error(
      `the answer is not ${gz ? 'a gzip file' : 'JSON lines'} (it begins ${JSON.stringify(text)}${head.length === 0 ? ', empty' : ''})`,
    );
  }
}
