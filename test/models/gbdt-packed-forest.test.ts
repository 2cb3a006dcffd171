// The packed forest that predicts for GradientBoostedTrees scores rows in blocks, tree by tree: each row must still get
// exactly what walking its trees one by one gives (same leaves, same order of additions), across block boundaries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GradientBoostedTrees, Rng } from '../../lib/index.js';
import { GbdtPackedForest } from '../../lib/models/gbdt-packed-forest.js';
import type { GbdtTree } from '../../lib/models/gbdt-tree.js';

test('packed forest scores of 2,600 rows (three blocks, the last partial) equal each tree walked row by row, bit for bit', () => {
  const r = new Rng(11);
  const n = 2600;
  const p = 5;
  const data = Float64Array.from({ length: n * p }, () => (r.next() < 0.1 ? NaN : r.normal()));
  const y = Int32Array.from({ length: n }, (_, i) => {
    const a = data[i * p];
    const b = data[i * p + 1];
    const s = (Number.isNaN(a) ? 0 : a) + 0.5 * (Number.isNaN(b) ? 1 : b) + 0.7 * r.normal();
    return s < -0.5 ? 0 : s < 0.5 ? 1 : 2;
  });
  const model = new GradientBoostedTrees({ numRounds: 12, numLeaves: 15, minDataInLeaf: 20, seed: 4 });
  model.fit({ data, n, p }, y);
  const trees = (model.toJSON() as unknown as { trees: unknown[] }).trees;
  assert.equal(trees.length, 36);
  // The fitted trees, rebuilt from the model's own state, walked one row and one tree at a time.
  const fitted = (model as unknown as { state: { trees: GbdtTree[]; initScore: Float64Array } }).state;
  const k = 3;
  const expected = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    expected.set(fitted.initScore, i * k);
    fitted.trees.forEach((tree, t) => {
      expected[i * k + (t % k)] += tree.leafValue[tree.leafOf(data, i * p)];
    });
  }
  const packed = new Float64Array(n * k);
  for (let i = 0; i < n; i++) packed.set(fitted.initScore, i * k);
  new GbdtPackedForest(fitted.trees).addScores(data, n, p, k, packed);
  let differing = 0;
  for (let j = 0; j < packed.length; j++) if (!Object.is(packed[j], expected[j])) differing++;
  assert.equal(differing, 0);
  // And through the public API: predictRaw of the whole matrix equals predictRaw of each row alone.
  const whole = model.predictRaw({ data, n, p });
  for (const i of [0, 1023, 1024, 1025, 2047, 2048, 2599]) {
    const one = model.predictRaw({ data: data.slice(i * p, (i + 1) * p), n: 1, p });
    assert.deepEqual(Array.from(whole.subarray(i * k, (i + 1) * k)), Array.from(one), `row ${i}`);
  }
});
