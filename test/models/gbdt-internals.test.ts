// Invariants of the tree learner's internals that the public API cannot isolate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../lib/index.js';
import { binMatrix, binOf, quantileBinEdges } from '../../lib/models/gbdt-binning.js';
import { GbdtTreeLearner } from '../../lib/models/gbdt-tree-learner.js';

test('quantile bin edges: midpoints between distinct values, at most maxBins bins, last edge +Infinity', () => {
  assert.deepEqual(Array.from(quantileBinEdges(Float64Array.of(1, 1, 2, 5), 255)), [1.5, 3.5, Infinity]);
  assert.deepEqual(Array.from(quantileBinEdges(new Float64Array(0), 255)), [Infinity]);
  const sorted = Float64Array.from({ length: 1000 }, (_, i) => i);
  const e = quantileBinEdges(sorted, 10);
  assert.equal(e.length, 10);
  // Equal-frequency bins of 100 values: edges at 99.5, 199.5, ...
  assert.deepEqual(Array.from(e.subarray(0, 9)), [99.5, 199.5, 299.5, 399.5, 499.5, 599.5, 699.5, 799.5, 899.5]);
  assert.equal(binOf(99.5, e), 0);
  assert.equal(binOf(99.6, e), 1);
  assert.equal(binOf(1e9, e), 9);
  assert.equal(binOf(NaN, e), 10);
});

/** 3,000 rows of `p` normal features (5% NaN) binned into 63 bins, tree settings of 15 leaves, and the generator. */
function threeClassFixture(seed: number, p: number) {
  const n = 3000;
  const r = new Rng(seed);
  const data = Float64Array.from({ length: n * p }, () => (r.next() < 0.05 ? NaN : r.normal()));
  const bins = binMatrix(data, n, p, 63, 200_000, new Rng(1));
  const settings = {
    numLeaves: 15,
    maxDepth: -1,
    learningRate: 0.1,
    minDataInLeaf: 10,
    minSumHessianInLeaf: 1e-3,
    lambdaL2: 1,
    minGainToSplit: 0,
  };
  return { n, r, bins, settings };
}

test('the fused three-class root histograms grow the same trees as per-class histograms', () => {
  const p = 6;
  const { n, r, bins, settings } = threeClassFixture(3, p);
  const g = Float64Array.from({ length: 3 * n }, () => r.normal());
  const h = Float64Array.from({ length: 3 * n }, () => 0.1 + r.next());
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const features = Int32Array.from({ length: p }, (_, f) => f);
  const fused = new GbdtTreeLearner(bins, settings);
  const plain = new GbdtTreeLearner(bins, settings);
  assert.equal(fused.prepareRoots(g, h, 3, rows, n), true);
  assert.equal(plain.prepareRoots(g, h, 2, rows, n), false);
  for (let c = 0; c < 3; c++) {
    const gc = g.subarray(c * n, (c + 1) * n);
    const hc = h.subarray(c * n, (c + 1) * n);
    const a = fused.grow(gc, hc, rows, n, features, c);
    const b = plain.grow(gc, hc, rows, n, features);
    assert.equal(a.numNodes, 14);
    assert.deepEqual(a.toJSON(), b.toJSON());
  }
});

test("per-class root histograms over each tree's sampled features grow the same trees as histograms built at the root", () => {
  const { n, r, bins, settings } = threeClassFixture(4, 8);
  const gradients = () => Float64Array.from({ length: 3 * n }, () => r.normal());
  const hessians = () => Float64Array.from({ length: 3 * n }, () => 0.1 + r.next());
  // A bag of rows (ascending) and each class tree's own half of the features, as a round with fractions < 1 has.
  const rows = r.permutation(n).subarray(0, 2100).sort();
  const classFeatures = [Int32Array.of(0, 2, 5, 7), Int32Array.of(1, 2, 3, 6), Int32Array.of(0, 3, 4, 5)];
  const sampled = new GbdtTreeLearner(bins, settings);
  const plain = new GbdtTreeLearner(bins, settings);
  // An earlier round's roots over every feature, from other gradients, leave stale bins the new roots do not rebuild.
  assert.equal(sampled.prepareRoots(gradients(), hessians(), 3, rows, rows.length), true);
  const g = gradients();
  const h = hessians();
  assert.equal(sampled.prepareRoots(g, h, 3, rows, rows.length, classFeatures), true);
  for (let c = 0; c < 3; c++) {
    const gc = g.subarray(c * n, (c + 1) * n);
    const hc = h.subarray(c * n, (c + 1) * n);
    const a = sampled.grow(gc, hc, rows, rows.length, classFeatures[c], c);
    const b = plain.grow(gc, hc, rows, rows.length, classFeatures[c]);
    assert.equal(a.numNodes, 14);
    assert.ok(a.feature.every((f) => classFeatures[c].includes(f)));
    assert.deepEqual(a.toJSON(), b.toJSON());
  }
});

