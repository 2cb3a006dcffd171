// Behaviours of the models made of other models (bags, ensembles, pipelines) and of the latent fit model's
// edge cases that no other test pinned down (from a mutation-testing round of lib/models).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BaggedFitModel,
  ColumnarDataset,
  EnsembleFitModel,
  GbdtBag,
  GradientBoostedTrees,
  LatentFitModel,
  ModelFormatError,
  PipelineModel,
  PriorFitModel,
  estimatorFromJSON,
  featureMatrix,
  generateSynthetic,
  latentFitPreset,
  sizeFitFeaturePipeline,
  type Column,
  type EstimatorJSON,
} from '../../lib/index.js';
import { fitDataset, latentSynthetic } from './latent-fit-data.js';

/** `data` with every fit label removed (the same schema and the other columns unchanged). */
function withoutLabels(data: ColumnarDataset): ColumnarDataset {
  const cols = new Map<string, Column>(data.columnNames.map((c) => [c, data.column(c)]));
  const fit = data.categories('fit');
  cols.set('fit', { type: 'category', categories: fit.categories, codes: new Int32Array(data.length).fill(-1) });
  return new ColumnarDataset(data.schema, cols, data.lineNumbers, data.meta);
}

test('GbdtBag.featureImportance is the mean of its forests’ importances, not their sum', () => {
  const n = 200;
  const data = new Float64Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    data[i * 2] = i % 17;
    data[i * 2 + 1] = (i * 7) % 13;
    y[i] = data[i * 2] > 8 ? 1 : 0;
  }
  const X = featureMatrix(data, n, 2);
  const bag = new GbdtBag({ seeds: [1, 2, 3], gbdt: { numRounds: 5, featureFraction: 0.5 }, workers: 0 });
  bag.fit(X, y);
  for (const type of ['gain', 'split'] as const) {
    const each = bag.fittedForests.map((f) => f.featureImportance(type));
    const got = bag.featureImportance(type);
    assert.ok(got[0] > 0, type);
    for (let j = 0; j < 2; j++) {
      const mean = (each[0][j] + each[1][j] + each[2][j]) / 3;
      assert.ok(Math.abs(got[j] - mean) <= 1e-9 * Math.max(1, mean), `${type} feature ${j}: ${got[j]} vs ${mean}`);
    }
  }
});

test("BaggedFitModel trains on a dataset whose only labels are 'small' (class code 0 is a label)", async () => {
  const { dataset } = generateSynthetic({ seed: 4, customers: 30, articles: 8 });
  const codes = dataset.categories('fit');
  const small = [];
  for (let i = 0; i < dataset.length; i++) if (codes.categories[codes.codes[i]] === 'small') small.push(i);
  assert.ok(small.length > 0);
  const onlySmall = dataset.take(small);
  const bag = await new BaggedFitModel({ member: 'prior', seeds: [1, 2], workers: 0 }).fit(onlySmall);
  // every member is the prior of the training labels: all of them 'small'
  assert.deepEqual([...bag.predictProba(onlySmall.take([0]))], [1, 0, 0]);
});

test('BaggedFitModel.fromJSON refuses a member count other than the seed count', async () => {
  const { dataset } = generateSynthetic({ seed: 4, customers: 30, articles: 8 });
  const bag = await new BaggedFitModel({ member: 'prior', seeds: [1, 2], workers: 0 }).fit(dataset);
  const json = bag.toJSON() as EstimatorJSON & { members: unknown[]; options: { seeds: number[] } };
  for (const bad of [
    { ...json, members: json.members.slice(0, 1) },
    { ...json, members: [...json.members, json.members[0]] },
  ]) {
    assert.throws(
      () => BaggedFitModel.fromJSON(bad),
      (e: unknown) => e instanceof ModelFormatError && /members for 2 seeds/.test(e.message),
    );
  }
  assert.deepEqual(BaggedFitModel.fromJSON(json).predictProba(dataset), bag.predictProba(dataset));
});

test('EnsembleFitModel.fromJSON refuses weights that sum to 1 only within 1e-6', async () => {
  const { dataset } = generateSynthetic({ seed: 4, customers: 60, articles: 10 });
  const m = await new EnsembleFitModel({ members: [() => new PriorFitModel(), () => new PriorFitModel()] }).fit(
    dataset,
  );
  const json = m.toJSON() as EstimatorJSON & { weights: number[] };
  assert.ok(estimatorFromJSON(json) instanceof EnsembleFitModel);
  for (const weights of [
    [0.5, 0.500001],
    [0.5, 0.499999],
  ]) {
    assert.throws(() => EnsembleFitModel.fromJSON({ ...json, weights }), ModelFormatError, JSON.stringify(weights));
  }
});

