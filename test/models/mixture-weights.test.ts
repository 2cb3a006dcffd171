import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../lib/index.js';
import { mixtureWeights } from '../../lib/models/mixture-weights.js';

/** Mean log-likelihood of the mixture `w` of the members' true-class probabilities `q`. */
const loglik = (q: Float64Array[], w: ArrayLike<number>): number => {
  let f = 0;
  for (let i = 0; i < q[0].length; i++) {
    let s = 0;
    for (let m = 0; m < q.length; m++) s += w[m] * q[m][i];
    f += Math.log(s);
  }
  return f / q[0].length;
};

/** Two members: the maximising weight of the first, by bisection on the derivative (decreasing in t). */
const twoMemberOptimum = (q1: Float64Array, q2: Float64Array): number => {
  const slope = (t: number): number => {
    let s = 0;
    for (let i = 0; i < q1.length; i++) s += (q1[i] - q2[i]) / (t * q1[i] + (1 - t) * q2[i]);
    return s;
  };
  if (slope(1) >= 0) return 1;
  if (slope(0) <= 0) return 0;
  let lo = 0;
  let hi = 1;
  for (let it = 0; it < 200; it++) {
    const mid = (lo + hi) / 2;
    if (slope(mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
};

/** n rows of a member: probabilities in (0.05, 0.95), and an alike member within +-`spread` of it. */
const alikePair = (n: number, spread: number, seed: number): [Float64Array, Float64Array] => {
  const rng = new Rng(seed);
  const a = Float64Array.from({ length: n }, () => 0.05 + 0.9 * rng.next());
  const b = a.map((v) => Math.min(0.99, Math.max(0.01, v + spread * (rng.next() - 0.5))));
  return [a, b];
};

test('two alike members: the weights of the maximum, where 1,000 EM steps stopped 0.03 short', () => {
  for (const [spread, seed] of [
    [0.02, 1],
    [0.005, 2],
    [0.3, 3],
  ] as const) {
    const [a, b] = alikePair(2000, spread, seed);
    const want = twoMemberOptimum(a, b);
    const r = mixtureWeights([a, b], 1000);
    assert.ok(r.converged, `spread ${spread}: gap ${r.gap} after ${r.passes} passes`);
    assert.ok(Math.abs(r.weights[0] - want) < 1e-6, `spread ${spread}: ${r.weights[0]} vs ${want}`);
    assert.ok(Math.abs(r.weights[0] + r.weights[1] - 1) < 1e-15);
    assert.ok(loglik([a, b], r.weights) >= loglik([a, b], [want, 1 - want]) - 1e-12);
    assert.ok(r.passes < 200, `${r.passes} passes`);
  }
});

test('a member the maximum leaves out gets exactly 0, and the gap bounds the shortfall', () => {
  const rng = new Rng(5);
  const good = Float64Array.from({ length: 500 }, () => 0.3 + 0.6 * rng.next());
  const worse = good.map((v) => 0.6 * v);
  const other = Float64Array.from({ length: 500 }, () => 0.2 + 0.7 * rng.next());
  const r = mixtureWeights([good, worse, other], 1000);
  assert.ok(r.converged && r.gap <= 1e-10 && r.gap >= 0, `gap ${r.gap}`);
  assert.equal(r.weights[1], 0);
  const want = twoMemberOptimum(good, other);
  assert.ok(Math.abs(r.weights[0] - want) < 1e-6, `${r.weights[0]} vs ${want}`);
});

test('four members: no vertex and no random point of the simplex does better', () => {
  const rng = new Rng(9);
  const q = Array.from({ length: 4 }, (_, m) =>
    Float64Array.from({ length: 800 }, () => Math.min(1, 0.02 + rng.next() * (0.6 + 0.1 * m))),
  );
  const r = mixtureWeights(q, 1000);
  assert.ok(r.converged, `gap ${r.gap}`);
  const f = loglik(q, r.weights);
  for (let m = 0; m < 4; m++) {
    const e = [0, 0, 0, 0];
    e[m] = 1;
    assert.ok(f >= loglik(q, e), `vertex ${m}`);
  }
  for (let k = 0; k < 300; k++) {
    const x = [rng.next(), rng.next(), rng.next(), rng.next()];
    const s = x.reduce((a, b) => a + b, 0);
    assert.ok(
      f >=
        loglik(
          q,
          x.map((v) => v / s),
        ) -
          1e-12,
      `point ${k}`,
    );
  }
  const sum = r.weights.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1) < 1e-15 && r.weights.every((v) => v >= 0));
});

test('degenerate inputs: one member, equal members, rows no member gives a chance, and no pass allowed', () => {
  assert.deepEqual([...mixtureWeights([Float64Array.of(0.2, 0.7)], 10).weights], [1]);
  const same = Float64Array.of(0.2, 0.5, 0.9);
  const eq = mixtureWeights([same, same.slice(), same.slice()], 10);
  assert.ok(eq.converged);
  for (const v of eq.weights) assert.ok(Math.abs(v - 1 / 3) < 1e-15);
  // Row 0 has probability 0 under both members: left out, the weights come from the other rows.
  const a = Float64Array.of(0, 0.9, 0.8, 0.7);
  const b = Float64Array.of(0, 0.1, 0.3, 0.2);
  const r = mixtureWeights([a, b], 100);
  assert.ok(r.converged && Number.isFinite(loglik([a.subarray(1), b.subarray(1)], r.weights)));
  assert.deepEqual([...r.weights], [1, 0]);
  const none = mixtureWeights([Float64Array.of(0, 0), Float64Array.of(0, 0)], 100);
  assert.deepEqual([...none.weights], [0.5, 0.5]);
  // One pass allowed: the uniform start, not converged, said so.
  const [p, s] = alikePair(100, 0.3, 4);
  const once = mixtureWeights([p, s], 1);
  assert.deepEqual([...once.weights], [0.5, 0.5]);
  assert.equal(once.passes, 1);
  assert.equal(once.converged, once.gap <= 1e-10);
});
