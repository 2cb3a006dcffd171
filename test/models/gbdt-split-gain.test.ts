// minGainToSplit is a strict bound: on a split of exact gain 2, 1.999 splits and 2 does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GradientBoostedTrees } from '../../lib/index.js';

test('a split is made only if its gain exceeds minGainToSplit (exact gain 2)', () => {
  // x = 1..4, y = 0,0,1,1: p = 0.5, g = -/+0.5, h = 0.5; split at 2.5: (-1)^2/1 + 1^2/1 - 0 = 2 (lambda 0).
  const X = { data: Float64Array.of(1, 2, 3, 4), n: 4, p: 1 };
  const y = Int32Array.of(0, 0, 1, 1);
  const fit = (minGainToSplit: number) =>
    (
      new GradientBoostedTrees({ numRounds: 1, numLeaves: 2, minDataInLeaf: 1, minGainToSplit })
        .fit(X, y)
        .toJSON() as unknown as {
        trees: { feature: number[] }[];
      }
    ).trees[0].feature;
  assert.deepEqual(fit(1.999), [0]);
  assert.deepEqual(fit(2), []);
});
