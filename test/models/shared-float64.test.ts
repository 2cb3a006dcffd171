import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { sharedFloat64 } from '../../lib/models/shared-float64.js';

test('sharedFloat64 copies an ordinary array into shared memory, and keeps a shared one as it is', () => {
  const a = Float64Array.from([1.5, -0, NaN, Infinity, 2 ** -1074]);
  const s = sharedFloat64(a);
  assert.ok(s.buffer instanceof SharedArrayBuffer);
  assert.notEqual(s, a);
  assert.deepEqual([...s], [...a]);
  assert.ok(Object.is(s[1], -0));
  // A copy: writing the original does not change it.
  a[0] = 7;
  assert.equal(s[0], 1.5);
  assert.equal(sharedFloat64(s), s);
  // A view copies only its own values.
  const view = Float64Array.from([1, 2, 3, 4]).subarray(1, 3);
  assert.deepEqual([...sharedFloat64(view)], [2, 3]);
  assert.equal(sharedFloat64(new Float64Array(0)).length, 0);
});

test('a worker thread reads a shared array without a copy: what it writes is seen here', async () => {
  const s = sharedFloat64(new Float64Array(4));
  const w = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads'); workerData[2] = 42; parentPort.postMessage(0);`,
    { eval: true, workerData: s },
  );
  await new Promise((resolve) => w.once('message', resolve));
  await w.terminate();
  assert.equal(s[2], 42);
});
