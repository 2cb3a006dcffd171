import { test } from 'node:test';
import assert from 'node:assert/strict';
import { delongTest, InvalidArgumentError, MetricInputError, Rng, rocAuc, rocCurve } from '../../lib/index.js';

/** Reference: the definition, over all positive/negative pairs, ties counting 1/2. */
function pairAuc(labels: number[], scores: number[], weights?: number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] !== 0) continue;
      const w = (weights?.[i] ?? 1) * (weights?.[j] ?? 1);
      num += w * (scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0);
      den += w;
    }
  }
  return num / den;
}

test('rocAuc of the hand example [0.1,0.4,0.35,0.8] / [0,0,1,1] is 0.75', () => {
  assert.equal(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.75);
});

test('rocAuc counts a tied positive/negative pair as 1/2 (hand: 3.5 / 4)', () => {
  // positives {0.5, 0.8}, negatives {0.5, 0.2}: pairs 0.5 (tie) + 1 + 1 + 1.
  assert.equal(rocAuc([1, 0, 0, 1], [0.5, 0.5, 0.2, 0.8]), 0.875);
});

test('rocAuc is 1 for perfect scores, 0.5 for constant scores, and 1 - AUC under label swap', () => {
  assert.equal(rocAuc([0, 0, 1, 1, 1], [0.1, 0.2, 0.3, 0.9, 0.95]), 1);
  assert.equal(rocAuc([0, 1, 0, 1, 1], [0.4, 0.4, 0.4, 0.4, 0.4]), 0.5);
  const rng = new Rng(3);
  const labels = Array.from({ length: 200 }, () => (rng.bernoulli(0.3) ? 1 : 0));
  const scores = labels.map((l) => Math.round((l * 0.5 + rng.normal()) * 4) / 4);
  const auc = rocAuc(labels, scores);
  assert.ok(
    Math.abs(
      rocAuc(
        labels.map((l) => 1 - l),
        scores,
      ) -
        (1 - auc),
    ) < 1e-12,
  );
});

test('rocAuc equals the pairwise definition on seeded data with many ties, with and without weights', () => {
  const rng = new Rng(11);
  const n = 300;
  const labels = Array.from({ length: n }, () => (rng.bernoulli(0.4) ? 1 : 0));
  const scores = labels.map((l) => Math.round((l + rng.normal()) * 3) / 3);
  const weights = labels.map(() => rng.int(4));
  assert.ok(Math.abs(rocAuc(labels, scores) - pairAuc(labels, scores)) < 1e-12);
  assert.ok(Math.abs(rocAuc(labels, scores, weights) - pairAuc(labels, scores, weights)) < 1e-12);
});

test('integer weights equal duplicated rows', () => {
  const a = rocAuc([1, 0, 0, 1], [0.5, 0.5, 0.2, 0.8], [2, 1, 1, 1]);
  const b = rocAuc([1, 1, 0, 0, 1], [0.5, 0.5, 0.5, 0.2, 0.8]);
  assert.equal(a, b);
});

test('rocAuc throws InvalidArgumentError without positives or with non-binary labels', () => {
  assert.throws(() => rocAuc([0, 0, 0], [0.1, 0.2, 0.3]), InvalidArgumentError);
  assert.throws(() => rocAuc([0, 2, 1], [0.1, 0.2, 0.3]), /label 2 is not 0 or 1/);
  assert.throws(() => rocAuc([0, 1], [0.1]), InvalidArgumentError);
  assert.throws(() => rocAuc([0, 1], [0.1, NaN]), /NaN/);
});

test('rocCurve gives the hand-computed points of the example and its area', () => {
  const r = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
  assert.deepEqual(Array.from(r.fpr), [0, 0, 0.5, 0.5, 1]);
  assert.deepEqual(Array.from(r.tpr), [0, 0.5, 0.5, 1, 1]);
  assert.deepEqual(Array.from(r.thresholds), [Infinity, 0.8, 0.4, 0.35, 0.1]);
  assert.equal(r.auc, 0.75);
  // Trapezoid area of the points equals the Mann-Whitney AUC, also with ties.
  const t = rocCurve([1, 0, 0, 1], [0.5, 0.5, 0.2, 0.8]);
  let area = 0;
  for (let i = 1; i < t.fpr.length; i++) area += ((t.fpr[i] - t.fpr[i - 1]) * (t.tpr[i] + t.tpr[i - 1])) / 2;
  assert.ok(Math.abs(area - 0.875) < 1e-12);
  assert.equal(t.fpr.length, 4); // (0,0) + three distinct scores
});

test('a NaN score is reported with the function that was called and the row', () => {
  // Before: "row 1: score is NaN", without the function's name.
  const refusedAs = (message: string) => (e: unknown) => e instanceof InvalidArgumentError && e.message === message;
  assert.throws(() => rocAuc([0, 1, 1], [0.1, NaN, 0.3]), refusedAs('rocAuc: row 1: score is NaN'));
  assert.throws(() => rocCurve([0, 1, 1], [0.1, 0.2, NaN]), refusedAs('rocCurve: row 2: score is NaN'));
});

test('rocCurve refuses a score of ±Infinity, naming the row; rocAuc takes it', () => {
  // Before: a +Infinity score gave thresholds [Infinity, Infinity, 0.5, ...]: the first point, (0, 0) at threshold
  // Infinity, contradicted "positive when score >= threshold" (the Infinity row is >= Infinity).
  const refusedAs = (message: string) => (e: unknown) =>
    e instanceof MetricInputError && e.message === message && e.row !== undefined;
  assert.throws(
    () => rocCurve([1, 0, 1, 0], [0.3, 0.2, Infinity, 0.1]),
    refusedAs('rocCurve: row 2: score Infinity is not finite'),
  );
  assert.throws(
    () => rocCurve([1, 0, 1, 0], [0.3, -Infinity, 0.5, 0.1]),
    refusedAs('rocCurve: row 1: score -Infinity is not finite'),
  );
  assert.equal(rocAuc([1, 0, 1, 0], [0.3, 0.2, Infinity, 0.1]), 1);
});

test("delongTest: a NaN score names the model's scores and the row", () => {
  // Before: "delongTest: a score is NaN", without saying which model or row.
  const refusedAs = (message: string) => (e: unknown) => e instanceof InvalidArgumentError && e.message === message;
  const labels = [0, 1, 0, 1, 0];
  assert.throws(
    () => delongTest(labels, [1, 2, 3, 4, 5], [1, 2, NaN, 4, 5]),
    refusedAs('delongTest: scoresB row 2: score is NaN'),
  );
  // with NaN in rows 1 and 4 of model A, the first one is named
  assert.throws(
    () => delongTest(labels, [1, NaN, 3, 4, NaN], [1, 2, 3, 4, 5]),
    refusedAs('delongTest: scoresA row 1: score is NaN'),
  );
});
