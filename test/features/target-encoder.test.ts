import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng, TargetEncoder, crossFitFolds, matrixFromRows } from '../../lib/index.js';

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} != ${b}`);

test('TargetEncoder: full fit smooths towards the prior with weight m; unseen gets the prior', () => {
  const X = matrixFromRows([[0], [0], [1]], ['c']);
  const e = new TargetEncoder({ smoothing: 1 }).fit(X, [1, 0, 1]);
  const Z = e.transform(matrixFromRows([[0], [1], [7]], ['c']));
  close(Z.data[0], (1 + 2 / 3) / 3);
  close(Z.data[1], (1 + 2 / 3) / 2);
  close(Z.data[2], 2 / 3);
  assert.deepEqual(e.outputNames, ['c_mean']);
});

test('TargetEncoder: multi-class rates, one column per class, rows sum to 1', () => {
  const X = matrixFromRows([[0], [0], [0], [1]], ['c']);
  const e = new TargetEncoder({ nClasses: 3, smoothing: 2 }).fit(X, [0, 1, 1, 2]);
  assert.deepEqual(e.outputNames, ['c_rate0', 'c_rate1', 'c_rate2']);
  const Z = e.transform(matrixFromRows([[0]], ['c']));
  close(Z.data[0], (1 + 2 * 0.25) / 5);
  close(Z.data[1], (2 + 2 * 0.5) / 5);
  close(Z.data[0] + Z.data[1] + Z.data[2], 1);
  assert.throws(() => new TargetEncoder({ nClasses: 3 }).fit(X, [0, 1, 3, 2]), /y\[2\] = 3 is not a class code/);
});

test('TargetEncoder: fitTransform is out-of-fold: each value matches a fit on the other folds', () => {
  const rng = new Rng(3);
  const n = 200;
  const X = matrixFromRows(
    Array.from({ length: n }, () => [rng.int(6)]),
    ['c'],
  );
  const y = Array.from({ length: n }, (_, i) =>
    X.data[i] < 3 ? (rng.bernoulli(0.8) ? 1 : 0) : rng.bernoulli(0.2) ? 1 : 0,
  );
  const enc = new TargetEncoder({ smoothing: 5, nFolds: 4, seed: 11 });
  const Z = enc.fitTransform(X, y);
  const fold = crossFitFolds(n, 4, 11);
  for (let f = 0; f < 4; f++) {
    const rest = Array.from({ length: n }, (_, i) => i).filter((i) => fold[i] !== f);
    const sub = matrixFromRows(
      rest.map((i) => [X.data[i]]),
      ['c'],
    );
    const ref = new TargetEncoder({ smoothing: 5 }).fit(
      sub,
      rest.map((i) => y[i]),
    );
    for (let i = 0; i < n; i++) {
      if (fold[i] === f) close(Z.data[i], ref.transform(matrixFromRows([[X.data[i]]], ['c'])).data[0]);
    }
  }
  // transform uses the full-data fit, which differs from the out-of-fold values.
  assert.notDeepEqual(Array.from(enc.transform(X).data), Array.from(Z.data));
});

test('TargetEncoder: changing a row’s own label never changes its own out-of-fold value', () => {
  const rng = new Rng(5);
  const n = 120;
  const X = matrixFromRows(
    Array.from({ length: n }, () => [rng.int(4)]),
    ['c'],
  );
  const y = Array.from({ length: n }, () => rng.int(3));
  const a = new TargetEncoder({ nClasses: 3, seed: 1 }).fitTransform(X, y);
  for (const i of [0, 17, 119]) {
    const y2 = y.slice();
    y2[i] = (y[i] + 1) % 3;
    const b = new TargetEncoder({ nClasses: 3, seed: 1 }).fitTransform(X, y2);
    for (let c = 0; c < 3; c++) assert.equal(b.data[i * 3 + c], a.data[i * 3 + c]);
    assert.notDeepEqual(Array.from(b.data), Array.from(a.data));
  }
});

test('TargetEncoder: smoothing 0 gives a category absent from the other folds the out-of-fold prior, not NaN', () => {
  const n = 40;
  const X = matrixFromRows(
    Array.from({ length: n }, (_, i) => [i < 20 ? i % 4 : i]),
    ['c'],
  );
  const rng = new Rng(9);
  const y: number[] = Array.from({ length: n }, () => (rng.bernoulli(0.5) ? 1 : 0));
  const Z = new TargetEncoder({ smoothing: 0, nFolds: 3, seed: 2 }).fitTransform(X, y);
  const fold = crossFitFolds(n, 3, 2);
  let unseen = 0;
  for (let f = 0; f < 3; f++) {
    const rest = Array.from({ length: n }, (_, i) => i).filter((i) => fold[i] !== f);
    const restY = rest.map((i) => y[i]);
    const oofPrior = restY.reduce((s, v) => s + v, 0) / rest.length;
    for (let i = 0; i < n; i++) {
      if (fold[i] !== f) continue;
      const same = rest.filter((r) => X.data[r] === X.data[i]);
      const want = same.length === 0 ? oofPrior : same.reduce((s, r) => s + y[r], 0) / same.length;
      if (same.length === 0) unseen++;
      close(Z.data[i], want);
    }
  }
  assert.ok(unseen >= 10, 'the singleton categories are unseen out of fold');
  // transform: an unseen category gets the full prior with smoothing 0 too.
  const e = new TargetEncoder({ smoothing: 0 }).fit(X, y);
  close(e.transform(matrixFromRows([[-5]], ['c'])).data[0], e.priorValues[0]);
});
