// `sizefit train --out` with a long name: a 250-character name is trained and saved (before, the model was trained
// and then its staging directory `.NAME.tmp-PID` was over NAME_MAX: a raw ENAMETOOLONG), and a name over NAME_MAX
// (255 bytes) is refused before the data is read, naming it.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInProcess as sizefit } from './run-in-process.js';
import { loadModel } from '../../lib/index.js';

const sample = resolve('datasets/sample/sample.jsonl');
const tmp = mkdtempSync(join(tmpdir(), 'sizefit-train-long-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('train --out with a 250-character name writes a model that loads, and leaves no staging directory', async () => {
  const folder = join(tmp, 'models');
  mkdirSync(folder);
  const name = 'm'.repeat(250);
  const out = join(folder, name);
  const r = await sizefit('train', '--dataset', sample, '--model', 'prior', '--out', out);
  assert.equal(r.code, 0, r.err);
  assert.equal((await loadModel(out)).manifest.model, 'prior');
  const again = await sizefit('train', '--dataset', sample, '--model', 'prior', '--out', out, '--overwrite');
  assert.equal(again.code, 0, again.err);
  assert.deepEqual(readdirSync(folder), [name]);
});

test('train --out with a name over 255 bytes is refused before the data is read, naming it', async () => {
  for (const name of ['n'.repeat(256), 'é'.repeat(128)]) {
    const out = join(tmp, name);
    const r = await sizefit('train', '--dataset', sample, '--model', 'prior', '--out', out);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /over the 255 a file name may have/);
    assert.ok(r.err.includes(`is ${Buffer.byteLength(name)} bytes`), r.err);
    assert.ok(r.err.includes(name.slice(0, 40)), r.err);
    assert.doesNotMatch(r.err, /labelled rows/, 'refused before loading the data');
    assert.equal(existsSync(out), false);
  }
});
