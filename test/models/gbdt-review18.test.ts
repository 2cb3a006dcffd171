import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GbdtBag, GradientBoostedTrees, InvalidArgumentError, Rng, type GbdtMatrix } from '../../lib/index.js';
import { xorData } from './xor-data.js';

/** `counts[c]` rows of class c (in blocks), `p` uniform features. */
function blocks(counts: number[], p: number, seed: number): { X: GbdtMatrix; y: Int32Array } {
  const n = counts.reduce((a, b) => a + b, 0);
  const r = new Rng(seed);
  const data = new Float64Array(n * p);
  for (let i = 0; i < data.length; i++) data[i] = r.uniform(-1, 1);
  const y = new Int32Array(n);
  let i = 0;
  counts.forEach((m, c) => {
    for (let j = 0; j < m; j++) y[i++] = c;
  });
  return { X: { data, n, p }, y };
}

function splitNodes(m: GradientBoostedTrees): number {
  const json = m.toJSON() as unknown as { trees: { feature: unknown[] }[] };
  return json.trees.reduce((s, t) => s + t.feature.length, 0);
}

// Review 18 finding 1: with early stopping and no validation set, the rows held out of a weighted training set were
// scored unweighted, so rows of weight 0 (here: every class-2 row, whose prior is the 1e-15 floor) dominated the
// stopping loss (8.2 where the weighted loss was 0.6).
test('early stopping scores the rows held out of a weighted training set by their weights', () => {
  // 100, 60, 40 rows: a validationFraction of 0.1 holds out exactly 10, 6, 4 of them (stratified).
  const counts = [100, 60, 40];
  const classWeight = [1, 3, 0];
  const { X, y } = blocks(counts, 3, 1);
  const w = Float64Array.from(y, (c) => classWeight[c]);
  // lambdaL2 1e300: every leaf value is ~1e-301, so the scores stay the log priors of the training rows.
  const m = new GradientBoostedTrees({ numRounds: 3, earlyStoppingRounds: 2, lambdaL2: 1e300, seed: 3 });
  m.fit(X, y, { sampleWeight: w });
  const held = counts.map((c) => c / 10);
  const trainMass = counts.map((c, k) => (c - held[k]) * classWeight[k]);
  const total = trainMass.reduce((a, b) => a + b, 0);
  let lossSum = 0;
  let weightSum = 0;
  for (let c = 0; c < 3; c++) {
    if (classWeight[c] === 0) continue;
    lossSum -= held[c] * classWeight[c] * Math.log(trainMass[c] / total);
    weightSum += held[c] * classWeight[c];
  }
  const expected = lossSum / weightSum; // ~0.65; unweighted, the 4 held-out class-2 rows add 4 x 34.5 / 20
  const history = m.evalHistory;
  assert.equal(history.length, 3);
  for (const loss of history) assert.ok(Math.abs(loss - expected) < 1e-9, `${loss} vs weighted ${expected}`);
});

test('early stopping on a weighted holdout picks the round of the weighted loss, and unit weights change nothing', () => {
  const { X, y } = xorData(1200, 4, 7);
  const opts = { numRounds: 60, learningRate: 0.3, earlyStoppingRounds: 5, seed: 2 };
  // Weight 0 on every class-2 row: the model never learns class 2, whose held-out rows only grow the unweighted loss.
  const w = Float64Array.from(y, (c) => (c === 2 ? 0 : 1));
  const m = new GradientBoostedTrees(opts).fit(X, y, { sampleWeight: w });
  const h = m.evalHistory;
  assert.ok(
    h.every((v) => v < Math.LN2),
    `every weighted loss is below ln 2 (the 2-class prior); got ${h[0]} first`,
  );
  assert.equal(h[m.bestIteration - 1], Math.min(...h));
  // Unit weights give the model without weights, bit for bit (the unweighted loss is computed as before).
  const a = new GradientBoostedTrees(opts).fit(X, y, { sampleWeight: new Float64Array(X.n).fill(1) });
  const b = new GradientBoostedTrees(opts).fit(X, y);
  assert.deepEqual(a.evalHistory, b.evalHistory);
  assert.equal(JSON.stringify(a.toJSON()), JSON.stringify(b.toJSON()));
});

