// The conformance suite: every registered estimator kind is checked by its capability tags (never by
// its name), with the example data of its case in cases.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ColumnarDataset,
  DataError,
  InvalidArgumentError,
  NotFittedError,
  Rng,
  concatDatasets,
  estimatorFromJSON,
  featureMatrix,
  modelCatalog,
  registeredEstimators,
  takeMatrixRows,
  type Capability,
  type Column,
  type DatasetTransformer,
  type EstimatorEntry,
  type FeatureMatrix,
  type MatrixTransformer,
} from '../../lib/index.js';
import {
  configurationCases,
  conformanceCases,
  withUnseenIds,
  type ClassifierCase,
  type ClassifierLike,
  type ConformanceCase,
  type DatasetCase,
  type FitModelCase,
  type MatrixCase,
} from './cases.js';

const SEED = 13;
/** A seed far from SEED (bagged cases use SEED, SEED + 1, SEED + 2): a stochastic model must answer differently. */
const OTHER_SEED = SEED + 101;

function roundTrip<T>(e: { toJSON(): unknown }): T {
  return estimatorFromJSON(JSON.parse(JSON.stringify(e.toJSON()))) as T;
}

function rowsOf(X: FeatureMatrix, i: number): FeatureMatrix {
  return takeMatrixRows(X, [i]);
}

function replaceColumn(ds: ColumnarDataset, name: string, col: Column | undefined): ColumnarDataset {
  const cols = new Map(ds.columnNames.map((c) => [c, ds.column(c)]));
  if (col) cols.set(name, col);
  else cols.delete(name);
  const schema = ds.schema.filter((f) => col !== undefined || f.name !== name);
  return new ColumnarDataset(schema, cols, ds.lineNumbers, ds.meta);
}

/**
 * The extreme-values checks: finite inputs whose moments leave the float range when computed plainly, a column of
 * about 1e200 (squares overflow) beside one of about 1e-200 (squares underflow), and columns near the float limit
 * (values up to about 1e308 of either sign: sums and differences overflow). Each pattern multiplies the number
 * columns in turn by its factors, so every column meets each size (the cases' values stay below 300 in magnitude,
 * so 5e305 times them is finite).
 */
const EXTREME_PATTERNS = [
  [1e200, 1e-200],
  [1e-200, 1e200],
  [5e305, -5e305],
] as const;

/** X with column j multiplied by `factors[j % factors.length]`. */
/** The dataset with each category column listing only the categories its rows use, in row order (as a request parsed alone). */
function ownCategories(ds: ColumnarDataset): ColumnarDataset {
  const cols = new Map<string, Column>();
  for (const f of ds.schema) {
    if (f.type !== 'category' || f.ordered === true) {
      cols.set(f.name, ds.column(f.name));
      continue;
    }
    const c = ds.categories(f.name);
    const used: string[] = [];
    const codes = Int32Array.from(c.codes, (k) => {
      if (k < 0) return -1;
      const at = used.indexOf(c.categories[k]);
      return at >= 0 ? at : used.push(c.categories[k]) - 1;
    });
    cols.set(f.name, { type: 'category', codes, categories: used });
  }
  return new ColumnarDataset(ds.schema, cols, ds.lineNumbers, ds.meta);
}

function scaleColumns(X: FeatureMatrix, factors: readonly number[]): FeatureMatrix {
  const data = X.data.map((v, k) => v * factors[(k % X.p) % factors.length]);
  assert.ok(
    data.every((v) => v - v === 0 || Number.isNaN(v)),
    'the scaled values must be finite',
  );
  return featureMatrix(data, X.n, X.p, X.names.slice());
}

/** `ds` with its k-th number column (in schema order) multiplied by `factors[k % factors.length]`. */
function scaleNumbers(ds: ColumnarDataset, factors: readonly number[]): ColumnarDataset {
  let k = 0;
  let out = ds;
  for (const f of ds.schema) {
    const col = ds.column(f.name);
    if (col.type !== 'number') continue;
    const factor = factors[k++ % factors.length];
    const values = col.values.map((v) => v * factor);
    assert.ok(
      values.every((v) => v - v === 0 || Number.isNaN(v)),
      `the scaled values of '${f.name}' must be finite`,
    );
    out = replaceColumn(out, f.name, { type: 'number', values });
  }
  return out;
}

/** Whether `data` is a FeatureMatrix (a classifier case's input may be one or a dataset). */
function isMatrix(data: unknown): data is FeatureMatrix {
  return typeof data === 'object' && data !== null && (data as FeatureMatrix).data instanceof Float64Array;
}

/**
 * Asserts that a fit on extreme values was refused as the suite allows: an InvalidArgumentError naming (in quotes)
 * one of the input's columns.
 */
function assertRefusalNamesColumn(e: unknown, columns: readonly string[], what: string): void {
  assert.ok(e instanceof InvalidArgumentError, `${what}: fit threw ${String(e)}, not an InvalidArgumentError`);
  assert.ok(
    columns.some((c) => e.message.includes(`'${c}'`)),
    `${what}: the refusal names none of the columns ${columns.join(', ')}: ${e.message}`,
  );
}

const entries = registeredEstimators();

/** The capability tag a case's input needs. */
function tagOf(c: ConformanceCase): Capability {
  return c.input === 'matrix' ? 'transformer' : c.input === 'dataset' ? 'dataset-transformer' : 'classifier';
}

