import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ColumnarDataset,
  InvalidArgumentError,
  ModelFormatError,
  NotFittedError,
  RelativeSizeFeatures,
  Rng,
  crossFitFolds,
  estimatorFromJSON,
} from '../../lib/index.js';
import { datasetFromRecords, featureAt, matrixRow, syntheticRentals, withColumn, withLabels } from './make-dataset.js';

const close = (a: number, b: number, tol = 1e-9): void => assert.ok(Math.abs(a - b) <= tol, `${a} != ${b}`);
const get = featureAt;
const row = matrixRow;

// Body regression truth: size = -20 + 0.2 weight + 0.1 height + 0.5 band.
const pred = (w: number, h: number, b: number): number => -20 + 0.2 * w + 0.1 * h + 0.5 * b;
// Nine training rows. The "fit" rows lie on the plane except r2 (+1) and r3 (-1), which share a body,
// so least squares recovers the plane exactly and their offsets stay +1 and -1.
const B1 = { weight_kg: 50, height_cm: 160, bust_band: 32 }; // pred 22
const B2 = { weight_kg: 60, height_cm: 170, bust_band: 34 }; // pred 26
const B4 = { weight_kg: 70, height_cm: 160, bust_band: 36 }; // pred 28
const B5 = { weight_kg: 55, height_cm: 180, bust_band: 34 }; // pred 26
const B6 = { weight_kg: 65, height_cm: 170, bust_band: 32 }; // pred 26
const base = { category: 'dress' };
const train = datasetFromRecords([
  { user_id: 'u1', item_id: 'iA', fit: 'fit', size: 22, ...B1, ...base }, // r1 off 0
  { user_id: 'u2', item_id: 'iA', fit: 'fit', size: 27, ...B2, ...base }, // r2 off +1
  { user_id: 'u3', item_id: 'iB', fit: 'fit', size: 25, ...B2, ...base }, // r3 off -1
  { user_id: 'u1', item_id: 'iB', fit: 'fit', size: 28, ...B4, ...base }, // r4 off 0
  { user_id: 'u2', item_id: 'iA', fit: 'fit', size: 26, ...B5, ...base }, // r5 off 0
  { user_id: 'u3', item_id: 'iB', fit: 'fit', size: 26, ...B6, ...base }, // r6 off 0
  { user_id: 'u1', item_id: 'iA', fit: 'small', size: 24, ...B1, ...base }, // r7 off +2
  { user_id: 'u2', item_id: 'iB', fit: 'large', size: 26, ...B2, ...base }, // r8 off 0
  { user_id: 'u3', item_id: 'iA', fit: 'small', size: 24, ...B2, ...base, weight_kg: null }, // r9 no body
]);
const fresh = datasetFromRecords([
  { user_id: 'u1', item_id: 'iA', size: 25, ...B2, category: 'dress' },
  { user_id: 'u9', item_id: 'iZ', size: 26, weight_kg: null, height_cm: 170, bust_band: 34, category: 'gown' },
]);

test('RelativeSizeFeatures: body regression and body offsets, hand-computed', () => {
  const t = new RelativeSizeFeatures().fit(train);
  const X = t.transform(fresh);
  close(get(X, 0, 'body_pred_size'), pred(60, 170, 34));
  close(get(X, 0, 'size_minus_body'), -1);
  // Article iA's "fit" rows r1, r2, r5 have offsets 0, +1, 0; 3 pseudo-rows at 0.
  close(get(X, 0, 'item_fit_off'), 1 / 6);
  close(get(X, 0, 'size_vs_item_body'), -1 - 1 / 6);
  // Customer u1's rows with a body: r1 (0), r4 (0), r7 (+2); 1 pseudo-row at 0.
  close(get(X, 0, 'user_off'), 2 / 4);
  close(get(X, 0, 'size_vs_user_off'), -1.5);
  // Unseen customer and article, no weight: NaN, never a crash.
  for (const name of ['body_pred_size', 'size_minus_body', 'item_fit_off', 'user_off', 'size_vs_user_off'])
    assert.ok(Number.isNaN(get(X, 1, name)), name);
  assert.deepEqual(
    t.featureInfo().map((f) => f.name),
    X.names,
  );
});

