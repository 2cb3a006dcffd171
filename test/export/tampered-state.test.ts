// A model directory whose estimator.json or manifest.json was edited and re-signed (checksums recomputed, as an
// attacker or a careless hand would): state that no save writes is refused at load with a ModelFormatError naming
// the file and the field, and a model that fails its dry run is blamed on estimator.json, not on the directory.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InvalidArgumentError,
  MAX_DATASET_NAME_LENGTH,
  ModelFormatError,
  catalogEntry,
  loadDataset,
  loadModel,
  saveModel,
  type ArtifactDataset,
} from '../../lib/index.js';
import { resign } from './resign-manifest.js';

const tmp = mkdtempSync(join(tmpdir(), 'sizefit-tampered-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const { dataset: sample } = await loadDataset('sample');
// body-features, customer-history, article and categorical features, then a simple imputer with indicators.
const model = await catalogEntry('logistic').create({ seed: 0 }).fit(sample);
const sampleInfo: ArtifactDataset = {
  name: 'sample',
  format: sample.meta.format,
  sha256: sample.meta.sha256,
  records: sample.length,
};
const original = join(tmp, 'original');
saveModel(original, model, { model: 'logistic', dataset: sampleInfo });
let copies = 0;

type Json = Record<string, unknown>;
interface Step extends Json {
  kind: string;
}

/** A copy of the saved model with estimator.json and manifest.json edited, every checksum recomputed. */
function tampered(editEstimator: (json: Json) => void, editManifest: (m: Json) => void = () => {}): string {
  const dir = join(tmp, `copy-${copies++}`);
  cpSync(original, dir, { recursive: true });
  const ep = join(dir, 'estimator.json');
  const json = JSON.parse(readFileSync(ep, 'utf8')) as Json;
  editEstimator(json);
  writeFileSync(ep, JSON.stringify(json));
  resign(dir, editManifest);
  return dir;
}

/** The pipeline step of `kind` (feature steps, then the matrix steps after them). */
function step(json: Json, kind: string): Step {
  const p = json.pipeline as { steps: Step[]; post: Step[] };
  const s = [...p.steps, ...p.post].find((x) => x.kind === kind);
  assert.ok(s !== undefined, `the logistic pipeline has a ${kind} step`);
  return s;
}

/** Asserts that loading `dir` is a ModelFormatError whose `file` is `dir/file` and whose message matches `re`. */
async function refused(dir: string, file: string, re: RegExp): Promise<void> {
  await assert.rejects(loadModel(dir), (e: unknown) => {
    assert.ok(e instanceof ModelFormatError, `a ModelFormatError, got ${String(e)}`);
    assert.equal(e.file, join(dir, file), e.message);
    assert.match(e.message, re);
    return true;
  });
}

test('the untampered copy loads (the edits below are what is refused)', async () => {
  await loadModel(tampered(() => {}));
});

test('a reordered or repeated body-features column list is refused, naming estimator.json and the column', async () => {
  const swapped = tampered((j) => {
    const c = step(j, 'body-features').columns as string[];
    [c[0], c[1]] = [c[1], c[0]];
  });
  await refused(swapped, 'estimator.json', /body-features: columns\[1\] 'height_cm' comes after 'weight_kg'/);
  const twice = tampered((j) => {
    const c = step(j, 'body-features').columns as string[];
    c[1] = c[0];
  });
  await refused(twice, 'estimator.json', /body-features: columns\[1\] 'height_cm' repeats/);
});

test('imputer indicator columns that fit never writes are refused, naming estimator.json', async () => {
  // Before: addIndicator false with indicator columns loaded and predicted with 6 extra columns.
  const off = tampered((j) => (step(j, 'simple-imputer').addIndicator = false));
  await refused(off, 'estimator.json', /simple-imputer: indicatorColumns must be empty when addIndicator is false/);
  const reordered = tampered((j) => {
    const ic = step(j, 'simple-imputer').indicatorColumns as number[];
    [ic[0], ic[1]] = [ic[1], ic[0]];
  });
  await refused(reordered, 'estimator.json', /simple-imputer: indicatorColumns\[1\] is 0 after 1/);
  const repeatedName = tampered((j) => {
    const n = step(j, 'simple-imputer').names as string[];
    n[1] = n[0];
  });
  // A repeated name can be legitimate (a category named like the one-hot unknown level), so the imputer loads it;
  // the renamed column is then refused when the model scores its dry-run record, still naming estimator.json.
  await refused(repeatedName, 'estimator.json', /SimpleImputer: column 1 is 'weight_kg'; it was fitted on 'height_cm'/);
});

test('a repeated categorical level is blamed on categorical-features, not on the imputer after it', async () => {
  // Before: "<dir>: cannot score a record ...: SimpleImputer: column 27 is 'category=dress'; it was fitted on ...".
  const dir = tampered((j) => {
    const c = (step(j, 'categorical-features').levels as { categories: string[] }[])[0].categories;
    c[1] = c[0];
  });
  await refused(dir, 'estimator.json', /categorical-features: levels\[0\]\.categories\[1\] '.*' repeats/);
});

test('a model that fails its dry run is a ModelFormatError naming estimator.json, not the model directory', async () => {
  // Swapped imputer names pass fromJSON (distinct strings) and are caught scoring the dry-run record.
  const dir = tampered((j) => {
    const n = step(j, 'simple-imputer').names as string[];
    [n[0], n[1]] = [n[1], n[0]];
  });
  await refused(
    dir,
    'estimator.json',
    /cannot score a record read as its training data \(renttherunway with extra fields: dataset "sample" in manifest\.json\): SimpleImputer: column 0 is 'height_cm'; it was fitted on 'weight_kg'/,
  );
});

test("a manifest's dataset.format or dataset.name that no save writes is refused, naming manifest.json", async () => {
  const cases: [unknown, string, RegExp][] = [
    ['ModCloth', 'format', /dataset\.format "ModCloth" is not a known format: the record format is spelled 'modcloth'/],
    [' renttherunway', 'format', /the record format is spelled 'renttherunway'/],
    ['', 'format', /dataset\.format "" is not a known format \(record formats: renttherunway, modcloth\)/],
    ['rent the runway', 'format', /dataset\.format "rent the runway" is not a known format/],
    ['x'.repeat(65), 'format', /dataset\.format "x{65}" is not a known format/],
    ['', 'name', /dataset\.name is 0 characters long; a name has 1 to 4096/],
    ['s'.repeat(MAX_DATASET_NAME_LENGTH + 1), 'name', /dataset\.name is 4097 characters long/],
  ];
  for (const [value, field, re] of cases) {
    const dir = tampered(
      () => {},
      (m) => ((m.dataset as Json)[field] = value),
    );
    await refused(dir, 'manifest.json', re);
    // saveModel refuses to write what loadModel refuses to read, before writing anything.
    const target = join(tmp, `refused-save-${copies++}`);
    assert.throws(
      () => saveModel(target, model, { model: 'logistic', dataset: { ...sampleInfo, [field]: value } }),
      (e: unknown) => e instanceof InvalidArgumentError && re.test(e.message),
    );
    assert.equal(existsSync(target), false);
  }
});

test("a dataset's own format name (sizefit-synthetic, a caller's 'x') is what save writes: it saves and loads", async () => {
  // Such models read their records in the default RentTheRunway format, as before.
  for (const format of ['renttherunway', 'sizefit-synthetic', 'x', 'test', 'toString']) {
    const dir = join(tmp, `saved-${copies++}`);
    saveModel(dir, model, { model: 'logistic', dataset: { ...sampleInfo, format } });
    const loaded = await loadModel(dir);
    assert.equal(loaded.manifest.dataset.format, format);
  }
  const unformatted = tampered(
    () => {},
    (m) => delete (m.dataset as Json).format,
  );
  await loadModel(unformatted);
});
