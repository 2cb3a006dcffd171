// runInWorker: the worker-thread runner of GbdtBag and BaggedFitModel (exported from lib/models).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { Rng, runInWorker } from '../../lib/index.js';

/** A GbdtBag worker job that takes far longer than the test waits (many rounds on 4,000 rows). */
function longForestJob(): unknown {
  const rng = new Rng(1);
  const n = 4000;
  const p = 4;
  const data = Float64Array.from({ length: n * p }, () => rng.normal());
  const y = Int32Array.from({ length: n }, (_, i) => i % 3);
  return { options: { numRounds: 100_000, minDataInLeaf: 5 }, data, n, p, names: ['a', 'b', 'c', 'd'], y };
}

// Review (models-a) finding 1: a caller could not stop a worker, so a bag whose forest failed waited for (or left
// running) the other forests. Aborting the signal now terminates the worker and rejects at once.
test('aborting the signal terminates the worker and rejects with the reason, long before the job would end', async () => {
  const stop = new AbortController();
  const t0 = Date.now();
  const pending = runInWorker('gbdt-bag-worker', longForestJob(), 'a long forest', stop.signal);
  setTimeout(() => stop.abort(new Error('another forest failed')), 300);
  await assert.rejects(pending, (e: unknown) => e instanceof Error && e.message === 'another forest failed');
  const ms = Date.now() - t0;
  assert.ok(ms < 5000, `rejected after ${ms} ms`);
});

test('an aborted signal starts no worker', async () => {
  let started = 0;
  const count = (): void => void started++;
  subscribe('worker_threads', count);
  try {
    const stop = new AbortController();
    stop.abort();
    await assert.rejects(runInWorker('gbdt-bag-worker', longForestJob(), 'a long forest', stop.signal));
  } finally {
    unsubscribe('worker_threads', count);
  }
  assert.equal(started, 0);
});

// Review (models-a) finding 4: from source, the worker imported tsx by its bare name, which a worker started with
// `eval` resolves from the process's working directory: from outside the repository it failed with "Cannot find
// package 'tsx'". tsx is now resolved from lib's own location.
test('from source, workers start whatever the working directory', async () => {
  const lib = new URL('../../lib/index.ts', import.meta.url).href;
  const code = [
    `import { GbdtBag, featureMatrix } from ${JSON.stringify(lib)};`,
    'const X = featureMatrix(Float64Array.from({ length: 120 }, (_, i) => (i * 7919) % 101), 60, 2, ["a", "b"]);',
    'const y = Int32Array.from({ length: 60 }, (_, i) => i % 3);',
    'const bag = await new GbdtBag({ seeds: [1, 2, 3], gbdt: { numRounds: 2, minDataInLeaf: 5 }, workers: 2 }).fit(X, y);',
    'console.log(bag.fittedForests.length);',
  ].join('\n');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), '--input-type=module', '--eval', code],
    { cwd: tmpdir() },
  );
  assert.equal(stdout.trim(), '3');
});
