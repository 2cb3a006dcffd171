import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accuracy,
  classReport,
  confusionMatrix,
  InvalidArgumentError,
  macroF1,
  predictedLabels,
} from '../../lib/index.js';

// Argmax of the rows: 0, 1, 2, 1, 0, 2 against truth 0, 1, 2, 0, 1, 2.
const y = Int32Array.from([0, 1, 2, 0, 1, 2]);
const P = Float64Array.from([0.7, 0.2, 0.1, 0.2, 0.5, 0.3, 0.1, 0.3, 0.6, 0.3, 0.4, 0.3, 0.5, 0.3, 0.2, 0.2, 0.2, 0.6]);

test('predictedLabels takes the argmax of each row (first on ties)', () => {
  assert.deepEqual(Array.from(predictedLabels(P, 3)), [0, 1, 2, 1, 0, 2]);
  assert.deepEqual(Array.from(predictedLabels([0.4, 0.4, 0.2], 3)), [0]);
});

test('confusion matrix of the hand example', () => {
  assert.deepEqual(confusionMatrix(y, predictedLabels(P, 3), 3), [
    [1, 1, 0],
    [1, 1, 0],
    [0, 0, 2],
  ]);
  assert.deepEqual(confusionMatrix([0, 1], [1, 1], 2, [2, 3]), [
    [0, 2],
    [0, 3],
  ]);
  assert.throws(() => confusionMatrix([0, 3], [0, 0], 3), InvalidArgumentError);
});

test('accuracy and macro-F1 of the hand example: 4/6 and (0.5 + 0.5 + 1) / 3', () => {
  assert.ok(Math.abs(accuracy(y, P) - 4 / 6) < 1e-15);
  const r = classReport(y, P);
  assert.deepEqual(r.precision, [0.5, 0.5, 1]);
  assert.deepEqual(r.recall, [0.5, 0.5, 1]);
  assert.deepEqual(r.f1, [0.5, 0.5, 1]);
  assert.deepEqual(r.support, [2, 2, 2]);
  assert.ok(Math.abs(macroF1(y, P) - 2 / 3) < 1e-15);
});

test('a class never predicted has precision 0 and F1 0 (zero_division = 0)', () => {
  // Truth 0, 0, 1, 2; everything predicted 0. Class 0: precision 2/4, recall 1, F1 2/3.
  const y2 = Int32Array.from([0, 0, 1, 2]);
  const P2 = Float64Array.from([1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0]);
  const r = classReport(y2, P2);
  assert.deepEqual(r.precision, [0.5, 0, 0]);
  assert.deepEqual(r.recall, [1, 0, 0]);
  assert.ok(Math.abs(r.f1[0] - 2 / 3) < 1e-15);
  assert.ok(Math.abs(r.macroF1 - 2 / 9) < 1e-15);
  assert.ok(Math.abs(accuracy(y2, P2) - 0.5) < 1e-15);
});

test('weights act as row multiplicities', () => {
  // Doubling row 3 (true 0, predicted 1) and dropping row 4 (true 1, predicted 0).
  const w = [1, 1, 1, 2, 0, 1];
  assert.ok(Math.abs(accuracy(y, P, w) - 4 / 6) < 1e-15);
  const r = classReport(y, P, w);
  // class 0: predicted only at row 0 (tp 1) -> precision 1, recall 1/3.
  assert.ok(Math.abs(r.precision[0] - 1) < 1e-15);
  assert.ok(Math.abs(r.recall[0] - 1 / 3) < 1e-15);
});
