import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  HoldoutSplit,
  InvalidArgumentError,
  KFold,
  MetricInputError,
  Rng,
  accuracy,
  avgOvrAuc,
  crossValidate,
  logLoss,
  meanInterval,
  multiclassAuc,
  repeatedHoldout,
  type HoldoutModel,
  type RepeatedHoldoutOptions,
} from '../../lib/index.js';

/** Rows are indices into a seeded table of a noisy signal x and a 3-class label (-1 = unlabelled). */
function table(n: number, seed: number) {
  const rng = new Rng(seed);
  const x = new Float64Array(n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 10 === 9 ? -1 : rng.categorical([0.25, 0.5, 0.25]);
    x[i] = (labels[i] < 0 ? 1 : labels[i]) + rng.normal();
  }
  return { x, labels };
}

/** A model whose probabilities are a softmax of -|x - c|, and a prior model that learns class shares. */
class SignalModel implements HoldoutModel<Int32Array> {
  fitted: Int32Array | null = null;
  constructor(
    readonly x: Float64Array,
    readonly seed: number,
  ) {}
  async fit(rows: Int32Array): Promise<this> {
    await Promise.resolve();
    this.fitted = rows;
    return this;
  }
  predictProba(rows: Int32Array): Float64Array {
    const P = new Float64Array(rows.length * 3);
    rows.forEach((i, r) => {
      const e = [0, 1, 2].map((c) => Math.exp(-Math.abs(this.x[i] - c)));
      const z = e[0] + e[1] + e[2];
      for (let c = 0; c < 3; c++) P[r * 3 + c] = e[c] / z;
    });
    return P;
  }
}

test('repeatedHoldout: one fresh model per seed, disjoint train/test, labelled test rows, metrics as computed directly', async () => {
  const n = 1000;
  const { x, labels } = table(n, 3);
  const made: SignalModel[] = [];
  const res = await repeatedHoldout(
    (seed) => {
      const m = new SignalModel(x, seed);
      made.push(m);
      return m;
    },
    { n, take: (idx) => idx, labels },
    { seeds: [11, 12, 13], keepModels: true },
  );
  assert.deepEqual(
    made.map((m) => m.seed),
    [11, 12, 13],
  );
  assert.equal(res.splits.length, 3);
  for (const [s, split] of res.splits.entries()) {
    assert.equal(split.model, made[s], 'keepModels keeps the fitted model');
    assert.deepEqual(Array.from(made[s].fitted!), Array.from(split.train));
    const inTrain = new Set(split.train);
    assert.ok(
      split.test.every((i) => !inTrain.has(i) && labels[i] >= 0),
      'test rows are labelled and not trained on',
    );
    // 200 test rows of which the unlabelled ones (every 10th row) are dropped; training keeps them.
    const unlabelledTest = 200 - split.test.length;
    assert.ok(unlabelledTest > 5 && unlabelledTest < 40, `unlabelled test rows ${unlabelledTest}`);
    assert.equal(split.train.length, 800);
    assert.deepEqual(
      Array.from(split.y),
      Array.from(split.test, (i) => labels[i]),
    );
    assert.equal(split.metrics.avgAuc, avgOvrAuc(split.y, split.proba));
    assert.equal(split.metrics.logLoss, logLoss(split.y, split.proba));
    assert.ok(split.metrics.avgAuc > 0.7, `signal gives AUC ${split.metrics.avgAuc}`);
  }
  assert.notDeepEqual(Array.from(res.splits[0].test), Array.from(res.splits[1].test), 'seeds give different splits');
  const aucs = res.splits.map((s) => s.metrics.avgAuc);
  // Nadeau-Bengio's ratio counts labelled rows on both sides (the split's own test rows over its labelled
  // training rows), averaged over splits; before, labelled test rows were divided by all 800 training rows.
  const labelledTrain = (s: (typeof res.splits)[number]): number => s.train.filter((i) => labels[i] >= 0).length;
  const ratio = res.splits.reduce((a, s) => a + s.test.length / labelledTrain(s), 0) / res.splits.length;
  assert.ok(ratio > res.splits[0].test.length / 800);
  const expected = meanInterval(aucs, { testTrainRatio: ratio });
  assert.deepEqual(res.summary.avgAuc, expected);
  assert.ok(res.summary.avgAuc.low < res.summary.avgAuc.mean && res.summary.avgAuc.mean < res.summary.avgAuc.high);
  const plain = await repeatedHoldout(
    (seed) => new SignalModel(x, seed),
    { n, take: (idx) => idx, labels },
    {
      seeds: [11, 12, 13],
      correction: 'none',
    },
  );
  assert.deepEqual(plain.summary.avgAuc, meanInterval(aucs));
  assert.equal(plain.splits[0].model, undefined, 'models are dropped by default');
  assert.ok(plain.summary.avgAuc.high - plain.summary.avgAuc.low < res.summary.avgAuc.high - res.summary.avgAuc.low);
});

