import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  autoNeuralBatchSize,
  ColumnarDataset,
  FIT_CLASSES,
  HoldoutSplit,
  InvalidArgumentError,
  ModelFormatError,
  NeuralFitEncoder,
  NeuralFitModel,
  NotFittedError,
  estimatorFromJSON,
  fitCode,
  generateSynthetic,
  getTf,
  multiclassAuc,
  registeredEstimators,
  resolveNeuralFitOptions,
  type CategoryColumn,
  type Column,
  type FieldSchema,
  type NeuralFitOptions,
} from '../../lib/index.js';
import { assertNeuralLoadsRefused } from './neural-load-refusals.js';
import type { Tensor } from '@tensorflow/tfjs';

/** A dataset from plain records: a column is categorical if any value is a string, else numeric (null = missing). */
function datasetOf(records: Record<string, string | number | null>[]): ColumnarDataset {
  const names = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const cols = new Map<string, Column>();
  const schema: FieldSchema[] = [];
  for (const c of names) {
    const vals = records.map((r) => r[c] ?? null);
    if (vals.some((v) => typeof v === 'string')) {
      const cats = [...new Set(vals.filter((v): v is string => v !== null).map(String))];
      cols.set(c, {
        type: 'category',
        codes: Int32Array.from(vals, (v) => (v === null ? -1 : cats.indexOf(String(v)))),
        categories: cats,
      });
      schema.push({ name: c, type: 'category', description: c });
    } else {
      cols.set(c, { type: 'number', values: Float64Array.from(vals, (v) => (v === null ? NaN : (v as number))) });
      schema.push({ name: c, type: 'number', description: c });
    }
  }
  return new ColumnarDataset(schema, cols, new Int32Array(records.length), {
    name: 'hand',
    source: 'generated',
    format: 'test',
    sha256: '',
  });
}

/** `ds` with column `name` replaced (or dropped when `col` is undefined). */
function withColumn(ds: ColumnarDataset, name: string, col: Column | undefined): ColumnarDataset {
  const cols = new Map(ds.columnNames.map((c) => [c, ds.column(c)]));
  if (col) cols.set(name, col);
  else cols.delete(name);
  const schema = ds.schema.filter((f) => col !== undefined || f.name !== name);
  return new ColumnarDataset(schema, cols, ds.lineNumbers, ds.meta);
}

function labelsOf(ds: ColumnarDataset): Int32Array {
  const col = ds.categories('fit');
  return Int32Array.from(col.codes, (c) => fitCode(col.categories[c]));
}

function avgAuc(y: Int32Array, P: Float64Array): number {
  return multiclassAuc(y, P, { multiClass: 'ovr', average: 'macro' });
}

function logLoss(y: Int32Array, P: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s -= Math.log(P[i * 3 + y[i]]);
  return s / y.length;
}

// Synthetic purchases with known ground truth: fit feedback follows the margin (size bought - true size - offset).
const synth = generateSynthetic({ seed: 11, customers: 500, articles: 60 });
const data = synth.dataset;
const fold = new HoldoutSplit({ testFraction: 0.25, seed: 2 }).split(data.length)[0];
const train = data.take(fold.train);
const heldOut = data.take(fold.test);
const yTrain = labelsOf(train);
const yHeld = labelsOf(heldOut);
const OPTS: NeuralFitOptions = { epochs: 10, batchSize: 256, hidden: [32], embeddingDim: 8, seed: 3 };
const model = await new NeuralFitModel(OPTS).fit(train);
const P = model.predictProba(heldOut);