test('LatentFitModel.fromJSON refuses priors that do not sum to 1', () => {
  const m = latentFitPreset('K-LV-LR', { seed: 1, K: 2, epochs: 2 }).fit(latentSynthetic(3, 40, 8, 6, 10).train);
  const json = m.toJSON() as EstimatorJSON & { priors: number[] };
  for (const priors of [
    [0.3, 0.3, 0.3],
    [0.5, 0.5, 0.1],
  ]) {
    assert.throws(
      () => LatentFitModel.fromJSON({ ...json, priors }),
      (e: unknown) => e instanceof ModelFormatError && /priors/.test(e.message),
    );
  }
});

test('LatentFitModel.fromJSON refuses a catalog whose first item (index 0) has no article', () => {
  const m = latentFitPreset('K-LV-LR', { seed: 1, K: 2, epochs: 2 }).fit(latentSynthetic(3, 40, 8, 6, 10).train);
  const json = m.toJSON() as EstimatorJSON & { catalog: { items: string[]; articleItem: number[] } };
  // an item prepended without an article: every article's item index moves up by one
  const catalog = {
    ...json.catalog,
    items: ['ghost', ...json.catalog.items],
    articleItem: json.catalog.articleItem.map((i) => i + 1),
  };
  assert.throws(
    () => LatentFitModel.fromJSON({ ...json, catalog }),
    (e: unknown) => e instanceof ModelFormatError && /items\[0\]/.test(e.message),
  );
});

test('LatentFitModel: a row with a known customer and an unseen item is scored from the customer, not the priors', () => {
  const data = latentSynthetic(5);
  const m = latentFitPreset('K-LV-LR', { seed: 1 }).fit(data.train);
  const users = Array.from(data.userSize.keys());
  users.sort((a, b) => data.userSize[a] - data.userSize[b]);
  const [smallest, largest] = [users[0], users[users.length - 1]];
  const P = m.predictProba(
    fitDataset([
      { user: `u${smallest}`, item: 'new-item', size: 4, fit: null },
      { user: `u${largest}`, item: 'new-item', size: 4, fit: null },
    ]),
  );
  // The larger customer finds the same article small more often than the smaller customer does.
  assert.ok(P[3] > P[0], `P(small): largest customer ${P[3]}, smallest ${P[0]}`);
  assert.notDeepEqual([...P.subarray(0, 3)], [...m.priors]);
});

test('LatentFitModel: a head holdout that would take every row leaves the latent model its rows', () => {
  // 3 usable rows and headHoldout 0.9: round(2.7) = 3 rows would be held out, none left for the latent model,
  // so the head is fitted on the latent model's own rows (as with headHoldout 0).
  const rows = fitDataset([
    { user: 'a', item: 'i', size: 1, fit: 'large' },
    { user: 'b', item: 'i', size: 2, fit: 'fit' },
    { user: 'c', item: 'i', size: 3, fit: 'small' },
  ]);
  const held = new LatentFitModel({ variant: 'lv', K: 1, epochs: 3, headHoldout: 0.9, seed: 2 }).fit(rows);
  const none = new LatentFitModel({ variant: 'lv', K: 1, epochs: 3, headHoldout: 0, seed: 2 }).fit(rows);
  assert.deepEqual(held.predictProba(rows), none.predictProba(rows));
  assert.deepEqual(held.customerTrueSizes().ids, ['a', 'b', 'c']);
});

test('PipelineModel: a validation dataset without a labelled row is not passed to the classifier', async () => {
  const { dataset } = generateSynthetic({ seed: 6, customers: 120, articles: 20 });
  const half = Math.floor(dataset.length / 2);
  const train = dataset.take(Array.from({ length: half }, (_, i) => i));
  const unlabelled = withoutLabels(dataset.take(Array.from({ length: dataset.length - half }, (_, i) => half + i)));
  const model = (): PipelineModel =>
    new PipelineModel({
      pipeline: sizeFitFeaturePipeline({ seed: 1 }),
      classifier: new GradientBoostedTrees({ numRounds: 20, earlyStoppingRounds: 5, seed: 1 }),
      validationFraction: 0,
    });
  const m = await model().fit(train, { validation: unlabelled });
  // the same as no validation set: the classifier carves its own early-stopping rows
  const plain = await model().fit(train);
  assert.deepEqual(m.predictProba(unlabelled), plain.predictProba(unlabelled));
});
