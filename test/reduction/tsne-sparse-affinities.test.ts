import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  featureMatrix,
  InvalidArgumentError,
  matrixFromRows,
  tsne,
  tsneAffinities,
  tsneSparseAffinities,
  type FeatureMatrix,
} from '../../lib/index.js';
import { clusters } from './clusters.js';

function entry(P: ReturnType<typeof tsneSparseAffinities>, i: number, j: number): number {
  for (let e = P.rowStart[i]; e < P.rowStart[i + 1]; e++) if (P.cols[e] === j) return P.values[e];
  return 0;
}

test('tsneSparseAffinities: equidistant points get p_ij = 1 / (k n) (hand-computed)', () => {
  // The corners of a regular simplex: all 6 distances equal, so every p_j|i = 1/3 and
  // p_ij = (1/3 + 1/3) / (2 * 4) = 1/12.
  const X = matrixFromRows([
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
  ]);
  const P = tsneSparseAffinities(X, 2);
  assert.deepEqual(Array.from(P.rowStart), [0, 3, 6, 9, 12]);
  for (const v of P.values) assert.ok(Math.abs(v - 1 / 12) < 1e-12);
});

test('tsneSparseAffinities: neighbours on a line, symmetric union of the kNN graphs', () => {
  // Points 0, 1, 3, 7 on a line with k = 1: nearest of 0 is 1, of 1 is 0, of 3 is 1, of 7 is 3.
  const X = matrixFromRows([[0], [1], [3], [7]]);
  const P = tsneSparseAffinities(X, 0.5, 1);
  const pairs: string[] = [];
  for (let i = 0; i < 4; i++) for (let e = P.rowStart[i]; e < P.rowStart[i + 1]; e++) pairs.push(`${i}-${P.cols[e]}`);
  assert.deepEqual(pairs, ['0-1', '1-0', '1-2', '2-1', '2-3', '3-2']);
  // With one neighbour every conditional is 1: p_01 = (1 + 1) / 8, p_12 = (0 + 1) / 8.
  assert.equal(entry(P, 0, 1), 2 / 8);
  assert.equal(entry(P, 1, 2), 1 / 8);
  assert.equal(entry(P, 2, 1), 1 / 8);
});

test('tsneSparseAffinities: symmetric, sums to 1, k = 3 * perplexity; all neighbours give the dense P', () => {
  const { X } = clusters(20, 1);
  const n = X.n;
  const P = tsneSparseAffinities(X, 5);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const row = P.rowStart[i + 1] - P.rowStart[i];
    assert.ok(row >= 15 && row <= 30, `row ${i} has ${row} entries`);
    for (let e = P.rowStart[i]; e < P.rowStart[i + 1]; e++) {
      total += P.values[e];
      assert.equal(P.values[e], entry(P, P.cols[e], i));
      assert.ok(P.cols[e] !== i);
    }
  }
  assert.ok(Math.abs(total - 1) < 1e-9, `sum ${total}`);
  const full = tsneSparseAffinities(X, 5, n - 1);
  const D = tsneAffinities(X, 5);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.equal(D[i * n + j], i === j ? 0 : entry(full, i, j));
  assert.throws(() => tsneSparseAffinities(X, 0), InvalidArgumentError);
  assert.throws(() => tsneSparseAffinities(X, 5, 0), InvalidArgumentError);
});

test('tsne: Barnes-Hut (theta 0.5) and exact repulsion (theta 0) both keep clusters apart, with close KL', () => {
  const { X, label } = clusters(60, 2);
  const runs = [0, 0.5].map((theta) => tsne(X, { perplexity: 10, iterations: 600, seed: 3, theta }));
  for (const { embedding: Y } of runs) {
    let same = 0;
    for (let i = 0; i < Y.n; i++) {
      let best = -1;
      let bd = Infinity;
      for (let j = 0; j < Y.n; j++) {
        const d = (Y.data[2 * i] - Y.data[2 * j]) ** 2 + (Y.data[2 * i + 1] - Y.data[2 * j + 1]) ** 2;
        if (j !== i && d < bd) {
          bd = d;
          best = j;
        }
      }
      if (label[best] === label[i]) same++;
    }
    assert.equal(same, Y.n);
  }
  const [exact, bh] = runs.map((r) => r.klDivergence);
  assert.ok(exact > 0 && Math.abs(bh - exact) < 0.05 * exact, `KL exact ${exact}, Barnes-Hut ${bh}`);
  assert.deepEqual(
    tsne(X, { perplexity: 10, iterations: 50, seed: 3 }).embedding.data,
    tsne(X, { perplexity: 10, iterations: 50, seed: 3 }).embedding.data,
  );
});

test('tsne: exact affinities, 3 output dimensions, and bad options', () => {
  const { X } = clusters(10, 5);
  const r = tsne(X, { perplexity: 5, iterations: 100, dims: 3, affinities: 'exact', seed: 1 });
  assert.deepEqual(r.embedding.names, ['tsne1', 'tsne2', 'tsne3']);
  assert.ok(r.klDivergence > 0 && Number.isFinite(r.klDivergence));
  assert.throws(() => tsne(X, { theta: -1 }), /theta must be >= 0/);
  // @ts-expect-error an unknown mode
  assert.throws(() => tsne(X, { affinities: 'dense' }), /unknown affinities/);
});

/** X with every value multiplied by f. */
function times(X: FeatureMatrix, f: number): FeatureMatrix {
  return featureMatrix(
    X.data.map((v) => v * f),
    X.n,
    X.p,
    X.names,
  );
}