test('learns the synthetic fit rule: held-out average AUC well above chance and the prior, and follows the true margin', () => {
  const auc = avgAuc(yHeld, P);
  // A prior-only model gives every row the same probabilities: AUC exactly 0.5, log loss = entropy of the shares.
  const prior = new Float64Array(3);
  for (const c of yTrain) prior[c] += 1 / yTrain.length;
  const priorP = new Float64Array(yHeld.length * 3).map((_, k) => prior[k % 3]);
  assert.equal(avgAuc(yHeld, priorP), 0.5);
  assert.ok(auc > 0.7, `held-out avg AUC ${auc}`);
  assert.ok(
    logLoss(yHeld, P) < logLoss(yHeld, priorP) - 0.05,
    `log loss ${logLoss(yHeld, P)} vs prior ${logLoss(yHeld, priorP)}`,
  );
  // Ground truth: the margin (size bought minus what fits, in sizes) orders P(large) - P(small) (Spearman-like check).
  const margin = Array.from(fold.test, (i) => synth.truth.rows.margin[i]);
  const score = Array.from({ length: yHeld.length }, (_, i) => P[i * 3 + 2] - P[i * 3]);
  let concordant = 0;
  let pairs = 0;
  for (let i = 0; i < margin.length; i += 3) {
    for (let j = i + 1; j < margin.length; j += 7) {
      if (Math.abs(margin[i] - margin[j]) < 0.5) continue;
      pairs++;
      if (Math.sign(margin[i] - margin[j]) === Math.sign(score[i] - score[j])) concordant++;
    }
  }
  assert.ok(concordant / pairs > 0.75, `concordance with the true margin ${concordant / pairs} over ${pairs} pairs`);
});

test('probabilities: n x 3 in FIT_CLASSES order, within [0, 1], rows sum to 1; predict is the argmax', () => {
  assert.deepEqual(model.classes, FIT_CLASSES);
  assert.equal(P.length, heldOut.length * 3);
  const pred = model.predict(heldOut);
  for (let i = 0; i < heldOut.length; i++) {
    const row = [P[i * 3], P[i * 3 + 1], P[i * 3 + 2]];
    assert.ok(Math.abs(row[0] + row[1] + row[2] - 1) < 1e-12, `row ${i} sums to ${row[0] + row[1] + row[2]}`);
    assert.ok(row.every((p) => p > 0 && p < 1));
    assert.equal(pred[i], row.indexOf(Math.max(...row)));
  }
  const h = model.history;
  assert.ok(h.epochs >= 1 && h.epochs <= 10 && h.bestEpoch >= 1 && h.bestEpoch <= h.epochs);
  assert.equal(h.validationLoss.length, h.epochs);
  assert.equal(h.trainRows + h.validationRows, train.length);
  assert.equal(h.validationRows, Math.floor(0.1 * train.length));
  // The kept weights are those of the best validation epoch.
  assert.equal(Math.min(...h.validationLoss), h.validationLoss[h.bestEpoch - 1]);
});

test('unseen customers and items, and missing features, fall back to the trained unknown embeddings', () => {
  const n = heldOut.length;
  const fresh = (prefix: string): CategoryColumn => ({
    type: 'category',
    codes: Int32Array.from({ length: n }, (_, i) => i % 2),
    categories: [`${prefix}-never-seen-a`, `${prefix}-never-seen-b`],
  });
  const cold = withColumn(withColumn(heldOut, 'user_id', fresh('user')), 'item_id', fresh('item'));
  const Pc = model.predictProba(cold);
  // Every unseen id maps to the one unknown index: rows that differ only in their unseen id agree exactly.
  const colder = withColumn(withColumn(cold, 'user_id', { ...fresh('user'), codes: new Int32Array(n) }), 'item_id', {
    ...fresh('item'),
    codes: new Int32Array(n).fill(-1),
  });
  assert.deepEqual(model.predictProba(colder), Pc);
  // Unseen customers: size, body and the article still carry the fit signal (the synthetic truth is body and
  // article driven). Unseen customers and articles: the article offsets are lost, yet better than chance.
  const coldUsers = avgAuc(yHeld, model.predictProba(withColumn(heldOut, 'user_id', fresh('user'))));
  assert.ok(coldUsers > 0.7, `avg AUC with unseen customers ${coldUsers}`);
  const auc = avgAuc(yHeld, Pc);
  assert.ok(auc > 0.55, `avg AUC with unseen customers and items ${auc}`);
  assert.notDeepEqual(Pc, P);
  // All features missing: finite rows summing to 1.
  let blank = cold;
  for (const name of ['size', 'height_cm', 'weight_kg', 'bust_band', 'cup', 'age']) {
    blank = withColumn(blank, name, { type: 'number', values: new Float64Array(n).fill(NaN) });
  }
  for (const name of ['category', 'body_type', 'rented_for']) {
    blank = withColumn(blank, name, { type: 'category', codes: new Int32Array(n).fill(-1), categories: [] });
  }
  const Pb = model.predictProba(blank);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(Pb[i * 3] + Pb[i * 3 + 1] + Pb[i * 3 + 2] - 1) < 1e-12);
  // A column the model was fitted on must be present.
  assert.throws(() => model.predictProba(withColumn(heldOut, 'weight_kg', undefined)), /no column 'weight_kg'/);
});

