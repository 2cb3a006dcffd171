// A saved NeuralFitModel whose options disagreed with the network it stores loaded: with `options.hidden` edited to
// [3] beside a hidden layer of 4 units (or embeddingDim, categoryDim edited), fromJSON and fromLayersArtifacts
// accepted it, predictions used the stored network and a refit of the loaded model built the options' network.
// Such files are now refused with a ModelFormatError naming the option, the `network` field and the layer. The
// existing check of the network's tables against the encoder ("the network's table sizes disagree with the
// encoder's vocabularies") now names the field, the encoder's count and the layers as well.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ColumnarDataset,
  InvalidArgumentError,
  NeuralFitModel,
  catalogEntry,
  generateSynthetic,
  getTf,
  initTf,
  type NeuralFitOptions,
} from '../../lib/index.js';
import { assertNeuralLoadsRefused } from './neural-load-refusals.js';

const { dataset } = generateSynthetic({ seed: 4, customers: 60, articles: 20, purchases: 400 });
const rows = dataset.take([0, 1, 2, 3, 4]);
// Widths unlike the defaults (hidden [64], embeddingDim 8, categoryDim 4), so that a default put in their place shows.
const OPTS: NeuralFitOptions = { seed: 1, epochs: 1, hidden: [4], embeddingDim: 2, categoryDim: 3, minCount: 1 };

type Saved = {
  options: { hidden: number[]; embeddingDim: number; categoryDim: number };
  network: { users: number; items: number; categorical: number[]; numericWidth: number; hidden: number[] };
  encoder: { users: string[]; categorical: { name: string; values: string[] }[] };
};

test("the reviewer's file: options.hidden [3] beside a stored hidden layer of 4 units is refused", async () => {
  await initTf();
  const m = await new NeuralFitModel(OPTS).fit(dataset);
  const json = JSON.parse(JSON.stringify(m.toJSON())) as Saved;
  assert.deepEqual(json.network.hidden, [4]);
  await assertNeuralLoadsRefused<Saved>(
    json,
    await m.toLayersArtifacts(),
    (s) => (s.options.hidden = [3]),
    "options.hidden[0] is 3, but the stored network's hidden layer hidden_0 (network.hidden[0]) has 4 units",
  );
  m.dispose();
});

test('options whose layer widths are not those of the stored network are refused, naming option, field and layer', async () => {
  await initTf();
  const m = await new NeuralFitModel({ ...OPTS, hidden: [4, 5] }).fit(dataset);
  const json = JSON.parse(JSON.stringify(m.toJSON())) as Saved;
  const artifacts = await m.toLayersArtifacts();
  const cases: [(s: Saved) => void, string][] = [
    [
      (s) => (s.options.hidden = [4, 6]),
      "options.hidden[1] is 6, but the stored network's hidden layer hidden_1 (network.hidden[1]) has 5 units",
    ],
    [
      (s) => (s.options.hidden = [4]),
      'options.hidden is [4], 1 hidden layer, but the stored network has 2 hidden layers (network.hidden is [4,5])',
    ],
    [
      (s) => (s.options.hidden = []),
      'options.hidden is [], 0 hidden layers, but the stored network has 2 hidden layers (network.hidden is [4,5])',
    ],
    [
      (s) => (s.options.hidden = [4, 5, 5]),
      'options.hidden is [4,5,5], 3 hidden layers, but the stored network has 2 hidden layers (network.hidden is [4,5])',
    ],
    [
      // The saved network field edited instead (its weights still have 4 units): the options are the reference.
      (s) => (s.network.hidden = [7, 5]),
      "options.hidden[0] is 4, but the stored network's hidden layer hidden_0 (network.hidden[0]) has 7 units",
    ],
    [
      (s) => (s.options.embeddingDim = 8),
      "options.embeddingDim is 8, but the stored network's customer and item embeddings " +
        '(user_embedding, item_embedding; network.embeddingDim) have width 2',
    ],
    [
      (s) => (s.options.categoryDim = 4),
      "options.categoryDim is 4, but the stored network's categorical embeddings " +
        '(cat_0_embedding to cat_2_embedding; network.categoryDim) have width 3',
    ],
  ];
  for (const [edit, message] of cases) await assertNeuralLoadsRefused<Saved>(json, artifacts, edit, message);
  m.dispose();
});

test('a network whose tables are not as large as the encoder makes them is refused, naming field and layers', async () => {
  // These were refused before, as "the network's table sizes disagree with the encoder's vocabularies".
  await initTf();
  const m = await new NeuralFitModel(OPTS).fit(dataset);
  const json = JSON.parse(JSON.stringify(m.toJSON())) as Saved;
  const artifacts = await m.toLayersArtifacts();
  const n = json.network;
  const users = json.encoder.users.length;
  const cat1 = json.encoder.categorical[1];
  assert.equal(n.users, users + 1);
  assert.equal(n.numericWidth, 12);
  const cases: [(s: Saved) => void, string][] = [
    [
      (s) => s.encoder.users.pop(),
      `network.users is ${users + 1}, but the encoder lists ${users - 1} customer ids: ` +
        `user_embedding and user_true_size need ${users} rows (one more for 'unknown')`,
    ],
    [
      (s) => (s.network.items += 1),
      `network.items is ${n.items + 1}, but the encoder lists ${n.items - 1} item ids: ` +
        `item_embedding and item_negated_true_size need ${n.items} rows (one more for 'unknown')`,
    ],
    [
      (s) => (s.network.categorical[1] += 1),
      `network.categorical[1] is ${n.categorical[1] + 1}, but the encoder lists ${cat1.values.length} values of ` +
        `categorical[1] ${JSON.stringify(cat1.name)}: cat_1_embedding needs ${n.categorical[1]} rows (one more for 'unknown')`,
    ],
    [
      (s) => s.network.categorical.pop(),
      'network.categorical has 2 tables, but the encoder has 3 categorical columns (one cat_j_embedding each)',
    ],
    [
      (s) => (s.network.numericWidth = 10),
      'network.numericWidth is 10, but the encoder has 6 numeric columns: the numeric input needs width 12 ' +
        '(a value and a missing indicator each)',
    ],
  ];
  for (const [edit, message] of cases) await assertNeuralLoadsRefused<Saved>(json, artifacts, edit, message);
  m.dispose();
});