test('RelativeSizeFeatures: neighbour sizes, same-article history and relative sizes, hand-computed', () => {
  const X = new RelativeSizeFeatures({ priorStrength: 2, feedbackShift: 2 }).fit(train).transform(fresh);
  const gS = 2 / 9;
  const gL = 1 / 9;
  // Article iA: r1 r2 r5 r7 r9, 2 small of 5, smoothed towards the global rates.
  const iS = (2 + 2 * gS) / 7;
  const iL = (0 + 2 * gL) / 7;
  // (iA, 24): r7 and r9, both small; (iA, 26): r5, fit.
  close(get(X, 0, 'down_rate_small'), (2 + 2 * iS) / 4);
  close(get(X, 0, 'down_rate_large'), (0 + 2 * iL) / 4);
  assert.equal(get(X, 0, 'down_n'), 2);
  close(get(X, 0, 'up_rate_small'), (2 * iS) / 3);
  close(get(X, 0, 'up_rate_large'), (2 * iL) / 3);
  assert.equal(get(X, 0, 'up_n'), 1);
  // u1 took iA before in r1 (fit, size 22) and r7 (small, size 24).
  close(get(X, 0, 'user_item_small'), 0.5);
  close(get(X, 0, 'user_item_large'), 0);
  assert.equal(get(X, 0, 'user_item_n'), 2);
  close(get(X, 0, 'user_item_size_diff'), 25 - 23);
  // iA's mean size (22 + 27 + 26 + 24 + 24) / 5 = 24.6; iB's (25 + 28 + 26 + 26) / 4 = 26.25.
  close(get(X, 0, 'rel_size'), 0.4);
  const adj = (22 - 24.6 + (28 - 26.25) + (24 - 24.6 + 2)) / 3; // r1, r4, r7 (small: +δ)
  close(get(X, 0, 'user_adj_rel'), adj);
  close(get(X, 0, 'rel_minus_user_adj'), 0.4 - adj);
  const fitRel = (22 - 24.6 + (28 - 26.25)) / 2;
  close(get(X, 0, 'user_fit_rel'), fitRel);
  close(get(X, 0, 'rel_minus_user_fit_rel'), 0.4 - fitRel);
  // iA's labelled rows: rel -2.6, 2.4, 1.4 (fit, y 0) and -0.6, -0.6 (small, y -1); ridge 10.
  const slope = (2 * 0.6) / (2.6 ** 2 + 2.4 ** 2 + 1.4 ** 2 + 2 * 0.6 ** 2 + 10);
  close(get(X, 0, 'item_size_slope'), slope);
  close(get(X, 0, 'item_slope_shift'), slope * 0.4);
  // u1's true size: 22 (fit), 28 (fit), 24 + δ (small).
  close(get(X, 0, 'user_true_size'), (22 + 28 + 26) / 3);
  close(get(X, 0, 'size_minus_user_true'), 25 - 76 / 3);
  // Unseen ids: prior rates, zero counts, NaN means.
  close(get(X, 1, 'down_rate_small'), gS);
  close(get(X, 1, 'up_rate_large'), gL);
  assert.deepEqual(
    ['down_n', 'up_n', 'user_item_n', 'user_res_n'].map((c) => get(X, 1, c)),
    [0, 0, 0, 0],
  );
  for (const name of ['user_item_small', 'user_item_size_diff', 'rel_size', 'user_adj_rel', 'user_true_size'])
    assert.ok(Number.isNaN(get(X, 1, name)), name);
});

