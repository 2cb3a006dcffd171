// Cases found by the second round of mutation testing of lib/features: the pipeline's column descriptions after
// several matrix steps, a refit that fails, the fold options of the GBDT pipeline, a refit raw-column step and the
// missing share of a column whose indicator comes first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BodyFeatures,
  FeaturePipeline,
  NotFittedError,
  RawColumnFeatures,
  SimpleImputer,
  StandardScaler,
  featureSummary,
  gbdtFeaturePipeline,
  matrixFromRows,
  matrixToRows,
  type GbdtFeaturePipelineOptions,
} from '../../lib/index.js';
import { datasetFromRecords, syntheticRentals } from './make-dataset.js';

test('FeaturePipeline.featureInfo: the names are those of the last matrix step, even when an earlier one differs', () => {
  const ds = syntheticRentals(300, { users: 60, items: 15, categories: 4, seed: 11 });
  // The scaler keeps the names; the imputer after it adds the `_missing` indicators.
  const p = new FeaturePipeline({
    steps: [new BodyFeatures()],
    post: [new StandardScaler(), new SimpleImputer({ strategy: 'median', addIndicator: true })],
  });
  const X = p.fitTransform(ds);
  assert.ok(X.names.includes('weight_kg_missing'), 'the data has missing weights, so the imputer adds an indicator');
  const info = p.featureInfo();
  assert.deepEqual(
    info.map((f) => f.name),
    X.names,
  );
  const ind = info.find((f) => f.name === 'weight_kg_missing');
  assert.equal(ind?.description, '1 when weight_kg was missing (before imputation)');
});

test('FeaturePipeline: a refit that throws leaves the pipeline unfitted', () => {
  const ds = syntheticRentals(200, { users: 40, items: 10, categories: 4, seed: 5 });
  const p = new FeaturePipeline({ steps: [new BodyFeatures()] });
  p.fit(ds);
  assert.equal(p.isFitted, true);
  assert.throws(() => p.fit(ds.take([])));
  assert.equal(p.isFitted, false);
  assert.throws(() => p.transform(ds), NotFittedError);
  assert.throws(() => p.toJSON(), NotFittedError);
});

test('gbdtFeaturePipeline: nFolds and seed take precedence over those given in the history options', () => {
  // The options type leaves nFolds and seed out of `history`; a caller from plain JavaScript may still pass them.
  const history = { nFolds: 7, seed: 99 } as GbdtFeaturePipelineOptions['history'];
  const p = gbdtFeaturePipeline({ nFolds: 4, seed: 3, history });
  type Folded = { kind: string; nFolds: number; seed: number };
  const hist = p.steps.filter((s): s is typeof s & Folded => 'nFolds' in s && 'seed' in s);
  // Customer history, article history, relative size and customer recency.
  assert.equal(hist.length, 4);
  for (const s of hist) {
    assert.equal(s.nFolds, 4, `${s.kind}: nFolds`);
    assert.equal(s.seed, 3, `${s.kind}: seed`);
  }
});

test('RawColumnFeatures: a refit codes the categories seen at the new fit, not those of the old one', () => {
  const first = datasetFromRecords([{ category: 'a' }, { category: 'b' }]);
  const second = datasetFromRecords([{ category: 'c' }, { category: 'b' }, { category: 'c' }]);
  const t = new RawColumnFeatures({ columns: ['category'] });
  // Fitted on {a, b}: a -> 0, b -> 1.
  assert.deepEqual(matrixToRows(t.fitTransform(first)), [[0], [1]]);
  // Refitted on {b, c}: b -> 0, c -> 1, and a is now unseen.
  assert.deepEqual(matrixToRows(t.fitTransform(second)), [[1], [0], [1]]);
  assert.deepEqual(matrixToRows(t.transform(first)), [[NaN], [0]]);
});

test('featureSummary: the missing share comes from the indicator also when the indicator is the first column', () => {
  const X = matrixFromRows(
    [
      [1, 5],
      [0, 7],
      [0, 9],
      [1, 5],
    ],
    ['a_missing', 'a'],
  );
  const [ind, a] = featureSummary(X);
  assert.equal(ind.name, 'a_missing');
  assert.equal(a.name, 'a');
  // Two of the four rows were imputed: the indicator's mean, although column a itself holds no NaN.
  assert.equal(a.missing, 0.5);
  assert.equal(ind.missing, 0);
});