test('a holdout for early stopping without any weighted row is refused (its weighted loss is 0/0)', () => {
  // Class 1 has 4 rows: a validationFraction of 0.1 holds none of them out, and only they are weighted.
  const { X, y } = blocks([40, 4], 2, 5);
  const w = Float64Array.from(y, (c) => (c === 1 ? 1 : 0));
  for (const seed of [0, 1, 2]) {
    assert.throws(
      () => new GradientBoostedTrees({ numRounds: 3, earlyStoppingRounds: 1, seed }).fit(X, y, { sampleWeight: w }),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        /no row with a positive sampleWeight was held out for early stopping/.test(e.message),
      `seed ${seed}`,
    );
  }
  // With a validation set the weights of the training rows suffice.
  const m = new GradientBoostedTrees({ numRounds: 3, earlyStoppingRounds: 1, minDataInLeaf: 2 });
  assert.ok(m.fit(X, y, { sampleWeight: w, validation: { X, y } }).evalHistory.every(Number.isFinite));
});

// Review 18 finding 2: weights whose sum passed ~1e154 made the split gain G²/(H+λ) overflow to NaN, so the trees
// had one leaf and the model predicted the priors, without an error.
test('sample weights summing to more than 1e150 are refused, naming the sum; up to it the trees still split', () => {
  const { X, y } = xorData(2000, 3, 11);
  const unit = new GradientBoostedTrees({ numRounds: 5 }).fit(X, y);
  for (const v of [1e160, 1e200, 1e308]) {
    assert.throws(
      () => new GradientBoostedTrees({ numRounds: 5 }).fit(X, y, { sampleWeight: new Float64Array(X.n).fill(v) }),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        /^sampleWeight sums to ([0-9.e+]+|Infinity), above the bound 1e\+150/.test(e.message) &&
        /rescale the weights/.test(e.message),
      `weights ${v}`,
    );
  }
  // The sum just above the bound (each weight is fine): refused.
  const over = new Float64Array(X.n).fill(1e150 / 1000);
  assert.throws(
    () => new GradientBoostedTrees({ numRounds: 5 }).fit(X, y, { sampleWeight: over }),
    /sampleWeight sums to (2|1\.9+\d*)e\+150, above the bound/,
  );
  // At the bound: the gains stay finite and the trees split as with unit weights.
  const atBound = new GradientBoostedTrees({ numRounds: 5 }).fit(X, y, {
    sampleWeight: new Float64Array(X.n).fill(1e150 / X.n),
  });
  assert.ok(splitNodes(atBound) > 0.9 * splitNodes(unit), `${splitNodes(atBound)} vs ${splitNodes(unit)} split nodes`);
  assert.ok(atBound.featureImportance().every(Number.isFinite));
  const agree = atBound.predict(X).filter((c, i) => c === unit.predict(X)[i]).length;
  assert.ok(agree > 0.95 * X.n, `${agree} of ${X.n} predictions agree with the unit-weight model`);
});

// Review 18 finding 3: without classNames, a label that is an ID set k = max(y) + 1: 2 ** 32 threw an untyped
// RangeError from a typed array of n x k scores, and 1e6 would grow a million trees per round.
test('without classNames, a label that would make more than 1,000 classes is refused, naming it and its row', () => {
  const X: GbdtMatrix = { data: Float64Array.of(0, 1, 2, 3), n: 4, p: 1 };
  for (const big of [2 ** 32, 1e6, 1000]) {
    assert.throws(
      () => new GradientBoostedTrees({ numRounds: 1 }).fit(X, [0, 1, big, 1]),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.message.startsWith(`y[2] = ${big} would make ${big + 1} classes`) &&
        /classNames/.test(e.message),
      `label ${big}`,
    );
  }
  // 999 is the largest inferred code: 1,000 classes.
  const m = new GradientBoostedTrees({ numRounds: 1, minDataInLeaf: 1 }).fit(X, [0, 1, 999, 1]);
  assert.equal(m.classes.length, 1000);
  assert.equal(m.predictProba(X).length, 4 * 1000);
  assert.ok(m.predict(X).every((c) => c === 0 || c === 1 || c === 999));
});

test('GbdtBag refuses such a label too, with or without worker threads, before any forest grows', () => {
  const X = { data: Float64Array.of(0, 1, 2, 3), n: 4, p: 1, names: ['a'] };
  for (const workers of [1, 2]) {
    assert.throws(
      () => new GbdtBag({ seeds: [1, 2], gbdt: { numRounds: 1 }, workers }).fit(X, [0, 1, 2 ** 32, 1]),
      (e: unknown) => e instanceof InvalidArgumentError && /^y\[2\] = 4294967296 would make/.test(e.message),
      `workers ${workers}`,
    );
  }
});
