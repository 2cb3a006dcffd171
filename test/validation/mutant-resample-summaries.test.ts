// The summaries of resampled values, checked exactly: a metric whose value on the b-th resample is b takes the
// randomness out of bootstrapCi and pairedBootstrap, so that their percentile ends (Hyndman & Fan type 7) and
// standard errors (n - 1 denominator) can be computed by hand; crossValidate's sd over folds likewise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bootstrapCi,
  crossValidate,
  KFold,
  pairedBootstrap,
  type Metric,
  type ProbabilisticClassifier,
} from '../../lib/index.js';

const close = (actual: number, expected: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual}, expected ${expected}`);

const y = Int32Array.from([0, 1, 0, 1]);
const Pa = Float64Array.from([0.9, 0.1, 0.2, 0.8, 0.7, 0.3, 0.4, 0.6]);
const Pb = Float64Array.from([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);

/** A metric worth 0 on the full data and b on the b-th weighted call (b = 1, 2, ...) for the probabilities `of`. */
function countingMetric(of: ArrayLike<number>): Metric {
  let calls = 0;
  return (_y, P, weights) => (P !== of || weights === undefined ? 0 : ++calls);
}

test('bootstrapCi: the ends are type-7 quantiles and the standard error has an n - 1 denominator', () => {
  // Resampled values 1..6. Type 7 quantile q of m sorted values: x[h] interpolated at h = (m - 1) q (0-based), so
  // q = 0.25 gives h = 1.25, 2 + 0.25 = 2.25, and q = 0.75 gives h = 3.75, 4.75. The sd of 1..6: sqrt(17.5 / 5).
  const ci = bootstrapCi(countingMetric(Pa), y, Pa, { samples: 6, level: 0.5, seed: 3 });
  assert.equal(ci.estimate, 0);
  assert.equal(ci.samples, 6);
  close(ci.low, 2.25, 'low');
  close(ci.high, 4.75, 'high');
  close(ci.standardError, Math.sqrt(3.5), 'standard error');
});

test('pairedBootstrap: type-7 ends, n - 1 standard error and the (count + 1) / (m + 1) p-value of the differences', () => {
  // Differences 1..6 (model A's b-th value minus model B's 0): the same ends as above; no difference is <= 0, so
  // p = 2 x min((0 + 1) / 7, (6 + 1) / 7) = 2/7.
  const r = pairedBootstrap(countingMetric(Pa), y, Pa, Pb, { samples: 6, level: 0.5, seed: 3 });
  assert.equal(r.difference, 0);
  close(r.low, 2.25, 'low');
  close(r.high, 4.75, 'high');
  close(r.standardError, Math.sqrt(3.5), 'standard error');
  close(r.pValue, 2 / 7, 'p-value');
});

/** Uniform probabilities over classes 0, 1, 2; the data are just a row count. */
class UniformClassifier implements ProbabilisticClassifier<number> {
  readonly classes = [0, 1, 2];
  fit(): this {
    return this;
  }
  predictProba(rows: number): Float64Array {
    return new Float64Array(rows * 3).fill(1 / 3);
  }
}

test('crossValidate: sd over folds is the sample standard deviation (n - 1)', async () => {
  // Contiguous folds of 2 rows; the metric reads the first test row's label: 0, 1, 2. Mean 1, sd sqrt(2 / 2) = 1.
  const labels = Int32Array.from([0, 0, 1, 1, 2, 2]);
  const firstLabel: Metric = (yTest) => yTest[0];
  const r = await crossValidate(
    () => new UniformClassifier(),
    { n: 6, take: (idx) => idx.length, labels },
    new KFold({ k: 3, shuffle: false }),
    { metrics: { firstLabel } },
  );
  assert.deepEqual(
    r.folds.map((f) => f.metrics.firstLabel),
    [0, 1, 2],
  );
  close(r.mean.firstLabel, 1, 'mean');
  close(r.sd.firstLabel, 1, 'sd');
});
