// Exact expectations where tolerances hid mistakes: bootstrap interval ends, GroupKFold's balance, TemporalSplit's
// expanding window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracy, bootstrapCi, GroupKFold, TemporalSplit } from '../../lib/index.js';

test('bootstrapCi: the interval ends are the (1-level)/2 and (1+level)/2 quantiles (binomial accuracy)', () => {
  // 400 rows, 200 right: a resampled accuracy is Binomial(400, 0.5)/400, sd 0.025; its quartiles are
  // 0.5 -/+ 0.6745 * 0.025 = 0.4831 / 0.5169 (the 87.5% quantile, 0.5 + 1.15 * 0.025 = 0.5288, is not an end).
  const n = 400;
  const y = Int32Array.from({ length: n }, (_, i) => i % 2);
  const P = Float64Array.from({ length: 2 * n }, (_, j) => (j % 2 === 0 ? 1 : 0)); // always class 0
  const ci = bootstrapCi(accuracy, y, P, { samples: 4000, level: 0.5, seed: 1 });
  assert.equal(ci.estimate, 0.5);
  assert.ok(Math.abs(ci.high - 0.5169) <= 0.005, `high ${ci.high}`);
  assert.ok(Math.abs(ci.low - 0.4831) <= 0.005, `low ${ci.low}`);
});

test('GroupKFold places groups largest first into the emptiest fold: sizes 4,3,3,2 into k=2 give 6 + 6', () => {
  const groups = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3];
  const folds = new GroupKFold({ k: 2, seed: 0 }).split(groups.length, undefined, groups);
  assert.deepEqual(folds.map((f) => f.test.length).sort(), [6, 6]);
});

test('TemporalSplit folds: 10 distinct times in 5 equal blocks of 2 rows', () => {
  const t = Float64Array.from({ length: 10 }, (_, i) => i);
  const folds = new TemporalSplit({ folds: 4 }).split(10, undefined, undefined, t);
  assert.deepEqual(
    folds.map((f) => Array.from(f.test)),
    [
      [2, 3],
      [4, 5],
      [6, 7],
      [8, 9],
    ],
  );
  assert.deepEqual(
    folds.map((f) => f.train.length),
    [2, 4, 6, 8],
  );
});
