import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ColumnarDataset,
  fitLabelCodes,
  loadDataset,
  logLoss,
  crossValidate,
  featureMatrix,
  GbdtBag,
  GroupKFold,
  InvalidArgumentError,
  KFold,
  MetricInputError,
  NotFittedError,
  Rng,
  StratifiedKFold,
  takeMatrixRows,
  TemporalSplit,
  type FeatureMatrix,
  type Fold,
  type ProbabilisticClassifier,
  type Splitter,
} from '../../lib/index.js';
import { datasetFromRecords } from '../features/make-dataset.js';

/** A class-prior classifier: predicts the training class shares for every row. */
class PriorClassifier implements ProbabilisticClassifier<{ rows: number }> {
  static created = 0;
  fits = 0;
  private prior: Float64Array | undefined;
  constructor(readonly classes: ArrayLike<string | number> = [0, 1, 2]) {
    PriorClassifier.created++;
  }
  fit(x: { rows: number }, y: Int32Array): this {
    this.fits++;
    const k = this.classes.length;
    const counts = new Float64Array(k);
    const code = (c: number): number => Array.from(this.classes).findIndex((v) => v === c || v === names[c]);
    for (const v of y) counts[code(v)]++;
    this.prior = counts.map((c) => c / y.length);
    assert.equal(x.rows, y.length);
    return this;
  }
  predictProba(x: { rows: number }): Float64Array {
    if (!this.prior) throw new NotFittedError('PriorClassifier');
    assert.equal(this.fits, 1, 'a fresh model per fold is fitted exactly once');
    const out = new Float64Array(x.rows * this.prior.length);
    for (let i = 0; i < x.rows; i++) out.set(this.prior, i * this.prior.length);
    return out;
  }
}
const names = ['small', 'fit', 'large'];

const rng = new Rng(8);
const n = 60;
const labels = Int32Array.from({ length: n }, () => rng.categorical([0.25, 0.5, 0.25]));
const data = { n, take: (idx: Int32Array) => ({ rows: idx.length }), labels };

test('crossValidate refits a fresh model per fold and returns per-fold metrics with indices', async () => {
  const before = PriorClassifier.created;
  const res = await crossValidate(() => new PriorClassifier(), data, new StratifiedKFold({ k: 3, seed: 1 }));
  assert.equal(PriorClassifier.created - before, 3);
  assert.equal(res.folds.length, 3);
  for (const f of res.folds) {
    // Constant scores: every one-vs-rest AUC is exactly 0.5.
    assert.equal(f.metrics.avgAuc, 0.5);
    // Log-loss of a prior q on test rows: -sum_c share_c ln q_c.
    const k = 3;
    const q = new Float64Array(k);
    for (const i of f.train) q[labels[i]]++;
    for (let c = 0; c < k; c++) q[c] /= f.train.length;
    let ll = 0;
    for (const i of f.test) ll -= Math.log(q[labels[i]]) / f.test.length;
    assert.ok(Math.abs(f.metrics.logLoss - ll) < 1e-12);
    // The prior's argmax is class 1 (the majority): accuracy = share of class 1 in test.
    const share1 = Array.from(f.test).filter((i) => labels[i] === 1).length / f.test.length;
    assert.ok(Math.abs(f.metrics.accuracy - share1) < 1e-12);
    for (const i of f.test) assert.deepEqual(Array.from(res.oofProba.subarray(i * k, i * k + k)), Array.from(q));
  }
  assert.ok(res.tested.every((t) => t === 1));
  const m = res.folds.reduce((s, f) => s + f.metrics.accuracy, 0) / 3;
  assert.ok(Math.abs(res.mean.accuracy - m) < 1e-12);
  assert.ok(res.sd.accuracy >= 0);
});

test('string classes are mapped to codes through classNames, in any column order', async () => {
  const custom = { accuracy: (y: ArrayLike<number>, P: ArrayLike<number>) => P[0] + y[0] * 0 };
  const a = await crossValidate(() => new PriorClassifier([0, 1, 2]), data, new StratifiedKFold({ k: 3 }), {});
  const b = await crossValidate(
    () => new PriorClassifier(['large', 'small', 'fit']),
    data,
    new StratifiedKFold({ k: 3 }),
    {
      classNames: names,
    },
  );
  assert.deepEqual(Array.from(a.oofProba), Array.from(b.oofProba));
  const c = await crossValidate(() => new PriorClassifier(), data, new StratifiedKFold({ k: 3 }), { metrics: custom });
  assert.deepEqual(Object.keys(c.mean), ['accuracy']);
  await assert.rejects(
    () => crossValidate(() => new PriorClassifier(['tiny', 'fit', 'large']), data, new StratifiedKFold({ k: 3 })),
    /model class tiny/,
  );
});

