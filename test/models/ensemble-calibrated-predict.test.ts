// The ensemble predicts the weighted average of its members' temperature-scaled probabilities, not the raw ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EnsembleFitModel,
  generateSynthetic,
  HoldoutSplit,
  LogisticRegression,
  PipelineModel,
  PriorFitModel,
  sizeFitFeaturePipeline,
} from '../../lib/index.js';

test('ensemble probabilities are the weighted average of the temperature-scaled member probabilities', async () => {
  const data = generateSynthetic({ seed: 3, customers: 400, articles: 60 }).dataset;
  const [fold] = new HoldoutSplit({ testFraction: 0.2, seed: 1 }).split(data.length);
  const train = data.take(fold.train);
  const test_ = data.take(fold.test);
  const ens = await new EnsembleFitModel({
    members: [
      () => new PriorFitModel(),
      () => new PipelineModel({ pipeline: sizeFitFeaturePipeline({ seed: 1 }), classifier: new LogisticRegression() }),
    ],
    seed: 2,
  }).fit(train);
  const T = ens.temperatures;
  assert.ok(
    T.some((t) => Math.abs(t - 1) > 0.01),
    `temperatures ${T}`,
  );
  const P = ens.predictProba(test_);
  const expected = new Float64Array(P.length);
  ens.members.forEach((m, k) => {
    const Pm = m.predictProba(test_);
    for (let o = 0; o < Pm.length; o += 3) {
      const z = [0, 1, 2].map((c) => Math.log(Math.max(Math.min(1, Math.max(0, Pm[o + c])), 1e-15)) / T[k]);
      const mx = Math.max(...z);
      const e = z.map((v) => Math.exp(v - mx));
      const s = e[0] + e[1] + e[2];
      for (let c = 0; c < 3; c++) expected[o + c] += ens.weights[k] * (e[c] / s);
    }
  });
  for (let t = 0; t < P.length; t++)
    assert.ok(Math.abs(P[t] - expected[t]) < 1e-12, `entry ${t}: ${P[t]} vs ${expected[t]}`);
});
