// The edges of the models' option ranges and of the model catalog's lookups, each at the value where a
// `<` / `<=` flip or a dropped guard would change the answer (from a mutation-testing round of lib/models).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  EnsembleFitModel,
  GbdtBag,
  GradientBoostedTrees,
  InvalidArgumentError,
  LatentFitModel,
  NeuralFitModel,
  PipelineModel,
  PriorFitModel,
  catalogEntry,
  generateSynthetic,
} from '../../lib/index.js';

test('GradientBoostedTrees: validationFraction must be below 1 and maxDepth at least 1 (-1 = no limit)', () => {
  const refused = (o: ConstructorParameters<typeof GradientBoostedTrees>[0], name: RegExp) =>
    assert.throws(
      () => new GradientBoostedTrees(o).options,
      (e: unknown) => e instanceof InvalidArgumentError && name.test(e.message),
    );
  refused({ validationFraction: 1 }, /validationFraction/);
  refused({ maxDepth: 0 }, /maxDepth/);
  refused({ maxDepth: -2 }, /maxDepth/);
  // the largest accepted values at those edges
  assert.equal(new GradientBoostedTrees({ validationFraction: 0.999 }).options.validationFraction, 0.999);
  assert.equal(new GradientBoostedTrees({ maxDepth: 1 }).options.maxDepth, 1);
  assert.equal(new GradientBoostedTrees().options.maxDepth, -1);
});

test('NeuralFitModel refuses a column listed twice in columns, naming the option', () => {
  const twice = [
    { user: 'item_id' },
    { label: 'size' },
    { numeric: ['size', 'size'] },
    { numeric: ['age'], categorical: ['age'] },
  ];
  for (const columns of twice) {
    assert.throws(
      () => new NeuralFitModel({ columns }).options,
      (e: unknown) => e instanceof InvalidArgumentError && /listed twice/.test(e.message),
      JSON.stringify(columns),
    );
  }
  // distinct names are accepted
  assert.deepEqual(new NeuralFitModel({ columns: { numeric: ['age'], categorical: ['x'] } }).options.columns.numeric, [
    'age',
  ]);
});

test('LatentFitModel: the default neighbors is half of prototypesPerClass rounded (1.5 -> 2), at least 1', () => {
  // "default: half of prototypesPerClass, rounded, at least 1"
  assert.equal(new LatentFitModel({ prototypesPerClass: 3 }).options.neighbors, 2);
  assert.equal(new LatentFitModel({ prototypesPerClass: 5 }).options.neighbors, 3);
  assert.equal(new LatentFitModel({ prototypesPerClass: 1 }).options.neighbors, 1);
  assert.equal(new LatentFitModel().options.neighbors, 50);
  assert.equal(new LatentFitModel({ prototypesPerClass: 3, neighbors: 1 }).options.neighbors, 1);
});

test('LatentFitModel: learningRateDecay 1 (no decay) is in its range (0, 1]; above 1 and 0 are not', () => {
  assert.equal(new LatentFitModel({ learningRateDecay: 1 }).options.learningRateDecay, 1);
  for (const v of [0, 1.0001]) {
    assert.throws(
      () => new LatentFitModel({ learningRateDecay: v }).options,
      (e: unknown) => e instanceof InvalidArgumentError && /learningRateDecay/.test(e.message),
    );
  }
});

test('EnsembleFitModel refuses calibrationFraction 1 (no row would be left to fit the members), naming it', async () => {
  const { dataset } = generateSynthetic({ seed: 2, customers: 40, articles: 10 });
  await assert.rejects(
    new EnsembleFitModel({ members: [() => new PriorFitModel()], calibrationFraction: 1 }).fit(dataset),
    (e: unknown) => e instanceof InvalidArgumentError && /calibrationFraction/.test(e.message),
  );
});

test('catalogEntry finds a model whatever the case of its name', () => {
  assert.equal(catalogEntry('PRIOR').name, 'prior');
  assert.equal(catalogEntry('Gbdt-Relative').name, 'gbdt-relative');
  assert.throws(() => catalogEntry('priors'), InvalidArgumentError);
});

test("the 'best' catalog model grows three forests with seeds seed, seed + 1 and seed + 2", () => {
  const m = catalogEntry('best').create({ seed: 7 }) as PipelineModel;
  assert.ok(m.classifier instanceof GbdtBag);
  assert.deepEqual(m.classifier.options.seeds, [7, 8, 9]);
});