test('a temporal split leaves untested rows NaN in the out-of-fold probabilities', async () => {
  const times = Float64Array.from({ length: n }, (_, i) => i);
  const res = await crossValidate(
    () => new PriorClassifier(),
    { ...data, times },
    new TemporalSplit({ testFraction: 0.5 }),
    {
      metrics: {},
    },
  );
  assert.equal(res.folds.length, 1);
  assert.equal(
    res.tested.reduce((s, t) => s + t, 0),
    30,
  );
  assert.ok(Number.isNaN(res.oofProba[0]));
  assert.ok(!Number.isNaN(res.oofProba[3 * 59]));
});

test('a ColumnarDataset is cross-validated through take(), groups passed to the splitter', async () => {
  const customer = Int32Array.from({ length: n }, (_, i) => i % 7);
  const ds = new ColumnarDataset(
    [{ name: 'height', type: 'number', description: 'cm' }],
    new Map([['height', { type: 'number' as const, values: Float64Array.from({ length: n }, (_, i) => 150 + i) }]]),
    new Int32Array(n),
    { name: 'test', source: 'generated', format: 'test', sha256: '' },
  );
  const seen: number[] = [];
  const factory = (): ProbabilisticClassifier<ColumnarDataset> => {
    const inner = new PriorClassifier();
    return {
      classes: inner.classes,
      fit(x: ColumnarDataset, y: Int32Array) {
        seen.push(...Array.from(x.numbers('height')));
        return inner.fit({ rows: x.length }, y);
      },
      predictProba: (x: ColumnarDataset) => inner.predictProba({ rows: x.length }),
    };
  };
  const res = await crossValidate(
    factory,
    { n, take: (idx) => ds.take(idx), labels, groups: customer },
    new GroupKFold({ k: 3 }),
    {
      metrics: {},
    },
  );
  for (const f of res.folds) {
    const testCustomers = new Set(Array.from(f.test, (i) => customer[i]));
    for (const i of f.train) assert.ok(!testCustomers.has(customer[i]));
  }
  assert.equal(seen.length, 2 * n); // each row trains in k - 1 = 2 folds
});

test('labels outside the classes and predictions of the wrong shape throw', async () => {
  const bad = { ...data, labels: Int32Array.from(labels, (v, i) => (i === 5 ? 3 : v)) };
  await assert.rejects(
    () => crossValidate(() => new PriorClassifier(), bad, new StratifiedKFold({ k: 3 })),
    /row 5: label 3/,
  );
  const wrong = (): ProbabilisticClassifier<{ rows: number }> => ({
    classes: [0, 1, 2],
    fit: () => undefined,
    predictProba: () => new Float64Array(2),
  });
  await assert.rejects(() => crossValidate(wrong, data, new StratifiedKFold({ k: 3 })), InvalidArgumentError);
});

/** A PriorClassifier whose fit finishes later, in a Promise (as a model training in worker threads). */
function asyncPrior(): ProbabilisticClassifier<{ rows: number }> {
  const inner = new PriorClassifier();
  return {
    classes: inner.classes,
    fit: (x, y) => new Promise((resolve) => setTimeout(() => resolve(inner.fit(x, y)), 5)),
    predictProba: (x) => inner.predictProba(x),
  };
}

test('a model whose fit returns a Promise is awaited before it predicts', async () => {
  const splitter = new StratifiedKFold({ k: 3, seed: 1 });
  const sync = await crossValidate(() => new PriorClassifier(), data, splitter);
  const async_ = await crossValidate(asyncPrior, data, splitter);
  assert.deepEqual(async_.oofProba, sync.oofProba);
  assert.deepEqual(
    async_.folds.map((f) => f.metrics),
    sync.folds.map((f) => f.metrics),
  );
});

