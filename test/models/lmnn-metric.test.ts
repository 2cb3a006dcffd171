import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LmnnPrototypeHead, ModelFormatError, Rng, learnLmnnMetric } from '../../lib/index.js';

/** Two classes separated along x1 by 1 unit (within-class sd 0.25); x0 is noise of standard deviation 20. */
function twoClasses(n: number, seed: number) {
  const rng = new Rng(seed);
  const X = new Float64Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    X[2 * i] = rng.normal(0, 20);
    X[2 * i + 1] = (y[i] === 1 ? 0.5 : -0.5) + rng.normal(0, 0.25);
  }
  return { X, y };
}

/** Leave-one-out 1-NN accuracy under the map L. */
function nnAccuracy(X: Float64Array, y: Int32Array, L: Float64Array): number {
  const n = y.length;
  const Z = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    Z[2 * i] = L[0] * X[2 * i] + L[1] * X[2 * i + 1];
    Z[2 * i + 1] = L[2] * X[2 * i] + L[3] * X[2 * i + 1];
  }
  let ok = 0;
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bd = Infinity;
    for (let j = 0; j < n; j++) {
      const d = j === i ? Infinity : (Z[2 * i] - Z[2 * j]) ** 2 + (Z[2 * i + 1] - Z[2 * j + 1]) ** 2;
      if (d < bd) [bd, best] = [d, j];
    }
    ok += y[best] === y[i] ? 1 : 0;
  }
  return ok / n;
}

test('LMNN shrinks the noise dimension and improves 1-NN accuracy', () => {
  const { X, y } = twoClasses(300, 1);
  const L = learnLmnnMetric(X, 2, y, { epochs: 20 }, new Rng(2));
  const col0 = Math.hypot(L[0], L[2]);
  const col1 = Math.hypot(L[1], L[3]);
  assert.ok(col1 > 2 * col0, `informative column ${col1.toFixed(3)} vs noise column ${col0.toFixed(3)}`);
  const before = nnAccuracy(X, y, Float64Array.from([1, 0, 0, 1]));
  const after = nnAccuracy(X, y, L);
  assert.ok(after > before + 0.05 && after > 0.95, `1-NN accuracy ${before.toFixed(3)} -> ${after.toFixed(3)}`);
});

test('LmnnPrototypeHead separates the classes, sums to 1, round-trips through JSON', () => {
  const { X, y } = twoClasses(400, 3);
  const head = new LmnnPrototypeHead({ prototypesPerClass: 10, neighbors: 5, samplePerClass: 150, epochs: 10 }).fit(
    X,
    2,
    y,
    2,
    new Rng(4),
  );
  const test = twoClasses(200, 5);
  const P = head.predictProba(test.X);
  let correct = 0;
  for (let i = 0; i < 200; i++) {
    assert.ok(Math.abs(P[2 * i] + P[2 * i + 1] - 1) < 1e-12);
    correct += (P[2 * i + 1] > 0.5 ? 1 : 0) === test.y[i] ? 1 : 0;
  }
  assert.ok(correct / 200 > 0.9, `accuracy ${correct / 200}`);
  // The noise feature (sd 20) dominates the Euclidean metric: validation keeps the LMNN metric, which shrinks it.
  const L = head.metric;
  assert.ok(Math.hypot(L[1], L[3]) > 2 * Math.hypot(L[0], L[2]), `metric ${Array.from(L, (v) => v.toFixed(3))}`);
  const back = LmnnPrototypeHead.fromJSON(JSON.parse(JSON.stringify(head.toJSON())));
  assert.deepEqual(back.predictProba(test.X), P);
});

/** Two overlapping classes in 2-D (means 1 apart along x1) with two class-0 points far out along x0, at `outlier`. */
function farSameClassPoints(outlier: number, seed: number) {
  const rng = new Rng(seed);
  const n = 300;
  const X = new Float64Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    X[2 * i] = rng.normal();
    X[2 * i + 1] = rng.normal() + (y[i] === 1 ? 0.5 : -0.5);
  }
  X[0] = outlier;
  X[4] = outlier * 1.1;
  return { X, y };
}

