import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  InvalidArgumentError,
  Rng,
  avgOvrAuc,
  logLoss,
  meanInterval,
  repeatedHoldout,
  type HoldoutModel,
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