test('toJSON / fromJSON (also through the registry) predicts identically', () => {
  const json = JSON.parse(JSON.stringify(model.toJSON()));
  assert.equal(json.kind, 'neural-fit');
  assert.equal(json.version, 1);
  const back = NeuralFitModel.fromJSON(json);
  assert.equal(back.isFitted, true);
  assert.deepEqual(back.predictProba(heldOut), P);
  const viaRegistry = estimatorFromJSON<NeuralFitModel>(JSON.stringify(model.toJSON()));
  assert.deepEqual(viaRegistry.predictProba(heldOut), P);
  assert.deepEqual(back.history, model.history);
  const entry = registeredEstimators().find((e) => e.kind === 'neural-fit');
  assert.deepEqual(entry?.capabilities, ['classifier', 'supervised', 'handles-nan', 'stochastic', 'tensorflow']);
  // Corrupt weights are refused with a message naming them.
  const bad = JSON.parse(JSON.stringify(json));
  bad.weights[0].data = bad.weights[0].data.slice(0, 8);
  assert.throws(
    () => NeuralFitModel.fromJSON(bad),
    (e: unknown) => e instanceof ModelFormatError && /weights\[0\]/.test(e.message),
  );
  assert.throws(() => NeuralFitModel.fromJSON({ ...json, version: 9 }), ModelFormatError);
  assert.throws(() => NeuralFitModel.fromJSON({ ...json, network: { ...json.network, users: 3 } }), ModelFormatError);
});

test('TF.js layers artifacts load with tf.loadLayersModel(tf.io.fromMemory(...)) and predict the same', async () => {
  const tf = getTf();
  const a = await model.toLayersArtifacts();
  assert.equal(a.preprocessing.kind, 'neural-fit');
  const total = a.weightSpecs.reduce((s, w) => s + w.shape.reduce((x, y) => x * y, 1) * 4, 0);
  assert.equal(a.weightData.byteLength, total);
  // The plain TF.js route, with the network's own inputs.
  const net = await tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: a.modelTopology, weightSpecs: a.weightSpecs, weightData: a.weightData }),
  );
  assert.deepEqual(net.inputNames, model.network.inputNames);
  const rows = heldOut.take([0, 1, 2, 3, 4]);
  const enc = NeuralFitEncoder.fromJSON(a.preprocessing.encoder).encode(rows);
  const inputs: Tensor[] = [
    tf.tensor2d(enc.user, [5, 1], 'int32'),
    tf.tensor2d(enc.item, [5, 1], 'int32'),
    ...enc.categorical.map((c) => tf.tensor2d(c, [5, 1], 'int32')),
    tf.tensor2d(enc.numeric, [5, a.preprocessing.network.numericWidth]),
  ];
  const direct = (net.predict(inputs) as Tensor).dataSync();
  const original = (model.network.predict(inputs) as Tensor).dataSync();
  assert.deepEqual(direct, original);
  inputs.forEach((t) => t.dispose());
  net.dispose();
  // The model route, with preprocessing.
  const loaded = await NeuralFitModel.fromLayersArtifacts(a);
  assert.deepEqual(loaded.predictProba(heldOut), P);
  assert.deepEqual(NeuralFitModel.fromJSON(loaded.toJSON()).predictProba(heldOut), P);
});

test('the same seed reproduces the run bitwise on this backend; another seed differs', async () => {
  const again = await new NeuralFitModel(OPTS).fit(train);
  assert.deepEqual(again.predictProba(heldOut), P);
  assert.deepEqual(again.history.trainLoss, model.history.trainLoss);
  // Refitting replaces the first fit.
  await again.fit(train.take(Array.from({ length: 400 }, (_, i) => i)), undefined);
  assert.equal(again.history.trainRows + again.history.validationRows, 400);
  assert.notDeepEqual(again.predictProba(heldOut), P);
});

