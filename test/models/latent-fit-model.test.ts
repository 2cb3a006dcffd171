import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FIT_CLASSES,
  InvalidArgumentError,
  LatentFitModel,
  NotFittedError,
  estimatorFromJSON,
  latentFitPreset,
  multiclassAuc,
  registeredEstimators,
  type LatentFitModel as Model,
} from '../../lib/index.js';
import { fitCodes, fitDataset, latentSynthetic, pearson, spearman } from './latent-fit-data.js';

const data = latentSynthetic(7);
const yTest = fitCodes(data.test);
const avgAuc = (P: Float64Array) => multiclassAuc(yTest, P, { multiClass: 'ovr', average: 'macro' });

// One fit per variant, shared by the tests below (each ~0.5 s).
const models = {
  '1-LV-LR': latentFitPreset('1-LV-LR', { seed: 3 }).fit(data.train),
  'K-LV-LR': latentFitPreset('K-LV-LR', { seed: 3, K: 4 }).fit(data.train),
  'K-LF-LR': latentFitPreset('K-LF-LR', { seed: 3, K: 4 }).fit(data.train),
  'K-LF-ML': latentFitPreset('K-LF-ML', { seed: 3, K: 4, prototypesPerClass: 20, metricSamplePerClass: 300 }).fit(
    data.train,
  ),
} as const;

/** Truth of each learned customer, in the model's customer order. */
const trueSizesOf = (m: Model) => m.customerTrueSizes().ids.map((id) => data.userSize[Number(id.slice(1))]);

test('every variant ranks held-out synthetic feedback well (average one-vs-rest AUC > 0.78)', () => {
  for (const [name, m] of Object.entries(models)) {
    const auc = avgAuc(m.predictProba(data.test));
    assert.ok(auc > 0.78, `${name}: average AUC ${auc.toFixed(3)}`);
  }
});

test('learned customer true sizes recover the generating sizes (Pearson and Spearman > 0.9)', () => {
  for (const [name, m] of Object.entries(models)) {
    const learned = m.customerTrueSizes().values;
    const truth = trueSizesOf(m);
    assert.equal(learned.length, 300);
    assert.ok(pearson(learned, truth) > 0.9, `${name}: Pearson ${pearson(learned, truth).toFixed(3)}`);
    assert.ok(spearman(learned, truth) > 0.9, `${name}: Spearman ${spearman(learned, truth).toFixed(3)}`);
  }
});

test('article true sizes follow catalog size within every item (monotonicity constraint)', () => {
  for (const [name, m] of Object.entries(models)) {
    const { ids, sizes, values } = m.articleTrueSizes();
    const byItem = new Map<string, { size: number; value: number }[]>();
    ids.forEach((id, p) => byItem.set(id, [...(byItem.get(id) ?? []), { size: sizes![p], value: values[p] }]));
    assert.equal(byItem.size, 40);
    let pairs = 0;
    for (const [item, arts] of byItem) {
      arts.sort((a, b) => a.size - b.size);
      for (let j = 1; j < arts.length; j++, pairs++) {
        assert.ok(
          arts[j].value >= arts[j - 1].value - 1e-9,
          `${name}: item ${item} size ${arts[j].size} true size ${arts[j].value} < size ${arts[j - 1].size}'s ${arts[j - 1].value}`,
        );
      }
    }
    assert.ok(pairs > 100, `${name}: only ${pairs} adjacent size pairs checked`);
  }
});

test('without the constraint, some item has a size order violation (so the check above can fail)', () => {
  const m = latentFitPreset('K-LF-LR', { seed: 3, K: 4, monotone: false }).fit(data.train);
  const { ids, sizes, values } = m.articleTrueSizes();
  let violations = 0;
  for (let p = 0; p < ids.length; p++) {
    for (let q = 0; q < ids.length; q++) {
      if (ids[p] === ids[q] && sizes![p] < sizes![q] && values[p] > values[q] + 1e-9) violations++;
    }
  }
  assert.ok(violations > 0);
});

