import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import {
  generateSynthetic,
  latentFitPreset,
  saveModel,
  loadModel,
  verifyModelDir,
  packLargeArrays,
  unpackLargeArrays,
  ModelFormatError,
  InvalidArgumentError,
  MODEL_ARTIFACT_VERSION,
  catalogEntry,
  loadDataset,
  type SaveModelInfo,
} from '../../lib/index.js';
import { evaluateInChild } from './evaluate-in-child.js';

const { dataset } = generateSynthetic({ seed: 3, customers: 300, articles: 60 });
const info: SaveModelInfo = {
  model: 'k-lf-lr',
  dataset: { name: 'synthetic', format: dataset.meta.format, sha256: dataset.meta.sha256, records: dataset.length },
};

// Every folder made here, removed when the file's tests end.
const made: string[] = [];
after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const artDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'sizefit-art-'));
  made.push(d);
  return join(d, 'model');
};

function savedModelDir(): { dir: string; before: Float64Array } {
  const model = latentFitPreset('K-LF-LR', { seed: 1 }).fit(dataset);
  const dir = artDir();
  saveModel(dir, model, info);
  return { dir, before: model.predictProba(dataset) };
}

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

test('a saved model loads and predicts exactly the same values', async () => {
  const { dir, before } = savedModelDir();
  const manifest = verifyModelDir(dir);
  assert.equal(manifest.kind, 'latent-fit');
  assert.equal(manifest.formatVersion, MODEL_ARTIFACT_VERSION);
  assert.deepEqual(manifest.classes, ['small', 'fit', 'large']);
  assert.equal(manifest.dataset.sha256, dataset.meta.sha256);
  for (const [name, f] of Object.entries(manifest.files)) assert.equal(sha(join(dir, name)), f.sha256, name);
  const { model } = await loadModel(dir);
  const after = model.predictProba(dataset);
  assert.equal(after.length, before.length);
  for (let i = 0; i < before.length; i++) assert.equal(after[i], before[i]);
});

test('loadModel returns the checked bytes of the listed files asked for with read, and only those', async () => {
  // Before: loadModel took no options; a caller that parses a file of the directory (the service's advice history)
  // read it again after the load had hashed it.
  const model = latentFitPreset('K-LF-LR', { seed: 1 }).fit(dataset);
  const dir = artDir();
  saveModel(dir, model, { ...info, extraFiles: { 'notes/a.txt': { data: 'hello', role: 'notes' } } });
  const loaded = await loadModel(dir, { read: ['notes/a.txt', 'not-listed.txt'] });
  assert.deepEqual([...(loaded.files?.keys() ?? [])], ['notes/a.txt']);
  assert.equal(loaded.files?.get('notes/a.txt')?.toString('utf8'), 'hello');
  assert.deepEqual([...loaded.model.predictProba(dataset)], [...model.predictProba(dataset)]);
  assert.equal((await loadModel(dir)).files?.size, 0, "the model's own files are not kept unless asked for");
  // Asked for or not, a modified file is refused, naming it.
  writeFileSync(join(dir, 'notes/a.txt'), 'hellO');
  for (const read of [['notes/a.txt'], []]) {
    await assert.rejects(
      loadModel(dir, { read }),
      (e: unknown) =>
        e instanceof ModelFormatError && e.file === join(dir, 'notes/a.txt') && /does not match/.test(e.message),
    );
  }
  await assert.rejects(
    loadModel(dir, { read: 'notes/a.txt' as unknown as string[] }),
    (e: unknown) => e instanceof InvalidArgumentError && /options\.read must be an array of file names/.test(e.message),
  );
});

test('saving refuses an existing directory and an unfitted model', () => {
  const { dir } = savedModelDir();
  const model = latentFitPreset('K-LF-LR', { seed: 1 }).fit(dataset);
  assert.throws(() => saveModel(dir, model, info), InvalidArgumentError);
  assert.throws(() => saveModel(dir + '-x', latentFitPreset('K-LF-LR'), info), /unfitted/);
});

