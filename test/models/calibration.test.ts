import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  InvalidArgumentError,
  TemperatureScaling,
  VectorScaling,
  estimatorFromJSON,
  featureMatrix,
  logLoss,
  minimizeLbfgs,
  oneVsRestAuc,
  predictedLabels,
  type FeatureMatrix,
  type LbfgsOptions,
} from '../../lib/index.js';
import { miscalibrated } from './miscalibrated-data.js';

const ll = (y: Int32Array, P: FeatureMatrix): number => logLoss(y, P.data);

describe('TemperatureScaling', () => {
  test('recovers the temperature of an over-confident model; log-loss improves; predicted classes unchanged', () => {
    const { P, y } = miscalibrated(20000, 3, 1);
    const ts = new TemperatureScaling().fit(P, y);
    assert.ok(Math.abs(ts.temperature - 3) < 0.15, `T = ${ts.temperature}`);
    const Q = ts.transform(P);
    assert.ok(ll(y, Q) < ll(y, P) - 0.1, `log-loss ${ll(y, P)} -> ${ll(y, Q)}`);
    assert.ok(Math.abs(ts.trainingLogLoss.after - ll(y, Q)) < 1e-9);
    // The predicted class of every row is unchanged; one-vs-rest AUCs move very little.
    assert.deepEqual(predictedLabels(Q.data, 3), predictedLabels(P.data, 3));
    const a = oneVsRestAuc(y, P.data);
    const b = oneVsRestAuc(y, Q.data);
    for (let c = 0; c < 3; c++) assert.ok(Math.abs(a[c] - b[c]) < 0.005, `class ${c}: ${a[c]} vs ${b[c]}`);
    for (let i = 0; i < 10; i++) assert.ok(Math.abs(Q.data[i * 3] + Q.data[i * 3 + 1] + Q.data[i * 3 + 2] - 1) < 1e-12);
  });

  test('with two classes the ranking, hence the AUC, is exactly unchanged', () => {
    const { P, y } = miscalibrated(5000, 3, 6);
    const two = featureMatrix(new Float64Array(P.n * 2), P.n, 2, ['a', 'b']);
    const y2 = Int32Array.from(y, (c) => (c === 2 ? 1 : 0));
    for (let i = 0; i < P.n; i++) {
      two.data[i * 2] = P.data[i * 3] + P.data[i * 3 + 1];
      two.data[i * 2 + 1] = P.data[i * 3 + 2];
    }
    const ts = new TemperatureScaling().fit(two, y2);
    assert.ok(ts.temperature > 1.5, `T = ${ts.temperature}`);
    assert.deepEqual(oneVsRestAuc(y2, ts.transform(two).data), oneVsRestAuc(y2, two.data));
  });

  test('an under-confident model gets T < 1; a calibrated one T ≈ 1; constant class shares exactly T = 1', () => {
    assert.ok(
      new TemperatureScaling().fit(miscalibrated(20000, 0.5, 2).P, miscalibrated(20000, 0.5, 2).y).temperature < 0.6,
    );
    const cal = miscalibrated(20000, 1, 3);
    assert.ok(Math.abs(new TemperatureScaling().fit(cal.P, cal.y).temperature - 1) < 0.05);
    const y = Int32Array.from([0, 1, 1, 1, 2]);
    const shares = featureMatrix(new Float64Array(Array.from({ length: 5 }, () => [0.2, 0.6, 0.2]).flat()), 5, 3);
    assert.equal(new TemperatureScaling().fit(shares, y).temperature, 1);
  });

  test('refuses values that are not probabilities and labels out of range; round trip', () => {
    const { P, y } = miscalibrated(100, 2, 4);
    const bad = featureMatrix(P.data.slice(), 100, 3, P.names);
    bad.data[7] = 1.5;
    assert.throws(() => new TemperatureScaling().fit(bad, y), /row 2, column 'fit' is 1.5/);
    assert.throws(
      () =>
        new TemperatureScaling().fit(
          P,
          Array.from(y, () => 3),
        ),
      InvalidArgumentError,
    );
    const ts = new TemperatureScaling().fit(P, y);
    assert.deepEqual(estimatorFromJSON<TemperatureScaling>(JSON.stringify(ts.toJSON())).transform(P), ts.transform(P));
    // a tolerance below what floating point can reach is refused (before: 1e-20 searched forever)
    for (const tolerance of [1e-20, 0, NaN]) {
      assert.throws(
        () => new TemperatureScaling({ tolerance }).fit(P, y),
        (e: unknown) => e instanceof InvalidArgumentError && /tolerance must be in \[1e-12, 1\), got/.test(e.message),
      );
    }
    assert.ok(Math.abs(new TemperatureScaling({ tolerance: 1e-12 }).fit(P, y).temperature - ts.temperature) < 1e-6);
  });
});

