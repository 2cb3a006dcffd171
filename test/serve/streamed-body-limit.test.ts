// Body and id limits of the service: a declared Content-Length of exactly maxBodyBytes is read and one byte more is
// refused before the body is read; a chunked body over maxBodyBytes (no Content-Length); overlong ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { type RunningFitServer } from '../../lib/index.js';
import { call, errorOf, post, serveTrainedModel, sampleRecords } from '../serve/serve-fixtures.js';

const LIMIT = 64 * 1024;
let server: RunningFitServer;
serveTrainedModel(
  { limits: { maxBodyBytes: LIMIT } },
  () => undefined,
  (s) => {
    server = s.server;
  },
);

/** POSTs `total` bytes with Transfer-Encoding: chunked (no Content-Length); the status answered. */
function chunkedPost(url: string, total: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      url + '/v1/fit-predictions',
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
      (res) => {
        answered = true;
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', (e) => (answered ? undefined : reject(e)));
    const body = Buffer.from(`{"records":[{"size":8,"category":"${'x'.repeat(total - 40)}"}]}`.padEnd(total, ' '));
    let at = 0;
    const next = (): void => {
      if (answered || req.destroyed) return;
      if (at >= body.length) return void req.end();
      const piece = body.subarray(at, at + 8192);
      at += piece.length;
      if (req.write(piece)) setImmediate(next);
      else req.once('drain', next);
    };
    next();
  });
}

/** A valid prediction request padded with trailing spaces (JSON whitespace) to `bytes` bytes. */
function paddedBody(bytes: number): Buffer {
  const json = JSON.stringify({ records: sampleRecords(1) });
  assert.ok(Buffer.byteLength(json) < bytes);
  return Buffer.from(json.padEnd(bytes, ' '));
}

test('a body whose Content-Length is exactly maxBodyBytes is answered; one byte more is refused with 413', async () => {
  const send = (body: Buffer) =>
    call(server.url, 'POST', '/v1/fit-predictions', body, {
      'content-type': 'application/json',
      'content-length': String(body.length),
    });
  const at = await send(paddedBody(LIMIT));
  assert.equal(at.status, 200, at.text);
  const over = await send(paddedBody(LIMIT + 1));
  assert.equal(over.status, 413);
  assert.match(errorOf(over).message, new RegExp(`limit is ${LIMIT} bytes`));
});

test('a chunked body (no Content-Length) over maxBodyBytes is refused with 413', async () => {
  assert.equal(await chunkedPost(server.url, 200 * 1024), 413);
  assert.equal(await chunkedPost(server.url, LIMIT + 1), 413);
  assert.notEqual(await chunkedPost(server.url, LIMIT), 413);
});

test('customer and item ids of size-recommendation requests are limited to maxStringLength characters', async () => {
  const r = await post(server.url, '/v1/size-recommendations', {
    requests: [{ customer: 'c'.repeat(201), item: 'i', sizes: [8, 10] }],
  });
  assert.equal(r.status, 400, r.text);
  assert.deepEqual(errorOf(r).problems, [
    { path: '$.requests[0].customer', reason: 'is 201 characters long; the limit is 200' },
  ]);
});
