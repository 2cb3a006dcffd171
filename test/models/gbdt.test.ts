import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GradientBoostedTrees,
  InvalidArgumentError,
  ModelFormatError,
  NotFittedError,
  Rng,
  estimatorFromJSON,
  matrixFromRows,
  registeredEstimators,
  type GbdtMatrix,
} from '../../lib/index.js';
import { xorData } from './xor-data.js';

function accuracy(pred: Int32Array, y: Int32Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += pred[i] === y[i] ? 1 : 0;
  return s / y.length;
}

function rows(X: GbdtMatrix, idx: ArrayLike<number>): GbdtMatrix {
  const data = new Float64Array(idx.length * X.p);
  for (let q = 0; q < idx.length; q++) data.set(X.data.subarray(idx[q] * X.p, (idx[q] + 1) * X.p), q * X.p);
  return { data, n: idx.length, p: X.p };
}

const train = xorData(3000, 4, 1, 0.05);
const heldOut = xorData(2000, 4, 2, 0.05);
const fitted = new GradientBoostedTrees({ numRounds: 60, numLeaves: 15, minDataInLeaf: 10, seed: 3 }).fit(
  train.X,
  train.y,
);

test('learns an XOR-like 3-class rule far above chance on held-out data', () => {
  const acc = accuracy(fitted.predict(heldOut.X), heldOut.y);
  // Bayes accuracy is ~0.95 + 0.05/3 ≈ 0.967 (5% of labels are redrawn uniformly); chance is ~0.4.
  assert.ok(acc > 0.9, `accuracy ${acc}`);
  assert.deepEqual(fitted.classes, [0, 1, 2]);
  assert.equal(fitted.bestIteration, 60);
  assert.equal(fitted.numTrees, 180);
  // Only features 0 and 1 carry signal: they take most of the gain.
  const gain = fitted.featureImportance('gain');
  assert.ok(gain[0] + gain[1] > 0.9 * (gain[0] + gain[1] + gain[2] + gain[3]), `gain ${gain}`);
  const splits = fitted.featureImportance('split');
  assert.ok(splits.every((v) => Number.isInteger(v)));
});

test('probability rows sum to 1 and predict is their argmax', () => {
  const P = fitted.predictProba(heldOut.X);
  const pred = fitted.predict(heldOut.X);
  assert.equal(P.length, heldOut.X.n * 3);
  for (let i = 0; i < heldOut.X.n; i++) {
    const row = [P[i * 3], P[i * 3 + 1], P[i * 3 + 2]];
    assert.ok(Math.abs(row[0] + row[1] + row[2] - 1) < 1e-12);
    assert.equal(pred[i], row.indexOf(Math.max(...row)));
  }
});

test('a one-feature, two-class, one-split case matches the hand-computed Newton step', () => {
  // x = 1,2,3,4 are class 0; x = 10,11,12,13 are class 1. Priors 0.5 -> p = 0.5 for every row.
  // Class-0 tree: g = p - y = -0.5 on the left rows, +0.5 on the right; h = p(1-p) k/(k-1) = 0.5.
  // Left leaf: G = -2, H = 2 -> value = -G/(H+lambda) * lr = 2/(2+1) * 0.1 = 0.0666...
  const X = { data: Float64Array.of(1, 2, 3, 4, 10, 11, 12, 13), n: 8, p: 1 };
  const y = Int32Array.of(0, 0, 0, 0, 1, 1, 1, 1);
  const m = new GradientBoostedTrees({ numRounds: 1, numLeaves: 2, minDataInLeaf: 1, lambdaL2: 1, learningRate: 0.1 });
  m.fit(X, y);
  const json = m.toJSON() as unknown as {
    initScore: number[];
    trees: { feature: number[]; threshold: number[]; leafValue: number[]; left: number[]; right: number[] }[];
  };
  assert.deepEqual(json.initScore, [Math.log(0.5), Math.log(0.5)]);
  assert.equal(json.trees.length, 2);
  const [t0, t1] = json.trees;
  assert.deepEqual(t0.feature, [0]);
  assert.ok(t0.threshold[0] >= 4 && t0.threshold[0] < 10, `threshold ${t0.threshold[0]}`);
  assert.equal(t0.threshold[0], 7); // the bin edge: midpoint of 4 and 10
  assert.deepEqual(t0.left, [~0]);
  assert.deepEqual(t0.right, [~1]);
  const step = (2 / (2 + 1)) * 0.1;
  assert.ok(Math.abs(t0.leafValue[0] - step) < 1e-15);
  assert.ok(Math.abs(t0.leafValue[1] + step) < 1e-15);
  assert.ok(Math.abs(t1.leafValue[0] + step) < 1e-15);
  assert.ok(Math.abs(t1.leafValue[1] - step) < 1e-15);
  // Raw scores: log 0.5 ± step, so p(class 0 | x = 2) = 1 / (1 + exp(-2 step)).
  const P = m.predictProba({ data: Float64Array.of(2, 12), n: 2, p: 1 });
  const p0 = 1 / (1 + Math.exp(-2 * step));
  assert.ok(Math.abs(P[0] - p0) < 1e-12 && Math.abs(P[3] - p0) < 1e-12);
});

