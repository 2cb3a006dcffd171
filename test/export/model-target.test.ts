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
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
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

/**
 * saveModel run in a child process whose file size limit is 8 KiB (`ulimit -f 8`), so that writing an extra file of
 * 64 KiB fails partway (EFBIG), as on a full disk. Returns the child's exit status and stderr.
 */
function saveWithFileSizeLimit(dir: string, overwrite: boolean): { status: number | null; stderr: string } {
  const script = join(tmp, 'save-limited.mts');
  writeFileSync(
    script,
    `import { PriorFitModel, generateSynthetic, saveModel } from ${JSON.stringify(resolve('lib/index.ts'))};\n` +
      `const { dataset } = generateSynthetic({ seed: 5, customers: 100, articles: 20 });\n` +
      `saveModel(${JSON.stringify(dir)}, new PriorFitModel().fit(dataset), {\n` +
      `  ...${JSON.stringify(info)},\n` +
      `  extraFiles: { 'big.bin': { data: Buffer.alloc(64 * 1024), role: 'test' } },\n` +
      `  overwrite: ${overwrite},\n` +
      `});\n`,
  );
  const r = spawnSync('bash', ['-c', 'ulimit -f 8; exec "$0" "$@"', process.execPath, '--import', 'tsx', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stderr: r.stderr };
}

test('a save that fails while writing leaves no staging directory, and a model it was replacing stays', () => {
  const parent = join(tmp, 'failing');
  mkdirSync(parent);
  const fresh = join(parent, 'fresh');
  const r = saveWithFileSizeLimit(fresh, false);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /EFBIG/, 'the write is what fails (not a check before staging)');
  assert.match(r.stderr, /at saveModel /);
  assert.equal(existsSync(fresh), false, 'no half-written model');
  const kept = join(parent, 'kept');
  saveModel(kept, model, info);
  const before = readFileSync(join(kept, 'manifest.json'), 'utf8');
  const r2 = saveWithFileSizeLimit(kept, true);
  assert.equal(r2.status, 1, r2.stderr);
  assert.match(r2.stderr, /EFBIG/);
  assert.equal(readFileSync(join(kept, 'manifest.json'), 'utf8'), before, 'the earlier model is untouched');
  // no staging directory (before: `.fresh.tmp-PID` and `.kept.tmp-PID` were left in the parent directory)
  assert.deepEqual(readdirSync(parent), ['kept']);
  // a successful overwrite leaves no copy of the old model behind either
  saveModel(kept, model, { ...info, overwrite: true });
  assert.deepEqual(readdirSync(parent), ['kept']);
});

test('a model directory with a 250-character name is saved (its staging name is short) and loads', async () => {
  const parent = join(tmp, 'long');
  mkdirSync(parent);
  const name = 'm'.repeat(250);
  saveModel(join(parent, name), model, info);
  saveModel(join(parent, name), model, { ...info, model: 'prior-again', overwrite: true });
  assert.equal((await loadModel(join(parent, name))).manifest.model, 'prior-again');
  assert.deepEqual(readdirSync(parent), [name]);
});

test('a model directory whose name, or the name of a directory on its path, is over 255 bytes is refused', () => {
  for (const dir of [
    join(tmp, 'n'.repeat(256)),
    join(tmp, 'é'.repeat(128), 'model'),
    join(tmp, 'x'.repeat(300), 'y'),
  ]) {
    for (const call of [() => checkModelTarget(dir, false), () => saveModel(dir, model, info)]) {
      assert.throws(call, (e: unknown) => {
        assert.ok(e instanceof InvalidArgumentError, String(e));
        assert.ok(e.message.startsWith(`cannot write ${dir}: the name '`), e.message);
        assert.match(e.message, /bytes, over the 255 a file name may have/);
        return true;
      });
    }
  }
  assert.deepEqual(
    readdirSync(tmp).filter((f) => f.length > 200),
    [],
    'nothing created',
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
