import { test } from 'node:test';
import assert from 'node:assert/strict';
import { avgOvrAuc, delongTest, InvalidArgumentError, pairedBootstrap, Rng, rocAuc } from '../../lib/index.js';

/** Seeded 3-class labels and two models' probabilities with signal strengths sa and sb. */
function twoModels(n: number, seed: number, sa: number, sb: number) {
  const rng = new Rng(seed);
  const y = new Int32Array(n);
  const Pa = new Float64Array(n * 3);
  const Pb = new Float64Array(n * 3);
  const softmax = (P: Float64Array, i: number, s: number): void => {
    const e = [0, 1, 2].map((c) => Math.exp((c === y[i] ? s : 0) + rng.normal()));
    const z = e[0] + e[1] + e[2];
    for (let c = 0; c < 3; c++) P[i * 3 + c] = e[c] / z;
  };
  for (let i = 0; i < n; i++) {
    y[i] = rng.categorical([0.2, 0.6, 0.2]);
    softmax(Pa, i, sa);
    softmax(Pb, i, sb);
  }
  return { y, Pa, Pb };
}

test('a paired bootstrap detects a real difference in average AUC', () => {
  const { y, Pa, Pb } = twoModels(2000, 1, 1.2, 0.8);
  const r = pairedBootstrap(avgOvrAuc, y, Pa, Pb, { samples: 500, seed: 2 });
  assert.ok(r.difference > 0.03, `difference ${r.difference}`);
  assert.ok(Math.abs(r.difference - (r.a - r.b)) < 1e-15);
  assert.ok(r.low > 0, `interval [${r.low}, ${r.high}]`);
  assert.ok(r.pValue < 0.01, `p ${r.pValue}`);
  // With 500 resamples the smallest p is 2 / 501.
  assert.ok(r.pValue >= 2 / 501 - 1e-15);
});

test('a paired bootstrap does not flag two equally good models', () => {
  const { y, Pa, Pb } = twoModels(2000, 3, 1, 1);
  const r = pairedBootstrap(avgOvrAuc, y, Pa, Pb, { samples: 500, seed: 2 });
  assert.ok(r.low < 0 && r.high > 0, `interval [${r.low}, ${r.high}]`);
  assert.ok(r.pValue > 0.05, `p ${r.pValue}`);
});

test('comparing a model with itself gives a zero difference and p = 1', () => {
  const { y, Pa } = twoModels(300, 4, 1, 1);
  const r = pairedBootstrap(avgOvrAuc, y, Pa, Pa, { samples: 100, seed: 1 });
  assert.equal(r.difference, 0);
  assert.equal(r.low, 0);
  assert.equal(r.high, 0);
  assert.equal(r.pValue, 1);
  assert.throws(() => pairedBootstrap(avgOvrAuc, y, Pa, Pa.subarray(3)), InvalidArgumentError);
});

/** Reference DeLong (1988) from its definition: structural components by explicit pair comparisons. */
function delongReference(labels: number[], a: number[], b: number[]): { diff: number; se: number } {
  const pos = labels.flatMap((l, i) => (l === 1 ? [i] : []));
  const neg = labels.flatMap((l, i) => (l === 0 ? [i] : []));
  const psi = (x: number, y: number): number => (x > y ? 1 : x === y ? 0.5 : 0);
  const comps = (s: number[]) => ({
    v10: pos.map((i) => neg.reduce((t, j) => t + psi(s[i], s[j]), 0) / neg.length),
    v01: neg.map((j) => pos.reduce((t, i) => t + psi(s[i], s[j]), 0) / pos.length),
  });
  const ca = comps(a);
  const cb = comps(b);
  const cov = (u: number[], v: number[]): number => {
    const mu = u.reduce((t, x) => t + x, 0) / u.length;
    const mv = v.reduce((t, x) => t + x, 0) / v.length;
    return u.reduce((t, x, i) => t + (x - mu) * (v[i] - mv), 0) / (u.length - 1);
  };
  const d10 = ca.v10.map((x, i) => x - cb.v10[i]);
  const d01 = ca.v01.map((x, i) => x - cb.v01[i]);
  const aucA = ca.v10.reduce((t, x) => t + x, 0) / pos.length;
  const aucB = cb.v10.reduce((t, x) => t + x, 0) / pos.length;
  return { diff: aucA - aucB, se: Math.sqrt(cov(d10, d10) / pos.length + cov(d01, d01) / neg.length) };
}

test('delongTest (Sun & Xu mid-ranks) matches DeLong 1988 computed from pair comparisons, with ties', () => {
  const rng = new Rng(21);
  const n = 250;
  const labels = Array.from({ length: n }, () => (rng.bernoulli(0.35) ? 1 : 0));
  const a = labels.map((l) => Math.round((l + rng.normal()) * 4) / 4);
  const b = labels.map((l, i) => Math.round((0.5 * l + 0.5 * a[i] + rng.normal()) * 4) / 4);
  const d = delongTest(labels, a, b);
  const ref = delongReference(labels, a, b);
  assert.ok(Math.abs(d.aucA - rocAuc(labels, a)) < 1e-12);
  assert.ok(Math.abs(d.aucB - rocAuc(labels, b)) < 1e-12);
  assert.ok(Math.abs(d.difference - ref.diff) < 1e-12);
  assert.ok(Math.abs(d.standardError - ref.se) < 1e-12, `${d.standardError} vs ${ref.se}`);
  assert.ok(Math.abs(d.z - ref.diff / ref.se) < 1e-9);
});

test('delongTest p-values: z = 1.959964 gives p = 0.05; a real difference is detected', () => {
  const rng = new Rng(5);
  const n = 1000;
  const labels = Array.from({ length: n }, () => (rng.bernoulli(0.5) ? 1 : 0));
  const strong = labels.map((l) => 1.5 * l + rng.normal());
  const weak = labels.map((l) => 0.5 * l + rng.normal());
  const d = delongTest(labels, strong, weak);
  assert.ok(d.pValue < 1e-6 && d.low > 0);
  // The normal tail at the 97.5% quantile, as a check of the p-value function.
  const crit = (d.high - d.difference) / d.standardError;
  assert.ok(Math.abs(crit - 1.959963984540054) < 1e-6);
  const same = delongTest(labels, strong, strong);
  assert.equal(same.pValue, 1);
  assert.throws(() => delongTest([1, 0, 0], [1, 2, 3], [1, 2, 3]), /2 positives/);
});
