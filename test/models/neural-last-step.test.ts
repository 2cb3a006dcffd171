// A NeuralFitModel fit without validation rows did not score its last optimisation step (a step's loss is that of
// the weights before its update), so a last step that blew the weights up returned a model predicting NaN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, NeuralFitModel, generateSynthetic, getTf, initTf } from '../../lib/index.js';

// 200 synthetic purchases (seeded); one batch per epoch, so each epoch's training loss is that of the weights
// before its only step.
const small = generateSynthetic({ seed: 5, customers: 120, articles: 20 }).dataset.take(
  Array.from({ length: 200 }, (_, i) => i),
);
const ONE_STEP = { seed: 1, epochs: 1, hidden: [8], embeddingDim: 4, batchSize: 1000, validationFraction: 0 };

test('a last step to weights that predict NaN throws, naming the epoch, a row and learningRate; no tensor leaks', async () => {
  // Before: learningRate 1e30 gave finite weights near 1e30, trainLoss [1.23] (the initial weights') and
  // predictProba NaN in all 600 entries.
  await initTf();
  const tf = getTf();
  const before = tf.memory().numTensors;
  const m = new NeuralFitModel({ ...ONE_STEP, learningRate: 1e30 });
  await assert.rejects(m.fit(small), (e: Error) => {
    assert.ok(e instanceof InvalidArgumentError, String(e));
    assert.match(e.message, /^NeuralFitModel: training diverged: the weights after epoch 1 predict NaN for row \d+;/);
    assert.match(e.message, /smaller learningRate \(it is 1e\+30\)/);
    return true;
  });
  assert.equal(m.isFitted, false);
  assert.equal(tf.memory().numTensors, before, 'the network and optimizer are freed');
});

test('a last step to non-finite weights throws naming the weight; an earlier fit is kept', async () => {
  // learningRate 1e39 is Infinity in float32: the step makes weights infinite or NaN. Before: the fit returned.
  await initTf();
  const tf = getTf();
  const start = tf.memory().numTensors;
  const m = await new NeuralFitModel(ONE_STEP).fit(small);
  const P = m.predictProba(small);
  assert.ok(P.every(Number.isFinite));
  const refit = NeuralFitModel.fromJSON({ ...m.toJSON(), options: { ...m.options, learningRate: 1e39 } });
  await assert.rejects(refit.fit(small), (e: Error) => {
    assert.ok(e instanceof InvalidArgumentError, String(e));
    assert.match(e.message, /the weights after epoch 1 have \S+\[\d+\] = (NaN|-?Infinity);/);
    assert.match(e.message, /smaller learningRate \(it is 1e\+39\)/);
    return true;
  });
  assert.ok(refit.isFitted);
  assert.deepEqual(refit.predictProba(small), P);
  refit.dispose();
  m.dispose();
  assert.equal(tf.memory().numTensors, start, 'every model freed');
});

test('a fit of several epochs without validation rows whose steps stay finite returns as before', async () => {
  // learningRate 1e6 overshoots (training loss up to ~1e24) but every weight and probability stays finite.
  await initTf();
  const m = await new NeuralFitModel({ ...ONE_STEP, epochs: 3, learningRate: 1e6 }).fit(small);
  assert.equal(m.history.epochs, 3);
  assert.ok(m.predictProba(small).every(Number.isFinite));
  m.dispose();
});
