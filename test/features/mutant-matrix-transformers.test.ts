// Cases found by mutation testing of lib/features: options and orderings the other encoder and scaler tests left open.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  InvalidArgumentError,
  OneHotEncoder,
  OrdinalEncoder,
  RobustScaler,
  matrixFromRows,
  matrixToRows,
} from '../../lib/index.js';

test('RobustScaler: withCentering false leaves the median in place and only divides by the IQR', () => {
  // Type-7 quantiles of 1..5: 25% = 2, 50% = 3, 75% = 4, so the IQR is 2.
  const X = matrixFromRows([[1], [2], [3], [4], [5]], ['v']);
  const s = new RobustScaler({ withCentering: false }).fit(X);
  assert.deepEqual(Array.from(s.centers), [0]);
  assert.deepEqual(Array.from(s.scales), [2]);
  assert.deepEqual(matrixToRows(s.transform(X)), [[0.5], [1], [1.5], [2], [2.5]]);
});

test('RobustScaler: a quantile range whose ends coincide or are reversed is refused', () => {
  assert.throws(() => new RobustScaler({ quantileRange: [50, 50] }), InvalidArgumentError);
  assert.throws(() => new RobustScaler({ quantileRange: [75, 25] }), InvalidArgumentError);
  assert.doesNotThrow(() => new RobustScaler({ quantileRange: [0, 100] }));
});

test('OneHotEncoder (unknown): each column has its own unknown slot, so the next column keeps its place', () => {
  const X = matrixFromRows(
    [
      [0, 5],
      [1, 6],
    ],
    ['a', 'b'],
  );
  const e = new OneHotEncoder({ unseen: 'unknown' }).fit(X);
  assert.deepEqual(e.outputNames, ['a=0', 'a=1', 'a=__unknown__', 'b=5', 'b=6', 'b=__unknown__']);
  const Y = matrixFromRows(
    [
      [0, 7],
      [9, 6],
      [1, 5],
    ],
    ['a', 'b'],
  );
  assert.deepEqual(matrixToRows(e.transform(Y)), [
    [1, 0, 0, 0, 0, 1],
    [0, 0, 1, 0, 1, 0],
    [0, 1, 0, 1, 0, 0],
  ]);
});

test('Encoders: learned categories are sorted by numeric value, not as text', () => {
  // As text, 10 would sort before 2 and -1 after 10's neighbours; numerically the order is -1, 2, 9, 10.
  const X = matrixFromRows([[10], [2], [-1], [9]], ['c']);
  const o = new OrdinalEncoder().fit(X);
  assert.deepEqual(o.categories, [[-1, 2, 9, 10]]);
  assert.deepEqual(matrixToRows(o.transform(X)), [[3], [1], [0], [2]]);
  const h = new OneHotEncoder({ unseen: 'ignore' }).fit(X);
  assert.deepEqual(h.outputNames, ['c=-1', 'c=2', 'c=9', 'c=10']);
  assert.deepEqual(matrixToRows(h.transform(matrixFromRows([[9]], ['c']))), [[0, 0, 1, 0]]);
});