test('a tampered file is refused with an error naming the file', async () => {
  const { dir } = savedModelDir();
  const p = join(dir, 'estimator.json');
  const text = readFileSync(p, 'utf8');
  writeFileSync(p, text.replace('"latent-fit"', '"latent-fiT"'));
  await assert.rejects(loadModel(dir), (e: unknown) => {
    assert.ok(e instanceof ModelFormatError);
    assert.match(e.message, /estimator\.json/);
    assert.match(e.message, /sha256 .* does not match/);
    return true;
  });
});

test('a truncated weights file is refused', async () => {
  const { dir } = savedModelDir();
  const p = join(dir, 'weights.bin');
  truncateSync(p, 100);
  await assert.rejects(loadModel(dir), /weights\.bin: is 100 bytes, the manifest says \d+/);
});

test('a missing file, a newer format version and a broken manifest are refused', async () => {
  const a = savedModelDir().dir;
  rmSync(join(a, 'weights.bin'));
  await assert.rejects(loadModel(a), /weights\.bin: is missing/);

  const b = savedModelDir().dir;
  const mp = join(b, 'manifest.json');
  const m = JSON.parse(readFileSync(mp, 'utf8')) as { formatVersion: number };
  m.formatVersion = MODEL_ARTIFACT_VERSION + 1;
  writeFileSync(mp, JSON.stringify(m));
  await assert.rejects(loadModel(b), /newer than this library reads/);

  const c = savedModelDir().dir;
  writeFileSync(join(c, 'manifest.json'), '{"format": "sizefit-model", ');
  await assert.rejects(loadModel(c), /manifest\.json: is not valid JSON/);

  await assert.rejects(loadModel(join(c, 'nope')), /model directory does not exist/);
});

test('an unknown kind is refused even with consistent checksums', async () => {
  const { dir } = savedModelDir();
  const ep = join(dir, 'estimator.json');
  writeFileSync(ep, readFileSync(ep, 'utf8').replace('"kind":"latent-fit"', '"kind":"no-such-model"'));
  const mp = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(mp, 'utf8')) as {
    kind: string;
    files: Record<string, { sha256: string; bytes: number }>;
  };
  m.kind = 'no-such-model';
  m.files['estimator.json'] = { ...m.files['estimator.json'], sha256: sha(ep), bytes: readFileSync(ep).length };
  writeFileSync(mp, JSON.stringify(m));
  await assert.rejects(loadModel(dir), /unknown estimator kind 'no-such-model'/);
});

test('packing large arrays is exact for NaN, infinities, -0 and hostile keys', () => {
  const arr = Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? null : i % 11 === 0 ? 'Infinity' : i / 3));
  const json = {
    kind: 'x',
    a: arr,
    small: [1, 2, 3],
    nested: [{ b: arr.slice(0, 256) }],
    ['__proto__']: { polluted: 1 },
  };
  const parsed = JSON.parse(JSON.stringify(json)) as unknown;
  const { json: packed, buffer } = packLargeArrays(parsed);
  assert.equal(buffer.byteLength, (300 + 256) * 8);
  const back = unpackLargeArrays(JSON.parse(JSON.stringify(packed)), buffer);
  assert.deepEqual(back, parsed);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.throws(() => unpackLargeArrays({ a: { $bin: { offset: 250, length: 400 } } }, buffer), ModelFormatError);
  assert.throws(() => unpackLargeArrays({}, new Uint8Array(7)), /not whole float64/);
});

/** Rewrites manifest.json (which holds the checksums, so no checksum guards it) with `edit` applied. */
function editManifest(dir: string, edit: (m: Record<string, unknown>) => void): void {
  const mp = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(mp, 'utf8')) as Record<string, unknown>;
  edit(m);
  writeFileSync(mp, JSON.stringify(m));
}

