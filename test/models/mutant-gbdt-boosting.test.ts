// The raw score of GradientBoostedTrees follows its definition: initial score (log class shares of the training
// rows) plus, for every kept tree of the class, its leaf's Newton step -G / (H + lambdaL2) x learningRate.
// Cases the statistical tests in gbdt.test.ts do not pin down: single-leaf trees, a learning rate other than the
// default, the rows a stratified holdout keeps for training, and early stopping when no round improves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GradientBoostedTrees, Rng } from '../../lib/index.js';

type TreeJSON = { feature: number[]; threshold: number[]; leafValue: number[] };

test('trees that are a single leaf each add their own leaf value to their own class', () => {
  // A constant feature allows no split, so every tree is one leaf; bagging half the rows gives each
  // tree its own non-zero Newton step (the bag's gradient sum is not zero).
  const n = 60;
  const r = new Rng(4);
  const X = { data: new Float64Array(n).fill(1), n, p: 1 };
  const y = Int32Array.from({ length: n }, () => r.int(3));
  const m = new GradientBoostedTrees({ numRounds: 6, baggingFraction: 0.5, baggingFreq: 1, seed: 2 }).fit(X, y);
  const json = m.toJSON() as unknown as { initScore: number[]; trees: TreeJSON[] };
  const k = 3;
  assert.equal(json.trees.length, 6 * k);
  const expected = json.initScore.slice();
  json.trees.forEach((t, i) => {
    assert.equal(t.feature.length, 0, `tree ${i} has no split`);
    assert.equal(t.leafValue.length, 1);
    expected[i % k] += t.leafValue[0];
  });
  // The steps differ between trees, so a tree reading another tree's leaf would show.
  assert.ok(new Set(json.trees.map((t) => t.leafValue[0])).size > 3, 'leaf values all alike');
  const raw = m.predictRaw({ data: Float64Array.of(1, 5), n: 2, p: 1 });
  for (let i = 0; i < 2; i++) {
    for (let c = 0; c < k; c++) {
      assert.ok(
        Math.abs(raw[i * k + c] - expected[c]) < 1e-12,
        `row ${i} class ${c}: ${raw[i * k + c]} vs ${expected[c]}`,
      );
    }
  }
});

test('the leaf step scales with learningRate: one split, hand-computed Newton step at learningRate 0.3', () => {
  // x = 1..4 class 0, x = 10..13 class 1; priors 0.5, so p = 0.5 on every row. Class-0 tree, left leaf:
  // G = 4 x (0.5 - 1) = -2, H = 4 x 0.5 x 0.5 x k/(k-1) = 2; value = 2 / (2 + lambdaL2 1) x 0.3 = 0.2.
  const X = { data: Float64Array.of(1, 2, 3, 4, 10, 11, 12, 13), n: 8, p: 1 };
  const y = Int32Array.of(0, 0, 0, 0, 1, 1, 1, 1);
  for (const [learningRate, step] of [
    [0.3, 0.2],
    [1, 2 / 3],
  ]) {
    const m = new GradientBoostedTrees({ numRounds: 1, numLeaves: 2, minDataInLeaf: 1, lambdaL2: 1, learningRate });
    const t0 = (m.fit(X, y).toJSON() as unknown as { trees: TreeJSON[] }).trees[0];
    assert.ok(Math.abs(t0.leafValue[0] - step) < 1e-15, `learningRate ${learningRate}: left leaf ${t0.leafValue[0]}`);
    assert.ok(Math.abs(t0.leafValue[1] + step) < 1e-15, `learningRate ${learningRate}: right leaf ${t0.leafValue[1]}`);
  }
});

test('early stopping holds out round(validationFraction x count) rows of each class: the prior is of the rest', () => {
  // Class 0 has 10 rows, class 1 has 4; fraction 0.25 holds out round(2.5) = 3 and round(1) = 1 rows.
  // The training rows are then 7 and 3: initial scores log 0.7 and log 0.3, whichever rows the seed draws.
  const n = 14;
  const X = { data: Float64Array.from({ length: n }, (_, i) => i), n, p: 1 };
  const y = Int32Array.from({ length: n }, (_, i) => (i < 10 ? 0 : 1));
  for (const seed of [1, 2, 3]) {
    const m = new GradientBoostedTrees({
      numRounds: 2,
      minDataInLeaf: 1,
      earlyStoppingRounds: 1,
      validationFraction: 0.25,
      seed,
    }).fit(X, y);
    const init = (m.toJSON() as unknown as { initScore: number[] }).initScore;
    assert.ok(Math.abs(init[0] - Math.log(0.7)) < 1e-12, `seed ${seed}: initScore ${init}`);
    assert.ok(Math.abs(init[1] - Math.log(0.3)) < 1e-12, `seed ${seed}: initScore ${init}`);
  }
});

test('early stopping keeps the first of equally good rounds and stops earlyStoppingRounds rounds after it', () => {
  // A constant feature (no split) and two classes of 4 rows: p = 0.5 exactly, the gradients cancel, every
  // tree adds exactly 0 and the validation loss never changes. No round improves on round 1.
  const X = { data: new Float64Array(8).fill(3), n: 8, p: 1 };
  const y = Int32Array.of(0, 1, 0, 1, 0, 1, 0, 1);
  const m = new GradientBoostedTrees({ numRounds: 20, earlyStoppingRounds: 3 }).fit(X, y, { validation: { X, y } });
  const hist = m.evalHistory;
  assert.ok(
    hist.every((v) => v === hist[0]),
    `history ${hist}`,
  );
  assert.equal(m.bestIteration, 1);
  assert.equal(hist.length, 1 + 3);
  assert.equal(m.numTrees, 2);
});
