import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LmnnPrototypeHead, Rng, learnLmnnMetric } from '../../lib/index.js';

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