test('repeatedHoldout: the same seeds reproduce the same splits and metrics', async () => {
  const { x, labels } = table(500, 4);
  const run = () =>
    repeatedHoldout((seed) => new SignalModel(x, seed), { n: 500, take: (idx) => idx, labels }, { seeds: [1, 2] });
  const [a, b] = [await run(), await run()];
  assert.deepEqual(
    a.splits.map((s) => [Array.from(s.test), s.metrics]),
    b.splits.map((s) => [Array.from(s.test), s.metrics]),
  );
});

test('repeatedHoldout: no seed, wrong label count or a wrongly shaped prediction throws', async () => {
  const { x, labels } = table(100, 5);
  const data = { n: 100, take: (idx: Int32Array) => idx, labels };
  await assert.rejects(
    repeatedHoldout(() => new SignalModel(x, 0), data, { seeds: [] }),
    InvalidArgumentError,
  );
  await assert.rejects(
    repeatedHoldout(() => new SignalModel(x, 0), { ...data, labels: labels.subarray(1) }, { seeds: [1] }),
    InvalidArgumentError,
  );
  const twoColumns: HoldoutModel<Int32Array> = {
    fit: () => undefined,
    predictProba: (rows) => new Float64Array(rows.length * 2).fill(0.5),
  };
  await assert.rejects(
    repeatedHoldout(() => twoColumns, data, { seeds: [1] }),
    /predictProba returned/,
  );
});

/** A model that predicts 1/3 for every class, and remembers the rows it predicted. */
class Uniform implements HoldoutModel<Int32Array> {
  predicted: Int32Array = new Int32Array(0);
  fit(): void {}
  predictProba(rows: Int32Array): Float64Array {
    this.predicted = rows;
    return new Float64Array(rows.length * 3).fill(1 / 3);
  }
}

test('repeatedHoldout: a metric that is NaN on a split keeps every split, and its summary is NaN as in crossValidate', async () => {
  // Before: meanInterval threw "value 1 is NaN" after every model was fitted, and every split was lost.
  // 20 rows: 'large' only at row 7, so a 4-row test set without row 7 has no 'large' row: its AUC is undefined.
  const labels = Int32Array.from({ length: 20 }, (_, i) => (i === 7 ? 2 : i % 2));
  const seeds = [1, 2, 3, 4, 5, 16, 26];
  const aucOrNaN = (y: ArrayLike<number>, P: ArrayLike<number>): number =>
    multiclassAuc(y, P, { multiClass: 'ovr', average: 'macro', allowUndefined: true });
  const res = await repeatedHoldout(
    () => new Uniform(),
    { n: 20, take: (idx) => idx, labels },
    { seeds, metrics: { aucOrNaN, accuracy } },
  );
  assert.equal(res.splits.length, seeds.length, 'no split is lost');
  // HoldoutSplit draws every class into the 4 test rows of seeds 16 and 26 only (1-5 leave row 7 out)
  const defined = res.splits.map((s) => [0, 1, 2].every((c) => s.y.includes(c)));
  assert.deepEqual(
    res.splits.filter((_, j) => defined[j]).map((s) => s.seed),
    [16, 26],
  );
  for (const [j, s] of res.splits.entries()) {
    // uniform scores: every class's AUC is 1/2 where it is defined
    if (defined[j]) assert.equal(s.metrics.aucOrNaN, 0.5);
    else assert.ok(Number.isNaN(s.metrics.aucOrNaN), `split ${s.seed} keeps its NaN`);
  }
  assert.deepEqual(res.summary.aucOrNaN, { mean: NaN, sd: NaN, low: NaN, high: NaN, n: 7, level: 0.95 });
  // the defined metric is summarised as before
  const accuracies = res.splits.map((s) => s.metrics.accuracy);
  const ratio = res.splits.reduce((a, s) => a + s.test.length / (20 - s.test.length), 0) / res.splits.length;
  assert.deepEqual(res.summary.accuracy, meanInterval(accuracies, { testTrainRatio: ratio }));
  // crossValidate's mean of the same metric on folds that lack the large row is NaN too
  const cv = await crossValidate(
    () => ({
      classes: [0, 1, 2],
      fit: () => undefined,
      predictProba: (rows: Int32Array) => new Uniform().predictProba(rows),
    }),
    { n: 20, take: (idx) => idx, labels },
    new KFold({ k: 4, seed: 1 }),
    { metrics: { aucOrNaN } },
  );
  assert.ok(Number.isNaN(cv.mean.aucOrNaN) && Number.isNaN(cv.sd.aucOrNaN));
});

