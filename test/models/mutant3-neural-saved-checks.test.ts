// Loading a saved NeuralFitModel: a model trained without validation rows (an empty validation history) loads
// through both loaders, and a weight whose base64 data holds another number of values than its shape is refused
// as a ModelFormatError naming the weight. A third mutation round changed each check without a failing test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelFormatError, NeuralFitModel, estimatorFromJSON, generateSynthetic, getTf } from '../../lib/index.js';
import { assertNeuralLoadsRefused } from './neural-load-refusals.js';

const data = generateSynthetic({ seed: 8, customers: 60, articles: 10 }).dataset;

test('a model trained without validation rows saves an empty validation history and loads through both loaders', async () => {
  const m = await new NeuralFitModel({
    seed: 2,
    epochs: 2,
    batchSize: 64,
    hidden: [4],
    embeddingDim: 2,
    validationFraction: 0,
  }).fit(data);
  const h = m.history;
  assert.deepEqual([h.epochs, h.bestEpoch, h.validationRows, h.validationLoss], [2, 2, 0, []]);
  const json = JSON.parse(JSON.stringify(m.toJSON())) as { history: Record<string, unknown> };
  const back = NeuralFitModel.fromJSON(json);
  assert.deepEqual(back.history, h);
  assert.deepEqual(back.predictProba(data), m.predictProba(data));
  back.dispose();
  const artifacts = await m.toLayersArtifacts();
  const loaded = await NeuralFitModel.fromLayersArtifacts(artifacts);
  assert.deepEqual(loaded.history, h);
  assert.deepEqual(loaded.predictProba(data), m.predictProba(data));
  loaded.dispose();
  // Without validation rows there is no validation loss to record: one per epoch is refused, naming the field.
  await assertNeuralLoadsRefused<{ history: Record<string, unknown> }>(
    json,
    artifacts,
    (x) => (x.history.validationLoss = [0.7, 0.6]),
    'history.validationLoss must be an array of 0 losses (one per epoch)',
  );
  m.dispose();
});

test('fromJSON refuses a weight whose data holds fewer or more values than its shape, naming the weight', async () => {
  const m = await new NeuralFitModel({ seed: 3, epochs: 1, batchSize: 64, hidden: [4], embeddingDim: 2 }).fit(data);
  const json = JSON.parse(JSON.stringify(m.toJSON())) as {
    weights: { name: string; shape: number[]; data: string }[];
  };
  m.dispose();
  const tf = getTf();
  const before = tf.memory().numTensors;
  const k = json.weights.length - 1;
  const { name, shape, data: base64 } = json.weights[k];
  const values = shape.reduce((a, b) => a * b, 1);
  const bytes = Buffer.from(base64, 'base64');
  assert.equal(bytes.length, 4 * values);
  const extra = Buffer.alloc(4); // one more float32 value, 0
  for (const [stored, count] of [
    [bytes.subarray(0, bytes.length - 4), values - 1],
    [Buffer.concat([bytes, extra]), values + 1],
  ] as const) {
    const edited = structuredClone(json);
    edited.weights[k].data = stored.toString('base64');
    const message = `neural-fit: weights[${k}] (${name}) has ${count} values for shape [${shape.join(', ')}]`;
    const refused = (e: unknown): boolean => {
      assert.ok(e instanceof ModelFormatError, String(e));
      assert.equal(e.message, message);
      return true;
    };
    assert.throws(() => NeuralFitModel.fromJSON(edited), refused);
    assert.throws(() => estimatorFromJSON(JSON.stringify(edited)), refused);
  }
  assert.equal(tf.memory().numTensors, before, 'no tensor left by the refused loads');
});
