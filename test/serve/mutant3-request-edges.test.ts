// Edges of the fit service's request handling that no other test pinned: minFitProbability is a probability (at most
// 1), a body declared `charset=utf8` is UTF-8 as `utf-8` is, `Expect: 100-continue` with a body of exactly
// maxBodyBytes is invited (the limit is inclusive, as the body limit itself is), an x-request-id of exactly 100
// characters is kept, a repeated key's path step of exactly 100 characters is not cut, and an absolute-form target
// without a path is the path `/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { FitService, HttpError, type RunningFitServer } from '../../lib/index.js';
import { call, errorOf, post, serveTrainedModel, sampleRecords } from './serve-fixtures.js';

const LIMIT = 4096;
let service: FitService;
let server: RunningFitServer;
const logs: string[] = [];

serveTrainedModel(
  { limits: { maxBodyBytes: LIMIT } },
  (l) => logs.push(l),
  (s) => {
    ({ service, server } = s);
  },
);

test('minFitProbability is a probability: 0 and 1 are accepted, just above 1 or below 0 is a 400 at its path', () => {
  const [rec] = sampleRecords(1, 100);
  const ask = (p: number): unknown =>
    service.recommend({ requests: [{ customer: rec.user_id, item: rec.item_id }], minFitProbability: p });
  for (const p of [0, 1]) assert.doesNotThrow(() => ask(p), `minFitProbability ${p}`);
  for (const [p, reason] of [
    [1.5, 'must be <= 1, got 1.5'],
    [-0.1, 'must be >= 0, got -0.1'],
  ] as const) {
    assert.throws(
      () => ask(p),
      (e: unknown) =>
        e instanceof HttpError &&
        e.status === 400 &&
        JSON.stringify(e.problems) === JSON.stringify([{ path: '$.minFitProbability', reason }]),
      `minFitProbability ${p}`,
    );
  }
});

test('a body declared charset=utf8 (the alias) or a quoted upper-case UTF-8 is read; another charset is a 415', async () => {
  const body = JSON.stringify({ records: sampleRecords(1) });
  for (const type of ['application/json; charset=utf8', 'application/json; charset="UTF-8"', 'Application/JSON']) {
    const r = await call(server.url, 'POST', '/v1/fit-predictions', body, { 'content-type': type });
    assert.equal(r.status, 200, `${type}: ${r.text}`);
  }
  const latin = await call(server.url, 'POST', '/v1/fit-predictions', body, {
    'content-type': 'application/json; charset=latin1',
  });
  assert.equal(latin.status, 415, latin.text);
  assert.equal(errorOf(latin).message, "the body must be UTF-8 JSON, got charset 'latin1'");
  // the same body posted as plain JSON is read too (the alias is not a different reading)
  assert.equal((await post(server.url, '/v1/fit-predictions', { records: sampleRecords(1) })).status, 200);
});

/** Sends `head` on a raw connection and resolves with what came back once the connection closed or ~3 s passed. */
async function exchange(head: string, body?: string): Promise<string> {
  const socket = connect(server.port, '127.0.0.1');
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  await new Promise((r) => socket.once('connect', r));
  socket.write(head);
  for (let i = 0; i < 150 && !text.includes('\r\n\r\n'); i++) await new Promise((r) => setTimeout(r, 20));
  const first = text;
  if (body !== undefined && first.startsWith('HTTP/1.1 100 Continue')) socket.end(body);
  else socket.destroy();
  await Promise.race([closed, new Promise((r) => setTimeout(r, 3000))]);
  socket.destroy();
  return text;
}

test("'Expect: 100-continue' with a body of exactly maxBodyBytes is invited and answered 200; one byte more gets 413", async () => {
  const json = JSON.stringify({ records: sampleRecords(1) });
  assert.ok(Buffer.byteLength(json) < LIMIT);
  const body = json + ' '.repeat(LIMIT - Buffer.byteLength(json)); // trailing whitespace is valid JSON
  assert.equal(Buffer.byteLength(body), LIMIT);
  const head = (length: number): string =>
    `POST /v1/fit-predictions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n` +
    'Connection: close\r\nExpect: 100-continue\r\n\r\n';
  const at = await exchange(head(LIMIT), body);
  assert.match(at, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK/, at.slice(0, 200));
  const over = await exchange(head(LIMIT + 1));
  assert.match(over, /^HTTP\/1\.1 413 /, over.slice(0, 200));
  assert.ok(!over.includes('100 Continue'), over.slice(0, 200));
});

test('an x-request-id of exactly 100 allowed characters is sent back; one of 101 is replaced by a fresh id', async () => {
  const id = (n: number): string => 'a.b:c-d_'.repeat(13).slice(0, n);
  const kept = await call(server.url, 'GET', '/healthz', undefined, { 'x-request-id': id(100) });
  assert.equal(kept.headers['x-request-id'], id(100));
  const long = await call(server.url, 'GET', '/healthz', undefined, { 'x-request-id': id(101) });
  assert.match(String(long.headers['x-request-id']), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
});

test("a repeated key's path step of exactly 100 characters is named whole; one of 101 is cut to 100, saying so", async () => {
  const conflictPath = async (key: string): Promise<string> => {
    const body = `{"records":[{"${key}":1,"${key}":2}]}`;
    const r = await call(server.url, 'POST', '/v1/fit-predictions', body);
    assert.equal(r.status, 400, r.text);
    const problems = errorOf(r).problems;
    assert.equal(problems.length, 1, r.text);
    assert.equal(problems[0].reason, 'given more than once with different values');
    return problems[0].path;
  };
  // an identifier key's step is `.key`: 99 characters of key make a step of 100
  assert.equal(await conflictPath('k'.repeat(99)), `$.records[0].${'k'.repeat(99)}`);
  assert.equal(await conflictPath('k'.repeat(100)), `$.records[0].${'k'.repeat(99)}…(+1 characters)`);
});

test('an absolute-form request target without a path is the path /: a 404 naming it, logged as /', async () => {
  const before = logs.length;
  const text = await exchange('GET http://x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(text, /^HTTP\/1\.1 404 /, text.slice(0, 200));
  assert.match(text, /"message":"no such path: \/"/);
  for (let i = 0; i < 100 && logs.length === before; i++) await new Promise((r) => setTimeout(r, 20));
  const entry = JSON.parse(logs[logs.length - 1]) as { path: string; status: number };
  assert.deepEqual([entry.path, entry.status], ['/', 404]);
});