test('repeatedHoldout: a level outside (0, 1) is refused before any model is fitted', async () => {
  // Before: meanInterval refused the level only after every split's model had been fitted.
  let made = 0;
  await assert.rejects(
    repeatedHoldout(
      () => {
        made++;
        return new Uniform();
      },
      { n: 20, take: (idx) => idx, labels: Int32Array.from({ length: 20 }, (_, i) => i % 3) },
      { seeds: [1, 2], level: 1.5, metrics: { accuracy } },
    ),
    (e: unknown) => e instanceof InvalidArgumentError && e.message === 'repeatedHoldout: level 1.5 must be in (0, 1)',
  );
  assert.equal(made, 0);
});

test('repeatedHoldout: errors of the probability check and of a metric name the split, metric, class and data row', async () => {
  // Before: "repeatedHoldout: row 1: probability NaN is not finite" (a position in the test subset) and
  // "one-vs-rest AUC of class 2 is undefined" (no split, no metric).
  const n = 30;
  const labels = Int32Array.from({ length: n }, (_, i) => (i === 7 ? 2 : i % 2));
  const data = { n, take: (idx: Int32Array) => idx, labels };
  // the test rows of seeds 10 and 20, as HoldoutSplit draws them
  const testOf = (seed: number) => new HoldoutSplit({ testFraction: 0.2, seed }).split(n)[0].test;
  const [t10, t20] = [testOf(10), testOf(20)];
  // seed 20's model gives NaN for its second test row
  const nanSecond = (seed: number): HoldoutModel<Int32Array> => ({
    fit: () => undefined,
    predictProba: (rows) => {
      const P = new Float64Array(rows.length * 3).fill(1 / 3);
      if (seed === 20) P[1 * 3 + 0] = NaN;
      return P;
    },
  });
  await assert.rejects(
    repeatedHoldout(nanSecond, data, { seeds: [10, 20], metrics: {} }),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message ===
        `repeatedHoldout: split 20 (${t20.length} test rows): predictProba: test row 1 (data row ${t20[1]}): ` +
          'probability NaN is not finite',
  );
  // the default avgAuc on a test set without the large row (row 7)
  assert.ok(!t10.includes(7), 'seed 10 leaves row 7 out of the test set');
  await assert.rejects(
    repeatedHoldout(() => new Uniform(), data, { seeds: [10] }),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message ===
        `repeatedHoldout: split 10 (${t10.length} test rows), avgAuc: one-vs-rest AUC of 'large' is undefined: it has ` +
          'no positive or no negative row',
  );
  // a metric's own row is mapped to the data row as well
  const firstRowFails = (y: ArrayLike<number>, P: ArrayLike<number>): number => {
    throw MetricInputError.atRow('firstRowFails', 0, `${P.length / y.length} columns`);
  };
  await assert.rejects(
    repeatedHoldout(() => new Uniform(), data, { seeds: [10], metrics: { firstRowFails } }),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message ===
        `repeatedHoldout: split 10 (${t10.length} test rows), firstRowFails: firstRowFails: test row 0 (data row ` +
          `${t10[0]}): 3 columns`,
  );
});

test("repeatedHoldout: a custom metric's own InvalidArgumentError keeps its text, prefixed with the split and metric", async () => {
  // Before: "row 3 of my lookup table is empty" became "test row 3 (data row ...) of my lookup table is empty" and
  // "class 1 weight must be positive" became "'fit' weight must be positive".
  const n = 30;
  const data = { n, take: (idx: Int32Array) => idx, labels: Int32Array.from({ length: n }, (_, i) => i % 3) };
  const t10 = new HoldoutSplit({ testFraction: 0.2, seed: 10 }).split(n)[0].test;
  for (const message of ['row 3 of my lookup table is empty', 'class 1 weight must be positive']) {
    const lookup = (): number => {
      throw new InvalidArgumentError(message);
    };
    await assert.rejects(
      repeatedHoldout(() => new Uniform(), data, { seeds: [10], metrics: { lookup } }),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.message === `repeatedHoldout: split 10 (${t10.length} test rows), lookup: ${message}`,
    );
  }
});

