// How `sizefit evaluate` and `predict` read a file for a model whose manifest names no record format (a model
// trained on generated synthetic data: dataset.format `sizefit-synthetic`): each file in its own format, said in the
// output, with the columns of the training data. Manifests with a record format keep reading files in it. Every
// record here is invented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CANONICAL_FIELDS,
  SAMPLE_EXTRA_FIELD_TYPES,
  SYNTHETIC_DATA_FORMAT,
  catalogEntry,
  fileReadOptions,
  generateSynthetic,
  loadModel,
  readFitDataFile,
  recordFormatOf,
  saveModel,
  type ModelManifest,
} from '../../lib/index.js';
import { runCli } from '../../lib/cli/run-cli.js';
import { tempDir } from '../temp-dir.js';
import { syntheticModelDir } from '../serve/serve-fixtures.js';

async function sizefit(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const FITS = ['small', 'fit', 'large'];

/** ModCloth records: the body is in `bra size`, `cup size`, `waist`, `hips` (no weight, no age). */
const modcloth = Array.from({ length: 12 }, (_, i) =>
  JSON.stringify({
    item_id: String(500 + (i % 4)),
    waist: String(26 + i),
    size: 4 + i,
    quality: 1 + (i % 5),
    'cup size': ['a', 'b', 'c', 'd', 'dd/e'][i % 5],
    hips: String(34 + i),
    'bra size': String(32 + 2 * (i % 5)),
    category: 'new',
    bust: String(33 + i),
    height: `5ft ${2 + (i % 8)}in`,
    user_name: `u${i}`,
    length: 'just right',
    fit: FITS[i % 3],
    user_id: String(9000 + i),
  }),
);

/** RentTheRunway records: the body is in `bust size`, `weight`, `age`. */
const rtr = Array.from({ length: 12 }, (_, i) =>
  JSON.stringify({
    fit: FITS[i % 3],
    user_id: String(7000 + i),
    'bust size': `${32 + 2 * (i % 5)}${['a', 'b', 'c', 'd'][i % 4]}`,
    item_id: String(600 + (i % 4)),
    weight: `${120 + 5 * i}lbs`,
    rating: '10',
    'rented for': 'party',
    'body type': 'athletic',
    category: 'dress',
    height: `5' ${2 + (i % 8)}"`,
    size: 4 + i,
    age: String(25 + i),
    review_date: 'April 20, 2016',
  }),
);

interface EvaluateJSON {
  records: number;
  dataset: { name: string; format: string; formatFrom: string };
}

test('a model trained on synthetic data evaluates and predicts a ModCloth and a RentTheRunway file each in its own format', async (t) => {
  // Before: the manifest's 'sizefit-synthetic' read every file as RentTheRunway (a ModCloth file's bra size, cup
  // size, waist and hips ignored, and the note said the model was trained on renttherunway records); a logistic or
  // gbdt model trained on synthetic data did not even load (its dry run had no 'size_system' column).
  const tmp = tempDir(t, 'sizefit-synthetic-model-');
  const dir = await syntheticModelDir(tmp);
  const files = { modcloth: join(tmp, 'modcloth.json'), renttherunway: join(tmp, 'rtr.jsonl') };
  writeFileSync(files.modcloth, modcloth.join('\n') + '\n');
  writeFileSync(files.renttherunway, rtr.join('\n') + '\n');
  const { manifest, model } = await loadModel(dir);

  for (const [format, file] of Object.entries(files)) {
    const e = await sizefit('evaluate', '--model', dir, '--dataset', file, '--json', '--samples', '20');
    assert.equal(e.code, 0, e.err);
    const r = JSON.parse(e.out) as EvaluateJSON;
    assert.equal(r.records, 12);
    assert.deepEqual([r.dataset.format, r.dataset.formatFrom], [format, 'fields'], file);
    assert.ok(
      e.err.includes(`${file} read as ${format} records (the format its fields show)`) &&
        e.err.includes(`training data is "${SYNTHETIC_DATA_FORMAT}", not a record format`),
      e.err,
    );
    assert.doesNotMatch(e.err, /unknown to the model's record format/);
    const text = await sizefit('evaluate', '--model', dir, '--dataset', file, '--samples', '20');
    assert.match(text.out, new RegExp(`^dataset \\S+ \\(${format}\\): 12 labelled records scored$`, 'm'));

    // predict writes what the model gives for the file read in its own format, with the training data's columns
    const out = join(tmp, `${format}.csv`);
    const p = await sizefit('predict', '--model', dir, '--dataset', file, '--out', out);
    assert.equal(p.code, 0, p.err);
    assert.ok(p.err.includes(`${file} read as ${format} records`), p.err);
    const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1);
    const read = (f: 'modcloth' | 'renttherunway') =>
      readFitDataFile(file, {
        ...fileReadOptions(recordFormatOf(manifest)),
        format: f,
        keepUnlabeled: true,
        keepMissingIds: true,
      });
    const own = model.predictProba((await read(format as 'modcloth' | 'renttherunway')).dataset);
    assert.equal(rows.length, 12);
    rows.forEach((row, i) => {
      const [, ...p3] = row.split(',');
      for (let k = 0; k < 3; k++) assert.ok(Math.abs(Number(p3[k]) - own[i * 3 + k]) < 1e-12, `${format} row ${i}`);
    });
    if (format === 'modcloth') {
      // read as RentTheRunway, the bra and cup sizes are lost: other predictions
      const asRtr = model.predictProba((await read('renttherunway')).dataset);
      assert.ok(
        own.some((v, k) => Math.abs(v - asRtr[k]) > 1e-6),
        'the ModCloth body fields change the predictions',
      );
    }
  }
});

test('a manifest with a record format still reads every file in it, said as the model format', async (t) => {
  const tmp = tempDir(t, 'sizefit-rtr-model-');
  const { dataset } = generateSynthetic({ seed: 4, customers: 200, articles: 40, purchases: 1200 });
  const dir = join(tmp, 'model');
  saveModel(dir, await catalogEntry('k-lf-lr').create({ seed: 0 }).fit(dataset), {
    model: 'k-lf-lr',
    dataset: { name: 'x.jsonl', format: 'renttherunway', sha256: dataset.meta.sha256, records: dataset.length },
  });
  const file = join(tmp, 'modcloth.json');
  writeFileSync(file, modcloth.join('\n') + '\n');
  const e = await sizefit('evaluate', '--model', dir, '--dataset', file, '--json', '--samples', '20');
  assert.equal(e.code, 0, e.err);
  const r = JSON.parse(e.out) as EvaluateJSON;
  assert.deepEqual([r.dataset.format, r.dataset.formatFrom], ['renttherunway', 'model']);
  assert.match(e.err, /the file looks like modcloth records, the model was trained on renttherunway records/);
  assert.doesNotMatch(e.err, / read as /);
});

test('recordFormatOf: a record format is used; any other format name, or none, gives detect', () => {
  const m = (dataset: Record<string, unknown>): ModelManifest => ({ dataset }) as unknown as ModelManifest;
  assert.deepEqual(recordFormatOf(m({ name: 'x', format: 'modcloth' })), { format: 'modcloth' });
  assert.deepEqual(recordFormatOf(m({ name: 'x', format: 'renttherunway' })), { format: 'renttherunway' });
  assert.deepEqual(recordFormatOf(m({ name: 'synthetic', format: SYNTHETIC_DATA_FORMAT })), {
    format: 'renttherunway',
    detect: true,
    extraFields: SAMPLE_EXTRA_FIELD_TYPES,
  });
  assert.deepEqual(recordFormatOf(m({ name: 'mine.jsonl', format: 'test' })), {
    format: 'renttherunway',
    detect: true,
  });
  // no format (an older manifest): a registry name tells the format one record is read in
  assert.deepEqual(recordFormatOf(m({ name: 'modcloth' })), { format: 'modcloth', detect: true });
  assert.deepEqual(recordFormatOf(m({ name: 'sample', format: 'renttherunway' })), {
    format: 'renttherunway',
    extraFields: SAMPLE_EXTRA_FIELD_TYPES,
  });
  // the synthetic columns beyond the canonical ones are the sample's extra fields, with their types
  const synthetic = generateSynthetic({ seed: 1, customers: 5, articles: 2 }).dataset;
  assert.deepEqual(
    Object.fromEntries(synthetic.schema.filter((f) => !CANONICAL_FIELDS.has(f.name)).map((f) => [f.name, f.type])),
    SAMPLE_EXTRA_FIELD_TYPES,
  );
  assert.deepEqual(fileReadOptions({ format: 'modcloth' }), { format: 'modcloth', extraFields: undefined });
  assert.deepEqual(fileReadOptions({ format: 'renttherunway', detect: true }), {
    allCanonicalColumns: true,
    extraFields: undefined,
  });
});
