// Bin edges and split thresholds of GradientBoostedTrees: the rules of quantileBinEdges stated in its TSDoc, on
// hand-worked samples where the greedy merge would give other edges (at most maxBins distinct values each get
// their own bin, also at exactly maxBins; a value holding more than count / maxBins rows gets a bin of its own),
// and a raw value exactly on a threshold predicted on the side its bin was trained on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GradientBoostedTrees } from '../../lib/index.js';
import { binOf, quantileBinEdges } from '../../lib/models/gbdt-binning.js';

test('exactly maxBins distinct values: every value gets its own bin, edges at the midpoints', () => {
  // 3 distinct values, maxBins 3, one value holding 6 of 8 rows: still one bin per value.
  const sorted = Float64Array.of(1, 2, 3, 3, 3, 3, 3, 3);
  assert.deepEqual(Array.from(quantileBinEdges(sorted, 3)), [1.5, 2.5, Infinity]);
  // One fewer bin than distinct values: the edges are no longer one per value.
  assert.equal(quantileBinEdges(sorted, 2).length, 2);
});

test('a value holding more than count / maxBins rows is alone in its bin', () => {
  // 12 rows, maxBins 3 (about 4 rows a bin); the value 3 holds 8 rows. It must not share a bin with
  // 1 and 2 (before it) nor with 4 and 5 (after it).
  const sorted = Float64Array.of(1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 4, 5);
  const e = quantileBinEdges(sorted, 3);
  assert.ok(e.length <= 3, `edges ${Array.from(e)}`);
  assert.equal(e[e.length - 1], Infinity);
  assert.notEqual(binOf(2, e), binOf(3, e), `edges ${Array.from(e)}`);
  assert.notEqual(binOf(3, e), binOf(4, e), `edges ${Array.from(e)}`);
  assert.equal(binOf(1, e), binOf(2, e));
});

test('through the model: with maxBins equal to the distinct values, a split can isolate a rare value', () => {
  // x in {1, 2, 3} with 1, 2 and 6 rows; the class is 1 exactly at x = 2. With one bin per value the splits
  // x <= 1.5 and x <= 2.5 are both available, so a model with maxBins 3 separates the three groups.
  const xs = [1, 2, 2, 3, 3, 3, 3, 3, 3];
  const X = { data: Float64Array.from(xs), n: xs.length, p: 1 };
  const y = Int32Array.from(xs, (x) => (x === 2 ? 1 : 0));
  const m = new GradientBoostedTrees({ numRounds: 30, numLeaves: 3, minDataInLeaf: 1, maxBins: 3, learningRate: 0.5 });
  m.fit(X, y);
  const json = m.toJSON() as unknown as { trees: { threshold: number[] }[] };
  const thresholds = new Set(json.trees.flatMap((t) => t.threshold));
  assert.ok(thresholds.has(1.5) && thresholds.has(2.5), `thresholds ${[...thresholds]}`);
  assert.deepEqual(Array.from(m.predict({ data: Float64Array.of(1, 2, 3), n: 3, p: 1 })), [0, 1, 0]);
});

type TreeJSON = { threshold: number[] };

test('a value exactly on a split threshold goes left, as its bin did in training (bin b holds v <= upper[b])', () => {
  // x = 1..4 are class 0, x = 10..13 class 1: one split at the midpoint 7.
  const X = { data: Float64Array.of(1, 2, 3, 4, 10, 11, 12, 13), n: 8, p: 1 };
  const y = Int32Array.of(0, 0, 0, 0, 1, 1, 1, 1);
  const m = new GradientBoostedTrees({ numRounds: 3, numLeaves: 2, minDataInLeaf: 1, learningRate: 0.5 }).fit(X, y);
  const trees = (m.toJSON() as unknown as { trees: TreeJSON[] }).trees;
  assert.ok(
    trees.every((t) => t.threshold.length === 1 && t.threshold[0] === 7),
    JSON.stringify(trees.map((t) => t.threshold)),
  );
  const P = m.predictProba({ data: Float64Array.of(2, 7, 12), n: 3, p: 1 });
  // x = 7 gets the left leaves, the same probabilities as x = 2, and not those of x = 12.
  // Two classes: rows of P are 2 wide.
  assert.deepEqual(Array.from(P.subarray(2, 4)), Array.from(P.subarray(0, 2)));
  assert.ok(P[2] > 0.5 && P[4] < 0.5, `p(class 0): x=7 ${P[2]}, x=12 ${P[4]}`);
  // A hair above the threshold goes right.
  const Q = m.predictProba({ data: Float64Array.of(7 + 1e-9), n: 1, p: 1 });
  assert.deepEqual(Array.from(Q), Array.from(P.subarray(4, 6)));
});
