// maxBodyBytes is inclusive for a body with a Content-Length: exactly the limit is read, one byte more is a 413
// before the body is read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FitService, startFitServer, type RunningFitServer } from '../../lib/index.js';
import { call, errorOf, removeTrainedModelDirs, sampleRecords, trainedModelDir } from './serve-fixtures.js';

const LIMIT = 4096;
let server: RunningFitServer;
before(async () => {
  const dir = await trainedModelDir(false);
  const service = await FitService.load(dir, { limits: { maxBodyBytes: LIMIT } });
  server = await startFitServer(service, { port: 0, log: () => undefined });
});
after(async () => {
  try {
    await server.close();
  } finally {
    removeTrainedModelDirs();
  }
});

/** A valid prediction request padded with trailing spaces (JSON whitespace) to `bytes` bytes. */
function paddedBody(bytes: number): Buffer {
  const json = JSON.stringify({ records: sampleRecords(1) });
  assert.ok(Buffer.byteLength(json) < bytes);
  return Buffer.from(json.padEnd(bytes, ' '));
}

test('a body whose Content-Length is exactly maxBodyBytes is answered; one byte more is refused with 413', async () => {
  const post = (body: Buffer) =>
    call(server.url, 'POST', '/v1/fit-predictions', body, {
      'content-type': 'application/json',
      'content-length': String(body.length),
    });
  const at = await post(paddedBody(LIMIT));
  assert.equal(at.status, 200, at.text);
  const over = await post(paddedBody(LIMIT + 1));
  assert.equal(over.status, 413);
  assert.match(errorOf(over).message, /limit is 4096 bytes/);
});