test('a forest bag growing in worker threads cross-validates like the same bag grown in this thread', async () => {
  const rng = new Rng(3);
  const m = 600;
  const d = new Float64Array(m * 3);
  const y = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < 3; j++) d[i * 3 + j] = rng.normal();
    const s = d[i * 3] + 0.5 * d[i * 3 + 1] + rng.normal(0, 0.5);
    y[i] = s < -0.5 ? 0 : s > 0.5 ? 2 : 1;
  }
  const X = featureMatrix(d, m, 3, ['a', 'b', 'c']);
  const matrixData = { n: m, take: (idx: Int32Array): FeatureMatrix => takeMatrixRows(X, idx), labels: y };
  const gbdt = { numRounds: 20, minDataInLeaf: 10 };
  const splitter = new StratifiedKFold({ k: 3, seed: 2 });
  const inWorkers = await crossValidate(() => new GbdtBag({ seeds: [1, 2], gbdt, workers: 2 }), matrixData, splitter);
  const inThread = await crossValidate(() => new GbdtBag({ seeds: [1, 2], gbdt, workers: 0 }), matrixData, splitter);
  assert.deepEqual(inWorkers.oofProba, inThread.oofProba);
  assert.ok(inWorkers.mean.avgAuc > 0.75, `avg AUC ${inWorkers.mean.avgAuc}`);
});

test('a fold whose metric is undefined names the fold and the class', async () => {
  // 2 'large' rows in 30: with 5 plain folds, most test folds have none, and avg AUC is undefined there.
  const y = Int32Array.from({ length: 30 }, (_, i) => (i === 3 || i === 17 ? 2 : i % 2));
  await assert.rejects(
    crossValidate(
      () => new PriorClassifier(),
      { n: 30, take: (idx: Int32Array) => ({ rows: idx.length }), labels: y },
      new KFold({ k: 5, seed: 1 }),
    ),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      /^crossValidate: fold \d \(6 test rows\), avgAuc: .*'large'/.test(e.message) &&
      !/class 2/.test(e.message),
  );
});

test("a fold's metric error names the data row of the test row it is about", async () => {
  // Before: a metric's "row 2" was a position in the fold's test rows, with no way back to the data.
  const thirdRow = (y: ArrayLike<number>): number => {
    throw MetricInputError.atRow('thirdRow', 2, `label ${y[2]}`);
  };
  const [fold0] = new KFold({ k: 5, seed: 1 }).split(n);
  await assert.rejects(
    crossValidate(() => new PriorClassifier(), data, new KFold({ k: 5, seed: 1 }), { metrics: { thirdRow } }),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message ===
        `crossValidate: fold 0 (12 test rows), thirdRow: thirdRow: test row 2 (data row ${fold0.test[2]}): label ` +
          `${labels[fold0.test[2]]}`,
  );
  assert.notEqual(fold0.test[2], 2);
});

test("a custom metric's own InvalidArgumentError keeps its text, prefixed with the fold and the metric", async () => {
  // Before: its words were rewritten by pattern: "row 3 of my lookup table is empty" became "test row 3 (data row
  // ...) of my lookup table is empty", and "class 1 weight must be positive" became "'fit' weight must be positive".
  for (const message of ['row 3 of my lookup table is empty', 'class 1 weight must be positive']) {
    const lookup = (): number => {
      throw new InvalidArgumentError(message);
    };
    await assert.rejects(
      crossValidate(() => new PriorClassifier(), data, new KFold({ k: 5, seed: 1 }), { metrics: { lookup } }),
      (e: unknown) =>
        e instanceof InvalidArgumentError && e.message === `crossValidate: fold 0 (12 test rows), lookup: ${message}`,
    );
  }
});

test("the library's metrics still say their row as the test row and its data row", async () => {
  // A model of data rows whose probabilities for data row 17 sum to 1.5: logLoss refuses that row of its fold.
  const bad = 17;
  const model = (): ProbabilisticClassifier<Int32Array> => ({
    classes: [0, 1, 2],
    fit() {},
    predictProba: (rows) => {
      const P = new Float64Array(rows.length * 3).fill(1 / 3);
      rows.forEach((r, j) => r === bad && P.fill(0.5, j * 3, j * 3 + 3));
      return P;
    },
  });
  const rowData = { n, take: (idx: Int32Array) => idx, labels };
  const folds = new KFold({ k: 5, seed: 1 }).split(n);
  const f = folds.findIndex((fold) => fold.test.includes(bad));
  const j = folds[f].test.indexOf(bad);
  assert.notEqual(j, bad, 'the position in the fold and the data row differ, so the test can tell them apart');
  await assert.rejects(
    crossValidate(model, rowData, new KFold({ k: 5, seed: 1 }), { metrics: { logLoss } }),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message ===
        `crossValidate: fold ${f} (12 test rows), logLoss: logLoss: test row ${j} (data row ${bad}): probabilities ` +
          'sum to 1.5, not 1',
  );
});