test('every registered kind has a conformance case and known capability tags', () => {
  assert.ok(entries.length >= 13, `only ${entries.length} kinds registered`);
  for (const e of entries) {
    assert.ok(conformanceCases[e.kind], `kind '${e.kind}' has no case in test/conformance/cases.ts`);
    const c = conformanceCases[e.kind]();
    assert.ok(e.capabilities.includes(tagOf(c)), `kind '${e.kind}' has a ${c.input} case but no '${tagOf(c)}' tag`);
  }
  for (const cfg of configurationCases) {
    const e = entries.find((x) => x.kind === cfg.kind);
    assert.ok(e, `configuration '${cfg.name}': kind '${cfg.kind}' is not registered`);
    const c = cfg.make();
    assert.ok(
      e.capabilities.includes(tagOf(c)),
      `configuration '${cfg.name}' is a ${c.input} case, '${cfg.kind}' has no '${tagOf(c)}' tag`,
    );
  }
});

test('every model of the catalog (sizefit models) has a conformance case of its kind', () => {
  const fitCases = [
    ...Object.values(conformanceCases).map((f) => f()),
    ...configurationCases.map((cfg) => cfg.make()),
  ].filter((c): c is FitModelCase => c.input === 'fit-model');
  const catalog = modelCatalog();
  assert.ok(catalog.length >= 12, `only ${catalog.length} catalog entries`);
  for (const entry of catalog) {
    const c = fitCases.find((x) => x.catalog === entry.name);
    assert.ok(c, `catalog model '${entry.name}' has no case in test/conformance/cases.ts (set 'catalog' on one)`);
    assert.equal(c.make(SEED).kind, entry.create({ seed: SEED }).kind, `case of catalog model '${entry.name}'`);
  }
  for (const c of fitCases) {
    if (c.catalog !== undefined)
      assert.ok(
        catalog.some((e) => e.name === c.catalog),
        `no catalog model '${c.catalog}'`,
      );
  }
});

/** Registers the checks that the capability tags of `entry` select for case `c`. */
function checksFor(entry: EstimatorEntry, c: ConformanceCase): void {
  const has = (t: string): boolean => (entry.capabilities as readonly string[]).includes(t);
  if (c.input === 'matrix' && has('transformer')) matrixChecks(entry, c, has);
  if (c.input === 'dataset' && has('dataset-transformer')) datasetChecks(entry, c, has);
  if (c.input === 'classifier' && has('classifier')) classifierChecks(c, has);
  if (c.input === 'fit-model' && has('classifier')) fitModelChecks(c, has);
}

for (const entry of entries) {
  const factory = conformanceCases[entry.kind];
  if (!factory) continue;
  describe(`conformance: ${entry.kind} [${entry.capabilities.join(', ')}]`, () => checksFor(entry, factory()));
}

for (const cfg of configurationCases) {
  const entry = entries.find((e) => e.kind === cfg.kind);
  if (!entry) continue;
  describe(`conformance: ${cfg.kind} as ${cfg.name} [${entry.capabilities.join(', ')}]`, () =>
    checksFor(entry, cfg.make()));
}