test('unfitted use throws NotFittedError; bad options and labels throw InvalidArgumentError', async () => {
  const m = new NeuralFitModel();
  assert.equal(m.isFitted, false);
  assert.throws(() => m.predictProba(heldOut), NotFittedError);
  assert.throws(() => m.predict(heldOut), NotFittedError);
  assert.throws(() => m.toJSON(), NotFittedError);
  assert.throws(() => m.history, NotFittedError);
  await assert.rejects(m.toLayersArtifacts(), NotFittedError);
  await assert.rejects(new NeuralFitModel({ dropout: 1 }).fit(train), InvalidArgumentError);
  await assert.rejects(new NeuralFitModel({ hidden: [0] }).fit(train), /hidden\[0\] must be an integer >= 1/);
  // Before: Infinity was accepted and every probability came out NaN.
  await assert.rejects(
    new NeuralFitModel({ learningRate: Infinity }).fit(train),
    /learningRate must be a finite number > 0/,
  );
  await assert.rejects(new NeuralFitModel({ learningRate: -1 }).fit(train), /learningRate must be a finite number > 0/);
  await assert.rejects(new NeuralFitModel({ l2: Infinity }).fit(train), /l2 must be a finite number >= 0/);
  await assert.rejects(new NeuralFitModel({ seed: 0.5 }).fit(train), /NeuralFitModel: seed must be a safe integer/);
  await assert.rejects(new NeuralFitModel().fit(train, [0, 1]), /y has 2 labels/);
  await assert.rejects(
    new NeuralFitModel().fit(train, new Int32Array(train.length).fill(-1)),
    /no row with a fit label/,
  );
  await assert.rejects(new NeuralFitModel().fit(withColumn(train, 'item_id', undefined)), /no column 'item_id'/);
  // an infinite feature value is refused by row and column (before: its scaler's mean was infinite, every
  // prediction NaN)
  const size = train.numbers('size').slice();
  size[5] = Infinity;
  await assert.rejects(
    new NeuralFitModel({ epochs: 1 }).fit(withColumn(train, 'size', { type: 'number', values: size })),
    (e: unknown) =>
      e instanceof InvalidArgumentError && /NeuralFitModel: row 5, column 'size' is Infinity/.test(e.message),
  );
});

test('the automatic batch size: at least 32 Adam steps an epoch, within [32, 2048]', () => {
  assert.equal(autoNeuralBatchSize(1), 32);
  assert.equal(autoNeuralBatchSize(2000), 62);
  assert.equal(autoNeuralBatchSize(65535), 2047);
  assert.equal(autoNeuralBatchSize(65536), 2048);
  assert.equal(autoNeuralBatchSize(154035), 2048);
  for (const bad of [0, -3, 2.5, NaN]) assert.throws(() => autoNeuralBatchSize(bad), InvalidArgumentError);
  assert.equal(resolveNeuralFitOptions().batchSize, 'auto');
  assert.equal(resolveNeuralFitOptions({ batchSize: 100 }).batchSize, 100);
  assert.throws(() => resolveNeuralFitOptions({ batchSize: 0 }), /batchSize must be an integer >= 1, got 0/);
  assert.throws(
    () => resolveNeuralFitOptions({ batchSize: 'big' as unknown as number }),
    /batchSize must be an integer >= 1, got big/,
  );
});

test('columns that are not an object of lists are refused as a bad option, not a TypeError', () => {
  // Before: new NeuralFitModel({ columns: null }) threw "Cannot read properties of null (reading 'numeric')".
  for (const columns of [null, 'user_id', ['user_id']]) {
    const m = new NeuralFitModel({ columns: columns as never });
    assert.throws(
      () => m.options,
      (e: unknown) => e instanceof InvalidArgumentError && /columns must be an object/.test(e.message),
    );
  }
  assert.throws(
    () => new NeuralFitModel({ columns: { numeric: 'age' as never } }).options,
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      /columns\.numeric must be an array of column names, got "age"/.test(e.message),
  );
  assert.deepEqual(new NeuralFitModel({ columns: { numeric: ['age'] } }).options.columns.numeric, ['age']);
});