test('RelativeSizeFeatures: customer residuals against out-of-fold article-size rates', () => {
  // Nine folds for nine rows: each row is its own fold (leave-one-out); priorStrength 0 gives raw
  // rates, falling back to the article's rate when the (article, size) has no other row.
  const opts = { nFolds: 9, priorStrength: 0, residualStrength: 2 };
  const X = new RelativeSizeFeatures(opts).fit(train).transform(fresh);
  // u1: r1 (iA 22, fit) vs iA's others r2 r5 r7 r9 (small 2/4): -0.5; r4 (iB 28, fit) vs iB's others
  // r3 r6 r8 (large 1/3): large -1/3; r7 (iA 24, small) vs r9 (small): 0.
  close(get(X, 0, 'user_res_small'), -0.5 / 5);
  close(get(X, 0, 'user_res_large'), -1 / 3 / 5);
  assert.equal(get(X, 0, 'user_res_n'), 3);
  close(get(X, 1, 'user_res_small'), 0);
  // Training rows: residuals of the customer's other rows, with rates that leave out both rows.
  const Z = new RelativeSizeFeatures(opts).fitTransform(train);
  // r1 reads r4 (vs r3 r6 r8: large -1/3) and r7 (vs r9: 0).
  close(get(Z, 0, 'user_res_small'), 0);
  close(get(Z, 0, 'user_res_large'), -1 / 3 / 4);
  assert.equal(get(Z, 0, 'user_res_n'), 2);
  // r7 reads r1 (vs iA without r1 and r7: r2 r5 r9, small 1/3) and r4 (large -1/3).
  close(get(Z, 6, 'user_res_small'), -1 / 3 / 4);
  close(get(Z, 6, 'user_res_large'), -1 / 3 / 4);
});

test('RelativeSizeFeatures: a row without a category reads the global rates in the customer residuals, as a category of its own would', () => {
  // A category held by one row has no rows once that row's fold is left out, so its cross-fitted residuals read
  // the global rates, as a row without a category does: both give every row the same residual features.
  const ds = syntheticRentals(600, { users: 60, items: 12, categories: 3, seed: 9 });
  const col = ds.categories('category');
  const picked = [3, 50, 101, 222, 347, 480];
  const missing = col.codes.slice();
  const own = col.codes.slice();
  picked.forEach((r, k) => {
    missing[r] = -1;
    own[r] = col.categories.length + k;
  });
  const ownNames = [...col.categories, ...picked.map((r) => `only-row-${r}`)];
  const fit = (codes: Int32Array, categories = col.categories) =>
    new RelativeSizeFeatures({ nFolds: 4, seed: 2 }).fitTransform(
      withColumn(ds, 'category', { type: 'category', codes, categories }),
    );
  const names = ['user_res_small', 'user_res_large', 'user_res_n'];
  const residuals = (X: ReturnType<typeof fit>) =>
    Array.from({ length: ds.length }, (_, i) => names.map((nm) => get(X, i, nm)));
  const without = residuals(fit(missing));
  assert.deepEqual(without, residuals(fit(own, ownNames)));
  // The picked rows' categories matter (the check can fail): with them, their customers' residuals differ.
  assert.notDeepEqual(without, residuals(fit(col.codes)));
});

test('RelativeSizeFeatures: a training row’s own label never reaches its own features', () => {
  const ds = syntheticRentals(300, { users: 40, items: 10, categories: 3, seed: 4 });
  const t = (): RelativeSizeFeatures => new RelativeSizeFeatures({ nFolds: 4, seed: 3 });
  const base = t().fitTransform(ds);
  const codes = ds.categories('fit').codes;
  for (let i = 0; i < ds.length; i += 23) {
    for (const delta of [1, 2]) {
      const changed = codes.slice();
      changed[i] = (codes[i] + delta) % 3;
      const Z = t().fitTransform(withLabels(ds, changed));
      assert.deepEqual(row(Z, i), row(base, i), `row ${i}`);
      // The change does reach rows of other folds (the check can fail).
      if (i === 0 && delta === 1) assert.notDeepEqual(Z.data, base.data);
    }
  }
});

test('RelativeSizeFeatures: shuffling the labels of new rows changes nothing', () => {
  const ds = syntheticRentals(300, { users: 40, items: 10, categories: 3, seed: 6 });
  const tr = ds.take(Array.from({ length: 240 }, (_, i) => i));
  const te = ds.take(Array.from({ length: 60 }, (_, i) => 240 + i));
  const t = new RelativeSizeFeatures({ seed: 1 }).fit(tr);
  const shuffled = withLabels(te, new Rng(5).shuffle(te.categories('fit').codes.slice()));
  assert.deepEqual(t.transform(shuffled), t.transform(te));
});