function matrixChecks(entry: EstimatorEntry, c: MatrixCase, has: (t: string) => boolean): void {
  const { X, y } = c;
  const rows = c.rows ?? X;
  const fitted = (): MatrixTransformer => c.make(SEED).fit(X, y);

  test('fit returns this; toJSON is tagged with kind and a version', () => {
    const t = c.make(SEED);
    assert.equal(t.isFitted, false);
    assert.equal(t.fit(X, y), t);
    assert.equal(t.isFitted, true);
    const j = t.toJSON();
    assert.equal(j.kind, entry.kind);
    assert.equal(typeof j.version, 'number');
  });

  test('unfitted use throws NotFittedError', () => {
    const t = c.make(SEED);
    assert.throws(() => t.transform(rows), NotFittedError);
    assert.throws(() => t.toJSON(), NotFittedError);
  });

  test('fitting twice gives the same result, and a refit replaces an earlier fit', () => {
    const once = fitted().transform(rows);
    const t = c.make(SEED).fit(X, y);
    t.fit(X, y);
    assert.deepEqual(t.transform(rows), once);
    const other = takeMatrixRows(
      X,
      Array.from({ length: Math.ceil(X.n / 2) }, (_, i) => i),
    );
    const yOther = y?.slice(0, other.n);
    const r = c.make(SEED).fit(other, yOther).fit(X, y);
    assert.deepEqual(r.transform(rows), once);
  });

  test('transform does not change the model; output has outputNames', () => {
    const t = fitted();
    const before = JSON.stringify(t.toJSON());
    const Z = t.transform(rows);
    assert.equal(JSON.stringify(t.toJSON()), before);
    assert.deepEqual(Z.names, t.outputNames);
    assert.equal(Z.n, rows.n);
    assert.equal(Z.data.length, Z.n * Z.p);
  });

  test('row-by-row equals batch; permuting rows permutes outputs', () => {
    const t = fitted();
    const Z = t.transform(rows);
    for (let i = 0; i < rows.n; i++) {
      assert.deepEqual(t.transform(rowsOf(rows, i)).data, Z.data.subarray(i * Z.p, (i + 1) * Z.p));
    }
    const perm = new Rng(1).permutation(rows.n);
    assert.deepEqual(t.transform(takeMatrixRows(rows, perm)).data, takeMatrixRows(Z, perm).data);
  });

  test('wrong feature count, empty input and (unless handles-nan) NaN throw InvalidArgumentError', () => {
    const t = fitted();
    const wide = featureMatrix(new Float64Array(rows.n * (rows.p + 1)), rows.n, rows.p + 1);
    assert.throws(() => t.transform(wide), InvalidArgumentError);
    assert.throws(() => t.transform(featureMatrix(new Float64Array(0), 0, rows.p, rows.names)), InvalidArgumentError);
    assert.throws(
      () => c.make(SEED).fit(featureMatrix(new Float64Array(0), 0, X.p, X.names), []),
      InvalidArgumentError,
    );
    const withNaN = takeMatrixRows(rows, [0]);
    withNaN.data[0] = NaN;
    if (has('handles-nan')) assert.doesNotThrow(() => t.transform(withNaN));
    else {
      assert.throws(() => t.transform(withNaN), InvalidArgumentError);
      const Xn = takeMatrixRows(
        X,
        Array.from({ length: X.n }, (_, i) => i),
      );
      Xn.data[0] = NaN;
      assert.throws(() => c.make(SEED).fit(Xn, y), InvalidArgumentError);
    }
    assert.throws(
      () => t.transform(featureMatrix(Float64Array.of(Infinity, ...new Float64Array(rows.p - 1)), 1, rows.p)),
      InvalidArgumentError,
    );
  });

  test('fromJSON(toJSON()) transforms to the same values', () => {
    const t = fitted();
    const back = roundTrip<MatrixTransformer>(t);
    assert.equal(back.kind, entry.kind);
    assert.equal(back.isFitted, true);
    assert.deepEqual(back.transform(rows), t.transform(rows));
  });

  test('extreme but finite values (columns of about 1e200, 1e-200, 1e308): whatever fit saves loads, or fit refuses naming the column', () => {
    for (const factors of EXTREME_PATTERNS) {
      const Xe = scaleColumns(X, factors);
      let t: MatrixTransformer;
      try {
        t = c.make(SEED).fit(Xe, y);
      } catch (e) {
        assertRefusalNamesColumn(e, X.names, `factors ${factors.join(', ')}`);
        continue;
      }
      const re = scaleColumns(rows, factors);
      assert.deepEqual(roundTrip<MatrixTransformer>(t).transform(re), t.transform(re), `factors ${factors.join(', ')}`);
    }
  });

  if (has('supervised')) {
    test('supervised: fit without targets throws', () => {
      assert.throws(() => c.make(SEED).fit(X), InvalidArgumentError);
    });
  }

  if (has('stochastic')) {
    test('stochastic: a fixed seed reproduces fitTransform', () => {
      assert.deepEqual(c.make(SEED).fitTransform(X, y), c.make(SEED).fitTransform(X, y));
    });
    test('stochastic: a different seed changes fitTransform', () => {
      assert.notDeepEqual(c.make(OTHER_SEED).fitTransform(X, y), c.make(SEED).fitTransform(X, y));
    });
  }

  if (has('cross-fitted') && has('supervised')) {
    test('cross-fitted: a training row’s own label never reaches its own fitTransform values', () => {
      const base = c.make(SEED).fitTransform(X, y);
      const labels = [...new Set(y)];
      for (const i of [0, Math.floor(X.n / 2), X.n - 1]) {
        const y2 = y!.slice();
        y2[i] = labels.find((v) => v !== y![i])!;
        const Z = c.make(SEED).fitTransform(X, y2);
        assert.deepEqual(Z.data.subarray(i * Z.p, (i + 1) * Z.p), base.data.subarray(i * Z.p, (i + 1) * Z.p));
      }
    });
  } else {
    test('fitTransform equals fit then transform', () => {
      assert.deepEqual(c.make(SEED).fitTransform(X, y), fitted().transform(X));
    });
  }
}