test('with the default batch size a small dataset trains well above chance; the batch used is recorded and saved', async () => {
  // About 2,000 training rows: a fixed batch of 2048 gave one Adam step an epoch and a model near chance.
  const m = await new NeuralFitModel({ seed: 3 }).fit(train);
  const h = m.history;
  assert.equal(h.batchSize, autoNeuralBatchSize(h.trainRows));
  assert.ok(h.batchSize! < 2048 && h.trainRows / h.batchSize! >= 32, `batch ${h.batchSize} for ${h.trainRows} rows`);
  const auc = avgAuc(yHeld, m.predictProba(heldOut));
  assert.ok(auc > 0.7, `held-out avg AUC ${auc}`);
  const json = JSON.parse(JSON.stringify(m.toJSON())) as { options: { batchSize: unknown } };
  assert.equal(json.options.batchSize, 'auto');
  const back = estimatorFromJSON<NeuralFitModel>(json);
  assert.deepEqual(back.predictProba(heldOut), m.predictProba(heldOut));
  assert.equal(back.history.batchSize, h.batchSize);
  m.dispose();
  back.dispose();
});

test('encoder: vocabularies keep ids with >= minCount training rows; scalers use training rows only', () => {
  const ds = datasetOf([
    { user_id: 'u1', item_id: 'a', fit: 'fit', size: 4, age: 30, category: 'dress' },
    { user_id: 'u1', item_id: 'a', fit: 'small', size: 8, age: null, category: 'dress' },
    { user_id: 'u2', item_id: 'a', fit: 'large', size: 6, age: 50, category: 'gown' },
    { user_id: 'u3', item_id: 'b', fit: 'fit', size: 100, age: 40, category: null },
  ]);
  const o = resolveNeuralFitOptions({ minCount: 2, columns: { numeric: ['size', 'age', 'weight_kg'] } });
  const enc = NeuralFitEncoder.fit(ds, Int32Array.from([0, 1, 2]), o);
  // Row 3 is not a training row: its size 100 does not enter the scaler; u1 (2 rows) and a (3 rows) are known.
  assert.equal(enc.userCount, 2);
  assert.equal(enc.itemCount, 2);
  assert.deepEqual(enc.categoricalNames, ['category']);
  assert.deepEqual(enc.categoricalCounts, [2]);
  const [size, age] = enc.scalers;
  assert.deepEqual([size.name, size.mean], ['size', 6]);
  assert.ok(Math.abs(size.sd - Math.sqrt(8 / 3)) < 1e-12);
  assert.deepEqual([age.name, age.mean, age.sd], ['age', 40, 10]);
  const x = enc.encode(ds);
  assert.deepEqual(Array.from(x.user), [1, 1, 0, 0]);
  assert.deepEqual(Array.from(x.item), [1, 1, 1, 0]);
  assert.deepEqual(Array.from(x.categorical[0]), [1, 1, 0, 0]);
  // numeric: [z(size), z(age), missing(size), missing(age)] per row; z clipped at 5.
  const z = Math.sqrt(8 / 3);
  const expected = [-2 / z, -1, 0, 0, 2 / z, 0, 0, 1, 0, 1, 0, 0, 5, 0, 0, 0];
  Array.from(x.numeric).forEach((v, k) =>
    assert.ok(Math.abs(v - expected[k]) < 1e-6, `numeric[${k}] = ${v}, expected ${expected[k]}`),
  );
  assert.deepEqual(NeuralFitEncoder.fromJSON(JSON.parse(JSON.stringify(enc.toJSON()))).encode(ds), x);
});