test('leaf rows partition the rows, and binned routing agrees with raw-value routing', () => {
  const n = 2000;
  const p = 4;
  const r = new Rng(8);
  const data = Float64Array.from({ length: n * p }, () => (r.next() < 0.1 ? NaN : r.uniform(-1, 1)));
  const bins = binMatrix(data, n, p, 255, 200_000, new Rng(2));
  const learner = new GbdtTreeLearner(bins, {
    numLeaves: 8,
    maxDepth: 3,
    learningRate: 1,
    minDataInLeaf: 20,
    minSumHessianInLeaf: 0,
    lambdaL2: 0,
    minGainToSplit: 0,
  });
  // Gradient depends on feature 0 and on feature 1 being missing, plus noise (so splits keep gaining).
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    g[i] = (data[i * p] > 0.2 ? 1 : -1) + (Number.isNaN(data[i * p + 1]) ? 2 : 0) + r.normal(0, 0.3);
  }
  const h = new Float64Array(n).fill(1);
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const tree = learner.grow(g, h, rows, n, Int32Array.of(0, 1, 2, 3));
  assert.equal(learner.numLeaves, 8);
  // The two signals are found: a split on feature 0 near 0.2, and one on feature 1 that isolates NaN.
  const nodes = Array.from(tree.feature.keys());
  assert.ok(nodes.some((j) => tree.feature[j] === 0 && Math.abs(tree.threshold[j] - 0.2) < 0.02));
  assert.ok(nodes.some((j) => tree.feature[j] === 1));
  const seen = new Uint8Array(n);
  for (let l = 0; l < learner.numLeaves; l++) {
    for (let q = learner.leafStart[l]; q < learner.leafStart[l] + learner.leafCount[l]; q++) {
      const row = learner.rows[q];
      seen[row]++;
      assert.equal(tree.leafOf(data, row * p), l);
      assert.equal(tree.leafOfBinned(bins.codes, n, row, bins.numBins), l);
      assert.ok(learner.leafCount[l] >= 20);
    }
  }
  assert.ok(seen.every((v) => v === 1));
  // Depth limit 3: no leaf deeper than 3 splits.
  const depth = (node: number): number =>
    node < 0 ? 0 : 1 + Math.max(depth(tree.left[node]), depth(tree.right[node]));
  assert.ok(depth(0) <= 3);
  // The leaf values are the Newton step -G/H of their rows (lambda 0, learning rate 1).
  for (let l = 0; l < learner.numLeaves; l++) {
    let G = 0;
    for (let q = learner.leafStart[l]; q < learner.leafStart[l] + learner.leafCount[l]; q++) G += g[learner.rows[q]];
    assert.ok(Math.abs(tree.leafValue[l] + G / learner.leafCount[l]) < 1e-12);
  }
});

test('a numLeaves far above what the rows allow allocates few histograms and grows the trees of a snug numLeaves', () => {
  // Before: numLeaves + 1 histograms up front (65,537 here; with 20 features, 1 GB at numLeaves 16,384).
  const n = 200;
  const p = 3;
  const r = new Rng(21);
  const data = Float64Array.from({ length: n * p }, () => (r.next() < 0.1 ? NaN : r.normal()));
  const bins = binMatrix(data, n, p, 63, 200_000, new Rng(4));
  const settings = (numLeaves: number) => ({
    numLeaves,
    maxDepth: -1,
    learningRate: 0.1,
    minDataInLeaf: 10,
    minSumHessianInLeaf: 1e-3,
    lambdaL2: 0,
    minGainToSplit: 0,
  });
  // A leaf that can split holds at least 2 * minDataInLeaf rows: at most 200 / 20 = 10 of them at once.
  const bound = Math.floor(n / 20) + 1;
  const huge = new GbdtTreeLearner(bins, settings(65_536));
  const snug = new GbdtTreeLearner(bins, settings(n / 10 + 1));
  const features = Int32Array.from({ length: p }, (_, f) => f);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const half = Int32Array.from({ length: n / 2 }, (_, i) => 2 * i);
  let most = 0;
  for (let t = 0; t < 6; t++) {
    // Gradients from the features plus noise (so splits keep gaining), hessians of varied size.
    const g = Float64Array.from({ length: n }, (_, i) => Math.tanh(data[i * p] || 0) + r.normal(0, 0.5));
    const h = Float64Array.from({ length: n }, () => 0.05 + r.next());
    const rows = t % 2 === 0 ? all : half;
    const a = huge.grow(g, h, rows, rows.length, features);
    const b = snug.grow(g, h, rows, rows.length, features);
    assert.deepEqual(a.toJSON(), b.toJSON());
    assert.ok(huge.numLeaves < n / 10 + 1, `tree ${t}: ${huge.numLeaves} leaves, the snug limit was reached`);
    most = Math.max(most, huge.numLeaves);
    assert.ok(huge.allocatedHistograms <= bound, `${huge.allocatedHistograms} histograms after tree ${t}`);
  }
  assert.ok(most >= 10, `the trees grew only ${most} leaves`);
  assert.ok(huge.allocatedHistograms >= 2);
});