test('the score is high for "small" and low for "large" feedback (thresholds b1 < b2)', () => {
  const m = models['K-LF-LR'];
  const f = m.scores(data.test);
  const [b1, b2] = m.thresholds;
  assert.ok(b1 < b2);
  const mean = [0, 0, 0];
  const count = [0, 0, 0];
  for (let i = 0; i < f.length; i++) {
    mean[yTest[i]] += f[i];
    count[yTest[i]]++;
  }
  for (let c = 0; c < 3; c++) mean[c] /= count[c];
  assert.ok(mean[0] > mean[1] && mean[1] > mean[2], `mean scores small/fit/large: ${mean.map((v) => v.toFixed(2))}`);
});

test('probabilities: n x 3 in FIT_CLASSES order, rows sum to 1, predict is the argmax', () => {
  const m = models['K-LF-ML'];
  assert.deepEqual([...m.classes], [...FIT_CLASSES]);
  const P = m.predictProba(data.test);
  const yhat = m.predict(data.test);
  assert.equal(P.length, data.test.length * 3);
  for (let i = 0; i < data.test.length; i++) {
    const row = [P[3 * i], P[3 * i + 1], P[3 * i + 2]];
    assert.ok(Math.abs(row[0] + row[1] + row[2] - 1) < 1e-12);
    assert.equal(yhat[i], row.indexOf(Math.max(...row)));
  }
});

test('toJSON / fromJSON (directly and through the estimator registry) predict identical values', () => {
  for (const [name, m] of Object.entries(models)) {
    const json = JSON.parse(JSON.stringify(m.toJSON()));
    assert.equal(json.kind, 'latent-fit');
    assert.equal(json.version, 1);
    const back = LatentFitModel.fromJSON(json);
    assert.deepEqual(back.predictProba(data.test), m.predictProba(data.test), name);
    const viaRegistry = estimatorFromJSON<LatentFitModel>(JSON.stringify(m.toJSON()));
    assert.deepEqual(viaRegistry.predictProba(data.test), m.predictProba(data.test), name);
  }
  assert.ok(registeredEstimators().some((e) => e.kind === 'latent-fit' && e.capabilities.includes('classifier')));
  assert.throws(() => LatentFitModel.fromJSON({ ...models['K-LF-LR'].toJSON(), version: 99 }), /version 99/);
});

test('unseen customers and items get the class priors; partly unseen rows get valid probabilities; unseen sizes are interpolated', () => {
  for (const [name, m] of Object.entries(models)) {
    const unseen = fitDataset([
      { user: 'stranger', item: 'new-item', size: 4, fit: null },
      { user: 'stranger', item: 'i0', size: 4, fit: null },
      { user: 'u0', item: 'new-item', size: 4, fit: null },
    ]);
    const P = m.predictProba(unseen);
    const priors = m.priors;
    assert.deepEqual(P.subarray(0, 3), priors, name);
    // the training label shares
    const yTrain = fitCodes(data.train);
    const share = (c: number) => yTrain.filter((v) => v === c).length / yTrain.length;
    for (let c = 0; c < 3; c++) assert.ok(Math.abs(priors[c] - share(c)) < 1e-12, `${name} prior ${c}`);
    for (let i = 1; i < 3; i++) {
      const row = P.subarray(3 * i, 3 * i + 3);
      assert.ok(row.every((v) => v > 0 && v < 1) && Math.abs(row[0] + row[1] + row[2] - 1) < 1e-12, name);
    }
  }
  // Size 4.5 of item i0 lies between the known sizes 4 and 5: its representation is their midpoint.
  const m = models['K-LV-LR'];
  const rep = (size: number) => m.representation(fitDataset([{ user: 'u1', item: 'i0', size, fit: null }]));
  const [r4, r45, r5] = [rep(4), rep(4.5), rep(5)];
  for (let d = 0; d < r4.length; d++) assert.ok(Math.abs(r45[d] - (r4[d] + r5[d]) / 2) < 1e-12);
});

