// The conformance suite: every registered estimator kind is checked by its capability tags (never by
// its name), with the example data of its case in cases.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ColumnarDataset,
  InvalidArgumentError,
  NotFittedError,
  Rng,
  estimatorFromJSON,
  featureMatrix,
  registeredEstimators,
  takeMatrixRows,
  type Column,
  type DatasetTransformer,
  type EstimatorEntry,
  type FeatureMatrix,
  type MatrixTransformer,
} from '../../lib/index.js';
import {
  conformanceCases,
  type ClassifierCase,
  type ClassifierLike,
  type DatasetCase,
  type FitModelCase,
  type MatrixCase,
} from './cases.js';

const SEED = 13;

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

const entries = registeredEstimators();

test('every registered kind has a conformance case and known capability tags', () => {
  assert.ok(entries.length >= 13, `only ${entries.length} kinds registered`);
  for (const e of entries) {
    assert.ok(conformanceCases[e.kind], `kind '${e.kind}' has no case in test/conformance/cases.ts`);
    const input = conformanceCases[e.kind]().input;
    const tag = input === 'matrix' ? 'transformer' : input === 'dataset' ? 'dataset-transformer' : 'classifier';
    assert.ok(e.capabilities.includes(tag), `kind '${e.kind}' has a ${input} case but no '${tag}' tag`);
  }
});

for (const entry of entries) {
  const has = (t: string): boolean => (entry.capabilities as readonly string[]).includes(t);
  const factory = conformanceCases[entry.kind];
  if (!factory) continue;
  const c = factory();
  describe(`conformance: ${entry.kind} [${entry.capabilities.join(', ')}]`, () => {
    if (c.input === 'matrix' && has('transformer')) matrixChecks(entry, c, has);
    if (c.input === 'dataset' && has('dataset-transformer')) datasetChecks(entry, c, has);
    if (c.input === 'classifier' && has('classifier')) classifierChecks(c, has);
    if (c.input === 'fit-model' && has('classifier')) fitModelChecks(c, has);
  });
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

  if (has('supervised')) {
    test('supervised: fit without targets throws', () => {
      assert.throws(() => c.make(SEED).fit(X), InvalidArgumentError);
    });
  }

  if (has('stochastic')) {
    test('stochastic: a fixed seed reproduces fitTransform', () => {
      assert.deepEqual(c.make(SEED).fitTransform(X, y), c.make(SEED).fitTransform(X, y));
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

  if (has('stochastic')) {
    test('stochastic: a fixed seed reproduces fitTransform', () => {
      assert.deepEqual(c.make(SEED).fitTransform(train), c.make(SEED).fitTransform(train));
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
  const fitted = (): ClassifierLike<D> => c.make(SEED).fit(train, y);

  test('classifier: fit returns this; unfitted use throws NotFittedError', () => {
    const m = c.make(SEED);
    assert.throws(() => m.predictProba(rows), NotFittedError);
    assert.equal(m.fit(train, y), m);
    assert.equal(m.isFitted, true);
  });

  test('classifier: probability rows sum to 1 in the order of classes; predict is their argmax', () => {
    const m = fitted();
    const P = probaArray(m.predictProba(rows));
    const k = m.classes.length;
    assert.equal(P.length, n * k);
    const pred = m.predict(rows);
    for (let i = 0; i < n; i++) {
      let s = 0;
      let best = 0;
      for (let j = 0; j < k; j++) {
        s += P[i * k + j];
        if (P[i * k + j] > P[i * k + best]) best = j;
      }
      assert.ok(Math.abs(s - 1) < 1e-9, `row ${i} sums to ${s}`);
      assert.ok(pred[i] === best || pred[i] === m.classes[best], `row ${i}: predict ${pred[i]}, argmax ${best}`);
    }
  });

  test('classifier: predicting does not change the model; fitting twice gives the same result', () => {
    const m = fitted();
    const before = JSON.stringify(m.toJSON());
    const P = probaArray(m.predictProba(rows));
    assert.equal(JSON.stringify(m.toJSON()), before);
    assert.deepEqual(probaArray(c.make(SEED).fit(train, y).fit(train, y).predictProba(rows)), P);
  });

  test('classifier: row-by-row equals batch; permuting rows permutes outputs', () => {
    const m = fitted();
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

  test('classifier: bad inputs throw InvalidArgumentError', () => {
    const m = fitted();
    for (const bad of c.badInputs) assert.throws(() => m.predictProba(bad), InvalidArgumentError);
  });

  test('classifier: fromJSON(toJSON()) predicts the same values', () => {
    const m = fitted();
    const back = roundTrip<ClassifierLike<D>>(m);
    assert.deepEqual(probaArray(back.predictProba(rows)), probaArray(m.predictProba(rows)));
    assert.deepEqual([...back.classes], [...m.classes]);
  });

  if (has('stochastic')) {
    test('classifier: a fixed seed reproduces the fit', () => {
      assert.deepEqual(
        probaArray(c.make(SEED).fit(train, y).predictProba(rows)),
        probaArray(fitted().predictProba(rows)),
      );
    });
  }
}

function fitModelChecks(c: FitModelCase, has: (t: string) => boolean): void {
  const { train, rows } = c;
  const n = rows.length;
  const fitted = async (): Promise<ReturnType<FitModelCase['make']>> => c.make(SEED).fit(train);
  const proba = async (seed = SEED): Promise<Float64Array> => (await c.make(seed).fit(train)).predictProba(rows);

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
    assert.ok(c.unseen > 0);
  });

  test('fit model: predicting does not change the model; fitting twice gives the same result; a refit replaces', async () => {
    const m = await fitted();
    const before = JSON.stringify(m.toJSON());
    const P = m.predictProba(rows);
    assert.equal(JSON.stringify(m.toJSON()), before);
    const twice = await (await c.make(SEED).fit(train)).fit(train);
    assert.deepEqual(twice.predictProba(rows), P);
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

  test('fit model: bad inputs throw InvalidArgumentError; fit without labels throws', async () => {
    const m = await fitted();
    for (const bad of c.badInputs) assert.throws(() => m.predictProba(bad), InvalidArgumentError);
    if (has('supervised')) {
      await assert.rejects(async () => c.make(SEED).fit(replaceColumn(train, 'fit', undefined)), InvalidArgumentError);
    }
  });

  test('fit model: fromJSON(toJSON()) predicts the same values', async () => {
    const m = await fitted();
    const back = roundTrip<ReturnType<FitModelCase['make']>>(m);
    assert.equal(back.kind, m.kind);
    assert.deepEqual(back.predictProba(rows), m.predictProba(rows));
    assert.deepEqual([...back.classes], [...m.classes]);
  });

  if (has('stochastic')) {
    test('fit model: a fixed seed reproduces the fit', async () => {
      assert.deepEqual(await proba(), await proba());
    });
  }
}