test('RelativeSizeFeatures: cross-fitted first-order features equal a fit on the other folds', () => {
  const ds = syntheticRentals(400, { users: 50, items: 12, categories: 3, seed: 8 });
  const K = 4;
  const Z = new RelativeSizeFeatures({ nFolds: K, seed: 9 }).fitTransform(ds);
  const fold = crossFitFolds(ds.length, K, 9);
  const names = [
    'body_pred_size',
    'size_minus_body',
    'item_fit_off',
    'size_vs_item_body',
    'user_off',
    'down_rate_small',
    'up_rate_large',
    'up_n',
    'user_item_small',
    'user_item_size_diff',
    'down_gap',
    'up_gap',
    'size_rank',
    'item_n_sizes',
  ];
  let compared = 0;
  for (let f = 0; f < K; f++) {
    const inFold: number[] = [];
    const rest: number[] = [];
    for (let i = 0; i < ds.length; i++) (fold[i] === f ? inFold : rest).push(i);
    const X = new RelativeSizeFeatures().fit(ds.take(rest)).transform(ds.take(inFold));
    inFold.forEach((i, r) => {
      for (const name of names) {
        const a = get(Z, i, name);
        const b = get(X, r, name);
        if (Number.isNaN(b)) assert.ok(Number.isNaN(a), `${name} row ${i}`);
        else {
          close(a, b, 1e-8);
          compared++;
        }
      }
    });
  }
  assert.ok(compared > 2000, `only ${compared} values compared`);
});

test('RelativeSizeFeatures: JSON round trip transforms identically; tables hold totals only', () => {
  const ds = syntheticRentals(300, { users: 40, items: 10, categories: 3, seed: 2, systems: true });
  const tr = ds.take(Array.from({ length: 250 }, (_, i) => i));
  const te = ds.take(Array.from({ length: 50 }, (_, i) => 250 + i));
  const t = new RelativeSizeFeatures({ nFolds: 3, seed: 4, priorStrength: 5 });
  t.fit(tr);
  const json = JSON.parse(JSON.stringify(t.toJSON()));
  const back = estimatorFromJSON<RelativeSizeFeatures>(json);
  assert.ok(back instanceof RelativeSizeFeatures);
  assert.equal(back.priorStrength, 5);
  assert.deepEqual(back.transform(te), t.transform(te));
  assert.deepEqual(back.transform(tr), t.transform(tr));
  assert.deepEqual(back.toJSON(), json);
  assert.equal(json.users.totals.length, json.users.keys.length * 13);
  assert.deepEqual(json.users.columns, ['user_id', 'size_system']);
  assert.throws(() => RelativeSizeFeatures.fromJSON({ ...json, coef: [1, 2] }), ModelFormatError);
  assert.throws(() => RelativeSizeFeatures.fromJSON({ ...json, version: 3 }), ModelFormatError);
});

test('RelativeSizeFeatures: missing ids and bodies give NaN or priors; bad input throws', () => {
  const ds = syntheticRentals(200, { users: 30, items: 8, categories: 3, seed: 3 });
  const t = new RelativeSizeFeatures().fit(ds);
  const blank = datasetFromRecords([
    { user_id: null, item_id: null, size: null, weight_kg: null, height_cm: null, bust_band: null, fit: 'x' },
    { user_id: 'u1', item_id: 'nope', size: 12, weight_kg: 60, height_cm: 165, bust_band: 34, fit: 'x' },
  ]);
  const X = t.transform(blank);
  assert.equal(X.n, 2);
  assert.ok(X.data.every((v) => !Number.isFinite(v) || Math.abs(v) < 1e6));
  assert.ok(Number.isNaN(get(X, 0, 'body_pred_size')));
  assert.ok(Number.isFinite(get(X, 1, 'body_pred_size')));
  assert.ok(Number.isFinite(get(X, 1, 'user_off')));
  assert.ok(Number.isNaN(get(X, 1, 'rel_size')));
  assert.throws(() => new RelativeSizeFeatures().transform(ds), NotFittedError);
  assert.throws(() => new RelativeSizeFeatures({ nFolds: 1 }), InvalidArgumentError);
  assert.throws(() => new RelativeSizeFeatures({ priorStrength: -1 }), InvalidArgumentError);
  // Too few "fit" rows for the regression: NaN predictions, no crash.
  const tiny = new RelativeSizeFeatures({ nFolds: 2 }).fitTransform(train.take([0, 1, 6, 7]));
  assert.ok(Number.isNaN(get(tiny, 0, 'body_pred_size')));
});

