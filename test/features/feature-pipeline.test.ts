import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BodyFeatures,
  CategoricalFeatures,
  FeaturePipeline,
  ModelFormatError,
  NotFittedError,
  StandardScaler,
  TargetEncoder,
  estimatorFromJSON,
  sizeFitFeaturePipeline,
} from '../../lib/index.js';
import { datasetFromRecords, syntheticRentals } from './make-dataset.js';

test('FeaturePipeline: named matrix, documented features, one JSON that reloads to the same transform', () => {
  const ds = syntheticRentals(600, { users: 90, items: 25, categories: 6, seed: 3 });
  const train = ds.take(Array.from({ length: 500 }, (_, i) => i));
  const rows = ds.take(Array.from({ length: 100 }, (_, i) => 500 + i));
  const p = sizeFitFeaturePipeline({ seed: 2 });
  const X = p.fitTransform(train);
  assert.equal(X.n, 500);
  const info = p.featureInfo();
  assert.deepEqual(
    info.map((f) => f.name),
    X.names,
  );
  assert.ok(info.every((f) => f.description.length > 10 && f.group.length > 0));
  assert.ok(
    X.names.includes('weight_kg_missing') && X.names.includes('cust_size_diff') && X.names.includes('category=cat0'),
  );
  // Imputed: no NaN left.
  assert.ok(X.data.every((v) => Number.isFinite(v)));
  const json = JSON.stringify(p.toJSON());
  const q = estimatorFromJSON<FeaturePipeline>(JSON.parse(json));
  assert.ok(q instanceof FeaturePipeline);
  assert.deepEqual(q.transform(rows).data, p.transform(rows).data);
  assert.deepEqual(q.transform(rows).names, p.transform(rows).names);
});

test('FeaturePipeline: body features compute BMI and drop implausible ages', () => {
  const ds = datasetFromRecords([
    { height_cm: 170, weight_kg: 65, age: 30 },
    { height_cm: 160, weight_kg: null, age: 117 },
  ]);
  const X = new FeaturePipeline({ steps: [new BodyFeatures()] }).fitTransform(ds);
  assert.deepEqual(X.names, ['height_cm', 'weight_kg', 'bmi', 'age']);
  assert.ok(Math.abs(X.data[2] - 65 / 1.7 ** 2) < 1e-12);
  assert.ok(Number.isNaN(X.data[6]) && Number.isNaN(X.data[7]));
});

test('CategoricalFeatures: one-hot by category name, unknown slot for unseen, zeros for missing', () => {
  const tr = datasetFromRecords([{ body_type: 'athletic' }, { body_type: 'petite' }, { body_type: 'athletic' }]);
  const te = datasetFromRecords([{ body_type: 'hourglass' }, { body_type: null }, { body_type: 'petite' }]);
  const c = new CategoricalFeatures({ columns: ['body_type'] }).fit(tr);
  const X = c.transform(te);
  assert.deepEqual(X.names, ['body_type=athletic', 'body_type=petite', 'body_type=__unknown__']);
  assert.deepEqual(Array.from(X.data), [0, 0, 1, 0, 0, 0, 0, 1, 0]);
  assert.throws(
    () => new CategoricalFeatures({ columns: ['body_type'], unseen: 'error' }).fit(tr).transform(te),
    /'hourglass' not seen/,
  );
  assert.deepEqual(new CategoricalFeatures({ columns: ['body_type'], minCount: 2 }).fit(tr).transform(te).names, [
    'body_type=athletic',
    'body_type=__unknown__',
  ]);
});

test('FeaturePipeline: unfitted use throws, supervised matrix steps are refused, bad JSON is typed', () => {
  const p = new FeaturePipeline({ steps: [new BodyFeatures()], post: [new StandardScaler()] });
  assert.throws(() => p.transform(datasetFromRecords([{ height_cm: 1 }])), NotFittedError);
  assert.throws(() => new FeaturePipeline({ steps: [new BodyFeatures()], post: [new TargetEncoder()] }), /supervised/);
  assert.throws(
    () => estimatorFromJSON({ kind: 'feature-pipeline', version: 99, steps: [], post: [] }),
    ModelFormatError,
  );
  assert.throws(() => estimatorFromJSON({ kind: 'no-such-kind', version: 1 }), /unknown estimator kind 'no-such-kind'/);
  // A file without steps is a bad file (before: the constructor's InvalidArgumentError, as if the call were wrong).
  assert.throws(
    () => estimatorFromJSON({ kind: 'feature-pipeline', version: 1, steps: [], post: [] }),
    (e: unknown) => e instanceof ModelFormatError && /needs at least one step/.test(e.message),
  );
});