function datasetChecks(entry: EstimatorEntry, c: DatasetCase, has: (t: string) => boolean): void {
  const { train, rows } = c;
  const fitted = (): DatasetTransformer => c.make(SEED).fit(train);

  test('fit returns this; toJSON is tagged with kind and a version', () => {
    const t = c.make(SEED);
    assert.equal(t.isFitted, false);
    assert.equal(t.fit(train), t);
    assert.equal(t.isFitted, true);
    assert.equal(t.toJSON().kind, entry.kind);
    assert.equal(typeof t.toJSON().version, 'number');
  });

  test('unfitted use throws NotFittedError', () => {
    const t = c.make(SEED);
    assert.throws(() => t.transform(rows), NotFittedError);
    assert.throws(() => t.toJSON(), NotFittedError);
    assert.throws(() => t.featureInfo(), NotFittedError);
  });

  test('fitting twice gives the same result, and a refit replaces an earlier fit', () => {
    const once = fitted().transform(rows);
    const t = c.make(SEED).fit(train).fit(train);
    assert.deepEqual(t.transform(rows), once);
    const half = train.take(Array.from({ length: Math.ceil(train.length / 2) }, (_, i) => i));
    assert.deepEqual(c.make(SEED).fit(half).fit(train).transform(rows), once);
  });

  test('transform does not change the model; featureInfo documents every output column', () => {
    const t = fitted();
    const before = JSON.stringify(t.toJSON());
    const Z = t.transform(rows);
    assert.equal(JSON.stringify(t.toJSON()), before);
    assert.deepEqual(
      t.featureInfo().map((f) => f.name),
      Z.names,
    );
    assert.ok(t.featureInfo().every((f) => f.description.length > 0 && f.group.length > 0));
  });

  test('row-by-row equals batch; permuting rows permutes outputs', () => {
    const t = fitted();
    const Z = t.transform(rows);
    for (let i = 0; i < rows.length; i++) {
      assert.deepEqual(t.transform(rows.take([i])).data, Z.data.subarray(i * Z.p, (i + 1) * Z.p));
    }
    const perm = new Rng(2).permutation(rows.length);
    assert.deepEqual(t.transform(rows.take(perm)).data, takeMatrixRows(Z, perm).data);
  });

  test('a missing required column and empty input throw InvalidArgumentError', () => {
    const t = fitted();
    assert.throws(() => t.transform(replaceColumn(rows, c.requiredColumn, undefined)), InvalidArgumentError);
    assert.throws(() => t.transform(rows.take([])), InvalidArgumentError);
    assert.throws(() => c.make(SEED).fit(train.take([])), InvalidArgumentError);
  });

  test('fromJSON(toJSON()) transforms to the same values', () => {
    const t = fitted();
    const back = roundTrip<DatasetTransformer>(t);
    assert.equal(back.kind, entry.kind);
    assert.deepEqual(back.transform(rows), t.transform(rows));
    assert.deepEqual(back.featureInfo(), t.featureInfo());
  });

  test('extreme but finite values (number columns of about 1e200, 1e-200, 1e308): whatever fit saves loads, or fit refuses naming the column', () => {
    for (const factors of EXTREME_PATTERNS) {
      let t: DatasetTransformer;
      try {
        t = c.make(SEED).fit(scaleNumbers(train, factors));
      } catch (e) {
        assertRefusalNamesColumn(e, train.columnNames, `factors ${factors.join(', ')}`);
        continue;
      }
      const re = scaleNumbers(rows, factors);
      assert.deepEqual(
        roundTrip<DatasetTransformer>(t).transform(re),
        t.transform(re),
        `factors ${factors.join(', ')}`,
      );
    }
  });

  if (has('stochastic')) {
    test('stochastic: a fixed seed reproduces fitTransform', () => {
      assert.deepEqual(c.make(SEED).fitTransform(train), c.make(SEED).fitTransform(train));
    });
    test('stochastic: a different seed changes fitTransform', () => {
      assert.notDeepEqual(c.make(OTHER_SEED).fitTransform(train), c.make(SEED).fitTransform(train));
    });
  }

  if (has('cross-fitted') && has('supervised')) {
    test('cross-fitted: a training row’s own label never reaches its own fitTransform values', () => {
      const base = c.make(SEED).fitTransform(train);
      const fit = train.categories('fit');
      for (const i of [0, Math.floor(train.length / 2), train.length - 1]) {
        const codes = fit.codes.slice();
        codes[i] = (codes[i] + 1) % fit.categories.length;
        const Z = c.make(SEED).fitTransform(replaceColumn(train, 'fit', { ...fit, codes }));
        assert.deepEqual(Z.data.subarray(i * Z.p, (i + 1) * Z.p), base.data.subarray(i * Z.p, (i + 1) * Z.p));
      }
    });
    test('transform never reads labels: shuffling the labels of new rows changes nothing', () => {
      const t = fitted();
      const fit = rows.categories('fit');
      const codes = new Rng(3).shuffle(fit.codes.slice());
      assert.deepEqual(t.transform(replaceColumn(rows, 'fit', { ...fit, codes })), t.transform(rows));
    });
  } else if (has('cross-fitted')) {
    test('cross-fitted, unsupervised: fitTransform differs from fit then transform and reads no label', () => {
      const base = c.make(SEED).fitTransform(train);
      assert.notDeepEqual(base, fitted().transform(train));
      const fit = train.categories('fit');
      const codes = new Rng(4).shuffle(fit.codes.slice());
      assert.deepEqual(c.make(SEED).fitTransform(replaceColumn(train, 'fit', { ...fit, codes })), base);
    });
  } else {
    test('fitTransform equals fit then transform', () => {
      assert.deepEqual(c.make(SEED).fitTransform(train), fitted().transform(train));
    });
  }
}

function probaArray(P: Float64Array | FeatureMatrix): Float64Array {
  return P instanceof Float64Array ? P : P.data;
}

