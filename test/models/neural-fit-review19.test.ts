// NeuralFitModel defects found by the 19th review: the encoder's one-pass standard deviation, a diverging fit that
// returned normally (NaN predictions, a saved model that did not load), and fromJSON rebuilding the network with
// seed 0 (a re-saved model's model.json differed from the one the fit wrote).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ColumnarDataset,
  InvalidArgumentError,
  NeuralFitEncoder,
  NeuralFitModel,
  StandardScaler,
  featureMatrix,
  generateSynthetic,
  getTf,
  initTf,
  resolveNeuralFitOptions,
  type Column,
  type FieldSchema,
  type NeuralFitOptions,
} from '../../lib/index.js';

/** Customer, item and one numeric column `x` of each row. */
function numbers(values: Float64Array): ColumnarDataset {
  const n = values.length;
  const schema: FieldSchema[] = [
    { name: 'user_id', type: 'category', description: 'customer' },
    { name: 'item_id', type: 'category', description: 'item' },
    { name: 'x', type: 'number', description: 'x' },
  ];
  const cols = new Map<string, Column>([
    ['user_id', { type: 'category', codes: new Int32Array(n), categories: ['u'] }],
    ['item_id', { type: 'category', codes: new Int32Array(n), categories: ['i'] }],
    ['x', { type: 'number', values }],
  ]);
  return new ColumnarDataset(schema, cols, new Int32Array(n), {
    name: 'numbers',
    source: 'generated',
    format: 'test',
    sha256: '',
  });
}

test('the encoder standardizes values far from 0 with their two-pass sd, as StandardScaler does', () => {
  // Before: sd = sqrt(s2 / m - mean²) cancelled to rounding noise: 1e8 + sin(i) got sd 1 instead of 0.707, and
  // 1e9 + 3 sin(i) got sd 51.8 instead of 2.12 (its values encoded within ±0.06).
  const n = 1000;
  const o = resolveNeuralFitOptions({ columns: { numeric: ['x'], categorical: [] } });
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  for (const [base, spread] of [
    [170, 7],
    [1e6, 1],
    [1e8, 1],
    [1e9, 3],
  ]) {
    const values = Float64Array.from({ length: n }, (_, i) => base + spread * Math.sin(i * 12.9898));
    const [s] = NeuralFitEncoder.fit(numbers(values), rows, o).scalers;
    const scaler = new StandardScaler().fit(featureMatrix(values, n, 1, ['x']));
    assert.equal(s.mean, scaler.means[0], `base ${base}: mean`);
    assert.equal(s.sd, scaler.scales[0], `base ${base}: sd`);
    // The sd of spread * sin over many rows is spread / sqrt(2).
    assert.ok(Math.abs(s.sd / (spread / Math.SQRT2) - 1) < 0.01, `base ${base}: sd ${s.sd}`);
  }
});

test('the encoder scales a varying column of tiny values (about 1e-170, squares below the float range)', () => {
  // Before: s2 underflowed to 0, so the sd was 0 and the column was left unscaled (every value encoded as 0).
  const n = 200;
  const unit = Float64Array.from({ length: n }, (_, i) => 3 + Math.sin(i));
  const o = resolveNeuralFitOptions({ columns: { numeric: ['x'], categorical: [] } });
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const [u] = NeuralFitEncoder.fit(numbers(unit), rows, o).scalers;
  const tinyData = numbers(unit.map((v) => v * 1e-170));
  const tiny = NeuralFitEncoder.fit(tinyData, rows, o);
  assert.ok(Math.abs(tiny.scalers[0].sd / 1e-170 / u.sd - 1) < 1e-12, `sd ${tiny.scalers[0].sd}`);
  const z = tiny.encode(tinyData).numeric;
  const zUnit = NeuralFitEncoder.fit(numbers(unit), rows, o).encode(numbers(unit)).numeric;
  for (let i = 0; i < n; i++) assert.ok(Math.abs(z[i * 2] - zUnit[i * 2]) < 1e-5, `row ${i}: ${z[i * 2]}`);
});

