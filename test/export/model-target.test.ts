// saveModel's target with overwrite: only an empty directory or a sizefit model directory is replaced. Before,
// `overwrite` removed any directory (`sizefit train --out . --overwrite` wiped the current directory).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InvalidArgumentError,
  PriorFitModel,
  catalogEntry,
  checkModelTarget,
  generateSynthetic,
  loadModel,
  saveModel,
  type PipelineModel,
  type SaveModelInfo,
} from '../../lib/index.js';

const { dataset } = generateSynthetic({ seed: 5, customers: 100, articles: 20 });
const model = new PriorFitModel().fit(dataset);
const info: SaveModelInfo = {
  model: 'prior',
  dataset: { name: 'synthetic', format: dataset.meta.format, sha256: dataset.meta.sha256, records: dataset.length },
};
const tmp = mkdtempSync(join(tmpdir(), 'sizefit-target-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A directory holding `files` (name -> content). */
function dirWith(name: string, files: Record<string, string>): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

test('overwrite refuses a directory that is not a model directory, naming it and why, and deletes nothing', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['notes', { 'notes.txt': 'precious' }, /its manifest\.json is missing/],
    [
      'other-json',
      { 'manifest.json': '{"format": "npm"}', 'notes.txt': 'precious' },
      /format of its manifest\.json is "npm"/,
    ],
    ['not-json', { 'manifest.json': 'hello', 'notes.txt': 'precious' }, /its manifest\.json is not JSON/],
    ['no-format', { 'manifest.json': '[1]', 'notes.txt': 'precious' }, /format of its manifest\.json is missing/],
  ];
  for (const [name, files, why] of cases) {
    const dir = dirWith(name, files);
    for (const call of [() => checkModelTarget(dir, true), () => saveModel(dir, model, { ...info, overwrite: true })]) {
      assert.throws(call, (e: unknown) => {
        assert.ok(e instanceof InvalidArgumentError, String(e));
        assert.ok(e.message.startsWith(`${dir} is not a sizefit model directory (`), e.message);
        assert.match(e.message, why);
        assert.match(e.message, /--overwrite replaces only a model directory or an empty one/);
        return true;
      });
    }
    assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'precious', `${name}: nothing deleted`);
  }
});

test('overwrite refuses a manifest.json that is a symbolic link to a model manifest', () => {
  const model1 = join(tmp, 'model-a');
  saveModel(model1, model, info);
  const dir = dirWith('linked', { 'notes.txt': 'precious' });
  symlinkSync(join(model1, 'manifest.json'), join(dir, 'manifest.json'));
  assert.throws(() => checkModelTarget(dir, true), /its manifest\.json is a symbolic link/);
  assert.ok(existsSync(join(dir, 'notes.txt')));
});

test('overwrite replaces a sizefit model directory and an empty directory; without it, neither non-empty', async () => {
  const dir = join(tmp, 'model-b');
  saveModel(dir, model, info);
  assert.throws(() => saveModel(dir, model, info), /exists and is not empty/);
  saveModel(dir, model, { ...info, model: 'prior-again', overwrite: true });
  assert.equal((await loadModel(dir)).manifest.model, 'prior-again');

  const empty = dirWith('empty', {});
  saveModel(empty, model, { ...info, overwrite: true });
  assert.equal((await loadModel(empty)).manifest.model, 'prior');
  const empty2 = dirWith('empty2', {});
  saveModel(empty2, model, info);
  await loadModel(empty2);
});

test('a save that fails while writing leaves no staging directory, and a model it was replacing stays', () => {
  // 'x' is written as a file, so 'x/y' cannot get its directory: the save fails midway (as on a full disk).
  const clash = { x: { data: 'a', role: 'test' }, 'x/y': { data: 'b', role: 'test' } };
  const fresh = join(tmp, 'fails-fresh');
  // the write of 'x/y' is what fails (not a check before staging)
  const writeFails = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOTDIR' && /x\/y/.test(String(e));
  assert.throws(() => saveModel(fresh, model, { ...info, extraFiles: clash }), writeFails);
  assert.equal(existsSync(fresh), false, 'no half-written model');
  const kept = join(tmp, 'fails-kept');
  saveModel(kept, model, info);
  const before = readFileSync(join(kept, 'manifest.json'), 'utf8');
  assert.throws(() => saveModel(kept, model, { ...info, extraFiles: clash, overwrite: true }), writeFails);
  assert.equal(readFileSync(join(kept, 'manifest.json'), 'utf8'), before, 'the earlier model is untouched');
  // before: `.fails-fresh.tmp-PID` and `.fails-kept.tmp-PID` were left in the parent directory
  assert.deepEqual(
    readdirSync(tmp).filter((f) => f.startsWith('.fails-')),
    [],
  );
  // a successful overwrite leaves no copy of the old model behind either
  saveModel(kept, model, { ...info, overwrite: true });
  assert.deepEqual(
    readdirSync(tmp).filter((f) => f.startsWith('.fails-')),
    [],
  );
});

test("the manifest lists a pipeline model's features without being told them (the notebook's manifest had [])", () => {
  const fitted = catalogEntry('logistic').create({ seed: 1 }).fit(dataset) as PipelineModel;
  const manifest = saveModel(join(tmp, 'with-features'), fitted, info);
  assert.ok(manifest.features.length > 3, JSON.stringify(manifest.features));
  assert.deepEqual(manifest.features, fitted.featureNames());
  assert.ok(manifest.features.includes('height_cm') && manifest.features.includes('item_rate_small'));
  assert.deepEqual(saveModel(join(tmp, 'prior-features'), model, info).features, [], 'a model without a pipeline');
  assert.deepEqual(saveModel(join(tmp, 'given-features'), model, { ...info, features: ['a'] }).features, ['a']);
});
