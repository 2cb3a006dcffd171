import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError, MetricInputError, learningCurve, type HoldoutModel } from '../../lib/index.js';

/** Rows are numbers 0..n-1; the model remembers the rows it was fitted on. */
class Recorder implements HoldoutModel<Int32Array> {
  rows: Int32Array = new Int32Array(0);
  constructor(private readonly width = 3) {}
  fit(rows: Int32Array): this {
    this.rows = rows;
    return this;
  }
  // Probability of class 0 is 0.05 + 0.01 * log2(rows seen): an exactly log-linear score below.
  predictProba(test: Int32Array): Float64Array {
    const s = 0.05 + 0.01 * Math.log2(this.rows.length);
    const P = new Float64Array(test.length * this.width);
    for (let i = 0; i < test.length; i++) {
      P[i * this.width] = s;
      P[i * this.width + 1] = 1 - s;
    }
    return P;
  }
}

const score = (_y: ArrayLike<number>, P: ArrayLike<number>): number => P[0];

test('learningCurve: nested subsets, fresh models, points in order, exact log-linear fit', async () => {
  const seen: Recorder[] = [];
  const seeds: number[] = [];
  const universe = Int32Array.from({ length: 1000 }, (_, i) => i);
  const res = await learningCurve(
    (seed) => {
      seeds.push(seed);
      const m = new Recorder();
      seen.push(m);
      return m;
    },
    { n: 1000, take: (idx) => Int32Array.from(idx, (i) => universe[i]) },
    { data: new Int32Array([0, 1, 2]), labels: [0, 1, 2] },
    { fractions: [1, 0.128, 0.256, 0.512], seed: 7, metric: score },
  );
  assert.deepEqual(
    res.points.map((p) => p.nTrain),
    [128, 256, 512, 1000],
  );
  assert.deepEqual(seeds, [7, 7, 7, 7]);
  assert.equal(new Set(seen).size, 4, 'a fresh model per point');
  // Each subset is inside the next, without duplicates, and the full fraction is every row.
  for (let k = 0; k < 3; k++) {
    const big = new Set(seen[k + 1].rows);
    assert.equal(new Set(seen[k].rows).size, seen[k].rows.length);
    assert.ok(
      [...seen[k].rows].every((r) => big.has(r)),
      `subset ${k} is nested`,
    );
  }
  assert.equal(new Set(seen[3].rows).size, 1000);
  for (const p of res.points) assert.ok(Math.abs(p.score - (0.05 + 0.01 * Math.log2(p.nTrain))) < 1e-12);
  assert.ok(Math.abs(res.fit.slope - 0.01) < 1e-12);
  assert.ok(Math.abs(res.fit.intercept - 0.05) < 1e-12);
  assert.ok(Math.abs(res.project(4096) - 0.17) < 1e-12);
});

test('learningCurve: the default metric is the average AUC; one size gives no line', async () => {
  // A model that ranks perfectly: class-0 rows get P(0) = 1.
  const perfect: HoldoutModel<Int32Array> = {
    fit: () => undefined,
    predictProba: (labels) => {
      const P = new Float64Array(labels.length * 3);
      labels.forEach((c, i) => (P[i * 3 + c] = 1));
      return P;
    },
  };
  const labels = new Int32Array([0, 1, 2, 0, 1, 2]);
  const res = await learningCurve(
    () => perfect,
    { n: 10, take: (idx) => idx },
    { data: labels, labels },
    {
      fractions: [0.5],
    },
  );
  assert.equal(res.points[0].score, 1);
  assert.ok(Number.isNaN(res.fit.slope) && Number.isNaN(res.project(100)));
});

test('learningCurve: bad fractions and predictions of the wrong shape are refused', async () => {
  const data = { n: 10, take: (idx: Int32Array) => idx };
  const t = { data: new Int32Array([0, 1]), labels: [0, 1] };
  const make = (): Recorder => new Recorder();
  await assert.rejects(learningCurve(make, data, t, { fractions: [] }), InvalidArgumentError);
  await assert.rejects(learningCurve(make, data, t, { fractions: [0] }), /fraction 0 is not in \(0, 1\]/);
  await assert.rejects(learningCurve(make, data, t, { fractions: [1.5] }), /fraction 1.5/);
  await assert.rejects(learningCurve(make, data, t, { fractions: [0.01] }), /is no row/);
  await assert.rejects(
    learningCurve(() => new Recorder(2), data, t, { fractions: [1] }),
    /predictProba returned 4 values for 2 rows x 3 classes/,
  );
});

test('learningCurve: errors of the probability check and of the metric name the fraction, metric, class and test row', async () => {
  // Before: "learningCurve: row 1: probability NaN is not finite" and "one-vs-rest AUC of class 2 is undefined: ..."
  // said neither the point of the curve nor the metric.
  const uniform = (nanAt?: number): HoldoutModel<Int32Array> => ({
    fit: () => undefined,
    predictProba: (rows) => {
      const P = new Float64Array(rows.length * 3).fill(1 / 3);
      if (nanAt !== undefined) P[nanAt * 3 + 2] = NaN;
      return P;
    },
  });
  const train = { n: 10, take: (idx: Int32Array) => idx };
  const noLarge = { data: Int32Array.from([0, 1, 0, 1]), labels: [0, 1, 0, 1] };
  await assert.rejects(
    learningCurve(() => uniform(), train, noLarge, { fractions: [0.5, 1] }),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message ===
        "learningCurve: fraction 0.5 (5 training rows), avgAuc: one-vs-rest AUC of 'large' is undefined: it has no " +
          'positive or no negative row',
  );
  const all = { data: Int32Array.from([0, 1, 2]), labels: [0, 1, 2] };
  await assert.rejects(
    learningCurve(() => uniform(1), train, all, { fractions: [0.3] }),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message ===
        'learningCurve: fraction 0.3 (3 training rows): predictProba: test row 1: probability NaN is not finite',
  );
  // a custom metric is named by its function name, and classes by classNames
  const lastClass = (_y: ArrayLike<number>, P: ArrayLike<number>): number => {
    throw new MetricInputError((at) => `lastClass: ${at.class} is not scored`, { classCode: P.length / _y.length - 1 });
  };
  await assert.rejects(
    learningCurve(() => uniform(), train, all, { fractions: [1], metric: lastClass, classNames: ['a', 'b', 'c'] }),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message === "learningCurve: fraction 1 (10 training rows), lastClass: lastClass: 'c' is not scored",
  );
});

test("learningCurve: a custom metric's own InvalidArgumentError keeps its text, prefixed with the fraction and metric", async () => {
  // Before: "row 3 of my lookup table is empty" became "test row 3 of my lookup table is empty" and "class 1 weight
  // must be positive" became "'fit' weight must be positive".
  const train = { n: 10, take: (idx: Int32Array) => idx };
  const test3 = { data: Int32Array.from([0, 1, 2]), labels: [0, 1, 2] };
  for (const message of ['row 3 of my lookup table is empty', 'class 1 weight must be positive']) {
    const lookup = (): number => {
      throw new InvalidArgumentError(message);
    };
    await assert.rejects(
      learningCurve(() => new Recorder(), train, test3, { fractions: [1], metric: lookup }),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.message === `learningCurve: fraction 1 (10 training rows), lookup: ${message}`,
    );
  }
});
