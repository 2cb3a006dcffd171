import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GbdtBag,
  GradientBoostedTrees,
  estimatorFromJSON,
  featureMatrix,
  Rng,
  InvalidArgumentError,
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