test('RelativeSizeFeatures: data without a body column (ModCloth has no weight) fits; body features are NaN', () => {
  const ds = syntheticRentals(200, { users: 30, items: 8, categories: 3, seed: 5 });
  const keep = ds.columnNames.filter((c) => c !== 'weight_kg');
  const noWeight = new ColumnarDataset(
    ds.schema.filter((f) => f.name !== 'weight_kg'),
    new Map(keep.map((c) => [c, ds.column(c)])),
    ds.lineNumbers,
    ds.meta,
  );
  const blank = withColumn(ds, 'weight_kg', { type: 'number', values: new Float64Array(ds.length).fill(NaN) });
  const Z = new RelativeSizeFeatures({ seed: 2 }).fitTransform(noWeight);
  // The same as a weight column with every value missing, and the body columns are NaN.
  assert.deepEqual(Z, new RelativeSizeFeatures({ seed: 2 }).fitTransform(blank));
  for (const name of ['body_pred_size', 'size_minus_body', 'size_vs_user_off'])
    assert.ok(Array.from({ length: Z.n }, (_, i) => get(Z, i, name)).every(Number.isNaN), name);
  // The label features still work.
  assert.ok(Array.from({ length: Z.n }, (_, i) => get(Z, i, 'user_true_size')).some(Number.isFinite));
  const t = new RelativeSizeFeatures().fit(noWeight);
  assert.deepEqual(t.transform(noWeight), new RelativeSizeFeatures().fit(blank).transform(blank));
  const back = RelativeSizeFeatures.fromJSON(JSON.parse(JSON.stringify(t.toJSON())));
  assert.deepEqual(back.transform(noWeight), t.transform(noWeight));
});

test('RelativeSizeFeatures: neighbours are the article’s next smaller and larger sizes, however far', () => {
  // Article iA is rented in sizes 4, 8 (twice) and 16; iB only in 8.
  const rows = datasetFromRecords([
    { user_id: 'u1', item_id: 'iA', fit: 'small', size: 4, ...B1, ...base },
    { user_id: 'u2', item_id: 'iA', fit: 'fit', size: 8, ...B2, ...base },
    { user_id: 'u3', item_id: 'iA', fit: 'large', size: 8, ...B4, ...base },
    { user_id: 'u4', item_id: 'iA', fit: 'large', size: 16, ...B5, ...base },
    { user_id: 'u5', item_id: 'iB', fit: 'fit', size: 8, ...B6, ...base },
  ]);
  const t = new RelativeSizeFeatures({ priorStrength: 0 }).fit(rows);
  const X = t.transform(
    datasetFromRecords([
      { user_id: 'u9', item_id: 'iA', size: 8, ...B1, category: 'dress' },
      { user_id: 'u9', item_id: 'iA', size: 12, ...B1, category: 'dress' },
      { user_id: 'u9', item_id: 'iA', size: 2, ...B1, category: 'dress' },
      { user_id: 'u9', item_id: 'iB', size: 8, ...B1, category: 'dress' },
    ]),
  );
  // Size 8: next smaller 4 (one small row), next larger 16 (one large row).
  assert.equal(get(X, 0, 'down_rate_small'), 1);
  assert.equal(get(X, 0, 'down_n'), 1);
  assert.equal(get(X, 0, 'down_gap'), 4);
  assert.equal(get(X, 0, 'up_rate_large'), 1);
  assert.equal(get(X, 0, 'up_gap'), 8);
  assert.equal(get(X, 0, 'size_rank'), 1 / 3);
  assert.equal(get(X, 0, 'item_n_sizes'), 3);
  // Size 12 is not among iA's sizes: between 8 (fit and large) and 16.
  assert.equal(get(X, 1, 'down_rate_large'), 0.5);
  assert.equal(get(X, 1, 'down_n'), 2);
  assert.equal(get(X, 1, 'down_gap'), 4);
  assert.equal(get(X, 1, 'up_gap'), 4);
  assert.equal(get(X, 1, 'size_rank'), 2 / 3);
  // Below every size: no smaller neighbour.
  assert.ok(Number.isNaN(get(X, 2, 'down_gap')) && get(X, 2, 'down_n') === 0);
  assert.equal(get(X, 2, 'up_gap'), 2);
  assert.equal(get(X, 2, 'size_rank'), 0);
  // An article with one size has no neighbours.
  assert.ok(Number.isNaN(get(X, 3, 'down_gap')) && Number.isNaN(get(X, 3, 'up_gap')));
  assert.equal(get(X, 3, 'item_n_sizes'), 1);
});

