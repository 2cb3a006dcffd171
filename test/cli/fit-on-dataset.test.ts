// A dataset a model cannot be trained on (too few labelled rows for its validation set) is a failure of the work
// (exit 1) naming the dataset, the rows and the model, with the model's reason; option errors stay usage errors
// (exit 2). Every record here is invented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess } from './run-in-process.js';
import { inventedRecords } from './invented-records.js';
import { tempDir } from '../temp-dir.js';

const fits = (n: number): string[] => Array.from({ length: n }, (_, i) => ['small', 'fit', 'large'][i % 3]);

test('train: 3 labelled rows are too few for gbdt: exit 1 naming the file, the rows and the model, with the reason', async (t) => {
  // Before: exit 2 (a usage error) with "PipelineModel: cannot hold out 0.1 of 3 labelled rows: ..." alone.
  const tmp = tempDir(t, 'sizefit-few-');
  const file = join(tmp, 'three.jsonl');
  writeFileSync(file, inventedRecords(fits(3)));
  const r = await runInProcess('train', '--dataset', file, '--model', 'gbdt', '--out', join(tmp, 'm'));
  assert.equal(r.code, 1, r.err);
  assert.match(
    r.err.split('\n').at(-1) ?? '',
    /^sizefit train: three\.jsonl: cannot train gbdt on 3 labelled rows: PipelineModel: cannot hold out 0\.1 of 3 labelled rows: HoldoutSplit: /,
  );
  // An option error is still a usage error, on the same data.
  const bad = await runInProcess(
    'train',
    '--dataset',
    file,
    '--model',
    'gbdt',
    '--out',
    join(tmp, 'm'),
    '--seed',
    '-1',
  );
  assert.equal(bad.code, 2, bad.err);
});

test('cv: a fold too small for gbdt: exit 1 naming the file, the fold, its rows and the model, with the reason', async (t) => {
  const tmp = tempDir(t, 'sizefit-few-');
  const file = join(tmp, 'twelve.jsonl');
  writeFileSync(file, inventedRecords(fits(12)));
  const r = await runInProcess('cv', '--dataset', file, '--model', 'gbdt', '--folds', '2', '--samples', '10');
  assert.equal(r.code, 1, r.err);
  assert.match(
    r.err.split('\n').at(-1) ?? '',
    /^sizefit cv: twelve\.jsonl: cannot train gbdt on the 6 training rows of fold 1\/2 \(of 12 labelled rows\): PipelineModel: cannot hold out 0\.1 of 6 labelled rows: HoldoutSplit: /,
  );
  // The same data with a model that holds nothing out cross-validates; more folds than rows stays a usage error.
  assert.equal(
    (await runInProcess('cv', '--dataset', file, '--model', 'prior', '--folds', '2', '--samples', '10')).code,
    0,
  );
  assert.equal((await runInProcess('cv', '--dataset', file, '--model', 'gbdt', '--folds', '13')).code, 2);
});