test('LMNN stays finite and bounded when a few same-class points lie far out', () => {
  // Before: the fixed SGD step overshot on the far pairs and L grew without bound (~1e19 at 20, ~1e175 at 100)
  // until it turned NaN (at 1000).
  for (const outlier of [20, 100, 1000]) {
    const { X, y } = farSameClassPoints(outlier, 1);
    const L = learnLmnnMetric(X, 2, y, { epochs: 30 }, new Rng(2));
    assert.ok(
      L.every(Number.isFinite) && Math.hypot(...L) <= 1e6 * Math.SQRT2,
      `outlier at ${outlier}: L = ${Array.from(L)}`,
    );
  }
  // Without them no step reaches the bound: L is what the unbounded SGD learned (values of the code before the bound).
  const { X, y } = farSameClassPoints(0, 1);
  const L = learnLmnnMetric(X, 2, y, { epochs: 30 }, new Rng(2));
  assert.deepEqual(
    Array.from(L, (v) => +v.toPrecision(6)),
    [2.55374, -0.287131, 0.0658136, 2.23089],
  );
});

/** Three overlapping classes in 12-D (class means 1 apart along x1); three class-0 rows at `outlier` along x0. */
function twelveDims(outlier: number, seed: number, n = 600) {
  const d = 12;
  const rng = new Rng(seed);
  const X = new Float64Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 3;
    for (let e = 0; e < d; e++) X[i * d + e] = rng.normal();
    X[i * d + 1] += y[i] - 1;
  }
  for (let t = 0; t < 3; t++) X[3 * t * d] = outlier * (1 + 0.1 * t);
  return { X, y };
}

test('LmnnPrototypeHead with far-out rows: a finite metric, and accuracy no worse than the Euclidean head', () => {
  // Before: the metric exploded (max |L| ~1e45) and, its validation log-loss being lower, was kept: accuracy 0.32
  // on clean rows against 0.52 for the Euclidean head.
  const { X, y } = twelveDims(200, 1);
  const test_ = twelveDims(0, 9, 1500);
  const accuracy = (h: LmnnPrototypeHead): number => {
    const P = h.predictProba(test_.X);
    let ok = 0;
    for (let i = 0; i < test_.y.length; i++) {
      const row = [P[3 * i], P[3 * i + 1], P[3 * i + 2]];
      assert.ok(Math.abs(row[0] + row[1] + row[2] - 1) < 1e-12, `row ${i}: ${row}`);
      ok += row.indexOf(Math.max(...row)) === test_.y[i] ? 1 : 0;
    }
    return ok / test_.y.length;
  };
  const opts = { prototypesPerClass: 10, samplePerClass: 200 };
  const euclid = accuracy(new LmnnPrototypeHead({ ...opts, epochs: 0 }).fit(X, 12, y, 3, new Rng(3)));
  for (const validationShare of [0.2, 0]) {
    const head = new LmnnPrototypeHead({ ...opts, epochs: 30, validationShare }).fit(X, 12, y, 3, new Rng(3));
    const L = head.metric;
    assert.ok(L.every(Number.isFinite) && Math.max(...L.map(Math.abs)) < 100, `validationShare ${validationShare}`);
    const acc = accuracy(head);
    assert.ok(acc >= euclid - 0.02, `validationShare ${validationShare}: accuracy ${acc} vs Euclidean ${euclid}`);
  }
});

test('LmnnPrototypeHead.fromJSON refuses priors that do not sum to 1, naming head.priors', () => {
  // Before: priors [0.5, 0.5, 0.5] loaded and every probability row summed to more than 1.
  const { X, y } = twelveDims(0, 4, 300);
  const json = new LmnnPrototypeHead({ prototypesPerClass: 5, samplePerClass: 50, epochs: 2 })
    .fit(X, 12, y, 3, new Rng(5))
    .toJSON();
  for (const priors of [
    [0.5, 0.5, 0.5],
    [0, 0, 0],
    [0.2, 0.3, 0.5 + 1e-6],
  ]) {
    assert.throws(
      () => LmnnPrototypeHead.fromJSON({ ...json, priors }),
      (e: unknown) => e instanceof ModelFormatError && /^head\.priors sum to [\d.]+, not 1$/.test(e.message),
      String(priors),
    );
  }
  // Priors off 1 by rounding only (as fit writes them) load.
  const h = LmnnPrototypeHead.fromJSON({ ...json, priors: [0.1, 0.2, 0.7] });
  const P = h.predictProba(X.subarray(0, 12 * 5));
  for (let i = 0; i < 5; i++) assert.ok(Math.abs(P[3 * i] + P[3 * i + 1] + P[3 * i + 2] - 1) < 1e-12);
});