test('RelativeSizeFeatures: a version 1 model (size ± 1 neighbours, 28 columns) still loads and transforms as before', () => {
  const rows = datasetFromRecords([
    { user_id: 'u1', item_id: 'iA', fit: 'small', size: 4, ...B1, ...base },
    { user_id: 'u2', item_id: 'iA', fit: 'fit', size: 7, ...B2, ...base },
    { user_id: 'u3', item_id: 'iA', fit: 'large', size: 8, ...B4, ...base },
  ]);
  const q = datasetFromRecords([{ user_id: 'u9', item_id: 'iA', size: 8, ...B1, category: 'dress' }]);
  const current = new RelativeSizeFeatures({ priorStrength: 0 }).fit(rows);
  const json = JSON.parse(JSON.stringify(current.toJSON()));
  assert.equal(json.version, 2);
  const v1 = RelativeSizeFeatures.fromJSON({ ...json, version: 1 });
  const X1 = v1.transform(q);
  const X2 = current.transform(q);
  assert.equal(X1.p, 28);
  assert.deepEqual(X1.names, X2.names.slice(0, 28));
  assert.deepEqual(
    v1.featureInfo().map((f) => f.name),
    X1.names,
  );
  // Version 1: the neighbour below 8 is size 7 (fit); version 2: the next smaller size, 7 as well; above 8
  // there is nothing either way. Below 7, version 1 finds no size 6 while version 2 finds 4 (small).
  assert.equal(get(X1, 0, 'down_rate_small'), 0);
  assert.equal(get(X2, 0, 'down_rate_small'), 0);
  const q7 = datasetFromRecords([{ user_id: 'u9', item_id: 'iA', size: 7, ...B1, category: 'dress' }]);
  assert.equal(get(v1.transform(q7), 0, 'down_n'), 0);
  assert.equal(get(current.transform(q7), 0, 'down_n'), 1);
  assert.equal(get(current.transform(q7), 0, 'down_rate_small'), 1);
  // Every shared column agrees where the neighbours do.
  for (let j = 0; j < 28; j++) {
    const [a, b] = [X1.data[j], X2.data[j]];
    assert.ok(Object.is(a, b) || Math.abs(a - b) < 1e-12, X1.names[j]);
  }
  // It saves as version 1 again, and refitting moves it to the current rule.
  assert.equal(v1.toJSON().version, 1);
  assert.equal(v1.fit(rows).transform(q).p, 32);
  assert.equal(v1.toJSON().version, 2);
});

/** 40 rows of ordinary bodies and sizes; `patch` overrides fields of row 6 (labelled "fit"). */
function bodyRows(patch: Record<string, number> = {}): ColumnarDataset {
  const rows = Array.from({ length: 40 }, (_, i) => ({
    user_id: `u${i % 8}`,
    item_id: `i${i % 5}`,
    fit: ['small', 'fit', 'fit', 'large', 'fit'][i % 5],
    size: 4 + (i % 5) * 2 + (i % 3),
    category: 'dress',
    height_cm: 150 + ((i * 7) % 30),
    weight_kg: 50 + ((i * 3) % 25),
    bust_band: 32 + (i % 4) * 2,
  }));
  Object.assign(rows[6], patch);
  return datasetFromRecords(rows);
}