function classifierChecks<D>(c: ClassifierCase<D>, has: (t: string) => boolean): void {
  const { train, y, rows } = c;
  const n = c.length(rows);
  const fit = async (seed = SEED): Promise<ClassifierLike<D>> => c.make(seed).fit(train, y);
  // One fitted model shared by the checks that only predict (fits in worker threads take ~1 s); the
  // checks of fitting and of predicting not changing the model fit their own.
  let shared: Promise<ClassifierLike<D>> | undefined;
  const fitted = (): Promise<ClassifierLike<D>> => (shared ??= fit());

  test('classifier: fit returns this; unfitted use throws NotFittedError', async () => {
    const m = c.make(SEED);
    assert.throws(() => m.predictProba(rows), NotFittedError);
    assert.equal(await m.fit(train, y), m);
    assert.equal(m.isFitted, true);
  });

  test('classifier: probability rows are in [0, 1] and sum to 1 in the order of classes; predict is their argmax', async () => {
    const m = await fitted();
    const P = probaArray(m.predictProba(rows));
    const k = m.classes.length;
    assert.equal(P.length, n * k);
    const pred = m.predict(rows);
    for (let i = 0; i < n; i++) {
      let s = 0;
      let best = 0;
      for (let j = 0; j < k; j++) {
        const v = P[i * k + j];
        assert.ok(Number.isFinite(v) && v >= 0 && v <= 1, `row ${i}, class ${j}: ${v}`);
        s += v;
        if (v > P[i * k + best]) best = j;
      }
      assert.ok(Math.abs(s - 1) < 1e-9, `row ${i} sums to ${s}`);
      assert.ok(pred[i] === best || pred[i] === m.classes[best], `row ${i}: predict ${pred[i]}, argmax ${best}`);
    }
  });

  test('classifier: predicting does not change the model; fitting twice gives the same result', async () => {
    const m = c.make(SEED);
    await m.fit(train, y);
    await m.fit(train, y);
    const before = JSON.stringify(m.toJSON());
    const P = probaArray(m.predictProba(rows));
    assert.equal(JSON.stringify(m.toJSON()), before);
    assert.deepEqual(P, probaArray((await fitted()).predictProba(rows)));
  });

  test('classifier: row-by-row equals batch; permuting rows permutes outputs', async () => {
    const m = await fitted();
    const P = probaArray(m.predictProba(rows));
    const k = m.classes.length;
    for (let i = 0; i < n; i++) {
      const r = probaArray(m.predictProba(c.take(rows, [i])));
      for (let j = 0; j < k; j++) assert.ok(Math.abs(r[j] - P[i * k + j]) < 1e-12);
    }
    const perm = new Rng(4).permutation(n);
    const Q = probaArray(m.predictProba(c.take(rows, perm)));
    for (let r = 0; r < n; r++)
      for (let j = 0; j < k; j++) assert.ok(Math.abs(Q[r * k + j] - P[perm[r] * k + j]) < 1e-12);
  });

  test('classifier: bad inputs throw InvalidArgumentError', async () => {
    const m = await fitted();
    for (const bad of c.badInputs) assert.throws(() => m.predictProba(bad), InvalidArgumentError);
  });

  test('classifier: fromJSON(toJSON()) predicts the same values', async () => {
    const m = await fitted();
    const back = roundTrip<ClassifierLike<D>>(m);
    assert.deepEqual(probaArray(back.predictProba(rows)), probaArray(m.predictProba(rows)));
    assert.deepEqual([...back.classes], [...m.classes]);
  });

  if (isMatrix(train) && isMatrix(rows)) {
    test('classifier: extreme but finite values (columns of about 1e200, 1e-200, 1e308): finite probabilities that save and load, or fit refuses naming the column', async () => {
      for (const factors of EXTREME_PATTERNS) {
        let m: ClassifierLike<D>;
        try {
          m = await c.make(SEED).fit(scaleColumns(train, factors) as D, y);
        } catch (e) {
          assertRefusalNamesColumn(e, train.names, `factors ${factors.join(', ')}`);
          continue;
        }
        const re = scaleColumns(rows, factors) as D;
        const P = probaArray(m.predictProba(re));
        assert.ok(
          P.every((v) => Number.isFinite(v) && v >= 0 && v <= 1),
          `factors ${factors.join(', ')}: probabilities ${P.slice(0, 6).join(', ')}...`,
        );
        assert.deepEqual(
          probaArray(roundTrip<ClassifierLike<D>>(m).predictProba(re)),
          P,
          `factors ${factors.join(', ')}`,
        );
      }
    });
  }

  if (has('stochastic')) {
    test('classifier: a fixed seed reproduces the fit', async () => {
      assert.deepEqual(probaArray((await fit()).predictProba(rows)), probaArray((await fitted()).predictProba(rows)));
    });
    test('classifier: a different seed changes the fit', async () => {
      assert.notDeepEqual(
        probaArray((await fit(OTHER_SEED)).predictProba(rows)),
        probaArray((await fitted()).predictProba(rows)),
      );
    });
  }

  const same = c.sameAs;
  if (same) {
    let reference: Promise<ClassifierLike<D>> | undefined;
    const referenceFit = (): Promise<ClassifierLike<D>> =>
      (reference ??= Promise.resolve(same.make(SEED).fit(train, y)));
    test(`classifier: predicts the same values as ${same.what}`, async () => {
      assert.deepEqual(
        probaArray((await fitted()).predictProba(rows)),
        probaArray((await referenceFit()).predictProba(rows)),
      );
    });
    test(`classifier: saves the same JSON as ${same.what}`, async () => {
      assert.deepEqual((await fitted()).toJSON(), (await referenceFit()).toJSON());
    });
  }
}

/** Class shares of the labelled rows of `ds`, in small, fit, large order. */
function labelShares(ds: ColumnarDataset): number[] {
  const codes = fitCodes(ds);
  const counts = [0, 0, 0];
  for (const v of codes) if (v >= 0) counts[v]++;
  const total = counts[0] + counts[1] + counts[2];
  return counts.map((v) => v / total);
}

