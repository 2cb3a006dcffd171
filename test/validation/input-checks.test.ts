// What the metrics and validation routines refuse: matrices that are not distributions where probabilities
// are needed, weights that sum to 0, labels that are not class codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  InvalidArgumentError,
  accuracy,
  avgOvrAuc,
  macroF1,
  brierScore,
  calibrationBins,
  evaluateProbabilities,
  learningCurve,
  logLoss,
  oneVsRestAuc,
  predictedLabels,
  repeatedHoldout,
} from '../../lib/index.js';

function refused(f: () => unknown, re: RegExp): void {
  assert.throws(f, (e: unknown) => e instanceof InvalidArgumentError && re.test(e.message));
}

test('log-loss, Brier score, calibration and evaluateProbabilities need each row to be a distribution', () => {
  // Before: logLoss([0, 1], [2, 2, 3, 1]) was 1e-15 ("perfect"), brierScore 16.09 outside its range [0, 2].
  refused(() => logLoss([0, 1], [2, 2, 3, 1]), /logLoss: row 0: probability 2 is not in \[0, 1\]/);
  refused(() => logLoss([0, 1], [1.2, -0.2, 0.5, 0.5]), /row 0: probability 1\.2 is not in \[0, 1\]/);
  refused(() => brierScore([0, 1], [0.5, 0.4, 0.3, 0.7]), /brierScore: row 0: probabilities sum to 0\.9/);
  refused(() => calibrationBins([0, 1], [-0.5, 1.5, 0.5, 0.5], { bins: 2 }), /calibrationBins: row 0/);
  refused(() => evaluateProbabilities([0, 1], [0.6, 0.6, 0.5, 0.5], { samples: 0 }), /sum to 1\.2/);
  // Float32 rounding is tolerated.
  const f32 = Array.from(Float32Array.of(0.1, 0.7, 0.2, 0.3, 0.3, 0.4));
  assert.ok(Number.isFinite(logLoss([1, 2], f32)));
  // Rank metrics take any finite scores.
  assert.deepEqual(Array.from(oneVsRestAuc([0, 1, 1, 0], [5, 3, 1, 2, -1, 7, 4, 0])), [1, 0.75]);
  assert.equal(accuracy([0, 1], [3, 1, 1, 3]), 1);
});

test('weights that sum to 0 are refused instead of giving NaN', () => {
  for (const f of [
    () => logLoss([0, 1], [0.9, 0.1, 0.2, 0.8], [0, 0]),
    () => brierScore([0, 1], [0.9, 0.1, 0.2, 0.8], [0, 0]),
    () => accuracy([0, 1], [0.9, 0.1, 0.2, 0.8], [0, 0]),
  ]) {
    refused(f, /the weights sum to 0: no row counts/);
  }
  assert.ok(Math.abs(logLoss([0, 1], [0.9, 0.1, 0.2, 0.8], [0, 1]) + Math.log(0.8)) < 1e-12);
});

test('labels that are not class codes are refused, not converted to one', async () => {
  // Before: NaN became class 0 in learningCurve and 0.5 was truncated to class 0 in repeatedHoldout.
  const n = 40;
  const model = (): { fit: () => Promise<unknown>; predictProba: (rows: Int32Array) => Float64Array } => ({
    fit: () => Promise.resolve(),
    predictProba: (rows) => new Float64Array(rows.length * 3).fill(1 / 3),
  });
  const labels = Array.from({ length: n }, (_, i) => i % 3);
  const withNaN = labels.map((v, i) => (i === 7 ? NaN : v));
  await assert.rejects(
    learningCurve(
      model,
      { n, take: (idx: Int32Array) => idx },
      { data: Int32Array.from({ length: 8 }, (_, i) => i), labels: withNaN.slice(0, 8) },
      { fractions: [1] },
    ),
    /learningCurve: row 7: label NaN is not a class code in 0\.\.2/,
  );
  const half = labels.map((v, i) => (i === 5 ? 0.5 : v));
  await assert.rejects(
    repeatedHoldout(model, { n, take: (idx) => idx, labels: half }, { seeds: [1] }),
    /repeatedHoldout: row 5: label 0\.5 is not a class code in 0\.\.2 or -1 \(unlabelled\)/,
  );
  refused(() => predictedLabels([NaN, 0.8, 0.5, 0.5], 2), /predictedLabels: row 0: probability NaN has no rank/);
});

