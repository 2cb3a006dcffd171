import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GbdtBag,
  GradientBoostedTrees,
  estimatorFromJSON,
  featureMatrix,
  Rng,
  InvalidArgumentError,
  ModelFormatError,
  PipelineModel,
  generateSynthetic,
  sizeFitFeaturePipeline,
  type FeatureMatrix,
} from '../../lib/index.js';

function data(n: number, seed: number): { X: FeatureMatrix; y: Int32Array } {
  const rng = new Rng(seed);
  const d = new Float64Array(n * 4);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 4; j++) d[i * 4 + j] = rng.normal();
    const s = d[i * 4] * d[i * 4 + 1] + 0.5 * d[i * 4 + 2] + rng.normal(0, 0.5);
    y[i] = s < -0.5 ? 0 : s > 0.5 ? 2 : 1;
  }
  return { X: featureMatrix(d, n, 4, ['a', 'b', 'c', 'd']), y };
}

const train = data(2000, 1);
const rows = data(300, 2).X;
const gbdt = { numRounds: 30, minDataInLeaf: 10, baggingFraction: 0.8, baggingFreq: 1, featureFraction: 0.75 };

test('the bag is the mean of forests that differ only in their seed', () => {
  const bag = new GbdtBag({ seeds: [5, 6], gbdt, workers: 0 });
  assert.equal(bag.fit(train.X, train.y), bag, 'fit without workers is synchronous and returns this');
  const P = bag.predictProba(rows);
  const a = new GradientBoostedTrees({ ...gbdt, seed: 5 }).fit(train.X, train.y).predictProba(rows);
  const b = new GradientBoostedTrees({ ...gbdt, seed: 6 }).fit(train.X, train.y).predictProba(rows);
  assert.notDeepEqual(a, b);
  for (let i = 0; i < P.length; i++) assert.ok(Math.abs(P[i] - (a[i] + b[i]) / 2) < 1e-15);
  const imp = bag.featureImportance('gain');
  assert.equal(imp.length, 4);
  assert.ok(imp[0] > imp[3] && imp[1] > imp[3], 'the informative features carry the gain');
});

test('forests grown in worker threads equal forests grown in turn; JSON round trip is exact', async () => {
  const seq = new GbdtBag({ seeds: [1, 2, 3], gbdt, workers: 0 });
  seq.fit(train.X, train.y);
  const par = new GbdtBag({ seeds: [1, 2, 3], gbdt, workers: 2 });
  const r = par.fit(train.X, train.y);
  assert.ok(r instanceof Promise, 'fit with workers returns a Promise');
  assert.equal(await r, par);
  assert.deepEqual(par.predictProba(rows), seq.predictProba(rows));
  // the saved model does not depend on the worker count (before: forests grown in workers lost their feature names)
  assert.deepEqual(par.toJSON(), seq.toJSON());
  const back = estimatorFromJSON(par.toJSON()) as unknown as GbdtBag;
  assert.deepEqual(back.predictProba(rows), par.predictProba(rows));
});

test('bad options are refused before any work', () => {
  assert.throws(() => new GbdtBag({ seeds: [] }), InvalidArgumentError);
  assert.throws(() => new GbdtBag({ seeds: [1], workers: 1.5 }), InvalidArgumentError);
  assert.throws(
    () => new GbdtBag({ seeds: [1, 2], gbdt: { learningRate: -1 }, workers: 2 }).fit(train.X, train.y),
    (e) => e instanceof InvalidArgumentError && /learningRate/.test(e.message),
  );
});

test('a bad label is the same typed error with or without worker threads', async () => {
  const bad = Int32Array.from(train.y);
  bad[7] = 5;
  for (const workers of [0, 2]) {
    const bag = new GbdtBag({ seeds: [1, 2], gbdt: { ...gbdt, classNames: ['a', 'b', 'c'] }, workers });
    await assert.rejects(
      async () => bag.fit(train.X, bad),
      (e: unknown) => e instanceof InvalidArgumentError && /y\[7\]/.test(e.message),
      `workers ${workers}`,
    );
  }
});