/** Class code (0 small, 1 fit, 2 large, -1 missing) of each row's `fit` label. */
function fitCodes(ds: ColumnarDataset): Int32Array {
  const col = ds.categories('fit');
  const codeOf = col.categories.map((name) => ['small', 'fit', 'large'].indexOf(name));
  return Int32Array.from(col.codes, (k) => (k < 0 ? -1 : codeOf[k]));
}

/** Mean negative log-likelihood of the labels of `ds` under n x 3 probabilities `P`. */
function logLoss(P: ArrayLike<number>, ds: ColumnarDataset): number {
  const y = fitCodes(ds);
  let l = 0;
  let m = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] < 0) continue;
    l -= Math.log(P[i * 3 + y[i]]);
    m++;
  }
  return l / m;
}

/** Asserts n x 3 probability rows: each finite, in [0, 1], summing to 1. */
function assertProbabilityRows(P: Float64Array, n: number, what: string): void {
  assert.equal(P.length, n * 3, what);
  for (let i = 0; i < n; i++) {
    const r = P.subarray(i * 3, i * 3 + 3);
    assert.ok(
      r.every((v) => Number.isFinite(v) && v >= 0 && v <= 1),
      `${what}, row ${i}: ${r}`,
    );
    assert.ok(Math.abs(r[0] + r[1] + r[2] - 1) < 1e-9, `${what}, row ${i} sums to ${r[0] + r[1] + r[2]}`);
  }
}

/** Asserts that `e` is a typed error (InvalidArgumentError or DataError) naming the column `name` in quotes. */
function assertTypedErrorNaming(e: unknown, name: string, what: string): void {
  assert.ok(e instanceof InvalidArgumentError || e instanceof DataError, `${what}: threw ${String(e)}`);
  assert.ok(e.message.includes(`'${name}'`), `${what}: the error does not name '${name}': ${e.message}`);
}

/**
 * `ds` with the category column `name` missing (code -1) or set to ids that occur nowhere else (one per row) in the
 * rows `where` selects (default: every row).
 */
function withIds(
  ds: ColumnarDataset,
  name: string,
  how: 'missing' | 'unseen',
  where: (i: number) => boolean = () => true,
): ColumnarDataset {
  const col = ds.categories(name);
  const k = col.categories.length;
  const codes = col.codes.map((v, i) => (where(i) ? (how === 'missing' ? -1 : k + i) : v));
  const fresh = how === 'missing' ? [] : Array.from({ length: ds.length }, (_, i) => `new-${name}-${i}`);
  const categories = [...col.categories, ...fresh];
  return replaceColumn(ds, name, { type: 'category', codes, categories });
}

/** `ds` with the size of the rows `where` selects missing (NaN). */
function withoutSizes(ds: ColumnarDataset, where: (i: number) => boolean): ColumnarDataset {
  const values = ds.numbers('size').map((v, i) => (where(i) ? NaN : v));
  return replaceColumn(ds, 'size', { type: 'number', values });
}