test('encoder: a column of about 1e200 (squares beyond the float range) gets its sd, scaled like the same column at unit scale', () => {
  // Before: the sum of squares overflowed, the sd came out NaN and was replaced by 1: the column was left unscaled
  // (every value clipped at +-5).
  const rows = [4, 8, 6, 5, 9].map((size, i) => ({ user_id: `u${i}`, item_id: 'a', fit: 'fit', size }));
  const o = resolveNeuralFitOptions({ columns: { numeric: ['size'] } });
  const train = Int32Array.from([0, 1, 2, 3, 4]);
  const unit = NeuralFitEncoder.fit(datasetOf(rows), train, o);
  const huge = datasetOf(rows.map((r) => ({ ...r, size: r.size * 1e200 })));
  const enc = NeuralFitEncoder.fit(huge, train, o);
  const [u] = unit.scalers;
  const [h] = enc.scalers;
  assert.ok(Math.abs(h.mean / 1e200 - u.mean) < 1e-12 * u.mean, `mean ${h.mean}`);
  assert.ok(Math.abs(h.sd / 1e200 - u.sd) < 1e-12 * u.sd, `sd ${h.sd}, unit sd ${u.sd}`);
  const a = enc.encode(huge).numeric;
  const b = unit.encode(datasetOf(rows)).numeric;
  Array.from(a).forEach((v, k) => assert.ok(Math.abs(v - b[k]) < 1e-6, `numeric[${k}] = ${v}, expected ${b[k]}`));
  assert.deepEqual(NeuralFitEncoder.fromJSON(JSON.parse(JSON.stringify(enc.toJSON()))).encode(huge), enc.encode(huge));
});

test('ids only (no feature columns): trains, saves and loads; dispose frees every tensor it made', async () => {
  const tf = getTf();
  const before = tf.memory().numTensors;
  const m = await new NeuralFitModel({
    epochs: 3,
    batchSize: 256,
    columns: { numeric: [], categorical: [] },
    seed: 1,
  }).fit(train);
  const Pm = m.predictProba(heldOut);
  assert.equal(m.network.inputNames.length, 2);
  // Without body features, the customer's and article's learned fit still beats chance.
  assert.ok(avgAuc(yHeld, Pm) > 0.55, `ids-only avg AUC ${avgAuc(yHeld, Pm)}`);
  const loaded = await NeuralFitModel.fromLayersArtifacts(await m.toLayersArtifacts());
  assert.deepEqual(loaded.predictProba(heldOut), Pm);
  const weights = m.network.weights.length;
  assert.equal(tf.memory().numTensors - before, 2 * weights, "only the two models' weights remain");
  loaded.dispose();
  m.dispose();
  assert.equal(m.isFitted, false);
  assert.throws(() => m.predictProba(heldOut), NotFittedError);
  assert.equal(tf.memory().numTensors, before);
});

test('history.trainLoss is the cross-entropy without the L2 terms; no tensor is left behind', async () => {
  // Before: it recorded cross-entropy + L2 penalty (the value minimize returns): 30x the cross-entropy at l2 = 1.
  // With a learning rate of ~0 the weights do not move: the epoch's loss is the cross-entropy of the final model.
  const tf = getTf();
  const before = tf.memory().numTensors;
  for (const l2 of [0, 1e-3, 1]) {
    const m = await new NeuralFitModel({
      seed: 1,
      epochs: 1,
      learningRate: 1e-12,
      l2,
      dropout: 0,
      unknownRate: 0,
      validationFraction: 0,
      batchSize: 256,
    }).fit(train);
    const ce = logLoss(yTrain, m.predictProba(train));
    const [recorded] = m.history.trainLoss;
    assert.ok(Math.abs(recorded - ce) < 1e-5, `l2 = ${l2}: trainLoss ${recorded}, cross-entropy ${ce}`);
    m.dispose();
    assert.equal(tf.memory().numTensors, before, `l2 = ${l2}: tensors left after dispose`);
  }
});