test('a fixed seed reproduces the fit; another seed changes it', () => {
  const a = latentFitPreset('K-LF-LR', { seed: 11, K: 3, epochs: 3 }).fit(data.train).predictProba(data.test);
  const b = latentFitPreset('K-LF-LR', { seed: 11, K: 3, epochs: 3 }).fit(data.train).predictProba(data.test);
  const c = latentFitPreset('K-LF-LR', { seed: 12, K: 3, epochs: 3 }).fit(data.train).predictProba(data.test);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('fit with explicit class codes y equals fit from the label column; fitting twice replaces the fit', () => {
  const opts = { seed: 5, K: 2, epochs: 2 };
  const fromColumn = new LatentFitModel(opts).fit(data.train).predictProba(data.test);
  const m = new LatentFitModel(opts);
  assert.equal(m.fit(data.test), m);
  assert.deepEqual(m.fit(data.train, fitCodes(data.train)).predictProba(data.test), fromColumn);
});

test('errors: unfitted use throws NotFittedError; bad options, labels and columns throw InvalidArgumentError', () => {
  const m = new LatentFitModel();
  assert.equal(m.isFitted, false);
  assert.throws(() => m.predictProba(data.test), NotFittedError);
  assert.throws(() => m.toJSON(), NotFittedError);
  assert.throws(() => m.customerTrueSizes(), NotFittedError);
  assert.throws(() => new LatentFitModel({ K: 0 }).fit(data.train), InvalidArgumentError);
  assert.throws(() => new LatentFitModel({ learningRate: -1 }).fit(data.train), /learningRate/);
  assert.throws(() => new LatentFitModel({ headHoldout: 1 }).fit(data.train), /headHoldout/);
  assert.throws(() => new LatentFitModel({ seed: 2.5 }).fit(data.train), /seed .*a safe integer/);
  // values as written (before: "got null" for NaN and Infinity), strings quoted
  assert.throws(
    () => new LatentFitModel({ seed: NaN }).fit(data.train),
    /option seed must be a safe integer, got NaN$/,
  );
  assert.throws(() => new LatentFitModel({ l2: Infinity }).fit(data.train), /option l2 .*, got Infinity$/);
  assert.throws(() => new LatentFitModel({ variant: 'x' as never }).fit(data.train), /option variant .*, got "x"$/);
  // a K that no machine could hold is refused by name (before: RangeError: Invalid typed array length)
  assert.throws(
    () => new LatentFitModel({ K: 1e9 }).fit(data.train),
    (e: unknown) =>
      e instanceof InvalidArgumentError && /option K must be an integer in \[1, 1000\], got 1000000000/.test(e.message),
  );
  assert.throws(() => new LatentFitModel().fit(data.train, new Int32Array(3)), /3 labels/);
  assert.throws(() => new LatentFitModel({ columns: { user: 'customer' } }).fit(data.train), /no column 'customer'/);
  // an infinite size is refused by row (before: every parameter NaN, every prediction NaN)
  const infinite = fitDataset([
    { user: 'a', item: 'b', size: 1, fit: 'fit' },
    { user: 'a', item: 'c', size: -Infinity, fit: 'small' },
  ]);
  for (const variant of ['lv', 'lf'] as const) {
    assert.throws(
      () => new LatentFitModel({ variant, K: 2 }).fit(infinite),
      (e: unknown) => e instanceof InvalidArgumentError && /row 1, column 'size' is -Infinity/.test(e.message),
    );
  }
  const noLabels = fitDataset([{ user: 'a', item: 'b', size: 1, fit: null }]);
  assert.throws(() => new LatentFitModel().fit(noLabels), /no row with customer, item, size and label/);
});