function fitModelChecks(c: FitModelCase, has: (t: string) => boolean): void {
  const { train, rows } = c;
  const n = rows.length;
  type Model = ReturnType<FitModelCase['make']>;
  const fit = async (seed = SEED): Promise<Model> => c.make(seed).fit(train);
  // One fitted model shared by the checks that only predict (see classifierChecks).
  let shared: Promise<Model> | undefined;
  const fitted = (): Promise<Model> => (shared ??= fit());

  test('fit model: fit resolves to this; unfitted use throws NotFittedError; classes are small, fit, large', async () => {
    const m = c.make(SEED);
    assert.equal(m.isFitted, false);
    assert.throws(() => m.predictProba(rows), NotFittedError);
    assert.throws(() => m.toJSON(), NotFittedError);
    assert.equal(await m.fit(train), m);
    assert.equal(m.isFitted, true);
    assert.deepEqual([...m.classes], ['small', 'fit', 'large']);
    assert.equal(typeof m.toJSON().version, 'number');
  });

  test('fit model: n x 3 probability rows sum to 1, also for unseen customers and articles; predict is the argmax', async () => {
    const m = await fitted();
    const P = m.predictProba(rows);
    assert.equal(P.length, n * 3);
    const pred = m.predict(rows);
    for (let i = 0; i < n; i++) {
      const r = P.subarray(i * 3, i * 3 + 3);
      assert.ok(
        r.every((v) => v >= 0 && v <= 1 && Number.isFinite(v)),
        `row ${i}: ${r}`,
      );
      assert.ok(Math.abs(r[0] + r[1] + r[2] - 1) < 1e-9, `row ${i} sums to ${r[0] + r[1] + r[2]}`);
      const best = r[1] > r[0] ? (r[2] > r[1] ? 2 : 1) : r[2] > r[0] ? 2 : 0;
      assert.equal(pred[i], best);
    }
  });

  test('fit model: customers and articles never seen in training get prior-like probabilities', async () => {
    const m = await fitted();
    const shares = labelShares(train);
    const { cold } = c;
    const P = m.predictProba(cold);
    const mean = [0, 0, 0];
    for (let i = 0; i < cold.length; i++) {
      const r = P.subarray(i * 3, i * 3 + 3);
      assert.ok(
        r.every((v) => v >= 0 && v <= 1 && Number.isFinite(v)),
        `cold row ${i}: ${r}`,
      );
      assert.ok(Math.abs(r[0] + r[1] + r[2] - 1) < 1e-9, `cold row ${i} sums to ${r[0] + r[1] + r[2]}`);
      for (let j = 0; j < 3; j++) mean[j] += r[j] / cold.length;
    }
    // Without ids, almost nothing in these rows predicts their fit (in the generator the label depends on
    // the customer's true size and the article's offset): on average a model must answer with about the
    // training shares, and its log-loss must stay near theirs. Over seeds 0-19 every case stays within
    // 0.147 of the shares and 1.2 x their log-loss; an answer of NaN, a one-hot vector or always 'fit'
    // (0.1, 0.8, 0.1) fails (a uniform answer, 0.16 off the shares, does not).
    for (let j = 0; j < 3; j++) {
      assert.ok(
        Math.abs(mean[j] - shares[j]) <= 0.2,
        `mean cold probabilities ${mean.map((v) => v.toFixed(3))}, training shares ${shares.map((v) => v.toFixed(3))}`,
      );
    }
    const priorLoss = logLoss(Array.from({ length: cold.length }, () => shares).flat(), cold);
    const loss = logLoss(P, cold);
    assert.ok(
      loss <= 1.3 * priorLoss,
      `log-loss on cold rows ${loss.toFixed(3)}, of the training shares ${priorLoss.toFixed(3)}`,
    );
    // Which unseen id a row carries (its name, its code) changes nothing.
    assert.deepEqual(m.predictProba(withUnseenIds(cold, cold.length, 'renamed', true)), P);
    if (c.coldStart === 'training-shares') {
      const Q = m.predictProba(rows.take(Array.from({ length: c.unseen }, (_, i) => i)));
      for (const [what, R, k] of [
        ['cold row', P, cold.length],
        ['unseen row of rows', Q, c.unseen],
      ] as const) {
        for (let i = 0; i < k; i++) {
          for (let j = 0; j < 3; j++) {
            assert.ok(
              Math.abs(R[i * 3 + j] - shares[j]) < 0.01,
              `${what} ${i}: ${R.subarray(i * 3, i * 3 + 3)}, training shares ${shares}`,
            );
          }
          assert.deepEqual(R.subarray(i * 3, i * 3 + 3), P.subarray(0, 3), `${what} ${i} differs from cold row 0`);
        }
      }
    }
  });

  test('fit model: predicting does not change the model; fitting twice gives the same result; a refit replaces', async () => {
    const twice = await (await fit()).fit(train);
    const before = JSON.stringify(twice.toJSON());
    const P = twice.predictProba(rows);
    assert.equal(JSON.stringify(twice.toJSON()), before);
    assert.deepEqual(P, (await fitted()).predictProba(rows));
    const half = train.take(Array.from({ length: Math.ceil(train.length / 2) }, (_, i) => i));
    const replaced = await (await c.make(SEED).fit(half)).fit(train);
    assert.deepEqual(replaced.predictProba(rows), P);
  });

  test('fit model: row-by-row equals batch; permuting rows permutes outputs', async () => {
    const m = await fitted();
    const P = m.predictProba(rows);
    for (let i = 0; i < n; i++) {
      const r = m.predictProba(rows.take([i]));
      for (let j = 0; j < 3; j++) assert.ok(Math.abs(r[j] - P[i * 3 + j]) < 1e-12);
    }
    const perm = new Rng(5).permutation(n);
    const Q = m.predictProba(rows.take(perm));
    for (let r = 0; r < n; r++)
      for (let j = 0; j < 3; j++) assert.ok(Math.abs(Q[r * 3 + j] - P[perm[r] * 3 + j]) < 1e-12);
  });

  test('fit model: one-row datasets, each listing only its own categories, scored together give exactly their own rows', async () => {
    // What the service's batching of concurrent requests relies on (FitService.predictMany): requests parsed alone
    // have their own category dictionaries, and their rows are concatenated with the codes mapped into the union.
    const m = await fitted();
    const parts = Array.from({ length: n }, (_, i) => ownCategories(rows.take([i])));
    const alone = parts.map((d) => m.predictProba(d));
    for (const size of [2, 3, n]) {
      for (let s = 0; s < n; s += size) {
        const group = parts.slice(s, s + size);
        const P = m.predictProba(concatDatasets(group));
        group.forEach((_, j) =>
          assert.deepEqual(P.subarray(j * 3, j * 3 + 3), alone[s + j], `row ${s + j} in groups of ${size}`),
        );
      }
    }
  });

  test('fit model: bad inputs throw InvalidArgumentError; fit without labels throws', async () => {
    const m = await fitted();
    for (const bad of c.badInputs) assert.throws(() => m.predictProba(bad), InvalidArgumentError);
    if (has('supervised')) {
      await assert.rejects(async () => c.make(SEED).fit(replaceColumn(train, 'fit', undefined)), InvalidArgumentError);
    }
  });

  test('fit model: a missing customer or article id predicts as an unseen one; a missing size gives valid rows or a typed error', async () => {
    const m = await fitted();
    for (const columns of [['user_id'], ['item_id'], ['user_id', 'item_id']]) {
      const missing = columns.reduce((d, name) => withIds(d, name, 'missing'), rows);
      const unseen = columns.reduce((d, name) => withIds(d, name, 'unseen'), rows);
      const P = m.predictProba(missing);
      assertProbabilityRows(P, n, `missing ${columns.join(' and ')}`);
      const Q = m.predictProba(unseen);
      for (let k = 0; k < P.length; k++) {
        assert.ok(
          Math.abs(P[k] - Q[k]) < 1e-12,
          `missing ${columns.join(' and ')}, row ${Math.floor(k / 3)}: ${P.subarray(k - (k % 3), k - (k % 3) + 3)}, ` +
            `unseen: ${Q.subarray(k - (k % 3), k - (k % 3) + 3)}`,
        );
      }
    }
    let P: Float64Array | undefined;
    try {
      P = m.predictProba(withoutSizes(rows, () => true));
    } catch (e) {
      assertTypedErrorNaming(e, 'size', 'predicting rows without sizes');
    }
    if (P) assertProbabilityRows(P, n, 'missing size');
  });

  test('fit model: training rows with missing ids and sizes fit (or a missing size is refused, naming it) and predict valid rows', async () => {
    const gaps = (k: number) => (i: number) => i % 7 === k;
    const missingIds = withIds(withIds(train, 'user_id', 'missing', gaps(1)), 'item_id', 'missing', gaps(2));
    let m: Awaited<ReturnType<typeof fit>>;
    try {
      m = await c.make(SEED).fit(withoutSizes(missingIds, gaps(3)));
    } catch (e) {
      assertTypedErrorNaming(e, 'size', 'fitting rows with missing sizes');
      m = await c.make(SEED).fit(missingIds);
    }
    assertProbabilityRows(m.predictProba(rows), n, 'fitted on rows with missing values');
  });

  test('fit model: a required column missing from the rows to predict or to fit on throws InvalidArgumentError naming it', async () => {
    const m = await fitted();
    const optional = c.optionalInTraining ?? [];
    for (const name of c.requiredColumns) {
      const named = (what: string) => (e: unknown) => {
        assert.ok(e instanceof InvalidArgumentError, `${what} without '${name}': ${String(e)}`);
        assert.ok(e.message.includes(`'${name}'`), `${what} without '${name}': ${e.message}`);
        return true;
      };
      assert.throws(() => m.predictProba(replaceColumn(rows, name, undefined)), named('predicting'));
      if (!optional.includes(name)) {
        await assert.rejects(async () => c.make(SEED).fit(replaceColumn(train, name, undefined)), named('fitting'));
      }
    }
  });

  test('fit model: fromJSON(toJSON()) predicts the same values', async () => {
    const m = await fitted();
    const back = roundTrip<Model>(m);
    assert.equal(back.kind, m.kind);
    assert.deepEqual(back.predictProba(rows), m.predictProba(rows));
    assert.deepEqual([...back.classes], [...m.classes]);
  });

  test('fit model: extreme but finite values (number columns of about 1e200, 1e-200, 1e308): finite probabilities that save and load, or fit refuses naming the column', async () => {
    for (const factors of EXTREME_PATTERNS) {
      let m: Model;
      try {
        m = await c.make(SEED).fit(scaleNumbers(train, factors));
      } catch (e) {
        assertRefusalNamesColumn(e, train.columnNames, `factors ${factors.join(', ')}`);
        continue;
      }
      const re = scaleNumbers(rows, factors);
      const P = m.predictProba(re);
      assert.ok(
        P.every((v) => Number.isFinite(v) && v >= 0 && v <= 1),
        `factors ${factors.join(', ')}: probabilities ${P.slice(0, 6).join(', ')}...`,
      );
      assert.deepEqual(roundTrip<Model>(m).predictProba(re), P, `factors ${factors.join(', ')}`);
    }
  });

  if (has('stochastic')) {
    test('fit model: a fixed seed reproduces the fit', async () => {
      assert.deepEqual((await fit()).predictProba(rows), (await fitted()).predictProba(rows));
    });
    test('fit model: a different seed changes the fit', async () => {
      assert.notDeepEqual((await fit(OTHER_SEED)).predictProba(rows), (await fitted()).predictProba(rows));
    });
  }

  if (has('supervised')) {
    test('fit model: fitting rows whose labels are all missing rejects with InvalidArgumentError', async () => {
      const labels = train.categories('fit');
      const unlabelled = replaceColumn(train, 'fit', { ...labels, codes: new Int32Array(train.length).fill(-1) });
      await assert.rejects(async () => c.make(SEED).fit(unlabelled), InvalidArgumentError);
    });
  }

  const same = c.sameAs;
  if (same) {
    let reference: Promise<Model> | undefined;
    const referenceFit = (): Promise<Model> => (reference ??= Promise.resolve(same.make(SEED).fit(train)));
    test(`fit model: predicts the same values as ${same.what}`, async () => {
      assert.deepEqual((await fitted()).predictProba(rows), (await referenceFit()).predictProba(rows));
    });
    test(`fit model: saves the same JSON as ${same.what}`, async () => {
      assert.deepEqual((await fitted()).toJSON(), (await referenceFit()).toJSON());
    });
  }
}
