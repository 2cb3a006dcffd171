import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BEST_BAG_GBDT,
  BEST_GBDT,
  GbdtBag,
  GradientBoostedTrees,
  PipelineModel,
  catalogEntry,
  generateSynthetic,
} from '../../lib/index.js';

test("best's forests grow each tree on half the features and stop 10 rounds after their best; gbdt-relative keeps BEST_GBDT", async () => {
  assert.deepEqual(BEST_BAG_GBDT, { ...BEST_GBDT, featureFraction: 0.5, earlyStoppingRounds: 10 });
  const { dataset } = generateSynthetic({ seed: 5, customers: 300, articles: 60 });
  const best = catalogEntry('best').create({ seed: 7 });
  assert.ok(best instanceof PipelineModel);
  const bag = best.classifier;
  assert.ok(bag instanceof GbdtBag);
  assert.deepEqual(bag.options.seeds, [7, 8, 9]);
  assert.deepEqual({ ...bag.options.gbdt }, { ...BEST_BAG_GBDT });
  await best.fit(dataset);
  // Grown in worker threads, each forest got the options: it stopped exactly 10 rounds after its best round.
  assert.equal(bag.fittedForests.length, 3);
  for (const forest of bag.fittedForests) {
    assert.equal(forest.options.featureFraction, 0.5);
    assert.ok(forest.evalHistory.length < BEST_BAG_GBDT.numRounds, 'the synthetic fit stops early');
    assert.equal(forest.evalHistory.length, forest.bestIteration + 10);
  }
  const single = catalogEntry('gbdt-relative').create({ seed: 7 });
  assert.ok(single instanceof PipelineModel && single.classifier instanceof GradientBoostedTrees);
  const { seed, ...rest } = single.classifier.options;
  assert.equal(seed, 7);
  for (const [key, value] of Object.entries(BEST_GBDT)) {
    assert.equal(rest[key as keyof typeof rest], value, `gbdt-relative's ${key}`);
  }
});
