// The ordinal hinge loss of the latent fit model places each class in its own band of the score:
// 'small' above b2, 'fit' between b1 and b2, 'large' below b1 (each with a margin). With the default
// classWeights 'balanced' (n / (3 n_class)) the majority class 'fit' cannot pull the scores into the
// middle band; with 'none' it does. Checked on the training rows of seeded synthetic feedback. Last, the
// logistic head that turns these scores into probabilities leaves its intercepts (the class shares) unpenalised.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LatentLogisticHead, Rng, latentFitPreset, type LatentFitModel } from '../../lib/index.js';
import { fitCodes, latentSynthetic } from './latent-fit-data.js';

const data = latentSynthetic(7);
const y = fitCodes(data.train);

/** Per true class (0 small, 1 fit, 2 large), the share of its rows whose score lies in the class's band. */
function bandRecall(m: LatentFitModel): number[] {
  const f = m.scores(data.train);
  const [b1, b2] = m.thresholds;
  const band = (v: number): number => (v > b2 ? 0 : v < b1 ? 2 : 1);
  const hit = [0, 0, 0];
  const count = [0, 0, 0];
  for (let i = 0; i < f.length; i++) {
    count[y[i]]++;
    if (band(f[i]) === y[i]) hit[y[i]]++;
  }
  return hit.map((h, c) => h / count[c]);
}

const balanced = latentFitPreset('K-LF-LR', { seed: 3, K: 4 }).fit(data.train);
const unweighted = latentFitPreset('K-LF-LR', { seed: 3, K: 4, classWeights: 'none' }).fit(data.train);

test('each class mostly scores inside its own band (large below b1, fit between, small above b2)', () => {
  // 'fit' is the majority class (~46% of the rows), so no class can reach this by a band covering most rows.
  const counts = [0, 0, 0];
  for (const c of y) counts[c]++;
  assert.ok(counts[1] > counts[0] && counts[1] > counts[2], `class counts ${counts}`);
  const r = bandRecall(balanced);
  for (let c = 0; c < 3; c++) assert.ok(r[c] > 0.6, `class ${c}: ${r[c].toFixed(3)} of its rows in its band (${r})`);
});

test("classWeights 'balanced' (the default) widens the minority bands compared with 'none'", () => {
  const rb = bandRecall(balanced);
  const rn = bandRecall(unweighted);
  // Up-weighting 'small' and 'large' moves more of their rows into their bands, and fewer 'fit' rows stay in the middle.
  assert.ok(rb[0] > rn[0] + 0.05, `small: balanced ${rb[0]}, none ${rn[0]}`);
  assert.ok(rb[2] > rn[2] + 0.05, `large: balanced ${rb[2]}, none ${rn[2]}`);
  assert.ok(rb[1] < rn[1] - 0.05, `fit: balanced ${rb[1]}, none ${rn[1]}`);
});

test('LatentLogisticHead penalises the weights, not the intercepts: under a huge l2 it predicts the class shares', () => {
  // Noise features and classes of 120 / 60 / 20 rows: as l2 grows the weights go to 0, and the intercept-only
  // multinomial maximum-likelihood fit predicts the empirical shares 0.6 / 0.3 / 0.1 for every row.
  const r = new Rng(5);
  const n = 200;
  const d = 2;
  const X = Float64Array.from({ length: n * d }, () => r.normal());
  const yh = Int32Array.from({ length: n }, (_, i) => (i < 120 ? 0 : i < 180 ? 1 : 2));
  const P = new LatentLogisticHead(1e4).fit(X, d, yh, 3).predictProba(X);
  const shares = [0.6, 0.3, 0.1];
  for (let i = 0; i < n; i += 37) {
    for (let c = 0; c < 3; c++) {
      assert.ok(Math.abs(P[i * 3 + c] - shares[c]) < 0.01, `row ${i} class ${c}: ${P[i * 3 + c]} vs ${shares[c]}`);
    }
  }
});
