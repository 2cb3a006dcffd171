// Split details by hand: lambda in both children's gain, and an unseen NaN's side at prediction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GradientBoostedTrees } from '../../lib/index.js';

test('split gain penalises both children with lambda: x = 1..8, class 1 at x = 1 and 6, lambda 5 splits at 1.5', () => {
  // Class-0 tree: p0 = 0.75, g = 0.75 (class 1 rows) / -0.25, h = 0.375, G = 0, H = 3.
  // Gain at 1.5: 0.75^2/(0.375+5) + 0.75^2/(2.625+5) = 0.1784; at 6.5: 0.0780 (the best other boundary).
  const X = { data: Float64Array.from({ length: 8 }, (_, i) => i + 1), n: 8, p: 1 };
  const y = Int32Array.of(1, 0, 0, 0, 0, 1, 0, 0);
  const m = new GradientBoostedTrees({ numRounds: 1, numLeaves: 2, minDataInLeaf: 1, lambdaL2: 5, learningRate: 1 });
  const json = m.fit(X, y).toJSON() as unknown as { trees: { threshold: number[] }[] };
  assert.deepEqual(json.trees[0].threshold, [1.5]);
});

test('NaN at prediction, unseen in training, follows the child with more rows', () => {
  // Split at 6.5: 6 rows left, 2 right, equal hessians: NaN goes left, as x = 1 does.
  const X = { data: Float64Array.from({ length: 8 }, (_, i) => i + 1), n: 8, p: 1 };
  const y = Int32Array.of(0, 0, 0, 0, 0, 0, 1, 1);
  const m = new GradientBoostedTrees({ numRounds: 1, numLeaves: 2, minDataInLeaf: 1 }).fit(X, y);
  const P = m.predictProba({ data: Float64Array.of(NaN, 1, 8), n: 3, p: 1 });
  assert.deepEqual(Array.from(P.subarray(0, 2)), Array.from(P.subarray(2, 4)));
  assert.notDeepEqual(Array.from(P.subarray(0, 2)), Array.from(P.subarray(4, 6)));
});