test('RelativeSizeFeatures: an infinite size or body value is refused at fit, naming the row and the column', () => {
  // Before, an infinite weight on a "fit" row made the regression's coefficients NaN: body_pred_size was NaN for
  // every row, silently.
  const t = new RelativeSizeFeatures({ nFolds: 2 }).fit(bodyRows());
  const before = JSON.stringify(t.toJSON());
  for (const [column, value] of [
    ['weight_kg', Infinity],
    ['height_cm', -Infinity],
    ['bust_band', Infinity],
    ['size', Infinity],
  ] as const) {
    const message = `RelativeSizeFeatures: row 6, column '${column}' is ${value}: values must be finite (NaN for a missing one)`;
    for (const fit of [() => t.fit(bodyRows({ [column]: value })), () => t.fitTransform(bodyRows({ [column]: value }))])
      assert.throws(fit, (e: unknown) => e instanceof InvalidArgumentError && e.message === message, message);
  }
  assert.equal(JSON.stringify(t.toJSON()), before);
  // A missing (NaN) body value still just leaves the row out of the regression.
  const missing = new RelativeSizeFeatures({ nFolds: 2 }).fitTransform(bodyRows({ weight_kg: NaN }));
  assert.ok(Number.isNaN(get(missing, 6, 'body_pred_size')) && Number.isFinite(get(missing, 0, 'body_pred_size')));
});

test('RelativeSizeFeatures: body values whose squares overflow give the least-squares regression, solved on scaled values', () => {
  // Before, a weight of 1e200 on a "fit" row overflowed the normal equations: NaN coefficients, every body feature
  // NaN. Least squares fits that row exactly with a weight coefficient of about 1e-200, so for the other rows the
  // regression is the one on height and bust band alone over the other "fit" rows: the reference, solved here.
  const rows = bodyRows();
  const fitRows = Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 5 !== 0 && i % 5 !== 3 && i !== 6);
  const h = rows.numbers('height_cm');
  const b = rows.numbers('bust_band');
  const s = rows.numbers('size');
  const A = [0, 1, 2].map(() => [0, 0, 0, 0]);
  for (const i of fitRows) {
    const x = [1, h[i], b[i]];
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) A[r][c] += x[r] * x[c];
      A[r][3] += x[r] * s[i];
    }
  }
  for (let c = 0; c < 3; c++) {
    for (let r = 0; r < 3; r++) if (r !== c) A[r] = A[r].map((v, k) => v - (A[r][c] / A[c][c]) * A[c][k]);
  }
  const ref = A.map((row, r) => row[3] / row[r]);
  for (const w of [1e100, 1e200, 1.7e308]) {
    const t = new RelativeSizeFeatures({ nFolds: 2 }).fit(bodyRows({ weight_kg: w }));
    const X = t.transform(rows);
    for (let i = 0; i < 40; i++) {
      if (i !== 6) close(get(X, i, 'body_pred_size'), ref[0] + ref[1] * h[i] + ref[2] * b[i], 1e-9);
    }
    close(get(t.transform(bodyRows({ weight_kg: w })), 6, 'body_pred_size'), s[6], 1e-9);
    const Z = new RelativeSizeFeatures({ nFolds: 2 }).fitTransform(bodyRows({ weight_kg: w }));
    assert.ok(Array.from({ length: 40 }, (_, i) => get(Z, i, 'body_pred_size')).every(Number.isFinite), `${w}`);
    const back = RelativeSizeFeatures.fromJSON(JSON.parse(JSON.stringify(t.toJSON())));
    assert.deepEqual(back.transform(rows), X);
  }
  // Too few "fit" rows is still a singular regression: NaN, not an error.
  const few = new RelativeSizeFeatures({ nFolds: 2 }).fit(bodyRows({ weight_kg: 1e200 }).take([1, 2, 6]));
  assert.ok(Number.isNaN(get(few.transform(rows), 0, 'body_pred_size')));
});