test('a class name that holds "row 2" is quoted as it is', async () => {
  // Before: "class 2" became "'row 2 seats'", and then the row pattern made it "'test row 2 (data row ...) seats'".
  const y = Int32Array.from({ length: 30 }, (_, i) => (i === 3 || i === 17 ? 2 : i % 2));
  const noTwo = new KFold({ k: 5, seed: 1 })
    .split(30)
    .findIndex((fold) => !fold.test.includes(3) && !fold.test.includes(17));
  await assert.rejects(
    crossValidate(
      () => new PriorClassifier(),
      { n: 30, take: (idx: Int32Array) => ({ rows: idx.length }), labels: y },
      new KFold({ k: 5, seed: 1 }),
      { classNames: ['small', 'fit', 'row 2 seats'] },
    ),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message ===
        `crossValidate: fold ${noTwo} (6 test rows), avgAuc: one-vs-rest AUC of 'row 2 seats' is undefined: it has no ` +
          'positive or no negative row',
  );
});

test("labels that differ from the dataset's own fit column are refused, naming the fold and row", async () => {
  // Before: the JSDoc said the library's fit models learn their dataset's column, but the latent and neural models
  // learn the labels given: with labels apart from the column, a relabelled task was half learned.
  const { dataset } = await loadDataset('sample');
  const ds = dataset.take(Int32Array.from({ length: 300 }, (_, i) => i));
  const own = fitLabelCodes(ds, 'test');
  // a classifier of datasets that learns the labels it is given (as the latent and neural models do)
  const factory = (): ProbabilisticClassifier<ColumnarDataset> => {
    const inner = new PriorClassifier();
    return {
      classes: inner.classes,
      fit: (x: ColumnarDataset, y: Int32Array) => inner.fit({ rows: x.length }, y),
      predictProba: (x: ColumnarDataset) => inner.predictProba({ rows: x.length }),
    };
  };
  const data = (labels: Int32Array) => ({ n: ds.length, take: (idx: Int32Array) => ds.take(idx), labels });
  const ok = await crossValidate(factory, data(own), new KFold({ k: 3, seed: 1 }), { metrics: {} });
  assert.equal(ok.folds.length, 3);
  const swapped = Int32Array.from(own, (c) => (c === 0 ? 2 : c === 2 ? 0 : c));
  // Before: the message gave the position inside the fold's training rows, not the data row.
  // The first training row of fold 0 whose label was swapped, by its position and by its data row.
  const [fold0] = new KFold({ k: 3, seed: 1 }).split(ds.length);
  const at = fold0.train.findIndex((r) => own[r] !== 1);
  const row = fold0.train[at];
  assert.ok(at > 0 && row !== at, 'the position and the data row differ, so the test can tell them apart');
  await assert.rejects(
    crossValidate(factory, data(swapped), new KFold({ k: 3, seed: 1 }), { metrics: {} }),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message.startsWith(
        `crossValidate: fold 0: training row ${at} (data row ${row}) has label ${swapped[row]} but its dataset's ` +
          `fit column says ${own[row]} ('${names[own[row]]}'): `,
      ),
  );
});

test('a relabelled task whose labels are in the fit column, named by classNames, is accepted', async () => {
  // Before: the check mapped the fit column with the default small/fit/large codes and refused a 'fit'/'misfit' task.
  const { dataset } = await loadDataset('sample');
  const base = dataset.take(Int32Array.from({ length: 300 }, (_, i) => i));
  const own = fitLabelCodes(base, 'test');
  const keep = Int32Array.from([...own.keys()].filter((i) => own[i] >= 0));
  const rows = base
    .take(keep)
    .toRecords()
    .map((r) => ({ ...r, fit: r.fit === 'fit' ? 'fit' : 'misfit' }));
  const relabelled = datasetFromRecords(rows);
  const labels = Int32Array.from(rows, (r) => (r.fit === 'fit' ? 0 : 1));
  const factory = (): ProbabilisticClassifier<ColumnarDataset> => {
    const inner = new PriorClassifier(['fit', 'misfit']);
    return {
      classes: inner.classes,
      fit: (x: ColumnarDataset, y: Int32Array) => inner.fit({ rows: x.length }, y),
      predictProba: (x: ColumnarDataset) => inner.predictProba({ rows: x.length }),
    };
  };
  const data = { n: relabelled.length, take: (idx: Int32Array) => relabelled.take(idx), labels };
  const options = { classNames: ['fit', 'misfit'], metrics: {} };
  const r = await crossValidate(factory, data, new KFold({ k: 3, seed: 1 }), options);
  assert.equal(r.folds.length, 3);
  const flipped = Int32Array.from(labels, (c) => 1 - c);
  await assert.rejects(
    crossValidate(factory, { ...data, labels: flipped }, new KFold({ k: 3, seed: 1 }), options),
    /fit column says [01] \('(fit|misfit)'\)/,
  );
});

