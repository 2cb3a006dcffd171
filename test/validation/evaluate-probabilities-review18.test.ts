// evaluateProbabilities when avgAuc is defined but every bootstrap resample lacks a class (a few records): with
// allowUndefinedAuc the interval is [NaN, NaN] (null in JSON) and the resample counts say all were dropped; the other
// metrics are given. Without it, the bootstrap's BOOTSTRAP_FAILED is thrown as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SizefitError } from '../../lib/core/errors.js';
import { evaluateProbabilities } from '../../lib/validation/evaluate-probabilities.js';

// One row per class, each leaning to its class: every AUC is 1. A resample of 3 rows holds all three classes with
// probability 3!/3^3 = 2/9; with seed 6, none of 10 resamples does (checked below through the counts).
const y = [0, 1, 2];
const P = [0.6, 0.3, 0.1, 0.2, 0.5, 0.3, 0.3, 0.3, 0.4];

test('every resample lacking a class gives a null interval with used 0, dropped all, and every other metric', () => {
  // Before: bootstrapCi threw BOOTSTRAP_FAILED ("the metric is undefined on every resample") and `sizefit evaluate`
  // exited 1, losing avgAuc, the per-class AUCs, accuracy...
  const r = evaluateProbabilities(y, P, { samples: 10, seed: 6, allowUndefinedAuc: true });
  assert.deepEqual(r.avgAucCiResamples, { used: 0, dropped: 10 });
  assert.ok(r.avgAucCi.every(Number.isNaN));
  assert.equal(r.avgAuc, 1);
  assert.deepEqual(r.auc, { small: 1, fit: 1, large: 1 });
  // The figures without a bootstrap are the same.
  const plain = evaluateProbabilities(y, P, { samples: 0 });
  assert.deepEqual(
    { ...r, avgAucCi: null, avgAucCiResamples: null },
    { ...plain, avgAucCi: null, avgAucCiResamples: null },
  );
  // In JSON, as an undefined avgAuc's interval: [null, null].
  const json = JSON.parse(JSON.stringify(r)) as { avgAucCi: unknown; avgAuc: unknown };
  assert.deepEqual(json.avgAucCi, [null, null]);
  assert.equal(json.avgAuc, 1);
});

test('without allowUndefinedAuc, a bootstrap with no resample used still throws BOOTSTRAP_FAILED', () => {
  assert.throws(
    () => evaluateProbabilities(y, P, { samples: 10, seed: 6 }),
    (e: unknown) => e instanceof SizefitError && e.code === 'BOOTSTRAP_FAILED',
  );
});

test('a bootstrap with some resample used is as before: an interval over the used ones', () => {
  const r = evaluateProbabilities(y, P, { samples: 10, seed: 0, allowUndefinedAuc: true });
  assert.ok(r.avgAucCiResamples.used > 0);
  assert.equal(r.avgAucCiResamples.used + r.avgAucCiResamples.dropped, 10);
  assert.deepEqual(r.avgAucCi, [1, 1]);
});
