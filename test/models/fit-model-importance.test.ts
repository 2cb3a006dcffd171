import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BaggedFitModel,
  GradientBoostedTrees,
  InvalidArgumentError,
  NotFittedError,
  PipelineModel,
  catalogEntry,
  fitModelImportance,
  loadDataset,
  type FitModel,
  importanceByGroup,
} from '../../lib/index.js';

const { dataset } = await loadDataset('sample');

test('fitModelImportance of a gbdt pipeline: the trees gain as shares, named by the pipeline, largest first', async () => {
  const model = catalogEntry('gbdt').create({ seed: 1 }) as PipelineModel;
  await model.fit(dataset);
  const rows = fitModelImportance(model);
  const gain = (model.classifier as GradientBoostedTrees).featureImportance('gain');
  const total = gain.reduce((s, v) => s + v, 0);
  const info = model.pipeline.featureInfo();
  assert.equal(rows.length, info.length);
  assert.ok(Math.abs(rows.reduce((s, r) => s + r.share, 0) - 1) < 1e-12, 'shares sum to 1');
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].share >= rows[i].share, 'sorted');
  const j = info.findIndex((f) => f.name === rows[0].feature);
  assert.equal(rows[0].share, gain[j] / total);
  assert.equal(rows[0].group, info[j].group);
  const splits = fitModelImportance(model, 'split');
  const counts = (model.classifier as GradientBoostedTrees).featureImportance('split');
  const k = info.findIndex((f) => f.name === splits[0].feature);
  assert.equal(splits[0].share, counts[k] / counts.reduce((s, v) => s + v, 0));
});

test('fitModelImportance of a bag is the mean of its members shares', async () => {
  const bag = new BaggedFitModel({ member: 'gbdt', seeds: [1, 2], workers: 0 });
  await bag.fit(dataset);
  const [a, b] = bag.fittedMembers.map((m) => new Map(fitModelImportance(m).map((r) => [r.feature, r.share])));
  const rows = fitModelImportance(bag);
  assert.equal(rows.length, a.size);
  for (const r of rows) assert.ok(Math.abs(r.share - (a.get(r.feature)! + b.get(r.feature)!) / 2) < 1e-15, r.feature);
  assert.ok(Math.abs(rows.reduce((s, r) => s + r.share, 0) - 1) < 1e-12);
});

test('fitModelImportance refuses models without importance, and unfitted models', async () => {
  const prior = catalogEntry('prior').create({ seed: 1 });
  await prior.fit(dataset);
  assert.throws(() => fitModelImportance(prior), InvalidArgumentError);
  const logistic = catalogEntry('logistic').create({ seed: 1 }) as FitModel;
  await logistic.fit(dataset);
  assert.throws(() => fitModelImportance(logistic), /reports no feature importance/);
  assert.throws(() => fitModelImportance(new BaggedFitModel({ member: 'gbdt', seeds: [1] })), NotFittedError);
});

test('importanceByGroup totals the shares and counts the features of each family, largest share first', () => {
  const rows = [
    { feature: 'a1', group: 'article', share: 0.3, description: '' },
    { feature: 'b1', group: 'body', share: 0.1, description: '' },
    { feature: 'a2', group: 'article', share: 0.25, description: '' },
    { feature: 'c1', group: 'customer', share: 0.35, description: '' },
  ];
  assert.deepEqual(importanceByGroup(rows), [
    { family: 'article', features: 2, 'gain share': 0.55 },
    { family: 'customer', features: 1, 'gain share': 0.35 },
    { family: 'body', features: 1, 'gain share': 0.1 },
  ]);
  assert.deepEqual(importanceByGroup([]), []);
});