test('a model whose classes list a class twice is refused, naming the fold and the class', async () => {
  // Before: the 'small' column was overwritten by the second 'small' and the 'fit' column left at 0, without a word.
  const twice = (): ProbabilisticClassifier<{ rows: number }> => ({
    classes: ['small', 'small', 'large'],
    fit: () => undefined,
    predictProba: (x) => new Float64Array(x.rows * 3).fill(1 / 3),
  });
  await assert.rejects(
    () => crossValidate(twice, data, new KFold({ k: 3 })),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message === "crossValidate: fold 0: the model's classes list class 0 ('small') twice (columns 0 and 1)",
  );
});

test("a custom splitter's folds are checked before any fit: rows in 0..n-1, none twice, train and test disjoint", async () => {
  // Before: index 40 of 12 rows was scored as class 0 (labels[40] is undefined) and a row in both train and test was
  // tested on a model trained on it, without a word.
  const small = { n: 12, take: (idx: Int32Array) => ({ rows: idx.length }), labels: labels.subarray(0, 12) };
  const ok = { train: Int32Array.from([0, 1, 2, 3, 4, 5]), test: Int32Array.from([6, 7, 8, 9, 10, 11]) };
  const cases: [Fold, string][] = [
    [
      { train: ok.train, test: Int32Array.from([6, 7, 40]) },
      'crossValidate: fold 1: test index 40 (position 2) is not a row in 0..11',
    ],
    [
      { train: Int32Array.from([-1, 0]), test: ok.test },
      'crossValidate: fold 1: train index -1 (position 0) is not a row in 0..11',
    ],
    [
      { train: [0, 1.5] as unknown as Int32Array, test: ok.test },
      'crossValidate: fold 1: train index 1.5 (position 1) is not a row in 0..11',
    ],
    [
      { train: Int32Array.from([0, 1, 2, 3, 4, 5]), test: Int32Array.from([5, 6, 7]) },
      'crossValidate: fold 1: row 5 is in both the test and the train rows',
    ],
    [{ train: Int32Array.from([0, 1, 1]), test: ok.test }, 'crossValidate: fold 1: row 1 is twice in the train rows'],
    [{ train: ok.train, test: Int32Array.from([9, 6, 9]) }, 'crossValidate: fold 1: row 9 is twice in the test rows'],
  ];
  for (const [bad, message] of cases) {
    let made = 0;
    const splitter: Splitter = { split: () => [ok, bad] };
    await assert.rejects(
      () =>
        crossValidate(
          () => {
            made++;
            return new PriorClassifier();
          },
          small,
          splitter,
        ),
      (e: unknown) => e instanceof InvalidArgumentError && e.message === message,
      message,
    );
    assert.equal(made, 0, 'no model is fitted before the folds are checked');
  }
  // A custom splitter with well-formed folds (unsorted, not covering every row) is accepted.
  const custom: Splitter = {
    split: () => [{ train: Int32Array.from([5, 0, 2, 3, 4, 1]), test: Int32Array.from([11, 6, 8]) }],
  };
  const res = await crossValidate(() => new PriorClassifier(), small, custom, { metrics: { logLoss } });
  assert.deepEqual(Array.from(res.tested), [0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1]);
});

test('a splitter that returns no folds is refused before any fit', async () => {
  // Before: no fold was fitted and every mean came back NaN (0 / 0), without an error.
  let made = 0;
  const none: Splitter = { split: () => [] };
  await assert.rejects(
    () =>
      crossValidate(
        () => {
          made++;
          return new PriorClassifier();
        },
        data,
        none,
      ),
    (e: unknown) => e instanceof InvalidArgumentError && e.message === 'crossValidate: the splitter returned no folds',
  );
  assert.equal(made, 0, 'no model is made');
});
