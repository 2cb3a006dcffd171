import assert from 'node:assert/strict';
import { test } from 'node:test';
import { featureSummary, matrixFromRows } from '../../lib/index.js';

// Column a = [1, 2, 3, 4] * scale (sample sd sqrt(5/3) * scale); column b = [2, 1, 3, 5] stays ordinary.
const BASE = [1, 2, 3, 4];
const SD = Math.sqrt(5 / 3);

test('featureSummary: the sd of a column of huge or tiny values is finite, not 0, and scales with the values', () => {
  for (const scale of [1e155, 1e160, 1e300, 1e-160, 1e-170, 1e-300]) {
    const X = matrixFromRows(
      BASE.map((v, i) => [v * scale, [2, 1, 3, 5][i]]),
      ['a', 'b'],
    );
    const [a] = featureSummary(X);
    assert.ok(Number.isFinite(a.sd) && a.sd > 0, `scale ${scale}: sd ${a.sd}`);
    assert.ok(Math.abs(a.sd / scale - SD) <= 1e-12 * SD, `scale ${scale}: sd / scale ${a.sd / scale} vs ${SD}`);
    assert.ok(Math.abs(a.mean / scale - 2.5) <= 1e-12, `scale ${scale}: mean ${a.mean}`);
    assert.equal(a.min, BASE[0] * scale);
    assert.equal(a.max, BASE[3] * scale);
  }
});

test('featureSummary: huge values of both signs near the float limit give a finite mean; NaN rows are skipped', () => {
  const X = matrixFromRows([[1.5e308], [NaN], [-1.5e308], [0]], ['a']);
  const [a] = featureSummary(X);
  assert.equal(a.mean, 0);
  assert.ok(Math.abs(a.sd - 1.5e308) <= 1e-12 * 1.5e308, `sd ${a.sd}`);
  assert.equal(a.missing, 0.25);
});

test('featureSummary: ordinary and constant columns keep their exact values', () => {
  const X = matrixFromRows(
    BASE.map((v) => [v, 1e-170, 7]),
    ['a', 'tiny', 'c'],
  );
  const [a, tiny, c] = featureSummary(X);
  // Welford on 1, 2, 3, 4 sums the squared deviations to exactly 5.
  assert.equal(a.sd, SD);
  assert.equal(a.mean, 2.5);
  assert.equal(tiny.sd, 0);
  assert.equal(tiny.mean, 1e-170);
  assert.equal(c.sd, 0);
  assert.equal(c.mean, 7);
});
