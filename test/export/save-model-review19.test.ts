// An extra file named `__proto__` (a key of a JSON.parse'd extraFiles object) is saved, listed in the manifest and
// loaded like any other. Before, the manifest's files were set by assignment: `files.__proto__ = ...` set the
// object's prototype instead of adding an entry, the file was written but not listed, and loadModel refused the
// directory ("is in the model directory but not listed in its manifest"): a saved model that did not load.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { PriorFitModel, generateSynthetic, loadModel, saveModel, verifyModelDir } from '../../lib/index.js';

const { dataset } = generateSynthetic({ seed: 7, customers: 80, articles: 15 });
const model = new PriorFitModel().fit(dataset);
const tmp = mkdtempSync(join(tmpdir(), 'sizefit-review19-save-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('extra files with the names of Object.prototype keys are listed in the manifest, and the model loads', async () => {
  const extraFiles = JSON.parse(
    '{"__proto__": {"data": "hello", "role": "notes"}, "constructor": {"data": "c", "role": "notes"},' +
      ' "toString": {"data": "t", "role": "notes"}, "notes/__proto__": {"data": "n", "role": "notes"}}',
  ) as Record<string, { data: string; role: string }>;
  assert.deepEqual(Object.keys(extraFiles), ['__proto__', 'constructor', 'toString', 'notes/__proto__']);
  const dir = join(tmp, 'model');
  const written = saveModel(dir, model, {
    model: 'prior',
    dataset: { name: 'synthetic', format: dataset.meta.format, sha256: dataset.meta.sha256, records: dataset.length },
    extraFiles,
  });
  const names = ['estimator.json', 'weights.bin', '__proto__', 'constructor', 'toString', 'notes/__proto__'];
  assert.deepEqual(Object.keys(written.files), names);
  assert.equal(Object.getPrototypeOf(written.files), Object.prototype);
  const onDisk = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: Record<string, unknown> };
  assert.deepEqual(Object.keys(onDisk.files), names);
  const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
  assert.deepEqual(onDisk.files['__proto__'], { sha256: sha('hello'), bytes: 5, role: 'notes' });
  assert.equal(readFileSync(join(dir, '__proto__'), 'utf8'), 'hello');

  // Written, read and verified: the round trip keeps the entry.
  verifyModelDir(dir);
  const loaded = await loadModel(dir, { read: ['__proto__', 'notes/__proto__'] });
  assert.deepEqual(Object.keys(loaded.manifest.files), names);
  assert.ok(Object.hasOwn(loaded.manifest.files, '__proto__'));
  assert.equal(loaded.manifest.files['__proto__'].sha256, sha('hello'));
  assert.equal(loaded.files?.get('__proto__')?.toString('utf8'), 'hello');
  assert.equal(loaded.files?.get('notes/__proto__')?.toString('utf8'), 'n');
  assert.deepEqual(
    Array.from(loaded.model.predictProba(dataset.take([0, 1, 2]))),
    Array.from(model.predictProba(dataset.take([0, 1, 2]))),
  );
});