// 720 synthetic purchases (seeded); the divergence tests use 200 of them.
const data = generateSynthetic({ seed: 5, customers: 120, articles: 20 }).dataset;
const small = data.take(Array.from({ length: 200 }, (_, i) => i));
const ABSURD: NeuralFitOptions = { seed: 1, epochs: 2, hidden: [8], embeddingDim: 4, learningRate: 1e30 };

test('a fit whose training loss becomes NaN throws, naming the epoch, the loss and learningRate; no tensor leaks', async () => {
  // Before: it returned normally with trainLoss [NaN], predicted NaN rows, and saveModel wrote a model that
  // loadModel refused ("history.trainLoss[0] is null").
  await initTf();
  const tf = getTf();
  const before = tf.memory().numTensors;
  const m = new NeuralFitModel({ ...ABSURD, batchSize: 32, validationFraction: 0 });
  await assert.rejects(
    m.fit(small),
    (e: Error) =>
      e instanceof InvalidArgumentError &&
      /training loss of epoch 1 is NaN/.test(e.message) &&
      /smaller learningRate \(it is 1e\+30\)/.test(e.message),
  );
  assert.equal(m.isFitted, false);
  assert.equal(tf.memory().numTensors, before, 'the network and optimizer are freed');
});

test('a fit whose validation loss becomes NaN throws, naming it; an earlier fit is kept; no tensor leaks', async () => {
  // One batch per epoch: the training loss of epoch 1 is that of the initial weights (finite); the step after it
  // blows the weights up, and the validation loss of epoch 1 is NaN.
  await initTf();
  const tf = getTf();
  const start = tf.memory().numTensors;
  const m = await new NeuralFitModel({ seed: 1, epochs: 1, hidden: [8], embeddingDim: 4 }).fit(small);
  const P = m.predictProba(small);
  const before = tf.memory().numTensors;
  const bad = new NeuralFitModel({ ...ABSURD, batchSize: 1000, validationFraction: 0.2 });
  await assert.rejects(
    bad.fit(small),
    (e: Error) => e instanceof InvalidArgumentError && /validation loss of epoch 1 is NaN/.test(e.message),
  );
  assert.equal(tf.memory().numTensors, before, 'the network, optimizer and best weights are freed');
  // Refitting a fitted model with the absurd rate fails and leaves its fit as it was.
  const refit = NeuralFitModel.fromJSON({ ...m.toJSON(), options: { ...m.options, ...ABSURD } });
  await assert.rejects(refit.fit(small), InvalidArgumentError);
  assert.ok(refit.isFitted);
  assert.deepEqual(refit.predictProba(small), P);
  refit.dispose();
  m.dispose();
  assert.equal(tf.memory().numTensors, start, 'every model freed');
});

test('a model loaded with fromJSON writes the layers topology the fitted model wrote (initialiser seeds included)', async () => {
  // Before: fromJSON rebuilt the network with seed 0, so the initialiser seeds in the re-saved model.json differed
  // from the fit's (9 differences), and a loaded model re-saved to other bytes.
  for (const seed of [0, 7]) {
    const m = await new NeuralFitModel({ seed, epochs: 1, hidden: [8], embeddingDim: 4 }).fit(small);
    const saved = await m.toLayersArtifacts();
    const loaded = NeuralFitModel.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    const again = await loaded.toLayersArtifacts();
    assert.deepEqual(again.modelTopology, saved.modelTopology, `seed ${seed}: modelTopology`);
    assert.deepEqual(again.weightSpecs, saved.weightSpecs, `seed ${seed}: weightSpecs`);
    assert.deepEqual(new Uint8Array(again.weightData), new Uint8Array(saved.weightData), `seed ${seed}: weights`);
    assert.deepEqual(loaded.predictProba(small), m.predictProba(small));
    loaded.dispose();
    m.dispose();
  }
});