test('labels for part of the rows of a probability P are refused by every metric whenever P divides into the labels', () => {
  // k is read off P's length: a P length that is not a multiple of the labels is refused as such, and a P of
  // probabilities of more rows than labels (whole or fractional multiple) by its values, not read as more classes.
  // Before: 6 labels with a 12 x 3 P were read as 6 x 6 (accuracy 0.333, 1.0 on those rows); 9 labels were read as
  // 9 x 4, accuracy and macroF1 returned a figure and avgOvrAuc blamed a class 3 that does not exist.
  const P12 = new Float64Array(36);
  const y12 = Int32Array.from({ length: 12 }, (_, i) => i % 3);
  for (let i = 0; i < 12; i++)
    P12.set(i % 3 === 0 ? [0.7, 0.2, 0.1] : i % 3 === 1 ? [0.1, 0.8, 0.1] : [0.1, 0.2, 0.7], i * 3);
  assert.equal(accuracy(y12.subarray(0, 6), P12.subarray(0, 18)), 1);
  for (const labelled of [6, 9, 4]) {
    const y = y12.subarray(0, labelled);
    for (const [name, metric] of [
      ['accuracy', accuracy],
      ['avgOvrAuc', avgOvrAuc],
      ['macroF1', macroF1],
    ] as const) {
      assert.throws(
        () => metric(y, P12),
        (e: unknown) =>
          e instanceof InvalidArgumentError &&
          new RegExp(
            `P has 36 values for ${labelled} labels, read as ${labelled} x ${36 / labelled}, .*` +
              'looks like 12 rows of 3 class probabilities',
          ).test(e.message),
        `${name}, ${labelled} labels`,
      );
    }
  }
  refused(() => accuracy(y12.subarray(0, 7), P12), /P has 36 values, not a multiple of 7 rows/);
  // the probability metrics refuse such a P by its rows, which do not sum to 1
  refused(() => logLoss(y12.subarray(0, 9), P12), /logLoss: row 0: probabilities sum to 1\.09+, not 1/);
  // Not caught (k is not known to a metric): more labels than rows of P when the labels fit the smaller k read off
  // P, e.g. 12 labels 0..2 with a 9 x 4 P read as 12 x 3.
  // one-vs-rest scores whose rows happen to sum to a whole number are not mistaken for stacked probabilities
  const ovr = Float64Array.from([0.9, 0.6, 0.3, 0.2, 0.1, 0.2, 0.8, 0.9]);
  assert.equal(accuracy(Int32Array.from([0, 3]), ovr), 1);
  assert.doesNotThrow(() =>
    avgOvrAuc(
      Int32Array.from([0, 1, 2, 3]),
      [0.9, 0.6, 0.3, 0.2, 0.1, 0.2, 0.8, 0.9, 0.5, 0.5, 0.5, 0.5, 0.2, 0.3, 0.6, 0.9],
    ),
  );
  // scores that are not probabilities are still taken by rank metrics
  assert.equal(accuracy(Int32Array.from([0, 1]), [5, 1, -2, 2, 9, 0]), 1);
  assert.equal(accuracy(Int32Array.from([0, 1]), [1, 1, 1, 1, 1, 1]), 0.5);
  // a true probability matrix is never taken for another (its values sum to its rows): here a 3 x 4 P whose first
  // two blocks of 3 values are distributions is not read as 4 rows of 3
  assert.equal(accuracy(Int32Array.from([1, 0, 3]), [0.5, 0.5, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1]), 2 / 3);
});
