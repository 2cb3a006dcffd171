// Limits the service keeps without a Content-Length: a chunked body over maxBodyBytes, and overlong ids.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { FitService, startFitServer, type RunningFitServer } from '../../lib/index.js';
import { errorOf, post, removeTrainedModelDirs, trainedModelDir } from '../serve/serve-fixtures.js';

let server: RunningFitServer;
before(async () => {
  const dir = await trainedModelDir(true);
  const service = await FitService.load(dir, { limits: { maxBodyBytes: 64 * 1024 } });
  server = await startFitServer(service, { port: 0, log: () => undefined });
});
after(async () => {
  try {
    await server.close();
  } finally {
    removeTrainedModelDirs();
  }
});

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

test('a chunked body (no Content-Length) over maxBodyBytes is refused with 413', async () => {
  assert.equal(await chunkedPost(server.url, 200 * 1024), 413);
  assert.equal(await chunkedPost(server.url, 64 * 1024 + 1), 413);
  assert.notEqual(await chunkedPost(server.url, 64 * 1024), 413);
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
