import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrationBins, InvalidArgumentError, Rng } from '../../lib/index.js';

const y = Int32Array.from([0, 1, 2, 0, 1, 2]);
const P = Float64Array.from([0.7, 0.2, 0.1, 0.2, 0.5, 0.3, 0.1, 0.3, 0.6, 0.3, 0.4, 0.3, 0.5, 0.3, 0.2, 0.2, 0.2, 0.6]);

test('calibration bins of class 2 in the hand example (2 bins)', () => {
  const cal = calibrationBins(y, P, { bins: 2 });
  assert.deepEqual(cal.edges, [0, 0.5, 1]);
  const c2 = cal.classes[2];
  assert.deepEqual(c2.count, [4, 2]);
  assert.ok(Math.abs(c2.meanPredicted[0] - 0.225) < 1e-12);
  assert.ok(Math.abs(c2.meanPredicted[1] - 0.6) < 1e-12);
  assert.deepEqual(c2.observedRate, [0, 1]);
  // ECE = 4/6 x 0.225 + 2/6 x 0.4
  assert.ok(Math.abs(c2.ece - (4 / 6) * 0.225 - (2 / 6) * 0.4) < 1e-12);
  assert.ok(Math.abs(cal.ece - (cal.classes[0].ece + cal.classes[1].ece + c2.ece) / 3) < 1e-15);
});

test('well-calibrated seeded probabilities have a small ECE, miscalibrated ones a large one', () => {
  const rng = new Rng(5);
  const n = 20000;
  const yy = new Int32Array(n);
  const good = new Float64Array(n * 2);
  const bad = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const p = rng.next();
    yy[i] = rng.bernoulli(p) ? 1 : 0;
    good[2 * i] = 1 - p;
    good[2 * i + 1] = p;
    const q = p * p; // overconfident towards class 0
    bad[2 * i] = 1 - q;
    bad[2 * i + 1] = q;
  }
  assert.ok(calibrationBins(yy, good).ece < 0.02);
  // E|p - p^2| = 1/6 for uniform p.
  assert.ok(Math.abs(calibrationBins(yy, bad).ece - 1 / 6) < 0.02);
  assert.ok(calibrationBins(yy, good).classes[1].count.every((c) => c > 1500));
});

test('invalid bin counts throw', () => {
  assert.throws(() => calibrationBins(y, P, { bins: 0 }), InvalidArgumentError);
});

test('a probability on a bin edge falls in the bin that starts there, as documented', () => {
  // 15/22 * 22 rounds to 14.999...: floor put it in bin 14, whose documented range [14/22, 15/22) excludes it.
  for (const [bins, b] of [
    [22, 15],
    [10, 3],
    [50, 29],
  ]) {
    const p = b / bins;
    const cal = calibrationBins([0, 1], [p, 1 - p, 1 - p, p], { bins });
    const c0 = cal.classes[0];
    const bin = c0.count.findIndex((n, k) => n > 0 && Math.abs(c0.meanPredicted[k] - p) < 1e-15);
    assert.equal(bin, b, `p = ${b}/${bins}`);
    assert.ok(cal.edges[bin] <= p && p < cal.edges[bin + 1]);
  }
});

test('a probability one rounding step below a bin edge falls in the bin below the edge, as documented', () => {
  // Before: (0.7 + 0.2) * 10 rounds up to exactly 9, so 0.8999999999999999 landed in bin 9 = [0.9, 1).
  const p = 0.7 + 0.2;
  assert.ok(p < 0.9, 'p is one step below 0.9');
  const cal = calibrationBins([0, 1], [p, 1 - p, 0.05, 0.95], { bins: 10 });
  assert.deepEqual(cal.classes[0].count, [1, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
  assert.equal(cal.classes[0].meanPredicted[8], p);
  // 5/13 is 0.38461538461538464; one step below it belongs to bin 4 = [4/13, 5/13), not bin 5.
  const q = 0.3846153846153846;
  assert.ok(q < 5 / 13);
  const c13 = calibrationBins([0], [q, 1 - q], { bins: 13 }).classes[0];
  assert.deepEqual(
    c13.count.map((n, b) => (n > 0 ? b : -1)).filter((b) => b >= 0),
    [4],
  );
});

test('values a few steps either side of every edge fall in the documented [edges[b], edges[b+1])', () => {
  const step = (x: number, dir: 1 | -1): number => {
    const f = new Float64Array([x]);
    const bits = new BigInt64Array(f.buffer);
    bits[0] += BigInt(dir);
    return f[0];
  };
  for (const bins of [3, 7, 10, 13, 20, 22, 50, 100]) {
    const edges = calibrationBins([0], [0.5, 0.5], { bins }).edges;
    for (let e = 1; e < bins; e++) {
      let below = edges[e];
      let above = edges[e];
      for (let s = 0; s < 3; s++) {
        below = step(below, -1);
        above = step(above, 1);
        for (const [p, b] of [
          [below, e - 1],
          [above, e],
          [edges[e], e],
        ]) {
          const count = calibrationBins([0], [p, 1 - p], { bins }).classes[0].count;
          assert.equal(count.indexOf(1), b, `bins ${bins}: p = ${p} is in [${edges[b]}, ${edges[b + 1]})`);
        }
      }
    }
  }
});
