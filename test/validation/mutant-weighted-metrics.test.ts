// Row weights as frequencies, and scikit-learn's zero_division = 0 for a class that is never present: cases the
// other metric tests left open (a weighted mean divided by n, a weighted average of AUCs by unweighted prevalence, a
// recall of 1 for an absent class all passed them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brierScore, classReport, multiclassAuc } from '../../lib/index.js';

const close = (actual: number, expected: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual}, expected ${expected}`);

test('brierScore with weights is the weighted mean, divided by the total weight, not by the row count', () => {
  // Row 0 is right with certainty (0), row 1 wrong with certainty ((1 - 0)^2 + (0 - 1)^2 = 2): (1 x 0 + 3 x 2) / 4.
  const y = [0, 1];
  const P = [1, 0, 1, 0];
  close(brierScore(y, P, [1, 3]), 1.5, 'weighted Brier');
  // The same as the rows repeated by their weights.
  close(brierScore(y, P, [1, 3]), brierScore([0, 1, 1, 1], [1, 0, 1, 0, 1, 0, 1, 0]), 'weights as repeats');
});

test("multiclassAuc 'weighted' weighs each class's AUC by its weighted prevalence", () => {
  const y = [0, 1, 2, 2];
  const P = [0.6, 0.3, 0.1, 0.2, 0.5, 0.3, 0.1, 0.2, 0.7, 0.3, 0.4, 0.3];
  const weights = [1, 1, 1, 3];
  // Classes 0 and 1 rank their single positive above every negative: AUC 1 whatever the weights. Class 2: positives
  // 0.7 (weight 1) and 0.3 (weight 3) against negatives 0.1 and 0.3 (weight 1 each): (1 x 2 + 3 x (1 + 1/2)) / (4 x 2)
  // = 0.8125. Weighted prevalences 1, 1 and 4 of 6: (1 + 1 + 4 x 0.8125) / 6 = 0.875.
  const options = { multiClass: 'ovr', average: 'weighted' } as const;
  close(multiclassAuc(y, P, { ...options, weights }), 0.875, 'weighted average of weighted AUCs');
  const yRepeated = [0, 1, 2, 2, 2, 2];
  const PRepeated = [...P, 0.3, 0.4, 0.3, 0.3, 0.4, 0.3];
  close(multiclassAuc(yRepeated, PRepeated, options), 0.875, 'the rows repeated by their weights');
});

test('classReport: a class that is predicted but never present has recall 0 (zero_division = 0), not 1', () => {
  // Truth 0, 0, 1, 1; argmax 0, 0, 1, 2: class 2 is predicted once and never present.
  const y = [0, 0, 1, 1];
  const P = [0.8, 0.1, 0.1, 0.6, 0.3, 0.1, 0.2, 0.7, 0.1, 0.1, 0.2, 0.7];
  const r = classReport(y, P);
  assert.deepEqual(r.support, [2, 2, 0]);
  assert.deepEqual(r.precision, [1, 1, 0]);
  assert.deepEqual(r.recall, [1, 0.5, 0]);
  close(r.macroRecall, 0.5, 'macro recall');
  close(r.macroPrecision, 2 / 3, 'macro precision');
  // F1: 1, 2 x 1 x 0.5 / 1.5 = 2/3, 0.
  close(r.macroF1, 5 / 9, 'macro F1');
});
