import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ColumnarDataset,
  InvalidArgumentError,
  LatentFitModel,
  LogisticRegression,
  NotFittedError,
  StratifiedKFold,
  avgOvrAuc,
  featureMatrix,
  fitLabelCodes,
  latentFitPreset,
  latentRepresentationAblation,
  loadDataset,
  takeMatrixRows,
} from '../../lib/index.js';

const { dataset } = await loadDataset('sample');
const train = dataset.take(Int32Array.from({ length: 2000 }, (_, i) => i));
const test_ = dataset.take(Int32Array.from({ length: 1000 }, (_, i) => 2000 + i));

test('the parts of a K-LF representation, each scored like a hand-made cross-validation of a logistic regression', () => {
  const model = latentFitPreset('K-LF-LR', { seed: 1 }).fit(train);
  const rows = latentRepresentationAblation(model, test_, { folds: 4, seed: 2 });
  assert.deepEqual(
    rows.map((r) => [r.part, r.columns]),
    [
      ['biases', 2],
      ['latent terms', 10],
      ['all', 12],
    ],
  );
  // by hand: the biases are the first two columns of the representation
  const R = model.representation(test_);
  const y = fitLabelCodes(test_, 'test');
  const keep = [...y.keys()].filter((i) => y[i] >= 0);
  const X = new Float64Array(keep.length * 2);
  keep.forEach((i, r) => X.set([R[i * 12], R[i * 12 + 1]], r * 2));
  const M = featureMatrix(X, keep.length, 2, ['a', 'b']);
  const yy = Int32Array.from(keep, (i) => y[i]);
  const pick = (idx: Int32Array): Int32Array => Int32Array.from(idx, (i) => yy[i]);
  const aucs = new StratifiedKFold({ k: 4, seed: 2 }).split(keep.length, yy).map((f) => {
    const lr = new LogisticRegression().fit(takeMatrixRows(M, f.train), pick(f.train));
    return avgOvrAuc(pick(f.test), lr.predictProba(takeMatrixRows(M, f.test)));
  });
  assert.ok(Math.abs(rows[0].avgAuc - aucs.reduce((s, v) => s + v, 0) / aucs.length) < 1e-12);
  for (const r of rows) assert.ok(r.avgAuc > 0 && r.avgAuc < 1 && r.sd >= 0 && r.meanColumnSd >= 0, r.part);
});

test('a model without biases has no biases part; an unfitted model and too few rows are refused', () => {
  const oneLv = latentFitPreset('1-LV-LR', { seed: 1 }).fit(train);
  assert.deepEqual(
    latentRepresentationAblation(oneLv, test_).map((r) => [r.part, r.columns]),
    [
      ['latent terms', 1],
      ['all', 1],
    ],
  );
  assert.throws(() => latentRepresentationAblation(new LatentFitModel(), test_), NotFittedError);
  assert.throws(
    () => latentRepresentationAblation(oneLv, test_.take(Int32Array.from([0, 1, 2]))),
    (e: unknown) => e instanceof InvalidArgumentError && /3 labelled rows for 5 folds/.test(e.message),
  );
});

test("the labels are read from the model's columns.label, not from a column named 'fit'", () => {
  // Before: a model fitted with columns.label 'feedback' was refused ("no label column 'fit'").
  const renamed = (ds: ColumnarDataset): ColumnarDataset =>
    new ColumnarDataset(
      ds.schema.map((f) => (f.name === 'fit' ? { ...f, name: 'feedback' } : f)),
      new Map(ds.columnNames.map((c) => [c === 'fit' ? 'feedback' : c, ds.column(c)])),
      ds.lineNumbers,
      ds.meta,
    );
  const model = latentFitPreset('K-LF-LR', { seed: 1, K: 2, epochs: 3, columns: { label: 'feedback' } }).fit(
    renamed(train),
  );
  const same = latentFitPreset('K-LF-LR', { seed: 1, K: 2, epochs: 3 }).fit(train);
  assert.deepEqual(
    latentRepresentationAblation(model, renamed(test_), { folds: 3 }),
    latentRepresentationAblation(same, test_, { folds: 3 }),
  );
  // The model's label column must be there (a column named 'fit' is not read in its place).
  assert.throws(
    () => latentRepresentationAblation(model, test_, { folds: 3 }),
    (e: unknown) => e instanceof InvalidArgumentError && /no label column 'feedback'/.test(e.message),
  );
});
