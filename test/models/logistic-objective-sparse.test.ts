import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Rng, logisticObjective } from '../../lib/index.js';

/**
 * n x 5 rows mixing the two layouts the objective reads: two dense columns (every value non-zero) and three
 * mostly-zero columns (a one-hot block over four levels, the fourth level all zeros, and a rare count), so the
 * compressed sparse-row path carries part of every gradient.
 */
function mixedRows(n: number, k: number, seed: number): { data: Float64Array; y: Int32Array } {
  const rng = new Rng(seed);
  const p = 5;
  const data = new Float64Array(n * p);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    data[o] = rng.normal(1, 2);
    data[o + 1] = rng.normal(160, 10);
    const level = rng.int(4);
    if (level < 2) data[o + 2 + level] = 1;
    if (rng.bernoulli(0.1)) data[o + 4] = 1 + rng.int(3);
    y[i] = rng.int(k);
  }
  return { data, y };
}

/** The objective of the docstring, computed directly on the standardized rows (no layout, no folding). */
function naiveLoss(
  data: Float64Array,
  y: Int32Array,
  n: number,
  p: number,
  k: number,
  mean: Float64Array,
  scale: Float64Array,
  l2: number,
  theta: Float64Array,
): number {
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const z: number[] = [];
    for (let c = 0; c < k; c++) {
      let s = theta[k * p + c];
      for (let j = 0; j < p; j++) s += theta[c * p + j] * ((data[i * p + j] - mean[j]) / scale[j]);
      z.push(s);
    }
    const mx = Math.max(...z);
    const se = z.reduce((a, v) => a + Math.exp(v - mx), 0);
    loss -= z[y[i]] - mx - Math.log(se);
  }
  let pen = 0;
  for (let t = 0; t < k * p; t++) pen += theta[t] * theta[t];
  return loss / n + 0.5 * l2 * pen;
}

describe('logisticObjective with sparse columns', () => {
  for (const k of [3, 4]) {
    test(`k = ${k}: loss equals the direct formula and the gradient matches central differences`, () => {
      const n = 240;
      const p = 5;
      const { data, y } = mixedRows(n, k, 11 + k);
      const mean = Float64Array.from([1, 160, 0.25, 0.25, 0.2]);
      const scale = Float64Array.from([2, 10, 0.5, 0.4, 0.7]);
      const l2 = 0.03;
      const f = logisticObjective(data, y, n, p, k, mean, scale, l2);
      const rng = new Rng(5);
      const m = k * p + k;
      const theta = Float64Array.from({ length: m }, () => rng.normal(0, 0.6));
      const g = new Float64Array(m);
      const value = f(theta, g);
      const direct = naiveLoss(data, y, n, p, k, mean, scale, l2, theta);
      assert.ok(Math.abs(value - direct) < 1e-12 * Math.max(1, direct), `${value} vs ${direct}`);
      const scratch = new Float64Array(m);
      for (let t = 0; t < m; t++) {
        const h = 1e-5;
        const tp = theta.slice();
        const tm = theta.slice();
        tp[t] += h;
        tm[t] -= h;
        const fd =
          (naiveLoss(data, y, n, p, k, mean, scale, l2, tp) - naiveLoss(data, y, n, p, k, mean, scale, l2, tm)) /
          (2 * h);
        assert.ok(Math.abs(fd - g[t]) < 1e-7, `component ${t} (class ${Math.floor(t / p)}): ${g[t]} vs ${fd}`);
      }
      // The objective is reusable: a second call at the same θ gives the same value and gradient.
      assert.equal(f(theta, scratch), value);
      assert.deepEqual(scratch, g);
    });
  }
});
