import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  InvalidArgumentError,
  ModelFormatError,
  Rng,
  TargetEncoder,
  crossFitFolds,
  matrixFromRows,
} from '../../lib/index.js';

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

test('TargetEncoder: out-of-fold sums add up the other folds, so a huge target in a row’s own fold does not cancel them', () => {
  // One category, smoothing 0: each value is the mean of y over the other folds. Before, the sums were the total
  // minus the own fold, and 1e17 + (1 + ... + 9) - 1e17 lost the small targets (rows beside 1e17 got 2, not 5.5).
  const y = [1e17, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const n = y.length;
  const X = matrixFromRows(
    y.map(() => [0]),
    ['c'],
  );
  for (const seed of [0, 1, 2]) {
    const Z = new TargetEncoder({ smoothing: 0, nFolds: 5, seed }).fitTransform(X, y);
    const fold = crossFitFolds(n, 5, seed);
    for (let i = 0; i < n; i++) {
      const rest = y.filter((_, r) => fold[r] !== fold[i]);
      const want = rest.reduce((s, v) => s + v, 0) / rest.length;
      close(Z.data[i], want, 1e-12 * Math.abs(want));
    }
    // The rows of the big target's fold see only small targets: a mean between 1 and 9.
    const big = Array.from({ length: n }, (_, i) => i).filter((i) => fold[i] === fold[0]);
    for (const i of big) assert.ok(Z.data[i] >= 1 && Z.data[i] <= 9, `row ${i}: ${Z.data[i]}`);
  }
});

test('TargetEncoder.fromJSON: a non-finite prior or encoding, a class rate outside [0, 1] or repeated levels are refused', () => {
  const X = matrixFromRows([[0], [1], [1]], ['c']);
  const num = JSON.parse(JSON.stringify(new TargetEncoder().fit(X, [1, 2, 4]).toJSON())) as object;
  const cls = JSON.parse(JSON.stringify(new TargetEncoder({ nClasses: 2 }).fit(X, [1, 0, 1]).toJSON())) as object;
  for (const [json, field, value, re] of [
    // Before: these loaded and transform gave NaN or Infinity for every row (an unseen category gets the prior).
    [num, 'prior', [null], /^target-encoder: prior\[0\] is NaN, not a finite number$/],
    [num, 'prior', ['-Infinity'], /target-encoder: prior\[0\] is -Infinity/],
    [num, 'encodings', [[2, 'Infinity']], /^target-encoder: encodings\[0\]\[1\] is Infinity, not a finite number$/],
    [cls, 'prior', [0.5, 1.5], /^target-encoder: prior\[1\] is 1.5, not a class rate in \[0, 1\]$/],
    [cls, 'encodings', [[0.5, 0.5, -0.25, 1.25]], /^target-encoder: encodings\[0\]\[2\] is -0.25, not a class rate/],
    [num, 'levels', [[1, 1]], /^target-encoder: levels\[0\]\[1\] repeats levels\[0\]\[0\] = 1$/],
  ] as const) {
    assert.throws(
      () => TargetEncoder.fromJSON({ ...json, [field]: value }),
      (e: unknown) => e instanceof ModelFormatError && re.test(e.message),
      `${field} = ${JSON.stringify(value)}`,
    );
  }
  // What fit stores loads: class rates of exactly 0 and 1 (smoothing 0, one class only), numeric means.
  const pure = new TargetEncoder({ nClasses: 3, smoothing: 0 }).fit(X, [2, 0, 0]);
  const numeric = new TargetEncoder({ smoothing: 3 }).fit(X, [-1e300, 1e300, 5]);
  const W = matrixFromRows([[0], [1], [9]], ['c']);
  for (const t of [pure, numeric]) {
    assert.deepEqual(
      TargetEncoder.fromJSON(JSON.parse(JSON.stringify(t.toJSON()))).transform(W).data,
      t.transform(W).data,
    );
  }
});

test('TargetEncoder: numeric targets whose sums overflow are refused at fit, naming the column; an earlier fit is kept', () => {
  // Before: 1e308 + 1e308 gave Infinity for every category and the prior, and the saved encoder refused to load.
  const X = matrixFromRows([[0], [0], [1], [1]], ['c']);
  const huge = [1e308, 1e308, 1, 2];
  const tooLarge = (e: unknown): boolean =>
    e instanceof InvalidArgumentError &&
    /^TargetEncoder: column 'c', level 0: .* is Infinity: y is too large/.test(e.message);
  const t = new TargetEncoder({ smoothing: 1 }).fit(X, [1, 2, 3, 4]);
  const before = t.transform(X).data;
  assert.throws(() => t.fit(X, huge), tooLarge);
  assert.throws(() => t.fitTransform(X, huge), tooLarge);
  assert.deepEqual(t.transform(X).data, before);
  assert.deepEqual(TargetEncoder.fromJSON(JSON.parse(JSON.stringify(t.toJSON()))).transform(X).data, before);
  // Smoothing 0: the category sums are finite, but the prior that unseen levels read is not (0 * prior is NaN).
  assert.throws(
    () => new TargetEncoder({ smoothing: 0 }).fit(X, [1e308, 1, 1e308, 2]),
    (e: unknown) =>
      e instanceof InvalidArgumentError && /column 'c', level 0: the encoding over all rows is NaN/.test(e.message),
  );
  // A finite total (1e308 - 1e308 + 1e308 - 1e308) whose rows out of one fold overflow: fit is fine, fitTransform
  // refuses (before, it returned Infinity for the rows of fold 0).
  const y = [1e308, -1e308, 1e308, -1e308];
  const one = matrixFromRows([[0], [0], [0], [0]], ['c']);
  assert.deepEqual(Array.from(crossFitFolds(4, 2, 1)), [1, 0, 1, 0]);
  assert.deepEqual(
    Array.from(new TargetEncoder({ smoothing: 1, nFolds: 2, seed: 1 }).fit(one, y).transform(one).data),
    [0, 0, 0, 0],
  );
  assert.throws(
    () => new TargetEncoder({ smoothing: 1, nFolds: 2, seed: 1 }).fitTransform(one, y),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      /column 'c', level 0: the encoding over the rows out of fold 0 is Infinity/.test(e.message),
  );
});
