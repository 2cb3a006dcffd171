// PCA at its documented boundaries: where `method: 'auto'` switches to the covariance path, and how topLoadings
// orders features whose loadings tie.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PCA, Rng, featureMatrix, topLoadings } from '../../lib/index.js';

/** n x 2 seeded normal rows. */
function normalRows(n: number, seed: number): ReturnType<typeof featureMatrix> {
  const rng = new Rng(seed);
  return featureMatrix(
    Float64Array.from({ length: n * 2 }, () => rng.normal(0, 1)),
    n,
    2,
  );
}

test("PCA method 'auto' takes the covariance path from n = 1,000 rows (n >= 5p), SVD below", () => {
  assert.equal(new PCA().fit(normalRows(1000, 4)).fittedMethod, 'covariance');
  assert.equal(new PCA().fit(normalRows(999, 4)).fittedMethod, 'svd');
});

test('topLoadings ranks features of equal |loading| in feature order', () => {
  // Centred columns on disjoint rows: the covariance is diag(3.6, 1.6, 0.4), so each component is one feature and the
  // other two load exactly 0 on it (a tie, ranked b before c on PC1, a before c on PC2, a before b on PC3).
  const rows = [
    [3, 0, 0],
    [-3, 0, 0],
    [0, 2, 0],
    [0, -2, 0],
    [0, 0, 1],
    [0, 0, -1],
  ];
  for (const method of ['svd', 'covariance'] as const) {
    const pca = new PCA({ method }).fit(featureMatrix(Float64Array.from(rows.flat()), 6, 3, ['a', 'b', 'c']));
    const t = topLoadings(pca, { components: 3, top: 3 });
    assert.deepEqual(
      t.map((r) => `${r.component} ${r.rank} ${r.feature}`),
      ['PC1 1 a', 'PC1 2 b', 'PC1 3 c', 'PC2 1 b', 'PC2 2 a', 'PC2 3 c', 'PC3 1 c', 'PC3 2 a', 'PC3 3 b'],
      method,
    );
    // The leading loadings are the square roots of the variances 3.6, 1.6 and 0.4.
    const lead = t.filter((r) => r.rank === 1).map((r) => r.loading);
    [3.6, 1.6, 0.4].forEach((v, c) => assert.ok(Math.abs(lead[c] - Math.sqrt(v)) < 1e-12, `${method} PC${c + 1}`));
  }
});