test('early stopping on pure-noise labels stops early and keeps the best round', () => {
  const r = new Rng(11);
  const n = 2000;
  const p = 5;
  const data = new Float64Array(n * p);
  for (let i = 0; i < data.length; i++) data[i] = r.normal();
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = r.int(3);
  const m = new GradientBoostedTrees({ numRounds: 300, earlyStoppingRounds: 10, learningRate: 0.3, seed: 5 });
  m.fit({ data, n, p }, y);
  const hist = m.evalHistory;
  assert.ok(hist.length < 300, `ran ${hist.length} rounds`);
  assert.equal(hist.length, m.bestIteration + 10);
  assert.ok(m.bestIteration <= 10, `bestIteration ${m.bestIteration}`);
  assert.equal(m.numTrees, m.bestIteration * 3);
  const best = Math.min(...hist);
  assert.equal(hist[m.bestIteration - 1], best);
  // Validation loss of a noise fit rises above the best one.
  assert.ok(hist[hist.length - 1] > best);
});

test('a given validation set is used for evalHistory and early stopping', () => {
  const m = new GradientBoostedTrees({ numRounds: 500, earlyStoppingRounds: 5, learningRate: 0.5, seed: 1 });
  m.fit(train.X, train.y, { validation: heldOut });
  assert.ok(m.bestIteration < 500);
  assert.equal(m.evalHistory.length, m.bestIteration + 5);
  const acc = accuracy(m.predict(heldOut.X), heldOut.y);
  assert.ok(acc > 0.9, `accuracy ${acc}`);
  // Without early stopping, a validation set still records the history and all rounds are kept.
  const m2 = new GradientBoostedTrees({ numRounds: 7 }).fit(train.X, train.y, { validation: heldOut });
  assert.equal(m2.evalHistory.length, 7);
  assert.equal(m2.bestIteration, 7);
  assert.ok(m2.evalHistory[6] < m2.evalHistory[0]);
});

