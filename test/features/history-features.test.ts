import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ArticleFeatures,
  CustomerHistoryFeatures,
  InvalidArgumentError,
  NotFittedError,
  Rng,
  crossFitFolds,
  matrixColumn,
  type FeatureMatrix,
} from '../../lib/index.js';
import { datasetFromRecords, syntheticRentals, withLabels } from './make-dataset.js';

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} != ${b}`);
const get = (X: FeatureMatrix, i: number, name: string): number => X.data[i * X.p + X.names.indexOf(name)];

// Four training rows; global rates small 1/4, fit 2/4, large 1/4; sizes mean 7, variance 5.
const train = datasetFromRecords([
  { user_id: 'u1', item_id: 'i1', fit: 'small', size: 4, category: 'dress' },
  { user_id: 'u1', item_id: 'i2', fit: 'fit', size: 6, category: 'top' },
  { user_id: 'u1', item_id: 'i1', fit: 'large', size: 8, category: 'dress' },
  { user_id: 'u2', item_id: 'i1', fit: 'fit', size: 10, category: 'dress' },
]);
const fresh = datasetFromRecords([
  { user_id: 'u1', item_id: 'i1', size: 6, category: 'dress' },
  { user_id: 'u9', item_id: 'i1', size: 8, category: 'dress' },
  { user_id: 'u9', item_id: 'i7', size: 8, category: 'gown' },
]);

test('CustomerHistoryFeatures: hand-computed statistics of a known customer, priors for an unseen one', () => {
  const f = new CustomerHistoryFeatures({ priorStrength: 2, sizePriorStrength: 1 }).fit(train);
  const X = f.transform(fresh);
  assert.equal(get(X, 0, 'cust_n'), 3);
  close(get(X, 0, 'cust_size_mean'), (18 + 7) / 4);
  close(get(X, 0, 'cust_size_sd'), Math.sqrt((116 - 2 * 6.25 * 18 + 3 * 6.25 ** 2 + 5) / 4));
  close(get(X, 0, 'cust_size_diff'), -0.25);
  assert.deepEqual([get(X, 0, 'cust_n_small'), get(X, 0, 'cust_n_fit'), get(X, 0, 'cust_n_large')], [1, 1, 1]);
  close(get(X, 0, 'cust_rate_small'), (1 + 2 * 0.25) / 5);
  close(get(X, 0, 'cust_rate_fit'), (1 + 2 * 0.5) / 5);
  // Unseen customer: the prior.
  assert.equal(get(X, 1, 'cust_n'), 0);
  close(get(X, 1, 'cust_size_mean'), 7);
  close(get(X, 1, 'cust_size_sd'), Math.sqrt(5));
  close(get(X, 1, 'cust_rate_small'), 0.25);
  close(get(X, 1, 'cust_rate_large'), 0.25);
  assert.deepEqual(
    f.featureInfo().map((i) => i.name),
    X.names,
  );
});

test('ArticleFeatures: Beta priors chain global -> category -> article -> (article, size)', () => {
  const f = new ArticleFeatures({ priorStrength: 2, sizePriorStrength: 1 }).fit(train);
  const X = f.transform(fresh);
  close(get(X, 0, 'cat_rate_small'), (1 + 2 * 0.25) / 5); // dress: 1 small of 3
  close(get(X, 0, 'item_rate_small'), (1 + 2 * 0.3) / 5);
  close(get(X, 0, 'item_size_mean'), (22 + 7) / 4);
  close(get(X, 0, 'item_size_diff'), 6 - 7.25);
  assert.equal(get(X, 0, 'itemsize_n'), 0);
  close(get(X, 0, 'itemsize_rate_small'), 0.32); // no rows in (i1, 6): the article's rate
  close(get(X, 1, 'itemsize_rate_large'), (1 + 2 * 0.32) / 3); // (i1, 8): one large
  close(get(X, 1, 'itemsize_rate_small'), (0 + 2 * 0.32) / 3);
  // Unseen article of an unseen category: the global rates.
  close(get(X, 2, 'item_rate_small'), 0.25);
  close(get(X, 2, 'cat_rate_large'), 0.25);
  assert.equal(get(X, 2, 'item_n'), 0);
});

test('History features: cross-fitted training rows equal a fit on the other folds', () => {
  const ds = syntheticRentals(400, { users: 60, items: 15, categories: 4, seed: 2 });
  for (const make of [
    () => new CustomerHistoryFeatures({ seed: 9, nFolds: 4 }),
    () => new ArticleFeatures({ seed: 9, nFolds: 4 }),
  ]) {
    const X = make().fitTransform(ds);
    const fold = crossFitFolds(ds.length, 4, 9);
    for (let f = 0; f < 4; f++) {
      const inFold: number[] = [];
      const rest: number[] = [];
      for (let i = 0; i < ds.length; i++) (fold[i] === f ? inFold : rest).push(i);
      const ref = make().fit(ds.take(rest)).transform(ds.take(inFold));
      inFold.forEach((i, r) => {
        for (let j = 0; j < X.p; j++) close(X.data[i * X.p + j], ref.data[r * ref.p + j], 1e-9);
      });
    }
  }
});

test('No leakage: shuffling the labels of test rows changes neither training nor test features', () => {
  const ds = syntheticRentals(500, { users: 70, items: 20, categories: 5, seed: 4 });
  const trainIdx = Array.from({ length: 400 }, (_, i) => i);
  const testIdx = Array.from({ length: 100 }, (_, i) => 400 + i);
  const run = (d: typeof ds): [Float64Array, Float64Array] => {
    const c = new CustomerHistoryFeatures({ seed: 1 });
    const a = new ArticleFeatures({ seed: 1 });
    const trainX = [c.fitTransform(d.take(trainIdx)), a.fitTransform(d.take(trainIdx))];
    const testX = [c.transform(d.take(testIdx)), a.transform(d.take(testIdx))];
    return [
      Float64Array.from(trainX.flatMap((m) => [...m.data])),
      Float64Array.from(testX.flatMap((m) => [...m.data])),
    ];
  };
  const [tr1, te1] = run(ds);
  // Reverse the fit codes of the test rows (small <-> large, fit -> small).
  const fitCol = ds.categories('fit');
  const codes = fitCol.codes.slice();
  for (const i of testIdx) codes[i] = (codes[i] + 1) % 3;
  const cols = new Map(ds.columnNames.map((n) => [n, ds.column(n)]));
  cols.set('fit', { type: 'category', codes, categories: fitCol.categories });
  const ds2 = new (ds.constructor as typeof import('../../lib/index.js').ColumnarDataset)(
    ds.schema,
    cols,
    ds.lineNumbers,
    ds.meta,
  );
  const [tr2, te2] = run(ds2);
  assert.deepEqual(tr2, tr1);
  assert.deepEqual(te2, te1);
});

test('No leakage: changing a training row’s own label never changes its own features (kfold and loo)', () => {
  const ds = syntheticRentals(300, { users: 30, items: 10, categories: 3, seed: 6 });
  const fitCol = ds.categories('fit');
  for (const crossFit of ['kfold', 'loo'] as const) {
    for (const make of [() => new CustomerHistoryFeatures({ crossFit }), () => new ArticleFeatures({ crossFit })]) {
      const X = make().fitTransform(ds);
      for (const i of [0, 123, 299]) {
        const codes = fitCol.codes.slice();
        codes[i] = (codes[i] + 1) % 3;
        const cols = new Map(ds.columnNames.map((n) => [n, ds.column(n)]));
        cols.set('fit', { type: 'category', codes, categories: fitCol.categories });
        const ds2 = new (ds.constructor as typeof import('../../lib/index.js').ColumnarDataset)(
          ds.schema,
          cols,
          ds.lineNumbers,
          ds.meta,
        );
        const Y = make().fitTransform(ds2);
        assert.deepEqual(Y.data.subarray(i * X.p, (i + 1) * X.p), X.data.subarray(i * X.p, (i + 1) * X.p));
        // The label does reach other rows' features, so the check above can fail.
        assert.notDeepEqual(Y.data, X.data);
      }
    }
  }
});

/** Mann-Whitney AUC of `score` for the rows where `positive` is true (ties count one half). */
function auc(score: Float64Array, positive: (i: number) => boolean): number {
  const idx = Array.from(score.keys()).sort((a, b) => score[a] - score[b]);
  let pos = 0;
  let rankSum = 0;
  for (let k = 0; k < idx.length;) {
    let e = k;
    while (e < idx.length && score[idx[e]] === score[idx[k]]) e++;
    for (let t = k; t < e; t++) {
      if (positive(idx[t])) {
        rankSum += (k + 1 + e) / 2;
        pos++;
      }
    }
    k = e;
  }
  const neg = idx.length - pos;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

test('No leakage: with random labels, the category rates tell nothing of a row’s own label (kfold and loo)', () => {
  // Before, leave-one-out also left the row out of the category and global counts: within a category,
  // cat_rate_small took one value per own label, an exact oracle (AUC 1 on random labels).
  const base = syntheticRentals(6000, { users: 1500, items: 40, categories: 3, seed: 8 });
  const rng = new Rng(17);
  const codes = Int32Array.from({ length: base.length }, () => {
    const r = rng.next();
    return r < 0.3 ? 0 : r < 0.7 ? 1 : 2;
  });
  const ds = withLabels(base, codes);
  const cat = ds.categories('category').codes;
  for (const crossFit of ['kfold', 'loo'] as const) {
    const X = new ArticleFeatures({ crossFit }).fitTransform(ds);
    for (const [column, label] of [
      ['cat_rate_small', 0],
      ['cat_rate_large', 2],
    ] as const) {
      const v = matrixColumn(X, column);
      const sum = new Map<number, number>();
      const count = new Map<number, number>();
      for (let i = 0; i < ds.length; i++) {
        sum.set(cat[i], (sum.get(cat[i]) ?? 0) + v[i]);
        count.set(cat[i], (count.get(cat[i]) ?? 0) + 1);
      }
      // A lower rate than the category's mean rate when the row's own label is `label`: the leak's direction.
      const score = Float64Array.from(v, (x, i) => -(x - sum.get(cat[i])! / count.get(cat[i])!));
      const a = auc(score, (i) => codes[i] === label);
      assert.ok(Math.abs(a - 0.5) < 0.1, `${crossFit} ${column}: AUC ${a} for own '${column.slice(9)}'`);
    }
  }
  // loo keeps the prior levels out of fold, on the same folds as kfold; only the article levels leave one row out.
  const kfold = new ArticleFeatures().fitTransform(ds);
  const loo = new ArticleFeatures({ crossFit: 'loo' }).fitTransform(ds);
  for (const column of ['cat_rate_small', 'cat_rate_large']) {
    assert.deepEqual(matrixColumn(loo, column), matrixColumn(kfold, column));
  }
  const all = new ArticleFeatures().fit(ds).transform(ds);
  assert.deepEqual(
    Array.from(matrixColumn(loo, 'item_n')),
    Array.from(matrixColumn(all, 'item_n'), (x) => x - 1),
  );
});

test('CustomerHistoryFeatures: usual size is kept per size system when size_system is present', () => {
  const ds = datasetFromRecords([
    { user_id: 'u1', item_id: 'a', fit: 'fit', size: 4, size_system: 'us', category: 'c' },
    { user_id: 'u1', item_id: 'b', fit: 'fit', size: 36, size_system: 'eu', category: 'c' },
    { user_id: 'u1', item_id: 'a', fit: 'fit', size: 6, size_system: 'us', category: 'c' },
  ]);
  const f = new CustomerHistoryFeatures({ sizePriorStrength: 0 }).fit(ds);
  const X = f.transform(ds);
  assert.deepEqual(Array.from(matrixColumn(X, 'cust_size_mean')), [5, 36, 5]);
  assert.deepEqual(Array.from(matrixColumn(X, 'cust_n')), [2, 1, 2]);
});

test('History features: typed errors for unfitted use, empty data and missing columns', () => {
  assert.throws(() => new CustomerHistoryFeatures().transform(fresh), NotFittedError);
  assert.throws(() => new CustomerHistoryFeatures().fit(train.take([])), /has no rows/);
  assert.throws(() => new ArticleFeatures().fit(fresh), /has no column 'fit'/);
  assert.throws(() => new CustomerHistoryFeatures({ nFolds: 1 }), InvalidArgumentError);
});

test('History features: a refit that fails leaves the earlier fit exactly as it was', () => {
  // Before, the size-system flag was set before the data check threw: the instance kept its (user, size_system)
  // tables but saved hasSystem false, and later errors no longer named the step.
  const withSystems = syntheticRentals(200, { seed: 3, systems: true });
  for (const make of [() => new CustomerHistoryFeatures(), () => new ArticleFeatures()]) {
    const t = make().fit(withSystems);
    const name = t.constructor.name;
    const before = JSON.stringify(t.toJSON());
    const X = t.transform(withSystems);
    // `fresh` has neither a size_system nor a fit column.
    assert.throws(() => t.fit(fresh), /has no column 'fit'/, name);
    assert.throws(() => t.fitTransform(fresh), /has no column 'fit'/, name);
    assert.equal(JSON.stringify(t.toJSON()), before, name);
    assert.deepEqual(Array.from(t.transform(withSystems).data), Array.from(X.data), name);
    assert.throws(
      () => t.transform(fresh),
      (e: unknown) => e instanceof InvalidArgumentError && e.message.startsWith(`${name}: `),
      name,
    );
  }
});

// The cross-fitted size sums were the group's totals minus the row's own fold (or minus the row, under loo): a huge
// size in that fold cancelled the other rows' sizes (sizes 1e17, 1..9 of one customer: mean 2 instead of 5.5 for the
// rows sharing the fold of 1e17, sd 0 instead of 2.29 once a size is 1e9). The other folds are now added up.
test('Cross-fitted size statistics equal a fit on the other folds (or other rows) even beside a huge size', () => {
  const sizes = [1e17, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  // Without fillers one (fold, group) table serves every row; with singleton fillers each row gets its own sums.
  for (const fillers of [0, 20]) {
    const ds = datasetFromRecords([
      ...sizes.map((size) => ({ user_id: 'u1', item_id: 'i1', fit: 'fit', size, category: 'dress' })),
      ...Array.from({ length: fillers }, (_, k) => ({
        user_id: `f${k}`,
        item_id: `j${k}`,
        fit: 'small',
        size: k % 7,
        category: 'dress',
      })),
    ]);
    const rows = Array.from({ length: ds.length }, (_, r) => r);
    for (const crossFit of ['kfold', 'loo'] as const) {
      const fold = crossFitFolds(ds.length, 5, 0);
      for (const [make, columns] of [
        [
          (): CustomerHistoryFeatures => new CustomerHistoryFeatures({ crossFit, sizePriorStrength: 0 }),
          ['cust_n', 'cust_size_mean', 'cust_size_sd'],
        ],
        [(): ArticleFeatures => new ArticleFeatures({ crossFit, sizePriorStrength: 0 }), ['item_n', 'item_size_mean']],
      ] as const) {
        const X = make().fitTransform(ds);
        for (let i = 0; i < sizes.length; i++) {
          const rest = rows.filter((r) => (crossFit === 'loo' ? r !== i : fold[r] !== fold[i]));
          const ref = make()
            .fit(ds.take(rest))
            .transform(ds.take([i]));
          for (const column of columns) {
            const want = get(ref, 0, column);
            assert.ok(Number.isFinite(want), column);
            const tol = 1e-12 * Math.max(1, Math.abs(want));
            close(get(X, i, column), want, tol);
          }
        }
      }
    }
  }
});

// The crossFit TSDoc said both modes were honest within an article; under loo the article's rate in fact separates
// a row's own label exactly (the model reads it once item_n and the category pin the article). Behaviour is kept:
// this pins what the TSDoc now says.
test('loo: within one article the rate takes one value on the small rows and another on the rest; kfold one per fold', () => {
  const rng = new Rng(4);
  const labels = Array.from({ length: 60 }, () => (rng.next() < 0.3 ? 'small' : 'fit'));
  const ds = datasetFromRecords(
    labels.map((fit, i) => ({ user_id: `u${i}`, item_id: 'i1', fit, size: 8, category: 'dress' })),
  );
  // Unsmoothed (priorStrength 0): the out-of-fold category prior would add one value per fold.
  const loo = matrixColumn(
    new ArticleFeatures({ crossFit: 'loo', priorStrength: 0 }).fitTransform(ds),
    'item_rate_small',
  );
  const small = new Set(labels.flatMap((l, i) => (l === 'small' ? [loo[i]] : [])));
  const rest = new Set(labels.flatMap((l, i) => (l === 'small' ? [] : [loo[i]])));
  assert.equal(small.size, 1);
  assert.equal(rest.size, 1);
  const k = labels.filter((l) => l === 'small').length;
  close([...small][0], (k - 1) / 59);
  close([...rest][0], k / 59);
  const fold = crossFitFolds(ds.length, 5, 0);
  const kfold = matrixColumn(new ArticleFeatures({ priorStrength: 0 }).fitTransform(ds), 'item_rate_small');
  for (let i = 0; i < ds.length; i++) {
    const first = fold.indexOf(fold[i]);
    assert.equal(kfold[i], kfold[first], `row ${i} reads the value of its fold`);
  }
});
