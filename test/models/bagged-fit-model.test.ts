import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BaggedFitModel,
  catalogEntry,
  estimatorFromJSON,
  generateSynthetic,
  multiclassAuc,
  InvalidArgumentError,
  type FitModel,
} from '../../lib/index.js';

const { dataset } = generateSynthetic({ seed: 5, customers: 400, articles: 80 });
const n = dataset.length;
const cut = Math.floor(n * 0.8);
const train = dataset.take(Array.from({ length: cut }, (_, i) => i));
const test_ = dataset.take(Array.from({ length: n - cut }, (_, i) => cut + i));

test('the bag is the mean of its members, each the catalog model with its own seed', async () => {
  const bag = await new BaggedFitModel({ member: 'gbdt-relative', seeds: [3, 4], workers: 0 }).fit(train);
  const P = bag.predictProba(test_);
  const singles: Float64Array[] = [];
  for (const seed of [3, 4]) {
    const m = catalogEntry('gbdt-relative').create({ seed });
    await m.fit(train);
    singles.push(m.predictProba(test_));
  }
  for (let i = 0; i < P.length; i++) assert.ok(Math.abs(P[i] - (singles[0][i] + singles[1][i]) / 2) < 1e-12);
  assert.notDeepEqual(singles[0], singles[1], 'different seeds give different members');
  const auc = multiclassAuc(test_.categories('fit').codes, P, { multiClass: 'ovr', average: 'macro' });
  assert.ok(auc > 0.75, `avg AUC ${auc}`);
});

test('training members in worker threads gives exactly the same model as training them in turn', async () => {
  const seq = await new BaggedFitModel({ member: 'gbdt-relative', seeds: [1, 2], workers: 0 }).fit(train);
  const par = await new BaggedFitModel({ member: 'gbdt-relative', seeds: [1, 2], workers: 2 }).fit(train);
  assert.deepEqual(par.predictProba(test_), seq.predictProba(test_));
  const back = estimatorFromJSON(par.toJSON()) as unknown as FitModel;
  assert.deepEqual(back.predictProba(test_), par.predictProba(test_));
});

test('bad options and an unknown member are refused', async () => {
  assert.throws(() => new BaggedFitModel({ member: 'gbdt', seeds: [] }), InvalidArgumentError);
  assert.throws(() => new BaggedFitModel({ member: 'gbdt', seeds: [1], workers: -1 }), InvalidArgumentError);
  await assert.rejects(new BaggedFitModel({ member: 'nope', seeds: [1] }).fit(train), /unknown model 'nope'/);
});

test("a member's typed error in a worker thread reaches the caller with its class", async () => {
  // No labelled row: each member refuses the data. Before, with workers this came back as a plain Error.
  const unlabelled = train.take([0, 1, 2, 3]);
  const codes = unlabelled.categories('fit').codes as Int32Array;
  codes.fill(-1);
  for (const workers of [0, 2]) {
    await assert.rejects(
      new BaggedFitModel({ member: 'prior', seeds: [1, 2], workers }).fit(unlabelled),
      (e: unknown) => e instanceof InvalidArgumentError && /labelled row/.test(e.message),
      `workers ${workers}`,
    );
  }
});
