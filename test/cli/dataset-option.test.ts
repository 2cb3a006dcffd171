// `--dataset NAME` where the working directory holds a file or folder NAME: the registered dataset is read, and the
// command says so on stderr with how to read the file (`./NAME`). Every record here is invented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess } from './run-in-process.js';
import { inventedRecords } from './invented-records.js';
import { tempDir } from '../temp-dir.js';

/** Runs `fn` with `dir` as the working directory, then returns to the one before. */
async function inDirectory<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return await fn();
  } finally {
    process.chdir(before);
  }
}

test('data stats --dataset sample beside a file ./sample: the registered sample is read, and stderr says how to read the file', async (t) => {
  // Before: the file was shadowed silently.
  const dir = tempDir(t, 'sizefit-shadow-');
  writeFileSync(join(dir, 'sample'), inventedRecords(['fit', 'small', 'large']));
  const [byName, byPath] = await inDirectory(dir, async () => [
    await runInProcess('data', 'stats', '--dataset', 'sample', '--json'),
    await runInProcess('data', 'stats', '--dataset', './sample', '--json'),
  ]);
  assert.equal(byName.code, 0, byName.err);
  assert.equal(
    byName.err,
    "sizefit data stats: --dataset sample reads the registered dataset 'sample', not the file sample in the working " +
      'directory: give --dataset ./sample to read the file',
  );
  assert.equal((JSON.parse(byName.out) as { records: number }).records, 3000, 'the registered sample');
  assert.equal(byPath.code, 0, byPath.err);
  assert.equal(byPath.err, '', 'a path is not a registered name: nothing to say');
  assert.equal((JSON.parse(byPath.out) as { records: number }).records, 3, 'the file');
});

test('train --dataset sample beside a folder ./sample says the folder is not read; no note without one', async (t) => {
  const dir = tempDir(t, 'sizefit-shadow-');
  mkdirSync(join(dir, 'sample'));
  const note =
    "sizefit train: --dataset sample reads the registered dataset 'sample', not the folder sample in the working directory";
  const r = await inDirectory(dir, () =>
    runInProcess('train', '--dataset', 'sample', '--model', 'prior', '--out', join(dir, 'm1')),
  );
  assert.equal(r.code, 0, r.err);
  assert.equal(r.err.split('\n')[0], note);
  const elsewhere = tempDir(t, 'sizefit-noshadow-');
  const plain = await inDirectory(elsewhere, () =>
    runInProcess('train', '--dataset', 'sample', '--model', 'prior', '--out', join(elsewhere, 'm2')),
  );
  assert.equal(plain.code, 0, plain.err);
  assert.ok(!plain.err.includes('registered dataset'), plain.err);
});

test('evaluate and predict say it too: --dataset sample beside a file ./sample reads the registered sample', async (t) => {
  // Before: only train, cv, flags and data stats said so.
  const dir = tempDir(t, 'sizefit-shadow-');
  writeFileSync(join(dir, 'sample'), inventedRecords(['fit', 'small', 'large']));
  const model = join(dir, 'm');
  const runs = await inDirectory(dir, async () => [
    await runInProcess('train', '--dataset', './sample', '--model', 'prior', '--out', model),
    await runInProcess('evaluate', '--model', model, '--dataset', 'sample', '--json', '--samples', '10'),
    await runInProcess('predict', '--model', model, '--dataset', 'sample', '--out', join(dir, 'p.csv')),
  ]);
  for (const r of runs) assert.equal(r.code, 0, r.err);
  for (const [k, command] of [
    [1, 'evaluate'],
    [2, 'predict'],
  ] as const) {
    assert.ok(
      runs[k].err
        .split('\n')
        .includes(
          `sizefit ${command}: --dataset sample reads the registered dataset 'sample', not the file sample in the ` +
            'working directory: give --dataset ./sample to read the file',
        ),
      runs[k].err,
    );
  }
  assert.equal((JSON.parse(runs[1].out) as { records: number }).records, 3000, 'the registered sample was scored');
});