test('RelativeSizeFeatures: values so large that a saved sum leaves the float range are refused at fit, naming the column and the group', () => {
  // Before, the fit saved an infinite sum (a squared relative size of a 1e300 size); such a file is now refused on load.
  const big = bodyRows({ size: 1e300 });
  assert.throws(
    () => new RelativeSizeFeatures({ nFolds: 2 }).fit(big),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message ===
        `RelativeSizeFeatures: column 'size': the values of article "i1" (up to 1e+300, row 6) are too large: ` +
          'the sum of squared relative sizes is beyond the float range (about 1.8e308)',
  );
  const weights = bodyRows();
  const w = weights.numbers('weight_kg').slice();
  w[0] = w[8] = 1.7e308; // customer u0's rows with a body
  assert.throws(
    () => new RelativeSizeFeatures({ nFolds: 2 }).fit(withColumn(weights, 'weight_kg', { type: 'number', values: w })),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message ===
        `RelativeSizeFeatures: column 'weight_kg': the values of customer "u0" (up to 1.7e+308, row 0) are too ` +
          'large: the sum of weight_kg of rows with a body is beyond the float range (about 1.8e308)',
  );
});

test('RelativeSizeFeatures.fromJSON: totals no rows could give and partly missing coefficients are refused, naming the field', () => {
  // Before, only the lengths were checked: a NaN, negative or infinite count loaded and moved the features silently.
  const json = JSON.parse(JSON.stringify(new RelativeSizeFeatures({ nFolds: 2 }).fit(bodyRows()).toJSON()));
  const bad = (patch: (j: typeof json) => void, message: string): void => {
    const j = JSON.parse(JSON.stringify(json));
    patch(j);
    assert.throws(
      () => RelativeSizeFeatures.fromJSON(j),
      (e: unknown) => e instanceof ModelFormatError && e.message === message,
      message,
    );
  };
  bad(
    (j) => (j.users.totals[13] = null),
    'relative-size-features.users.totals[13] (group 1, rows with a body) is NaN: a count must be a whole number >= 0',
  );
  bad(
    (j) => (j.users.totals[5] = -5),
    'relative-size-features.users.totals[5] (group 0, labelled rows) is -5: a count must be a whole number >= 0',
  );
  bad(
    (j) => (j.users.totals[12] = 'Infinity'),
    'relative-size-features.users.totals[12] (group 0, sum of true sizes) is Infinity: a sum must be a finite number',
  );
  bad(
    (j) => (j.items.totals[0] = 'Infinity'),
    'relative-size-features.items.totals[0] (group 0, labelled rows) is Infinity: a count must be a whole number >= 0',
  );
  bad(
    (j) => (j.items.totals[22] = -1),
    'relative-size-features.items.totals[22] (group 1, sum of squared relative sizes) is -1: a sum of squares must be >= 0',
  );
  bad(
    (j) => (j.global[1] = j.global[0] + 1),
    `relative-size-features.global[0] (group 0, labelled rows) is ${json.global[0]}: fewer than its small and large rows`,
  );
  bad(
    (j) => (j.global[2] = 0.5),
    'relative-size-features.global[2] (group 0, large) is 0.5: a count must be a whole number >= 0',
  );
  bad(
    (j) => (j.itemSizes.totals[0] = -3),
    'relative-size-features.itemSizes.totals[0] (group 0, labelled rows) is -3: a count must be a whole number >= 0',
  );
  bad(
    (j) => (j.userItems.totals[4] = null),
    'relative-size-features.userItems.totals[4] (group 0, sum of sizes) is NaN: a sum must be a finite number',
  );
  bad(
    (j) => (j.coef[2] = null),
    `relative-size-features.coef is ${json.coef[0]}, ${json.coef[1]}, NaN, ${json.coef[3]}: not all finite (nor all missing)`,
  );
  // A regression without rows (all NaN) is a valid state and loads.
  const none = JSON.parse(JSON.stringify(json));
  none.coef = [null, null, null, null];
  assert.ok(Number.isNaN(get(RelativeSizeFeatures.fromJSON(none).transform(bodyRows()), 0, 'body_pred_size')));
});
