import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  InvalidArgumentError,
  NotFittedError,
  PCA,
  Rng,
  loadingsHeatmap,
  loadingsTable,
  matrixFromRows,
  screeChart,
} from '../../lib/index.js';

/** 200 rows of 5 columns: two correlated pairs and noise, so the ratios fall off. */
function fitted(): PCA {
  const rng = new Rng(7);
  const rows = Array.from({ length: 200 }, () => {
    const a = rng.normal();
    const b = rng.normal();
    return [a, a + 0.1 * rng.normal(), b, b + 0.5 * rng.normal(), rng.normal()];
  });
  return new PCA({ scale: true }).fit(matrixFromRows(rows, ['a1', 'a2', 'b1', 'b2', 'noise']));
}
const pca = fitted();

test('screeChart: the first k explained variance ratios and their running total', () => {
  const fig = screeChart(pca, { components: 3, title: 'scree' });
  const [ratio, cumulative] = fig.data as unknown as { x: number[]; y: number[] }[];
  const expected = Array.from(pca.explainedVarianceRatio).slice(0, 3);
  assert.deepEqual(ratio.y, expected);
  assert.deepEqual(ratio.x, [1, 2, 3]);
  expected.reduce((s, v, i) => {
    assert.ok(Math.abs(cumulative.y[i] - (s + v)) < 1e-12);
    return s + v;
  }, 0);
  assert.ok(ratio.y[0] > ratio.y[1] && ratio.y[1] > ratio.y[2]);
  // every kept component when fewer than asked; bad counts and an unfitted PCA are refused
  assert.equal((screeChart(pca).data[0] as unknown as { y: number[] }).y.length, 5);
  assert.throws(() => screeChart(pca, { components: 0 }), InvalidArgumentError);
  assert.throws(() => screeChart(new PCA()), NotFittedError);
});

test('loadingsHeatmap: features by components, the loadings table values on a -1..1 scale', () => {
  const fig = loadingsHeatmap(pca, { components: 2, title: 'loadings' });
  const t = fig.data[0] as unknown as { z: number[][]; x: string[]; y: string[]; zmin: number; zmax: number };
  const table = loadingsTable(pca, { components: 2 });
  assert.deepEqual(t.x, ['PC1', 'PC2']);
  assert.deepEqual(
    t.y,
    table.map((r) => r.feature),
  );
  assert.deepEqual(
    t.z,
    table.map((r) => [r.PC1, r.PC2]),
  );
  assert.deepEqual([t.zmin, t.zmax], [-1, 1]);
  assert.throws(() => loadingsHeatmap(new PCA()), NotFittedError);
});

test('loadingsHeatmap without scale: a scale to the largest |loading| (before: -1..1, every cell saturated)', () => {
  // Heights in cm and weights in kg: loadings of several units, far beyond 1.
  const rng = new Rng(3);
  const rows = Array.from({ length: 100 }, () => {
    const s = rng.normal();
    return [170 + 8 * s + rng.normal(), 70 + 10 * s + 3 * rng.normal()];
  });
  const raw = new PCA().fit(matrixFromRows(rows, ['height', 'weight']));
  const t = loadingsHeatmap(raw).data[0] as unknown as { z: number[][]; zmin: number; zmax: number };
  const top = Math.max(...t.z.flat().map(Math.abs));
  assert.ok(top > 5, `largest loading ${top}`);
  assert.deepEqual([t.zmin, t.zmax], [-top, top]);
  // Only the components shown set the scale.
  const first = loadingsHeatmap(raw, { components: 1 }).data[0] as unknown as { z: number[][]; zmax: number };
  assert.equal(first.zmax, Math.max(...first.z.flat().map(Math.abs)));
});