test('fromJSON and fromLayersArtifacts check every field of the history, naming it', async () => {
  // Before: only epochs and trainLoss were looked at; a file without validationLoss loaded, then history and
  // toJSON threw a TypeError.
  const json = JSON.parse(JSON.stringify(model.toJSON())) as { history: Record<string, unknown> };
  const artifacts = await model.toLayersArtifacts();
  const { epochs } = model.history;
  type Edit = (h: Record<string, unknown>) => void;
  const cases: [Edit, string][] = [
    [(h) => delete h.validationLoss, `history.validationLoss must be an array of ${epochs} losses (one per epoch)`],
    [
      (h) => (h.validationLoss = [...(h.validationLoss as number[]), 0.5]),
      `history.validationLoss must be an array of ${epochs} losses (one per epoch)`,
    ],
    [
      (h) => (h.trainLoss = ['x', ...(h.trainLoss as number[]).slice(1)]),
      'history.trainLoss[0] is "x", not a finite number',
    ],
    [
      (h) => (h.trainLoss = (h.trainLoss as number[]).slice(1)),
      `history.trainLoss must be an array of ${epochs} losses (one per epoch)`,
    ],
    [(h) => (h.epochs = 1.5), 'history.epochs is 1.5, not an integer >= 0'],
    [(h) => (h.bestEpoch = epochs + 1), `history.bestEpoch ${epochs + 1} is past epochs ${epochs}`],
    [(h) => delete h.trainRows, 'history.trainRows is undefined, not an integer >= 0'],
    [(h) => (h.validationRows = -1), 'history.validationRows is -1, not an integer >= 0'],
    [(h) => (h.seconds = 'soon'), 'history.seconds is "soon", not a finite number >= 0'],
    [(h) => (h.batchSize = 0), 'history.batchSize is 0, not an integer >= 1'],
  ];
  for (const [edit, message] of cases) {
    await assertNeuralLoadsRefused<{ history: Record<string, unknown> }>(
      json,
      artifacts,
      (x) => edit(x.history),
      message,
    );
  }
  // A file saved before batchSize was recorded loads, and its history reads back.
  const old = structuredClone(json);
  delete old.history.batchSize;
  const back = NeuralFitModel.fromJSON(old);
  const expected = model.history;
  delete expected.batchSize;
  assert.deepEqual(back.history, expected);
  assert.equal('batchSize' in (back.toJSON().history as object), false);
  back.dispose();
});

// Review (models) finding 2: with 'balanced' weights, validation rows all of a class absent from the training part
// weigh 0 in all, and the validation loss was 0 / 0 = NaN: early stopping compared against NaN, the history saved
// null, and the model's own JSON did not load ('history.validationLoss[0] is null').
test("classWeight 'balanced': validation rows of weight 0 in all get their unweighted loss, finite; the model loads", async () => {
  // Row 7 is the only 'large' row; seed 0 holds it out as the one validation row (5% of 20), so 'large' has no
  // training row and weighs 0.
  const rows = Array.from({ length: 20 }, (_, i) => ({
    user_id: `u${i % 5}`,
    item_id: `i${i % 3}`,
    size: i % 4,
    fit: i === 7 ? 'large' : i % 2 ? 'small' : 'fit',
  }));
  const ds = datasetOf(rows);
  const opts: NeuralFitOptions = {
    seed: 0,
    classWeight: 'balanced',
    validationFraction: 0.05,
    embeddingDim: 2,
    hidden: [4],
    minCount: 1,
  };
  const one = await new NeuralFitModel({ ...opts, epochs: 1 }).fit(ds);
  assert.deepEqual([one.history.trainRows, one.history.validationRows], [19, 1]);
  // After one epoch the model is that epoch's: its loss on row 7 is the recorded validation loss.
  const expected = -Math.log(one.predictProba(ds.take([7]))[2]);
  const [recorded] = one.history.validationLoss;
  assert.ok(Math.abs(recorded - expected) < 1e-6, `validation loss ${recorded}, unweighted loss of row 7 ${expected}`);
  one.dispose();
  const m = await new NeuralFitModel({ ...opts, epochs: 3, patience: 5 }).fit(ds);
  assert.equal(m.history.validationLoss.length, 3);
  assert.ok(m.history.validationLoss.every(Number.isFinite), String(m.history.validationLoss));
  const back = NeuralFitModel.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
  assert.deepEqual(back.predictProba(ds), m.predictProba(ds));
  assert.deepEqual(back.history, m.history);
  back.dispose();
  m.dispose();
});

