// The training loop of NeuralFitModel as its options document it: early stopping after `patience` epochs without a
// better validation loss, the best epoch's weights kept, dropout masks in the training loss, the class-weighted
// validation loss, and `unknownRate` training the 'unknown' rows of the customer and item tables. Each case was
// left unchecked by the earlier tests (a third mutation round changed it without a failing test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ColumnarDataset,
  NeuralFitModel,
  fitCode,
  generateSynthetic,
  type FieldSchema,
  type NeuralFitOptions,
} from '../../lib/index.js';

// 720 synthetic purchases (seeded), small enough that each fit below takes about a second.
const data = generateSynthetic({ seed: 5, customers: 120, articles: 20 }).dataset;
const fitColumn = data.categories('fit');
const labels = Int32Array.from(fitColumn.codes, (c) => fitCode(fitColumn.categories[c]));

/** Mean cross-entropy of `P` (n x 3) against `labels`. */
function crossEntropy(P: Float64Array): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) s -= Math.log(P[i * 3 + labels[i]]);
  return s / labels.length;
}

/** With a learning rate of 1e-12 Adam moves no weight by more than about 1e-11: every epoch is the same model. */
const FROZEN: NeuralFitOptions = {
  epochs: 1,
  batchSize: 64,
  hidden: [16],
  embeddingDim: 4,
  seed: 2,
  learningRate: 1e-12,
  l2: 0,
  unknownRate: 0,
  validationFraction: 0,
};

test('early stopping: training stops once `patience` epochs in a row bring no better validation loss', async () => {
  // Frozen weights: epoch 1 sets the best loss and no later epoch improves on it by more than 1e-6. So the run
  // stops at epoch 1 + patience (at least epoch 2: an epoch must run to show no improvement), or at `epochs`.
  const cases: [patience: number, epochs: number, ran: number][] = [
    [0, 8, 2],
    [1, 8, 2],
    [2, 8, 3],
    [3, 8, 4],
    [5, 4, 4],
  ];
  for (const [patience, epochs, ran] of cases) {
    const m = await new NeuralFitModel({ ...FROZEN, epochs, patience, validationFraction: 0.2 }).fit(data);
    const h = m.history;
    assert.equal(h.epochs, ran, `patience ${patience}, epochs ${epochs}: ran ${h.epochs} epochs`);
    assert.equal(h.bestEpoch, 1, `patience ${patience}`);
    assert.equal(h.validationLoss.length, ran);
    m.dispose();
  }
});

test('the weights kept are those of the best validation epoch, not of the last epoch run', async () => {
  // A learning rate of 0.02 overfits this small set: the validation loss is lowest at epoch 3 of 8. Runs with one
  // seed are bitwise the same epoch by epoch, so the kept model must be the model of a run stopped at the best epoch.
  const opts: NeuralFitOptions = {
    epochs: 8,
    patience: 8,
    batchSize: 32,
    hidden: [16],
    embeddingDim: 4,
    seed: 1,
    learningRate: 0.02,
    validationFraction: 0.2,
    minCount: 1,
  };
  const long = await new NeuralFitModel(opts).fit(data);
  const { epochs, bestEpoch, validationLoss } = long.history;
  assert.equal(epochs, 8);
  assert.ok(bestEpoch < epochs, `best epoch ${bestEpoch} of ${epochs}: the case needs a later, worse epoch`);
  assert.ok(validationLoss[epochs - 1] > validationLoss[bestEpoch - 1] + 0.01, String(validationLoss));
  const short = await new NeuralFitModel({ ...opts, epochs: bestEpoch }).fit(data);
  assert.deepEqual(short.history.validationLoss, validationLoss.slice(0, bestEpoch));
  assert.deepEqual(long.predictProba(data), short.predictProba(data));
  long.dispose();
  short.dispose();
});

