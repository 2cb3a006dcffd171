import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  featureMatrix,
  InvalidArgumentError,
  matrixFromRows,
  tsne,
  tsneAffinities,
  type FeatureMatrix,
} from '../../lib/index.js';
import { clusters } from './clusters.js';

test('tsneAffinities: P is symmetric, positive and sums to 1', () => {
  const { X } = clusters(20, 1);
  const n = X.n;
  const P = tsneAffinities(X, 10);
  let total = 0;
  for (let k = 0; k < P.length; k++) total += P[k];
  assert.ok(Math.abs(total - 1) < 1e-6, `sum ${total}`);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.equal(P[i * n + j], P[j * n + i]);
});

/** How many points of a 2-D layout have their nearest neighbour in their own cluster. */
function ownClusterNeighbours(Y: FeatureMatrix, label: readonly number[]): number {
  let same = 0;
  for (let i = 0; i < Y.n; i++) {
    let best = -1;
    let bd = Infinity;
    for (let j = 0; j < Y.n; j++) {
      if (j === i) continue;
      const d = (Y.data[2 * i] - Y.data[2 * j]) ** 2 + (Y.data[2 * i + 1] - Y.data[2 * j + 1]) ** 2;
      if (d < bd) {
        bd = d;
        best = j;
      }
    }
    if (label[best] === label[i]) same++;
  }
  return same;
}

test('tsne: clusters stay apart in 2-D (nearest neighbour of every point is in its own cluster)', () => {
  const { X, label } = clusters(25, 2);
  const { embedding: Y, klDivergence } = tsne(X, { perplexity: 10, iterations: 400, seed: 3 });
  assert.equal(Y.n, 75);
  assert.deepEqual(Y.names, ['tsne1', 'tsne2']);
  assert.equal(ownClusterNeighbours(Y, label), Y.n);
  assert.ok(klDivergence > 0 && klDivergence < 1.5, `KL ${klDivergence}`);
});

test('tsne: a fixed seed reproduces the layout, another seed changes it', () => {
  const { X } = clusters(8, 4);
  const a = tsne(X, { iterations: 60, seed: 1 }).embedding.data;
  assert.deepEqual(tsne(X, { iterations: 60, seed: 1 }).embedding.data, a);
  assert.notDeepEqual(tsne(X, { iterations: 60, seed: 2 }).embedding.data, a);
});

test('tsne: refuses NaN and too few rows', () => {
  assert.throws(() => tsne(matrixFromRows([[1], [2], [NaN], [4], [5]])), InvalidArgumentError);
  assert.throws(() => tsne(matrixFromRows([[1], [2], [3]])), /at least 4 rows/);
});

test('tsne refuses a learning rate that is not positive and negative exaggeration iterations', () => {
  // Before: learningRate NaN gave an all-NaN embedding, -10 ran gradient ascent, -5 iterations no exaggeration.
  const X = matrixFromRows(Array.from({ length: 12 }, (_, i) => [i % 3, i / 12, (i * 7) % 5]));
  for (const learningRate of [NaN, -10, 0, Infinity]) {
    assert.throws(() => tsne(X, { learningRate, iterations: 5 }), /tsne: learningRate must be > 0/);
  }
  for (const exaggerationIterations of [-5, 2.5]) {
    assert.throws(
      () => tsne(X, { exaggerationIterations, iterations: 5 }),
      /exaggerationIterations must be an integer >= 0/,
    );
  }
  assert.equal(tsne(X, { iterations: 5, exaggerationIterations: 0, seed: 1 }).embedding.n, 12);
});

test('tsne: data on a huge or tiny scale are laid out as on an ordinary scale (before: all NaN, KL 0)', () => {
  const { X, label } = clusters(25, 2);
  for (const f of [1e300, 1e-300, 1e15]) {
    const Xf = featureMatrix(
      X.data.map((v) => v * f),
      X.n,
      X.p,
      X.names,
    );
    const { embedding: Y, klDivergence } = tsne(Xf, { perplexity: 10, iterations: 400, seed: 3 });
    assert.ok(Y.data.every(Number.isFinite), `scale ${f}: a coordinate is not finite`);
    // A layout is chaotic in P (data times 1e3 already end elsewhere): the check is the one above, on the clusters.
    assert.equal(ownClusterNeighbours(Y, label), Y.n, `scale ${f}`);
    assert.ok(klDivergence > 0 && klDivergence < 1.5, `scale ${f}: KL ${klDivergence}`);
  }
});

test('tsne: a perplexity below 1/3 is refused, in terms of the perplexity (before: "neighbors ... undefined")', () => {
  const { X } = clusters(4, 1);
  assert.throws(
    () => tsne(X, { perplexity: 0.2, iterations: 5 }),
    (e: unknown) => e instanceof InvalidArgumentError && /^tsne: perplexity must be >= 1\/3.*got 0\.2$/.test(e.message),
  );
  // All-pairs affinities need no neighbour count.
  assert.equal(tsne(X, { perplexity: 0.2, iterations: 5, affinities: 'exact' }).embedding.n, X.n);
});

test('tsne: a bad perplexity or seed is refused naming tsne (before: "seed must be ...", no function named)', () => {
  const { X } = clusters(4, 1);
  for (const [options, message] of [
    [{ perplexity: 0 }, 'tsne: perplexity must be > 0, got 0'],
    [{ perplexity: NaN }, 'tsne: perplexity must be > 0, got NaN'],
    [{ seed: 1.5 }, 'tsne: seed must be a safe integer, got 1.5'],
    [{ seed: NaN }, 'tsne: seed must be a safe integer, got NaN'],
  ] as const) {
    assert.throws(
      () => tsne(X, { iterations: 5, ...options }),
      (e: unknown) => e instanceof InvalidArgumentError && e.message === message,
    );
  }
  // A perplexity above (n - 1) / 3 is lowered to it, as documented, not refused.
  assert.deepEqual(
    tsne(X, { perplexity: 1000, iterations: 5, seed: 2 }).embedding.data,
    tsne(X, { perplexity: (X.n - 1) / 3, iterations: 5, seed: 2 }).embedding.data,
  );
});
