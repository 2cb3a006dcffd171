// Shared fixtures of the serve tests: a k-lf-lr model trained on the committed sample and saved with the
// sample as its purchase history, a model trained on generated synthetic data with invented ModCloth records for
// it, and small HTTP helpers.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ADVICE_HISTORY_FILE,
  ADVICE_HISTORY_ROLE,
  AdviceHistory,
  SYNTHETIC_DATA_FORMAT,
  catalogEntry,
  generateSynthetic,
  loadDataset,
  latentFitPreset,
  saveModel,
  FitService,
  startFitServer,
  type FitServiceOptions,
  type RunningFitServer,
} from '../../lib/index.js';
import { after, before } from 'node:test';

export const SAMPLE = 'datasets/sample/sample.jsonl';

/** The sample's lines as parsed JSON records (the request format). */
export function sampleRecords(n: number, from = 0): Record<string, unknown>[] {
  const lines = readFileSync(SAMPLE, 'utf8').trim().split('\n');
  return lines.slice(from, from + n).map((l) => JSON.parse(l) as Record<string, unknown>);
}

const tempDirs: string[] = [];

/** Removes the folders trainedModelDir made: call it in an `after` hook, once the servers using them are closed. */
export function removeTrainedModelDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Trains k-lf-lr (seed 0) on the sample and saves it; with `history`, its advice history goes in (as `sizefit train` writes it). */
export async function trainedModelDir(history: boolean): Promise<string> {
  const { dataset } = await loadDataset('sample');
  const model = latentFitPreset('K-LF-LR', { seed: 0 }).fit(dataset);
  const parent = mkdtempSync(join(tmpdir(), 'sizefit-serve-'));
  tempDirs.push(parent);
  const dir = join(parent, 'model');
  saveModel(dir, model, {
    model: 'k-lf-lr',
    dataset: { name: 'sample', format: dataset.meta.format, sha256: dataset.meta.sha256, records: dataset.length },
    ...(history
      ? {
          extraFiles: {
            [ADVICE_HISTORY_FILE]: {
              data: JSON.stringify(new AdviceHistory(dataset).toJSON()),
              role: ADVICE_HISTORY_ROLE,
            },
          },
        }
      : {}),
  });
  return dir;
}

/** An HTTP answer. */
export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/** One HTTP request on a fresh connection (no keep-alive), body as given. */
export function call(
  url: string,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = body !== undefined ? { 'content-type': 'application/json' } : {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url + path, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = undefined;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

/** POSTs a JSON value. */
export function post(url: string, path: string, value: unknown): Promise<Reply> {
  return call(url, 'POST', path, JSON.stringify(value));
}

/** The error part of an error answer. */
export function errorOf(r: Reply): {
  status: number;
  message: string;
  problems: { path: string; reason: string }[];
  requestId: string;
} {
  return (r.json as { error: never }).error;
}

/**
 * Starts a POST of `body` to `${url}/v1/fit-predictions` and sends only its first half, so the request
 * stays in flight; `sendRest()` sends the other half. `answer` resolves with the status, the Connection
 * header and the number of probability rows.
 */
export function halfSentPrediction(
  url: string,
  body: string,
): { answer: Promise<{ status: number; connection: string | undefined; n: number }>; sendRest: () => void } {
  const half = Math.floor(body.length / 2);
  let sendRest: () => void = () => {};
  const answer = new Promise<{ status: number; connection: string | undefined; n: number }>((resolve, reject) => {
    const req = request(
      `${url}/v1/fit-predictions`,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            connection: res.headers.connection,
            n: (JSON.parse(text) as { probabilities: unknown[] }).probabilities.length,
          }),
        );
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, half));
    sendRest = () => req.end(body.slice(half));
  });
  return { answer, sendRest };
}

const FITS = ['small', 'fit', 'large'];

/** ModCloth records of 4 customers and 4 articles: the body is in `bra size`, `cup size`, `waist`, `hips`. */
export const modclothLines = Array.from({ length: 12 }, (_, i) =>
  JSON.stringify({
    item_id: String(500 + (i % 4)),
    waist: String(26 + i),
    size: 4 + i,
    quality: 1 + (i % 5),
    'cup size': ['a', 'b', 'c', 'd', 'dd/e'][i % 5],
    hips: String(34 + i),
    'bra size': String(32 + 2 * (i % 5)),
    category: 'new',
    height: `5ft ${2 + (i % 8)}in`,
    user_name: `u${i}`,
    length: 'just right',
    fit: FITS[i % 3],
    user_id: String(9000 + (i % 4)),
  }),
);

/** A logistic model trained on generated synthetic data (manifest dataset.format `sizefit-synthetic`), saved in `parent`. */
export async function syntheticModelDir(parent: string): Promise<string> {
  const { dataset } = generateSynthetic({ seed: 4, customers: 200, articles: 40, purchases: 1200 });
  assert.equal(dataset.meta.format, SYNTHETIC_DATA_FORMAT);
  const model = await catalogEntry('logistic').create({ seed: 0 }).fit(dataset);
  const dir = join(parent, 'synthetic-model');
  saveModel(dir, model, {
    model: 'logistic',
    dataset: {
      name: dataset.meta.name,
      format: dataset.meta.format,
      sha256: dataset.meta.sha256,
      records: dataset.length,
    },
  });
  return dir;
}

/** What {@link serveTrainedModel} started. */
export interface ServedModel {
  dir: string;
  service: FitService;
  server: RunningFitServer;
}

/**
 * Serves a model trained by `trainedModelDir(true)` to the tests of the calling file: a `before` hook loads it with
 * `options`, starts it on a free port with `log` and hands both to `started`; an `after` hook closes the server and
 * removes the trained model folders.
 */
export function serveTrainedModel(
  options: FitServiceOptions,
  log: (line: string) => void,
  started: (served: ServedModel) => void,
): void {
  let server: RunningFitServer | undefined;
  before(async () => {
    const dir = await trainedModelDir(true);
    const service = await FitService.load(dir, options);
    server = await startFitServer(service, { port: 0, log });
    started({ dir, service, server });
  });
  after(async () => {
    try {
      await server?.close();
    } finally {
      removeTrainedModelDirs();
    }
  });
}
