import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brierScore, InvalidArgumentError, logLoss } from '../../lib/index.js';

const y = Int32Array.from([0, 1, 2, 0, 1, 2]);
const P = Float64Array.from([0.7, 0.2, 0.1, 0.2, 0.5, 0.3, 0.1, 0.3, 0.6, 0.3, 0.4, 0.3, 0.5, 0.3, 0.2, 0.2, 0.2, 0.6]);

test('log-loss of the hand example: -mean(ln .7, ln .5, ln .6, ln .3, ln .3, ln .6)', () => {
  assert.ok(Math.abs(logLoss(y, P) - 0.7465698301137552) < 1e-12);
});

test('log-loss clips a zero probability at 1e-15', () => {
  assert.ok(Math.abs(logLoss([1], [1, 0]) - 34.538776394910684) < 1e-9);
  assert.ok(Math.abs(logLoss([0, 1], [1, 0, 1, 0]) - 34.538776394910684 / 2) < 1e-9);
});

test('Brier score of the hand example: (0.14 + 0.38 + 0.26 + 0.74 + 0.78 + 0.24) / 6', () => {
  assert.ok(Math.abs(brierScore(y, P) - 2.54 / 6) < 1e-12);
  assert.equal(brierScore([0, 1], [1, 0, 0, 1]), 0);
  assert.equal(brierScore([0], [0, 1]), 2);
});

test('weights: a weighted mean of the row losses', () => {
  const w = [3, 0, 0, 1, 0, 0];
  assert.ok(Math.abs(logLoss(y, P, w) - -(3 * Math.log(0.7) + Math.log(0.3)) / 4) < 1e-12);
  assert.throws(() => logLoss(y, P, [1, 2]), InvalidArgumentError);
  assert.throws(() => brierScore(y, P, [1, 1, 1, 1, 1, -1]), /weight -1/);
});