test('a manifest without the dataset or model name, or with classes the model does not have, is refused', async () => {
  // Before: 'Cannot read properties of undefined' in serve and recommend, a usage error in evaluate.
  const cases: [(m: Record<string, unknown>) => void, RegExp][] = [
    [(m) => delete m.dataset, /manifest\.json: dataset is missing/],
    [(m) => (m.dataset = null), /manifest\.json: dataset is missing/],
    [(m) => (m.dataset = { name: 3, sha256: 'x' }), /dataset must have a name and a sha256/],
    [(m) => ((m.dataset as Record<string, unknown>).format = 7), /dataset\.format is not a string/],
    [(m) => delete m.model, /manifest\.json: model \(the catalog name\) is missing/],
    [(m) => (m.classes = ['a']), /manifest\.json: classes \["a"\] differ from the model's \["small","fit","large"\]/],
  ];
  for (const [edit, re] of cases) {
    const { dir } = savedModelDir();
    editManifest(dir, edit);
    await assert.rejects(loadModel(dir), (e: unknown) => e instanceof ModelFormatError && re.test(e.message));
  }
});

test('a model that cannot score a record read as its training data is refused at load, naming estimator.json', async () => {
  // Trained on the named sample, whose extra columns (size system...) its features read: a manifest that names
  // another dataset made every prediction fail (HTTP 500 per request, exit 2 in evaluate).
  const { dataset: sample } = await loadDataset('sample');
  const model = await catalogEntry('gbdt').create({ seed: 0 }).fit(sample);
  const dir = artDir();
  saveModel(dir, model, {
    model: 'gbdt',
    dataset: { name: 'sample', format: 'renttherunway', sha256: sample.meta.sha256, records: sample.length },
  });
  await loadModel(dir);
  editManifest(dir, (m) => ((m.dataset as Record<string, unknown>).name = 'renttherunway'));
  await assert.rejects(
    loadModel(dir),
    (e: unknown) =>
      e instanceof ModelFormatError &&
      e.file === join(dir, 'estimator.json') &&
      /cannot score a record read as its training data \(renttherunway: dataset "renttherunway" in manifest\.json\): .*size_system/.test(
        e.message,
      ),
  );
});

test('a listed file that is not a regular file is refused without reading it (a FIFO blocked the load)', () => {
  const { dir } = savedModelDir();
  const wp = join(dir, 'weights.bin');
  const bytes = readFileSync(wp).length;
  rmSync(wp);
  if (spawnSync('mkfifo', [wp]).status !== 0) return; // no mkfifo here: nothing to test
  editManifest(dir, (m) => {
    const files = m.files as Record<string, { bytes: number }>;
    files['weights.bin'].bytes = bytes === 0 ? 0 : files['weights.bin'].bytes;
  });
  const r = evaluateInChild(dir);
  assert.equal(r.signal, null, 'evaluate returned (no hang)');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /weights\.bin: is not a regular file/);
});

test('the manifest records dataset.contentSha256 when given; without one (older manifests) it loads; a bad one is refused', async () => {
  // Before: a manifest had no place for the content hash of the training data: loadModel took any value there, so a
  // tampered one would have reached evaluate's in-sample check unchecked.
  const model = latentFitPreset('K-LF-LR', { seed: 1 }).fit(dataset);
  const content = createHash('sha256').update('the training data, decompressed').digest('hex');
  const withContent = artDir();
  const m = saveModel(withContent, model, { ...info, dataset: { ...info.dataset, contentSha256: content } });
  assert.equal(m.dataset.contentSha256, content);
  const loaded = await loadModel(withContent);
  assert.equal(loaded.manifest.dataset.contentSha256, content);
  // The model's own files do not depend on it.
  const without = artDir();
  saveModel(without, model, info);
  for (const name of ['estimator.json', 'weights.bin']) {
    assert.deepEqual(readFileSync(join(withContent, name)), readFileSync(join(without, name)), name);
  }
  assert.equal((await loadModel(without)).manifest.dataset.contentSha256, undefined);
  const bad: unknown[] = [content.toUpperCase(), content.slice(1), `${content}0`, '', 7, null, [content]];
  for (const value of bad) {
    const dir = artDir();
    saveModel(dir, model, info);
    editManifest(dir, (x) => ((x.dataset as Record<string, unknown>).contentSha256 = value));
    await assert.rejects(
      loadModel(dir),
      (e: unknown) =>
        e instanceof ModelFormatError &&
        e.file === join(dir, 'manifest.json') &&
        /manifest\.json: dataset\.contentSha256 .* is not a sha256 \(64 lower-case hex digits\)$/.test(e.message),
      String(value),
    );
    assert.throws(
      () =>
        saveModel(artDir(), model, {
          ...info,
          dataset: { ...info.dataset, contentSha256: value as string },
        }),
      (e: unknown) => e instanceof InvalidArgumentError && /dataset\.contentSha256 .* is not a sha256/.test(e.message),
      String(value),
    );
  }
});