test("repeatedHoldout: a stratified split makes the unlabelled rows a stratum of their own, not part of class 0's", async () => {
  // Before: unlabelled rows were pooled with 'small', and the labelled small test rows were 48, 51, 54... by seed.
  // 1000 rows: 250 small, 500 fit, 150 large and 100 unlabelled, shuffled.
  const labels = Int32Array.from([
    ...Array<number>(250).fill(0),
    ...Array<number>(500).fill(1),
    ...Array<number>(150).fill(2),
    ...Array<number>(100).fill(-1),
  ]);
  new Rng(3).shuffle(labels);
  const res = await repeatedHoldout(
    () => new Uniform(),
    { n: 1000, take: (idx) => idx, labels },
    { seeds: [1, 2, 3, 4, 5, 6], strategy: 'stratified', metrics: {} },
  );
  for (const s of res.splits) {
    const perClass = [0, 0, 0];
    for (const c of s.y) perClass[c]++;
    // round(0.2 x 250), round(0.2 x 500), round(0.2 x 150) labelled test rows; 20 of the 100 unlabelled rows held out
    assert.deepEqual(perClass, [50, 100, 30], `seed ${s.seed}`);
    assert.equal(s.train.length, 800);
    assert.equal(s.train.filter((i) => labels[i] < 0).length, 80, `seed ${s.seed}: unlabelled training rows`);
  }
});

test('repeatedHoldout: a stratified split of fully labelled rows is the HoldoutSplit of the labels (unchanged)', async () => {
  const rng = new Rng(8);
  const labels = Int32Array.from({ length: 503 }, () => rng.categorical([0.3, 0.5, 0.2]));
  const res = await repeatedHoldout(
    () => new Uniform(),
    { n: 503, take: (idx) => idx, labels },
    { seeds: [0, 1, 2, 3], strategy: 'stratified', metrics: {} },
  );
  for (const s of res.splits) {
    const [fold] = new HoldoutSplit({ testFraction: 0.2, strategy: 'stratified', seed: s.seed }).split(503, labels);
    assert.deepEqual(Array.from(s.test), Array.from(fold.test));
    assert.deepEqual(Array.from(s.train), Array.from(fold.train));
  }
});

test('repeatedHoldout: a repeated seed is refused before any model is fitted, naming the seed', async () => {
  // Before: seeds [1, 1, 1, 1, 1] gave five identical splits and an interval of width ~1e-16.
  let made = 0;
  const run = (seeds: number[]) =>
    repeatedHoldout(
      () => {
        made++;
        return new Uniform();
      },
      { n: 20, take: (idx) => idx, labels: Int32Array.from({ length: 20 }, (_, i) => i % 3) },
      { seeds, metrics: { accuracy } },
    );
  for (const [seeds, seed] of [
    [[1, 1, 1, 1, 1], 1],
    [[3, 7, 5, 7], 7],
  ] as const) {
    await assert.rejects(
      run([...seeds]),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.message === `repeatedHoldout: seed ${seed} is given twice: each seed's split must be its own`,
    );
  }
  assert.equal(made, 0);
  assert.equal((await run([1, 2, 3])).splits.length, 3);
});

test("repeatedHoldout: a correction other than 'nadeau-bengio' or 'none' is refused before any model is fitted", async () => {
  // Before: any value but 'none' ('None', 'off'...) silently applied the Nadeau-Bengio correction.
  let made = 0;
  const { x, labels } = table(200, 4);
  const run = (correction: RepeatedHoldoutOptions['correction']) =>
    repeatedHoldout(
      (seed) => {
        made++;
        return new SignalModel(x, seed);
      },
      { n: 200, take: (idx) => idx, labels },
      { seeds: [1, 2, 3], metrics: { avgAuc: avgOvrAuc }, correction },
    );
  for (const typo of ['None', 'off', '']) {
    await assert.rejects(
      run(typo as 'none'),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.message === `repeatedHoldout: correction "${typo}" must be 'nadeau-bengio' or 'none'`,
    );
  }
  assert.equal(made, 0);
  // The documented values are unchanged: 'none' is the plain t interval, the default (and undefined) Nadeau-Bengio's.
  const plain = (await run('none')).summary.avgAuc;
  const corrected = (await run(undefined)).summary.avgAuc;
  assert.deepEqual((await run('nadeau-bengio')).summary.avgAuc, corrected);
  const values = (await run('none')).splits.map((s) => s.metrics.avgAuc);
  assert.deepEqual(plain, meanInterval(values));
  assert.ok(corrected.high - corrected.low > plain.high - plain.low);
});
