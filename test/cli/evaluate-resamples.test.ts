// `sizefit evaluate` says how many bootstrap resamples of the avgAuc interval were dropped because a class was missing
// from them (a rare class), and --json carries the counts beside the interval. Every record here is invented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess as sizefit } from './run-in-process.js';
import { tempDir } from '../temp-dir.js';
import { inventedRecords } from './invented-records.js';

test('evaluate says how many resamples lacked a class and were dropped, only when some were', async (t) => {
  // Before: with one 'large' row in 40, about a third of the resamples had no avgAuc and were dropped without a word;
  // the interval, over the others only, was printed as if over all of them.
  const tmp = tempDir(t, 'sizefit-evaluate-');
  const FITS = ['small', 'fit', 'large'];
  const train = join(tmp, 'train.jsonl');
  const rare = join(tmp, 'rare.jsonl');
  const even = join(tmp, 'even.jsonl');
  writeFileSync(train, inventedRecords(Array.from({ length: 30 }, (_, i) => FITS[i % 3])));
  writeFileSync(rare, inventedRecords(Array.from({ length: 40 }, (_, i) => (i === 0 ? 'large' : FITS[i % 2]))));
  writeFileSync(even, inventedRecords(Array.from({ length: 90 }, (_, i) => FITS[i % 3])));
  const dir = join(tmp, 'model');
  const trained = await sizefit('train', '--dataset', train, '--model', 'prior', '--out', dir);
  assert.equal(trained.code, 0, trained.err);

  const json = await sizefit('evaluate', '--model', dir, '--dataset', rare, '--samples', '500', '--json');
  assert.equal(json.code, 0, json.err);
  const r = JSON.parse(json.out) as {
    avgAucCi: [number, number];
    avgAucCiResamples: { used: number; dropped: number };
  };
  for (const k of ['records', 'avgAuc', 'auc', 'accuracy', 'macroF1', 'logLoss', 'avgAucCi']) assert.ok(k in r, k);
  const { used, dropped } = r.avgAucCiResamples;
  assert.equal(used + dropped, 500);
  // A resample lacks the one 'large' row with probability (1 - 1/40)^40 = 0.363: 182 of 500, sd 10.8.
  assert.ok(Math.abs(dropped - 500 * (1 - 1 / 40) ** 40) < 4 * 10.8, `dropped ${dropped}`);

  const text = await sizefit('evaluate', '--model', dir, '--dataset', rare, '--samples', '500');
  assert.equal(text.code, 0, text.err);
  const out = text.out.split('\n');
  const at = out.findIndex((l) => l.startsWith('avg AUC '));
  assert.deepEqual(out.slice(at + 1, at + 2), [
    `        (interval over ${used} of 500 resamples: ${dropped} lacked a class and were dropped)`,
  ]);
  assert.equal(out.filter((l) => l.includes('resamples:')).length, 1);

  const ordinary = await sizefit('evaluate', '--model', dir, '--dataset', even, '--samples', '500', '--json');
  assert.deepEqual((JSON.parse(ordinary.out) as typeof r).avgAucCiResamples, { used: 500, dropped: 0 });
  const quiet = await sizefit('evaluate', '--model', dir, '--dataset', even, '--samples', '500');
  assert.equal(quiet.code, 0, quiet.err);
  assert.doesNotMatch(quiet.out, /resamples:/, 'nothing said when no resample was dropped');
});