// Review (models) finding 3: repeated ids, category values and columns all loaded (a numeric column listed twice
// changed the predictions), and so did an encoder reading the label column as its customer id.
test('fromJSON and fromLayersArtifacts refuse repeated ids, values and columns, and columns other than the options', async () => {
  type Enc = {
    userColumn: string;
    itemColumn: string;
    users: string[];
    items: string[];
    categorical: { name: string; values: string[] }[];
    numeric: { name: string }[];
  };
  const json = JSON.parse(JSON.stringify(model.toJSON())) as { encoder: Enc };
  const artifacts = await model.toLayersArtifacts();
  const e = json.encoder;
  const q = JSON.stringify;
  const cases: [(enc: Enc) => void, string][] = [
    [(enc) => (enc.users[2] = enc.users[0]), `encoder: users[2]: id ${q(e.users[0])} repeats users[0]`],
    [(enc) => (enc.items[1] = enc.items[0]), `encoder: items[1]: id ${q(e.items[0])} repeats items[0]`],
    [
      (enc) => (enc.categorical[1].values[3] = enc.categorical[1].values[1]),
      `encoder: categorical[1].values[3]: value ${q(e.categorical[1].values[1])} repeats categorical[1].values[1]`,
    ],
    [
      (enc) => (enc.numeric[1].name = enc.numeric[0].name),
      `encoder: numeric[1].name: column ${q(e.numeric[0].name)} repeats numeric[0].name`,
    ],
    [
      (enc) => (enc.categorical[0].name = enc.userColumn),
      `encoder: categorical[0].name: column ${q(e.userColumn)} repeats userColumn`,
    ],
    [
      (enc) => (enc.userColumn = 'fit'),
      'encoder.userColumn is "fit", not options.columns.user "user_id", it is the label column (options.columns.label)',
    ],
    [(enc) => (enc.itemColumn = 'brand'), 'encoder.itemColumn is "brand", not options.columns.item "item_id"'],
    [
      (enc) => (enc.numeric[0].name = 'fit'),
      'encoder.numeric[0].name is "fit", not a column of options.columns.numeric, it is the label column (options.columns.label)',
    ],
    [
      (enc) => (enc.categorical[2].name = 'brand'),
      'encoder.categorical[2].name is "brand", not a column of options.columns.categorical',
    ],
  ];
  for (const [edit, message] of cases) {
    await assertNeuralLoadsRefused<{ encoder: Enc }>(json, artifacts, (x) => edit(x.encoder), message);
  }
});

// Review (models) finding 4: a column whose sd was below 1e-12 in absolute terms was taken as constant and left
// unscaled (every value encoded as about 0), where the other scalers test the sd relative to the mean (hasSpread).
test('encoder: a column of about 1e-150 varies: scaled like the same column at unit scale; a constant column is not', () => {
  const rows = [4, 8, 6, 5, 9].map((size, i) => ({ user_id: `u${i}`, item_id: 'a', fit: 'fit', size }));
  const o = resolveNeuralFitOptions({ columns: { numeric: ['size'] } });
  const rowsAll = Int32Array.from([0, 1, 2, 3, 4]);
  const unit = NeuralFitEncoder.fit(datasetOf(rows), rowsAll, o);
  const tiny = datasetOf(rows.map((r) => ({ ...r, size: r.size * 1e-150 })));
  const enc = NeuralFitEncoder.fit(tiny, rowsAll, o);
  const [u] = unit.scalers;
  const [t] = enc.scalers;
  assert.ok(Math.abs(t.sd / 1e-150 - u.sd) < 1e-9 * u.sd, `sd ${t.sd}, unit sd ${u.sd}`);
  const a = enc.encode(tiny).numeric;
  const b = unit.encode(datasetOf(rows)).numeric;
  Array.from(a).forEach((v, k) => assert.ok(Math.abs(v - b[k]) < 1e-6, `numeric[${k}] = ${v}, expected ${b[k]}`));
  // Copies of 0.1 have an sd of a rounding residue (about 1e-17): still constant, sd 1, every value encoded 0.
  const flat = datasetOf(rows.map((r) => ({ ...r, size: 0.1 })));
  const f = NeuralFitEncoder.fit(flat, rowsAll, o);
  assert.equal(f.scalers[0].sd, 1);
  assert.ok(Array.from(f.encode(flat).numeric).every((v) => Math.abs(v) < 1e-12));
});
