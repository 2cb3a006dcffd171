// A saved pipeline-model whose classifier has more than 3 classes was loaded: predictProba copies k columns into
// n x 3 rows, so with k = 4 each row's 4th value overwrote the next row's first and rows no longer summed to 1.
// fromJSON now applies the rule of fit (1 to 3 classes: small, fit, large) and refuses it naming the classifier.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  GradientBoostedTrees,
  ModelFormatError,
  PipelineModel,
  estimatorFromJSON,
  generateSynthetic,
  sizeFitFeaturePipeline,
} from '../../lib/index.js';

const { dataset } = generateSynthetic({ seed: 3, customers: 100, articles: 30, purchases: 600 });

test('fromJSON refuses a classifier with 4 classes, as fit does; 2 and 3 classes load with rows summing to 1', async () => {
  const m = await new PipelineModel({
    pipeline: sizeFitFeaturePipeline({ seed: 0 }),
    classifier: new GradientBoostedTrees({ numRounds: 3 }),
  }).fit(dataset);
  const saved = JSON.parse(JSON.stringify(m.toJSON())) as Record<string, unknown>;
  const X = m.pipeline.transform(dataset);
  const rows = dataset.take([0, 1, 2, 3, 4]);
  const withClassifier = (k: number): Record<string, unknown> => {
    const y = Array.from({ length: X.n }, (_, i) => i % k);
    const c = new GradientBoostedTrees({ numRounds: 3 }).fit(X, y);
    return { ...saved, classifier: JSON.parse(JSON.stringify(c.toJSON())) };
  };
  assert.throws(
    () => PipelineModel.fromJSON(withClassifier(4)),
    (e: unknown) =>
      e instanceof ModelFormatError &&
      e.message === "pipeline-model: classifier 'gbdt' has 4 classes, not 1 to 3 (small, fit, large)",
  );
  assert.throws(() => estimatorFromJSON(withClassifier(4)), ModelFormatError);
  // The untampered file and a 2-class classifier (class 'large' never seen: its column is 0) still load.
  assert.deepEqual(PipelineModel.fromJSON(saved).predictProba(rows), m.predictProba(rows));
  const P2 = PipelineModel.fromJSON(withClassifier(2)).predictProba(rows);
  assert.equal(P2.length, 15);
  for (let i = 0; i < 5; i++) {
    assert.ok(Math.abs(P2[i * 3] + P2[i * 3 + 1] - 1) < 1e-12, `row ${i} sums to ${P2[i * 3] + P2[i * 3 + 1]}`);
    assert.equal(P2[i * 3 + 2], 0);
  }
});
