import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accuracy,
  avgOvrAuc,
  bootstrapCi,
  delongTest,
  InvalidArgumentError,
  multiclassAuc,
  Rng,
  type Metric,
} from '../../lib/index.js';

/** Seeded 3-class data: the true class's column gets a signal of strength `s`, then a softmax. */
function synthetic(n: number, seed: number, s = 1): { y: Int32Array; P: Float64Array } {
  const rng = new Rng(seed);
  const y = new Int32Array(n);
  const P = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    y[i] = rng.categorical([0.2, 0.6, 0.2]);
    let z = 0;
    const e = [0, 0, 0];
    for (let c = 0; c < 3; c++) {
      e[c] = Math.exp((c === y[i] ? s : 0) + rng.normal());
      z += e[c];
    }
    for (let c = 0; c < 3; c++) P[i * 3 + c] = e[c] / z;
  }
  return { y, P };
}

test('the bootstrap interval contains the point estimate and is seeded', () => {
  const { y, P } = synthetic(500, 1);
  const ci = bootstrapCi(avgOvrAuc, y, P, { samples: 400, seed: 3 });
  assert.ok(Math.abs(ci.estimate - multiclassAuc(y, P, { multiClass: 'ovr', average: 'macro' })) < 1e-15);
  assert.ok(ci.low < ci.estimate && ci.estimate < ci.high, `${ci.low} ${ci.estimate} ${ci.high}`);
  assert.equal(ci.samples, 400);
  assert.equal(ci.invalid, 0);
  assert.deepEqual(bootstrapCi(avgOvrAuc, y, P, { samples: 400, seed: 3 }), ci);
  assert.notDeepEqual(bootstrapCi(avgOvrAuc, y, P, { samples: 400, seed: 4 }), ci);
});

test('the interval narrows as n grows (width ~ 1 / sqrt(n))', () => {
  const small = synthetic(400, 2);
  const large = synthetic(6400, 2);
  const w1 = bootstrapCi(avgOvrAuc, small.y, small.P, { samples: 300, seed: 1 });
  const w2 = bootstrapCi(avgOvrAuc, large.y, large.P, { samples: 300, seed: 1 });
  const ratio = (w1.high - w1.low) / (w2.high - w2.low);
  assert.ok(ratio > 2.5 && ratio < 6, `width ratio ${ratio} (sqrt(16) = 4 expected)`);
});

test('the fast prepared AUC path gives the same values as the generic weighted path', () => {
  const { y, P } = synthetic(300, 5);
  const generic: Metric = (yy, PP, w) => multiclassAuc(yy, PP, { multiClass: 'ovr', average: 'macro', weights: w });
  const a = bootstrapCi(avgOvrAuc, y, P, { samples: 200, seed: 9 });
  const b = bootstrapCi(generic, y, P, { samples: 200, seed: 9 });
  assert.ok(Math.abs(a.low - b.low) < 1e-12 && Math.abs(a.high - b.high) < 1e-12);
  assert.ok(Math.abs(a.standardError - b.standardError) < 1e-12);
});

test('the bootstrap standard error of a binary AUC agrees with DeLong (within 15%)', () => {
  const rng = new Rng(12);
  const n = 2000;
  const y = new Int32Array(n);
  const s = new Float64Array(n);
  const P = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.bernoulli(0.3) ? 1 : 0;
    s[i] = 1 / (1 + Math.exp(-(y[i] + rng.normal())));
    P[2 * i] = 1 - s[i];
    P[2 * i + 1] = s[i];
  }
  // DeLong against a constant predictor (AUC 0.5, zero variance) gives the SE of the AUC alone.
  const d = delongTest(y, s, new Float64Array(n).fill(0.5));
  const ci = bootstrapCi(avgOvrAuc, y, P, { samples: 1000, seed: 2 });
  assert.ok(Math.abs(ci.estimate - d.aucA) < 1e-12);
  assert.ok(Math.abs(ci.standardError / d.standardError - 1) < 0.15, `${ci.standardError} vs ${d.standardError}`);
});

test('stratified resampling keeps the class counts: accuracy of a per-class-constant model has no spread', () => {
  // Every class-0 row right, every class-1 row wrong: accuracy = share of class 0, fixed under stratification.
  const y = Int32Array.from({ length: 40 }, (_, i) => (i < 10 ? 0 : 1));
  const P = Float64Array.from({ length: 80 }, (_, j) => (j % 2 === 0 ? 1 : 0));
  const strat = bootstrapCi(accuracy, y, P, { samples: 200, stratified: true, seed: 1 });
  assert.equal(strat.low, 0.25);
  assert.equal(strat.high, 0.25);
  const plain = bootstrapCi(accuracy, y, P, { samples: 200, seed: 1 });
  assert.ok(plain.high - plain.low > 0.1);
});

test('resamples where the metric is undefined are counted as invalid; bad options throw', () => {
  const y = Int32Array.from([0, 0, 0, 0, 0, 0, 0, 1, 1, 2]);
  const P = new Float64Array(30);
  for (let i = 0; i < 10; i++) P[i * 3 + (i % 3)] = 1;
  const ci = bootstrapCi(avgOvrAuc, y, P, { samples: 200, seed: 1 });
  assert.ok(ci.invalid > 0 && ci.samples + ci.invalid === 200);
  assert.throws(() => bootstrapCi(avgOvrAuc, y, P, { level: 1.5 }), InvalidArgumentError);
  assert.throws(() => bootstrapCi(avgOvrAuc, y, P, { samples: 0 }), InvalidArgumentError);
});

test('a metric that fails with its own bug on a resample stops the bootstrap instead of being dropped', () => {
  // Before: every error of a resample was read as "the metric is undefined there", so a custom metric's bug only
  // showed as fewer samples, or as "undefined on every resample".
  const y = Int32Array.from({ length: 40 }, (_, i) => i % 3);
  const P = Float64Array.from({ length: 120 }, (_, i) => (i % 3 === y[Math.floor(i / 3)] ? 0.6 : 0.2));
  const buggy = (yy: ArrayLike<number>, PP: ArrayLike<number>, w?: ArrayLike<number>): number => {
    if (w !== undefined && w[0] > 1) throw new TypeError('a bug in the metric');
    return accuracy(yy, PP, w);
  };
  assert.throws(() => bootstrapCi(buggy, y, P, { samples: 200, seed: 1 }), TypeError);
  // an undefined resample (AUC without a positive of a class) is still dropped
  const r = bootstrapCi(avgOvrAuc, y.subarray(0, 6), P.subarray(0, 18), { samples: 200, seed: 1 });
  assert.ok(r.samples > 0 && r.samples < 200, `${r.samples} resamples kept`);
});

test('a bootstrap seed that is not a safe integer is refused, naming the bootstrap', () => {
  const y = Int32Array.from({ length: 30 }, (_, i) => i % 3);
  const P = Float64Array.from({ length: 90 }, (_, i) => (i % 3 === y[Math.floor(i / 3)] ? 0.6 : 0.2));
  assert.throws(
    () => bootstrapCi(accuracy, y, P, { seed: 0.5 }),
    /^InvalidArgumentError: bootstrap: seed must be a safe integer|bootstrap: seed must be a safe integer/,
  );
});