// Review finding 3: a saved bag whose forests disagree (class count, classes, feature count, feature
// names) is refused at load, naming the forest and the field; a forest that does not load is named.
test('fromJSON refuses forests that disagree with forest 0, naming the forest and the field', () => {
  const small = { ...gbdt, numRounds: 3 };
  const fitBag = (X: FeatureMatrix, y: ArrayLike<number>, opts = small): Record<string, unknown> =>
    JSON.parse(JSON.stringify((new GbdtBag({ seeds: [1, 2], gbdt: opts, workers: 0 }).fit(X, y) as GbdtBag).toJSON()));
  const base = fitBag(train.X, train.y);
  const forests = base.forests as Record<string, unknown>[];
  const withForest1 = (f: unknown): unknown => ({ ...base, forests: [forests[0], f] });
  const twoClass = fitBag(
    train.X,
    Int32Array.from(train.y, (c) => (c === 2 ? 1 : 0)),
  );
  const threeFeatures = featureMatrix(
    Float64Array.from({ length: train.X.n * 3 }, (_, q) => train.X.data[Math.floor(q / 3) * 4 + (q % 3)]),
    train.X.n,
    3,
    ['a', 'b', 'c'],
  );
  const renamed = featureMatrix(train.X.data, train.X.n, 4, ['a', 'b', 'c', 'e']);
  const named = fitBag(train.X, train.y, { ...small, classNames: ['s', 'f', 'l'] } as typeof small);
  const cases: [unknown, RegExp][] = [
    [withForest1((twoClass.forests as unknown[])[0]), /^gbdt-bag: forests\[1\] has 2 classes \(forests\[0\] has 3\)$/],
    [
      withForest1((named.forests as unknown[])[1]),
      /^gbdt-bag: forests\[1\] has classes \["s","f","l"\] \(forests\[0\] has \[0,1,2\]\)$/,
    ],
    [
      withForest1((fitBag(threeFeatures, train.y).forests as unknown[])[1]),
      /^gbdt-bag: forests\[1\] has 3 features \(forests\[0\] has 4\)$/,
    ],
    [
      withForest1((fitBag(renamed, train.y).forests as unknown[])[1]),
      /^gbdt-bag: forests\[1\] has featureNames \["a","b","c","e"\]/,
    ],
    [withForest1({ ...forests[1], numClasses: 4 }), /^gbdt-bag: forests\[1\]: gbdt: /],
  ];
  for (const [json, message] of cases) {
    assert.throws(
      () => GbdtBag.fromJSON(json),
      (e: unknown) => e instanceof ModelFormatError && message.test(e.message),
      String(message),
    );
  }
  // The untouched bag loads and predicts as saved.
  const back = GbdtBag.fromJSON(base);
  assert.equal(back.fittedForests.length, 2);
  assert.equal(back.predictProba(rows).length, rows.n * 3);
});

// Review finding 6: the validation rows given to fit (as PipelineModel passes them) reach every forest,
// in this thread and in worker threads; without them, nothing changes.
test('a validation set given to fit is what every forest early-stops on, with or without worker threads', async () => {
  const val = data(400, 3);
  const opts = { ...gbdt, numRounds: 200, learningRate: 0.3, earlyStoppingRounds: 3 };
  const seeds = [1, 2, 3];
  const alone = seeds.map((seed) =>
    new GradientBoostedTrees({ ...opts, seed }).fit(train.X, train.y, { validation: val }),
  );
  const carving = seeds.map((seed) => new GradientBoostedTrees({ ...opts, seed }).fit(train.X, train.y));
  for (const workers of [0, 2]) {
    const bag = await new GbdtBag({ seeds, gbdt: opts, workers }).fit(train.X, train.y, { validation: val });
    bag.fittedForests.forEach((f, m) => {
      assert.deepEqual(f.evalHistory, alone[m].evalHistory, `workers ${workers}, forest ${m}`);
      assert.equal(f.bestIteration, alone[m].bestIteration);
      assert.deepEqual(f.toJSON(), alone[m].toJSON());
    });
    // Without a validation set each forest carves its own rows, as before.
    const own = await new GbdtBag({ seeds, gbdt: opts, workers }).fit(train.X, train.y);
    own.fittedForests.forEach((f, m) => assert.deepEqual(f.toJSON(), carving[m].toJSON()));
    // A bad validation label is the typed error of the forests, in any thread.
    const bad = Int32Array.from(val.y);
    bad[3] = 7;
    await assert.rejects(
      async () =>
        new GbdtBag({ seeds, gbdt: opts, workers }).fit(train.X, train.y, { validation: { X: val.X, y: bad } }),
      (e: unknown) => e instanceof InvalidArgumentError && /validation y\[3\] = 7/.test(e.message),
    );
  }
});

test('inside a PipelineModel with validationFraction > 0, the held-out rows reach the forests', async () => {
  const ds = generateSynthetic({ seed: 3, customers: 150, articles: 30, purchases: 800 }).dataset;
  const m = await new PipelineModel({
    pipeline: sizeFitFeaturePipeline({ seed: 0 }),
    classifier: new GbdtBag({ seeds: [1, 2], gbdt: { numRounds: 6 }, workers: 0 }),
    validationFraction: 0.2,
  }).fit(ds);
  // Without early stopping a forest records a validation log-loss per round only when it is given rows.
  for (const f of (m.classifier as GbdtBag).fittedForests) assert.equal(f.evalHistory.length, 6);
});
