import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LmnnPrototypeHead, ModelFormatError, Rng, prototypeKernelVote } from '../../lib/index.js';

const close = (a: ArrayLike<number>, b: number[], tol = 1e-12) =>
  b.forEach((v, i) => assert.ok(Math.abs(a[i] - v) < tol, `[${i}] ${a[i]} vs ${v}`));

test('prototypeKernelVote: hand case (Gaussian kernel, adaptive bandwidth, masses, smoothing)', () => {
  // d = [0, 1, 2], h = 2: weights 1·e^0, 2·e^-0.5, 1·e^-1; classes 0, 1, 0.
  const out = new Float64Array(3);
  prototypeKernelVote([0, 1, 2], [0, 1, 0], [1, 2, 1], [0.5, 0.3, 0.2], 0, out);
  close(out, [0.529992575596811, 0.470007424403189, 0]);
  // Smoothing 1: halfway to the priors.
  prototypeKernelVote([0, 1, 2], [0, 1, 0], [1, 2, 1], [0.5, 0.3, 0.2], 1, out);
  close(out, [0.5149962877984056, 0.38500371220159446, 0.1]);
  // Shifting every distance by a constant changes nothing (the bandwidth is relative to the nearest).
  prototypeKernelVote([5, 6, 7], [0, 1, 0], [1, 2, 1], [0.5, 0.3, 0.2], 1, out);
  close(out, [0.5149962877984056, 0.38500371220159446, 0.1]);
});

test('prototypeKernelVote: equal distances vote by mass; one neighbour takes its class', () => {
  const out = new Float64Array(3);
  close(prototypeKernelVote([4, 4, 4], [0, 1, 2], [1, 3, 1], [1 / 3, 1 / 3, 1 / 3], 0, out), [0.2, 0.6, 0.2]);
  close(prototypeKernelVote([9], [2], [7], [0.2, 0.5, 0.3], 0, out), [0, 0, 1]);
});

/** Classes ±0.5 apart on x0 (sd 0.25); five near-constant noise features (sd 1e-3), as the latent terms of RTR. */
function withTinyNoise(n: number, seed: number) {
  const rng = new Rng(seed);
  const d = 6;
  const X = new Float64Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    X[i * d] = (y[i] === 1 ? 0.5 : -0.5) + rng.normal(0, 0.25);
    for (let e = 1; e < d; e++) X[i * d + e] = rng.normal(0, 1e-3);
  }
  return { X, y, d };
}

test('LmnnPrototypeHead: near-constant noise features do not drown the informative one (one global scale)', () => {
  const train = withTinyNoise(600, 1);
  const head = new LmnnPrototypeHead({ prototypesPerClass: 20, epochs: 0 }).fit(
    train.X,
    train.d,
    train.y,
    2,
    new Rng(2),
  );
  const test = withTinyNoise(400, 3);
  const P = head.predictProba(test.X);
  let correct = 0;
  for (let i = 0; i < 400; i++) correct += (P[2 * i + 1] > 0.5 ? 1 : 0) === test.y[i] ? 1 : 0;
  // Bayes accuracy is Φ(2) = 0.977.
  assert.ok(correct / 400 > 0.93, `accuracy ${correct / 400}`);
  assert.deepEqual(
    Array.from(head.metric),
    Array.from({ length: 36 }, (_, i) => (i % 7 === 0 ? 1 : 0)),
  );
});

test('LmnnPrototypeHead: an older head format is refused with ModelFormatError', () => {
  const train = withTinyNoise(200, 4);
  const json = new LmnnPrototypeHead({ prototypesPerClass: 5, epochs: 0 })
    .fit(train.X, train.d, train.y, 2, new Rng(5))
    .toJSON();
  assert.equal(json.format, 2);
  const { format: _f, mass: _m, ...old } = json;
  assert.throws(() => LmnnPrototypeHead.fromJSON({ ...old, bandwidth: 1 }), ModelFormatError);
  assert.throws(() => LmnnPrototypeHead.fromJSON({ ...json, mass: [] }), /array lengths/);
});

test('prototypeKernelVote: masses near the float limit vote as their ratios (their sum overflowed to NaN rows)', () => {
  const out = new Float64Array(3);
  // Masses proportional to [1, 3, 1] at equal distances: [0.2, 0.6, 0.2], though their sum is 2.5e308.
  close(
    prototypeKernelVote([4, 4, 4], [0, 1, 2], [0.5e308, 1.5e308, 0.5e308], [1 / 3, 1 / 3, 1 / 3], 0, out),
    [0.2, 0.6, 0.2],
  );
  // The hand case above with every mass times 8e307 (their sum overflowed), and with masses of about 1e-320 (subnormal).
  for (const f of [8e307, 1e-320]) {
    prototypeKernelVote([0, 1, 2], [0, 1, 0], [f, 2 * f, f], [0.5, 0.3, 0.2], 1, out);
    close(out, [0.5149962877984056, 0.38500371220159446, 0.1], 1e-9);
  }
  // A loaded head whose masses are all 1e308 (fromJSON accepts finite masses > 0) predicts valid rows.
  const train = withTinyNoise(200, 6);
  const json = new LmnnPrototypeHead({ prototypesPerClass: 5, epochs: 0 })
    .fit(train.X, train.d, train.y, 2, new Rng(7))
    .toJSON();
  const huge = LmnnPrototypeHead.fromJSON({ ...json, mass: (json.mass as number[]).map(() => 1e308) });
  const P = huge.predictProba(train.X.subarray(0, 10 * train.d));
  for (let i = 0; i < 10; i++) {
    assert.ok(P[2 * i] >= 0 && P[2 * i + 1] >= 0, `row ${i}: ${P[2 * i]}, ${P[2 * i + 1]}`);
    assert.ok(Math.abs(P[2 * i] + P[2 * i + 1] - 1) < 1e-12, `row ${i} sums to ${P[2 * i] + P[2 * i + 1]}`);
  }
  // Equal masses give the votes of equal masses of 1: to the last bit for a power of two (the scaling is exact).
  const withMass = (m: number) =>
    LmnnPrototypeHead.fromJSON({ ...json, mass: (json.mass as number[]).map(() => m) }).predictProba(
      train.X.subarray(0, 10 * train.d),
    );
  const one = withMass(1);
  assert.deepEqual(withMass(2 ** 1023), one);
  P.forEach((v, i) => assert.ok(Math.abs(v - one[i]) < 1e-12, `[${i}] ${v} vs ${one[i]}`));
});