test('the same seed reproduces predictions; another seed with bagging and feature sampling differs', () => {
  const opts = { numRounds: 20, baggingFraction: 0.7, baggingFreq: 1, featureFraction: 0.75 };
  const a = new GradientBoostedTrees({ ...opts, seed: 1 }).fit(train.X, train.y).predictProba(heldOut.X);
  const b = new GradientBoostedTrees({ ...opts, seed: 1 }).fit(train.X, train.y).predictProba(heldOut.X);
  const c = new GradientBoostedTrees({ ...opts, seed: 2 }).fit(train.X, train.y).predictProba(heldOut.X);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('fitting twice gives the same model, and fit returns this', () => {
  const m = new GradientBoostedTrees({ numRounds: 5, seed: 9 });
  assert.equal(m.fit(train.X, train.y), m);
  const first = m.predictProba(heldOut.X);
  m.fit(train.X, train.y);
  assert.deepEqual(m.predictProba(heldOut.X), first);
});

test('a feature that is NaN exactly when the class is 2 is learned', () => {
  const make = (n: number, seed: number): { X: GbdtMatrix; y: Int32Array } => {
    const r = new Rng(seed);
    const data = new Float64Array(n * 2);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = r.int(3);
      y[i] = c;
      data[i * 2] = c === 2 ? NaN : c + r.normal(0, 0.2);
      data[i * 2 + 1] = r.normal();
    }
    return { X: { data, n, p: 2 }, y };
  };
  const tr = make(1500, 21);
  const te = make(1000, 22);
  const m = new GradientBoostedTrees({ numRounds: 30, seed: 1 }).fit(tr.X, tr.y);
  const pred = m.predict(te.X);
  const acc = accuracy(pred, te.y);
  assert.ok(acc > 0.97, `accuracy ${acc}`);
  for (let i = 0; i < te.X.n; i++) if (te.y[i] === 2) assert.equal(pred[i], 2);
});

test('toJSON/fromJSON predicts identical values, also through the registry and a JSON string', () => {
  const nanX = { data: heldOut.X.data.slice(), n: heldOut.X.n, p: 4 };
  for (let i = 0; i < nanX.data.length; i += 7) nanX.data[i] = NaN;
  const json = JSON.stringify(fitted.toJSON());
  const back = GradientBoostedTrees.fromJSON(JSON.parse(json));
  assert.deepEqual(back.predictProba(nanX), fitted.predictProba(nanX));
  assert.deepEqual(back.predict(heldOut.X), fitted.predict(heldOut.X));
  assert.deepEqual(back.featureImportance('gain'), fitted.featureImportance('gain'));
  const viaRegistry = estimatorFromJSON<GradientBoostedTrees>(json);
  assert.deepEqual(viaRegistry.predictProba(nanX), fitted.predictProba(nanX));
  const entry = registeredEstimators().find((e) => e.kind === 'gbdt');
  assert.deepEqual(entry?.capabilities, ['classifier', 'supervised', 'handles-nan', 'stochastic']);
});

test('class names given as an option are the classes', () => {
  const m = new GradientBoostedTrees({ numRounds: 3, classNames: ['small', 'fit', 'large'] }).fit(train.X, train.y);
  assert.deepEqual(m.classes, ['small', 'fit', 'large']);
  assert.deepEqual(GradientBoostedTrees.fromJSON(m.toJSON()).classes, ['small', 'fit', 'large']);
  assert.throws(
    () => new GradientBoostedTrees({ classNames: ['a', 'b'] }).fit(train.X, train.y),
    (e: unknown) => e instanceof InvalidArgumentError && /y\[\d+\] = 2 is not a class code in 0..1/.test(e.message),
  );
  // a fractional label is named against the whole class codes (before: "not a class code in 0..2.5")
  assert.throws(
    () =>
      new GradientBoostedTrees().fit(
        train.X,
        Float64Array.from(train.y, (v, i) => (i === 4 ? 2.5 : v)),
      ),
    (e: unknown) => e instanceof InvalidArgumentError && /y\[4\] = 2\.5 is not a class code in 0\.\.2$/.test(e.message),
  );
});

test('a tampered JSON throws ModelFormatError naming what is wrong', () => {
  type TamperJSON = {
    kind: string;
    version: number;
    numFeatures: number;
    initScore: number[];
    options: Record<string, unknown>;
    trees: Record<string, unknown[]>[];
  };
  const good = JSON.parse(JSON.stringify(fitted.toJSON())) as TamperJSON;
  const tamper = (edit: (j: TamperJSON) => void, pattern: RegExp): void => {
    const j = structuredClone(good);
    edit(j);
    assert.throws(
      () => GradientBoostedTrees.fromJSON(j),
      (e: unknown) => e instanceof ModelFormatError && pattern.test(e.message),
    );
  };
  tamper((j) => (j.kind = 'other'), /expected kind 'gbdt'/);
  tamper((j) => (j.version = 2), /version 2 is not supported/);
  tamper((j) => (j.trees[3].feature[0] = 4), /trees\[3\]\.feature\[0\] must be an integer in \[0, 3\]/);
  tamper((j) => (j.trees[0].left[0] = 0), /trees\[0\]\.left\[0\]/);
  tamper((j) => j.trees[5].leafValue.pop(), /trees\[5\]\.leafValue has/);
  tamper((j) => (j.trees[2].leafValue[1] = 'x'), /trees\[2\]\.leafValue\[1\] is not a number/);
  tamper((j) => (j.trees[1].threshold[0] = null), /trees\[1\]\.threshold\[0\] is NaN/);
  tamper((j) => j.trees.pop(), /must equal the number of trees/);
  tamper((j) => (j.initScore = [0, 0]), /initScore must be 3 finite numbers/);
  tamper((j) => (j.numFeatures = 0), /numFeatures must be a positive integer/);
  tamper((j) => (j.options.numLeaves = 1), /invalid options: .*numLeaves/);
  tamper((j) => delete (j as Partial<TamperJSON>).trees, /trees must be an array/);
  tamper((j) => {
    const t = j.trees[0];
    [t.left[0], t.right[0]] = [t.right[0], t.left[0]];
    t.right[0] = t.left[0];
  }, /trees\[0\]: (leaf|node) \d+ has two parents/);
});

test('unfitted use throws NotFittedError', () => {
  const m = new GradientBoostedTrees();
  assert.equal(m.isFitted, false);
  assert.throws(() => m.predict(heldOut.X), NotFittedError);
  assert.throws(() => m.predictProba(heldOut.X), NotFittedError);
  assert.throws(() => m.toJSON(), NotFittedError);
  assert.throws(() => m.classes, NotFittedError);
  assert.throws(() => m.featureImportance(), NotFittedError);
  assert.equal(fitted.isFitted, true);
});

test('wrong feature count, empty input, bad labels and bad options throw typed errors', () => {
  const three = { data: new Float64Array(6), n: 2, p: 3 };
  assert.throws(
    () => fitted.predict(three),
    (e: unknown) => e instanceof InvalidArgumentError && e.message === 'X has 3 features; the model was fitted on 4',
  );
  assert.throws(() => fitted.predict({ data: new Float64Array(0), n: 0, p: 4 }), /X is empty/);
  assert.throws(
    () => new GradientBoostedTrees().fit({ data: new Float64Array(0), n: 0, p: 4 }, []),
    InvalidArgumentError,
  );
  assert.throws(
    () =>
      new GradientBoostedTrees().fit(
        train.X,
        Int32Array.from(train.y, (v, i) => (i === 12 ? -1 : v)),
      ),
    /y\[12\] = -1 is not a class code/,
  );
  assert.throws(() => new GradientBoostedTrees().fit(train.X, train.y.subarray(1)), /2999 labels for 3000 rows/);
  assert.throws(() => new GradientBoostedTrees({ numLeaves: 1 }).fit(train.X, train.y), /numLeaves/);
  assert.throws(() => new GradientBoostedTrees({ maxBins: 256 }).fit(train.X, train.y), /maxBins/);
  // Before: an infinite learning rate gave NaN probabilities and an infinite L2 penalty trees that do nothing;
  // a fractional seed failed later, inside the random generator, without naming the model.
  for (const [o, re] of [
    [{ learningRate: Infinity }, /learningRate must be a finite number in \(0, ∞\), got Infinity/],
    [{ lambdaL2: Infinity }, /lambdaL2 must be a finite number/],
    [{ minSumHessianInLeaf: Infinity }, /minSumHessianInLeaf must be a finite number/],
    [{ minGainToSplit: Infinity }, /minGainToSplit must be a finite number/],
    [{ seed: 1.5 }, /GradientBoostedTrees: seed must be a safe integer, got 1.5/],
  ] as const) {
    assert.throws(() => new GradientBoostedTrees(o).fit(train.X, train.y), re, JSON.stringify(o));
  }
  assert.throws(
    () => new GradientBoostedTrees().fit(train.X, train.y, { validation: { X: three, y: [0, 1] } }),
    /validation X has 3 features; the model was fitted on 4/,
  );
  assert.throws(
    () => new GradientBoostedTrees().fit(train.X, train.y, { sampleWeight: new Float64Array(3000).fill(-1) }),
    /sampleWeight\[0\] = -1/,
  );
});

test('permuting rows permutes outputs, and row-by-row equals batch', () => {
  const P = fitted.predictProba(heldOut.X);
  const perm = new Rng(4).permutation(heldOut.X.n);
  const Pp = fitted.predictProba(rows(heldOut.X, perm));
  for (let q = 0; q < perm.length; q++) {
    for (let c = 0; c < 3; c++) assert.equal(Pp[q * 3 + c], P[perm[q] * 3 + c]);
  }
  for (let i = 0; i < 200; i++) {
    const one = fitted.predictProba(rows(heldOut.X, [i]));
    assert.deepEqual(Array.from(one), Array.from(P.subarray(i * 3, i * 3 + 3)));
  }
});

test('predicting does not change the model', () => {
  const before = JSON.stringify(fitted.toJSON());
  fitted.predictProba(heldOut.X);
  fitted.predict(train.X);
  assert.equal(JSON.stringify(fitted.toJSON()), before);
});

test('sample weights shift the prior and the fit', () => {
  // Weight 0 on every class-2 row: the model never predicts class 2 and the prior is the floor.
  const w = Float64Array.from(train.y, (c) => (c === 2 ? 0 : 1));
  const m = new GradientBoostedTrees({ numRounds: 10 }).fit(train.X, train.y, { sampleWeight: w });
  const json = m.toJSON() as unknown as { initScore: number[] };
  assert.ok(Math.abs(json.initScore[2] - Math.log(1e-15)) < 1e-9);
  assert.ok(m.predict(heldOut.X).every((c) => c !== 2));
});

test('zero weights: a bag of zero-weight rows adds no step (before: NaN leaves), and a holdout that takes every weighted row is refused', () => {
  const X = matrixFromRows(
    Array.from({ length: 40 }, (_, i) => [i, (i * 7) % 13]),
    ['a', 'b'],
  );
  const y = Int32Array.from({ length: 40 }, (_, i) => (i > 20 ? 1 : 0));
  // One weighted row: most bags of half the rows hold only zero-weight rows.
  const w = Float64Array.from(y, (_, i) => (i === 0 ? 1 : 0));
  const m = new GradientBoostedTrees({ numRounds: 5, minDataInLeaf: 2, baggingFraction: 0.5, baggingFreq: 1, seed: 1 });
  const P = m.fit(X, y, { sampleWeight: w }).predictProba(X);
  assert.ok(P.every((v) => Number.isFinite(v) && v >= 0 && v <= 1));
  // Two weighted rows and half the rows held out: some seed holds out both (before: NaN from the priors of no weight).
  const w2 = Float64Array.from(y, (_, i) => (i === 0 || i === 39 ? 1 : 0));
  let refused = 0;
  for (let seed = 0; seed < 20; seed++) {
    const g = new GradientBoostedTrees({
      numRounds: 2,
      minDataInLeaf: 2,
      earlyStoppingRounds: 1,
      validationFraction: 0.5,
      seed,
    });
    try {
      assert.ok(g.fit(X, y, { sampleWeight: w2 }).predictProba(X).every(Number.isFinite), `seed ${seed}`);
    } catch (e) {
      assert.ok(e instanceof InvalidArgumentError, String(e));
      assert.match(e.message, /(every|no) row with a positive sampleWeight was held out for early stopping/);
      refused++;
    }
  }
  assert.ok(refused > 0 && refused < 20, `refused ${refused} of 20 seeds`);
});

// Review (models-a) finding 6: fit without labels read y.length of undefined (TypeError), where LogisticRegression
// names the problem.
test('fit without labels throws InvalidArgumentError', () => {
  for (const y of [undefined, null, 5]) {
    assert.throws(
      () => new GradientBoostedTrees().fit(train.X, y as unknown as number[]),
      (e: unknown) => e instanceof InvalidArgumentError && e.message === 'y must be an array of class codes',
      String(y),
    );
  }
  assert.throws(
    () =>
      new GradientBoostedTrees().fit(train.X, train.y, {
        validation: { X: heldOut.X } as { X: GbdtMatrix; y: number[] },
      }),
    (e: unknown) => e instanceof InvalidArgumentError && e.message === 'validation y must be an array of class codes',
  );
});

// Review (models-a) finding 2: toJSON returned the model's own feature-name array.
test('editing the JSON of a forest does not change the forest', () => {
  const X = matrixFromRows(
    Array.from({ length: 60 }, (_, i) => [i, (i * 7) % 11]),
    ['a', 'b'],
  );
  const m = new GradientBoostedTrees({ numRounds: 2, minDataInLeaf: 5 }).fit(
    X,
    Int32Array.from({ length: 60 }, (_, i) => i % 3),
  );
  (m.toJSON().featureNames as string[])[0] = 'z';
  assert.deepEqual(m.featureNames, ['a', 'b']);
  assert.equal(m.predictProba(X).length, 60 * 3);
});
