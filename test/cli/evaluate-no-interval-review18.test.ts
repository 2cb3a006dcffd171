// `sizefit evaluate` on a file so small that every bootstrap resample lacks a class: avgAuc has no interval (null in
// --json, said on stderr and in the text output) and every other figure is still given. Every record is invented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess as sizefit } from './run-in-process.js';
import { tempDir } from '../temp-dir.js';
import { inventedRecords } from './invented-records.js';

test('evaluate gives the figures, a null interval and a stderr line when every resample lacked a class', async (t) => {
  // Before: "sizefit evaluate: bootstrapCi: the metric is undefined on every resample", exit 1, no figure at all.
  const tmp = tempDir(t, 'sizefit-evaluate-');
  const FITS = ['small', 'fit', 'large'];
  const train = join(tmp, 'train.jsonl');
  const three = join(tmp, 'three.jsonl');
  writeFileSync(train, inventedRecords(Array.from({ length: 30 }, (_, i) => FITS[i % 3])));
  writeFileSync(three, inventedRecords(FITS));
  const dir = join(tmp, 'model');
  const trained = await sizefit('train', '--dataset', train, '--model', 'prior', '--out', dir);
  assert.equal(trained.code, 0, trained.err);

  // 3 records, one per class: a resample holds all three with probability 2/9; with seed 6 none of 10 does.
  const args = ['evaluate', '--model', dir, '--dataset', three, '--samples', '10', '--seed', '6'];
  const json = await sizefit(...args, '--json');
  assert.equal(json.code, 0, json.err);
  const r = JSON.parse(json.out) as Record<string, unknown>;
  assert.deepEqual(r.avgAucCi, [null, null]);
  assert.deepEqual(r.avgAucCiResamples, { used: 0, dropped: 10 });
  assert.equal(r.records, 3);
  assert.equal(typeof r.avgAuc, 'number');
  for (const k of ['accuracy', 'macroF1', 'logLoss', 'brier']) assert.equal(typeof r[k], 'number', k);
  assert.deepEqual(Object.keys(r.auc as object), FITS);
  const note =
    'sizefit evaluate: every one of the 10 bootstrap resamples lacked a class, so avg AUC has no interval ' +
    '(null in --json); more records of each class, or more --samples, would give one';
  assert.deepEqual(
    json.err.split('\n').filter((l) => l.includes('resamples')),
    [note],
  );

  const text = await sizefit(...args);
  assert.equal(text.code, 0, text.err);
  const out = text.out.split('\n');
  const at = out.findIndex((l) => l.startsWith('avg AUC '));
  assert.match(out[at], /^avg AUC \d\.\d{4} {2}95% CI \[undefined, undefined\]$/);
  assert.equal(out[at + 1], '        (no interval: all 10 resamples lacked a class and were dropped)');
  assert.match(text.out, /\naccuracy \d\.\d{4} /);
  assert.ok(text.err.includes(note), text.err);

  // Resamples some of which are used: no such line.
  const some = await sizefit('evaluate', '--model', dir, '--dataset', three, '--samples', '10', '--seed', '0');
  assert.equal(some.code, 0, some.err);
  assert.doesNotMatch(some.err, /bootstrap resamples lacked/);
  assert.doesNotMatch(some.out, /no interval/);
});