describe('VectorScaling', () => {
  test('improves the log-loss of a miscalibrated model with shifted class frequencies at least as much as a temperature', () => {
    const { P, y } = miscalibrated(20000, 2.5, 5);
    // Also shift the reported frequencies: the model under-predicts 'large'.
    const shifted = featureMatrix(P.data.slice(), P.n, 3, P.names);
    for (let i = 0; i < P.n; i++) {
      const r = shifted.data.subarray(i * 3, i * 3 + 3);
      r[2] *= 0.3;
      const t = r[0] + r[1] + r[2];
      for (let c = 0; c < 3; c++) r[c] /= t;
    }
    const vs = new VectorScaling().fit(shifted, y);
    const ts = new TemperatureScaling().fit(shifted, y);
    const before = ll(y, shifted);
    const afterT = ll(y, ts.transform(shifted));
    const afterV = ll(y, vs.transform(shifted));
    assert.ok(afterV < afterT - 0.005 && afterT < before, `${before} -> T ${afterT}, V ${afterV}`);
    // Scales near 1 / 2.5 and a positive bias for 'large' relative to the others.
    for (const a of vs.scales) assert.ok(Math.abs(a - 0.4) < 0.05, `scale ${a}`);
    const b = vs.biases;
    assert.ok(b[2] - (b[0] + b[1]) / 2 > 0.3, `biases ${b}`);
    assert.deepEqual(estimatorFromJSON<VectorScaling>(vs.toJSON()).transform(shifted), vs.transform(shifted));
  });
});

describe('calibration options that make no sense are refused by name', () => {
  test('TemperatureScaling: a tolerance of 1 or more (the search range of log(1/T) is 14 wide) is refused', () => {
    const { P, y } = miscalibrated(2000, 2, 11);
    for (const tolerance of [1, 14, 100, Infinity]) {
      assert.throws(
        () => new TemperatureScaling({ tolerance }).fit(P, y),
        (e: unknown) =>
          e instanceof InvalidArgumentError &&
          e.message === `TemperatureScaling: tolerance must be in [1e-12, 1), got ${tolerance}`,
        `tolerance ${tolerance}`,
      );
    }
    // Just below the bound it searches: the midpoint of a bracket of width 0.5 on log(1/T) is within 0.25 of the
    // optimum, so T is within a factor e^0.25 of the one found at the default tolerance (not T = 1 unsearched).
    const fine = new TemperatureScaling().fit(P, y).temperature;
    const coarse = new TemperatureScaling({ tolerance: 0.5 }).fit(P, y).temperature;
    assert.ok(fine > 1.5, `T ${fine}`);
    assert.ok(Math.abs(Math.log(coarse / fine)) <= 0.25, `coarse T ${coarse}, fine T ${fine}`);
  });

  test('VectorScaling: a bad maxIterations is reported by VectorScaling with the option and the value', () => {
    const { P, y } = miscalibrated(300, 2, 12);
    for (const maxIterations of [-1, 1.5, NaN]) {
      assert.throws(
        () => new VectorScaling({ maxIterations }).fit(P, y),
        (e: unknown) =>
          e instanceof InvalidArgumentError &&
          e.message === `VectorScaling: maxIterations must be an integer >= 0, got ${maxIterations}`,
        `maxIterations ${maxIterations}`,
      );
    }
    // 0 is a valid value: no step from the start a = 1, b = 0.
    const v = new VectorScaling({ maxIterations: 0 }).fit(P, y);
    assert.deepEqual(Array.from(v.scales), [1, 1, 1]);
    assert.deepEqual(Array.from(v.biases), [0, 0, 0]);
  });

  test('minimizeLbfgs: option errors give the value', () => {
    const f = (x: Float64Array, g: Float64Array): number => {
      g[0] = 2 * x[0];
      return x[0] * x[0];
    };
    const x0 = Float64Array.of(1);
    const cases: [LbfgsOptions, string][] = [
      [{ maxIterations: 2.5 }, 'L-BFGS: maxIterations must be an integer >= 0, got 2.5'],
      [{ memory: 0 }, 'L-BFGS: memory must be an integer >= 1, got 0'],
      [{ gradientTolerance: -1 }, 'L-BFGS: gradientTolerance must be >= 0, got -1'],
      [{ valueTolerance: NaN }, 'L-BFGS: valueTolerance must be >= 0, got NaN'],
    ];
    for (const [options, message] of cases) {
      assert.throws(
        () => minimizeLbfgs(f, x0, options),
        (e: unknown) => e instanceof InvalidArgumentError && e.message === message,
        message,
      );
    }
    assert.ok(Math.abs(minimizeLbfgs(f, x0).x[0]) < 1e-8);
  });
});

test('both calibrators fitted on probability columns with repeated names save, load and transform the same', () => {
  // Before: TemperatureScaling.fit took repeated names and fromJSON refused them ("names[1] "small" repeats"): a
  // calibrator that fitted and saved did not load. Columns are scaled by position; names are only checked, position
  // by position, at transform.
  const { P, y } = miscalibrated(200, 2, 9);
  const named = featureMatrix(P.data, P.n, 3, ['small', 'small', 'large']);
  for (const c of [new TemperatureScaling(), new VectorScaling()]) {
    c.fit(named, y);
    const back = estimatorFromJSON<TemperatureScaling | VectorScaling>(JSON.parse(JSON.stringify(c.toJSON())));
    assert.deepEqual(back.outputNames, ['small', 'small', 'large']);
    assert.deepEqual(back.transform(named), c.transform(named), c.kind);
  }
});