test('dropout masks apply in the training loss: at dropout 0.5 it exceeds the cross-entropy of the model', async () => {
  // Frozen weights, one epoch, no validation: the recorded loss is the training cross-entropy of the initial model.
  // Without dropout that is the model's own cross-entropy on the rows. With inverted dropout the hidden activations
  // are noisy around the same mean; cross-entropy is convex in the logits, so the noisy loss is higher (Jensen).
  const plain = await new NeuralFitModel({ ...FROZEN, dropout: 0 }).fit(data);
  const ce0 = crossEntropy(plain.predictProba(data));
  assert.ok(Math.abs(plain.history.trainLoss[0] - ce0) < 1e-5, `dropout 0: ${plain.history.trainLoss[0]} vs ${ce0}`);
  plain.dispose();
  const dropped = await new NeuralFitModel({ ...FROZEN, dropout: 0.5 }).fit(data);
  const ce = crossEntropy(dropped.predictProba(data));
  // The inference network has no dropout: the same initial weights give the same cross-entropy.
  assert.ok(Math.abs(ce - ce0) < 1e-5, `inference cross-entropy ${ce} vs ${ce0}`);
  assert.ok(
    dropped.history.trainLoss[0] > ce + 0.01,
    `dropout 0.5: training loss ${dropped.history.trainLoss[0]}, cross-entropy without dropout ${ce}`,
  );
  dropped.dispose();
});

test("classWeight 'balanced': the validation loss is the weighted mean, so one validation row gives its own loss", async () => {
  // 20 rows with the same customer and item and no feature: the network gives every row the same probabilities p.
  // One row (5%) is held out; with a single validation row the weighted mean is that row's -log p[class] whatever
  // its weight. Its class weight is 19 / (3 n_c) over the 19 training rows, never 1 (no integer n_c gives 3 n_c = 19),
  // so a loss scaled by the weight matches none of the three classes.
  const classes = [...Array(12).fill('fit'), ...Array(5).fill('small'), ...Array(3).fill('large')] as string[];
  const n = classes.length;
  const cats = ['fit', 'small', 'large'];
  const schema: FieldSchema[] = ['user_id', 'item_id', 'fit'].map((name) => ({
    name,
    type: 'category',
    description: name,
  }));
  const one = (value: string) => ({ type: 'category' as const, codes: new Int32Array(n), categories: [value] });
  const ds = new ColumnarDataset(
    schema,
    new Map([
      ['user_id', one('u')],
      ['item_id', one('a')],
      ['fit', { type: 'category' as const, codes: Int32Array.from(classes, (c) => cats.indexOf(c)), categories: cats }],
    ]),
    new Int32Array(n),
    { name: 'same-inputs', source: 'generated', format: 'test', sha256: '' },
  );
  const m = await new NeuralFitModel({
    seed: 4,
    epochs: 1,
    classWeight: 'balanced',
    validationFraction: 0.05,
    minCount: 1,
    embeddingDim: 2,
    hidden: [4],
    columns: { numeric: [], categorical: [] },
  }).fit(ds);
  assert.deepEqual([m.history.trainRows, m.history.validationRows], [19, 1]);
  const P = m.predictProba(ds);
  const [recorded] = m.history.validationLoss;
  const matching = [0, 1, 2].filter((c) => Math.abs(recorded + Math.log(P[c])) < 1e-9);
  assert.equal(matching.length, 1, `validation loss ${recorded}; -log p = ${[0, 1, 2].map((c) => -Math.log(P[c]))}`);
  m.dispose();
});

test("unknownRate: only ids replaced by 'unknown' during training move the unknown rows of the tables", async () => {
  // With minCount 1 every training id is known, so row 0 ('unknown') of a table is looked up only for the rows
  // whose id unknownRate replaces. The true-size tables start at 0: at rate 0 row 0 gets no gradient and stays 0.
  const opts: NeuralFitOptions = {
    epochs: 2,
    batchSize: 64,
    hidden: [8],
    embeddingDim: 4,
    seed: 1,
    minCount: 1,
    validationFraction: 0,
  };
  const unknownRows = (m: NeuralFitModel): [number, number] => [
    m.network.getLayer('user_true_size').getWeights()[0].dataSync()[0],
    m.network.getLayer('item_negated_true_size').getWeights()[0].dataSync()[0],
  ];
  const never = await new NeuralFitModel({ ...opts, unknownRate: 0 }).fit(data);
  assert.deepEqual(unknownRows(never), [0, 0]);
  never.dispose();
  const often = await new NeuralFitModel({ ...opts, unknownRate: 0.3 }).fit(data);
  const [user, item] = unknownRows(often);
  assert.ok(Math.abs(user) > 1e-3 && Math.abs(item) > 1e-3, `unknown true sizes ${user}, ${item}`);
  often.dispose();
});