// Before: the bisection started at beta = 1 and ran out of its 100 steps on data far from unit scale (squared
// distances beyond ~2^90: values ~1e15, or ~1e-15), and distances of values ~1e160 overflowed to an all-NaN P.
const SCALES = [1, 1e12, 1e-12, 1e15, 1e-15, 1e100, 1e-100, 1e300, 1e-300];

test('tsneSparseAffinities: every point reaches the perplexity, exp(H) = perplexity, on any scale', () => {
  // 24 points on a circle: all points see the same distances, so p_j|i = p_i|j and row i of P is p_.|i / n.
  const n = 24;
  const circle = Array.from({ length: n }, (_, i) => [
    Math.cos((2 * Math.PI * i) / n),
    Math.sin((2 * Math.PI * i) / n),
  ]);
  for (const f of SCALES) {
    const P = tsneSparseAffinities(matrixFromRows(circle.map((r) => r.map((v) => v * f))), 5, n - 1);
    for (let i = 0; i < n; i++) {
      let H = 0;
      for (let e = P.rowStart[i]; e < P.rowStart[i + 1]; e++) {
        const q = n * P.values[e];
        H -= q * Math.log(q);
      }
      // The bisection stops within 1e-6 nats of log(perplexity); the 1e-12 floor moves H by < 1e-8.
      assert.ok(Math.abs(H - Math.log(5)) < 2e-6, `scale ${f}, row ${i}: perplexity ${Math.exp(H)}`);
    }
  }
});

test('tsneSparseAffinities: data times 1e±12, 1e±15, 1e±100 or 1e±300 give the P of the data (clusters)', () => {
  const { X } = clusters(15, 4);
  const base = tsneSparseAffinities(X, 5);
  for (const f of SCALES.slice(1)) {
    const P = tsneSparseAffinities(times(X, f), 5);
    assert.deepEqual(P.cols, base.cols, `scale ${f}: neighbours`);
    for (let e = 0; e < P.values.length; e++) {
      const [a, b] = [P.values[e], base.values[e]];
      assert.ok(Math.abs(a - b) <= 1e-3 * b, `scale ${f}, entry ${e}: ${a} vs ${b}`);
    }
  }
});

test('tsneSparseAffinities: a perplexity below 1/3 without neighbours is refused in terms of the perplexity', () => {
  const { X } = clusters(3, 1);
  // Before: "neighbors must be an integer >= 1, got undefined".
  assert.throws(
    () => tsneSparseAffinities(X, 0.2),
    (e: unknown) => e instanceof InvalidArgumentError && /perplexity must be >= 1\/3.*got 0\.2/.test(e.message),
  );
  assert.doesNotThrow(() => tsneSparseAffinities(X, 1 / 3));
  assert.doesNotThrow(() => tsneSparseAffinities(X, 0.2, 2));
});

test('tsneSparseAffinities and tsneAffinities refuse a perplexity above the neighbours (before: all alike)', () => {
  // Before: the calibration could not reach such a perplexity and gave every neighbour the same affinity, silently.
  const { X } = clusters(3, 1);
  const refused = (f: () => unknown, message: string) =>
    assert.throws(f, (e: unknown) => e instanceof InvalidArgumentError && e.message === message);
  const why = "a point's affinities cannot reach a perplexity above its number of neighbours";
  refused(
    () => tsneSparseAffinities(X, 10),
    `tsneSparseAffinities: perplexity 10 is more than the 8 other rows: ${why}`,
  );
  refused(
    () => tsneSparseAffinities(X, 5, 4),
    `tsneSparseAffinities: perplexity 5 is more than its 4 neighbours: ${why}`,
  );
  refused(() => tsneAffinities(X, 8.5), `tsneAffinities: perplexity 8.5 is more than the 8 other rows: ${why}`);
  refused(
    () => tsneAffinities(X, Infinity),
    `tsneAffinities: perplexity Infinity is more than the 8 other rows: ${why}`,
  );
  // Up to k is reached: with a perplexity of k = n - 1 = 8, every p_j|i is about 1/8, so p_ij about 2 / 8 / 18.
  const P = tsneAffinities(X, 8);
  for (let j = 1; j < X.n; j++) assert.ok(Math.abs(72 * P[j] - 1) < 0.01, `P[0, ${j}] = ${P[j]}`);
  assert.doesNotThrow(() => tsneSparseAffinities(X, 4, 4));
});

test('tsneAffinities names itself in the errors of its perplexity and rows (before: tsneSparseAffinities)', () => {
  const { X } = clusters(3, 1);
  for (const [f, message] of [
    [() => tsneAffinities(X, 0), 'tsneAffinities: perplexity must be > 0, got 0'],
    [() => tsneAffinities(X, NaN), 'tsneAffinities: perplexity must be > 0, got NaN'],
    [() => tsneAffinities(matrixFromRows([[1, 2]]), 1), 'tsneAffinities: needs at least 2 rows'],
    [() => tsneSparseAffinities(X, -1), 'tsneSparseAffinities: perplexity must be > 0, got -1'],
    [() => tsneSparseAffinities(matrixFromRows([[1, 2]]), 1), 'tsneSparseAffinities: needs at least 2 rows'],
  ] as const) {
    assert.throws(f, (e: unknown) => e instanceof InvalidArgumentError && e.message === message);
  }
});