test('without categorical columns, a categoryDim other than the stored one is refused all the same', async () => {
  // A refit of the loaded model on data with categorical columns would give their embeddings the options' width.
  await initTf();
  const m = await new NeuralFitModel({ ...OPTS, columns: { categorical: [] } }).fit(dataset);
  const json = JSON.parse(JSON.stringify(m.toJSON())) as Saved;
  assert.deepEqual(json.network.categorical, []);
  await assertNeuralLoadsRefused<Saved>(
    json,
    await m.toLayersArtifacts(),
    (s) => (s.options.categoryDim = 5),
    "options.categoryDim is 5, but the stored network's categorical embedding width (network.categoryDim) is 3 " +
      '(it has no categorical column)',
  );
  m.dispose();
});

test("valid saved models load as before: the catalog's neural model and others predict the same, refit as fresh ones", async () => {
  await initTf();
  const tf = getTf();
  const before = tf.memory().numTensors;
  const catalog = catalogEntry('neural').create({ seed: 2 }) as NeuralFitModel;
  for (const m of [
    await catalog.fit(dataset),
    await new NeuralFitModel(OPTS).fit(dataset),
    await new NeuralFitModel({ ...OPTS, hidden: [], columns: { numeric: ['size'], categorical: [] } }).fit(dataset),
  ]) {
    const json = JSON.parse(JSON.stringify(m.toJSON())) as unknown;
    const fromJson = NeuralFitModel.fromJSON(json);
    const fromLayers = await NeuralFitModel.fromLayersArtifacts(await m.toLayersArtifacts());
    const P = m.predictProba(rows);
    assert.deepEqual(fromJson.predictProba(rows), P);
    assert.deepEqual(fromLayers.predictProba(rows), P);
    assert.deepEqual(fromJson.options, m.options);
    // A refit of the loaded model trains the network its options describe, as a fresh model with them does.
    const shapes = (x: NeuralFitModel): number[][] => x.network.weights.map((w) => [...w.shape] as number[]);
    await fromJson.fit(dataset);
    assert.deepEqual(shapes(fromJson), shapes(m));
    assert.deepEqual(fromJson.predictProba(rows), P);
    for (const x of [fromJson, fromLayers, m]) x.dispose();
  }
  assert.equal(tf.memory().numTensors, before, 'every model disposed');
});

/** `ds` without the column `name`, or with it replaced by `col`. */
function withColumn(ds: ColumnarDataset, name: string, col?: ReturnType<ColumnarDataset['column']>): ColumnarDataset {
  const cols = new Map(ds.columnNames.map((c) => [c, ds.column(c)]));
  if (col) cols.set(name, col);
  else cols.delete(name);
  const schema = ds.schema
    .filter((f) => col !== undefined || f.name !== name)
    .map((f) => (f.name === name && col ? { ...f, type: col.type } : f));
  return new ColumnarDataset(schema, cols, ds.lineNumbers, ds.meta);
}

test('as documented: a numeric column is optional at fit, and needed at prediction once the model has it', async () => {
  await initTf();
  const noAge = withColumn(dataset, 'age');
  const m = await new NeuralFitModel(OPTS).fit(noAge);
  // 'age' (listed by default) is left out of the model: data with or without it predicts the same.
  assert.deepEqual(
    (m.toJSON() as unknown as { encoder: { numeric: { name: string }[] } }).encoder.numeric.map((s) => s.name),
    ['size', 'height_cm', 'weight_kg', 'bust_band', 'cup'],
  );
  assert.deepEqual(m.predictProba(noAge.take([0, 1, 2])), m.predictProba(rows.take([0, 1, 2])));
  // A numeric column the model was fitted with: absent, or not numeric, is refused naming it.
  assert.throws(
    () => m.predictProba(withColumn(rows, 'weight_kg')),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message === "NeuralFitModel: dataset 'synthetic' has no column 'weight_kg'",
  );
  const n = rows.length;
  assert.throws(
    () =>
      m.predictProba(withColumn(rows, 'weight_kg', { type: 'category', codes: new Int32Array(n), categories: ['a'] })),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message === "NeuralFitModel: column 'weight_kg' of dataset 'synthetic' must be numeric",
  );
  // Every value missing is accepted (0 plus the missing indicator).
  const blank = m.predictProba(
    withColumn(rows, 'weight_kg', { type: 'number', values: new Float64Array(n).fill(NaN) }),
  );
  assert.ok(blank.every(Number.isFinite));
  m.dispose();
});
