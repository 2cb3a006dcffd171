import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  EnsembleFitModel,
  FIT_CLASSES,
  GbdtBag,
  GradientBoostedTrees,
  HoldoutSplit,
  InvalidArgumentError,
  LogisticRegression,
  ModelFormatError,
  NotFittedError,
  PipelineModel,
  PriorFitModel,
  checkEstimatorJSON,
  estimatorFromJSON,
  fitLabelCodes,
  fitModelProblem,
  generateSynthetic,
  logLoss,
  multiclassAuc,
  registerEstimator,
  sizeFitFeaturePipeline,
  type ColumnarDataset,
  type EstimatorJSON,
  type FeatureMatrix,
  type FitModel,
} from '../../lib/index.js';

const data = generateSynthetic({ seed: 3, customers: 400, articles: 60 }).dataset;
const [fold] = new HoldoutSplit({ testFraction: 0.2, seed: 1 }).split(data.length);
const train = data.take(fold.train);
const test_ = data.take(fold.test);
const yTest = fitLabelCodes(test_, 'test');
const auc = (P: Float64Array): number => multiclassAuc(yTest, P, { multiClass: 'ovr', average: 'macro' });
const factories: (() => FitModel)[] = [
  () => new PriorFitModel(),
  () => new PipelineModel({ pipeline: sizeFitFeaturePipeline({ seed: 1 }), classifier: new LogisticRegression() }),
  () =>
    new PipelineModel({
      pipeline: sizeFitFeaturePipeline({ seed: 1 }),
      classifier: new GradientBoostedTrees({ numRounds: 100, numLeaves: 15, earlyStoppingRounds: 10, seed: 1 }),
    }),
];

/** A member whose fit resolves later (as a neural model's does): the ensemble must await it. */
class SlowPrior implements FitModel {
  readonly kind = 'prior';
  readonly classes = ['small', 'fit', 'large'] as const;
  private readonly inner = new PriorFitModel();
  private done = false;
  get isFitted(): boolean {
    return this.done;
  }
  async fit(d: ColumnarDataset): Promise<this> {
    this.done = false;
    await new Promise((r) => setTimeout(r, 20));
    this.inner.fit(d);
    this.done = true;
    return this;
  }
  predictProba(d: ColumnarDataset): Float64Array {
    if (!this.done) throw new NotFittedError('SlowPrior');
    return this.inner.predictProba(d);
  }
  toJSON(): ReturnType<PriorFitModel['toJSON']> {
    return this.inner.toJSON();
  }
}

describe('EnsembleFitModel', () => {
  test('is at least as good as its best member (held-out AUC and log-loss, small tolerance); weights on the simplex', async () => {
    const ens = await new EnsembleFitModel({ members: factories, seed: 2 }).fit(train);
    const w = ens.weights;
    assert.ok(Math.abs(w[0] + w[1] + w[2] - 1) < 1e-12 && w.every((v) => v >= 0));
    assert.ok(w[0] < 0.05, `prior weight ${w[0]}`);
    const P = ens.predictProba(test_);
    const members = ens.members.map((m) => m.predictProba(test_));
    const best = Math.max(...members.map(auc));
    assert.ok(auc(P) >= best - 0.005, `ensemble ${auc(P)}, best member ${best}`);
    const bestLoss = Math.min(...members.map((Pm) => logLoss(yTest, Pm)));
    assert.ok(logLoss(yTest, P) <= bestLoss + 0.005, `ensemble log-loss ${logLoss(yTest, P)}, best member ${bestLoss}`);
    // On the held-out calibration rows the weighted average is never worse than a calibrated member.
    const h = ens.heldOutLogLoss;
    assert.ok(h.ensemble <= Math.min(...h.members) + 1e-12);
    const back = estimatorFromJSON<EnsembleFitModel>(JSON.parse(JSON.stringify(ens.toJSON())));
    assert.deepEqual(back.predictProba(test_), P);
    assert.deepEqual(back.weights, w);
    // A loaded ensemble can be refitted: its members are rebuilt from their JSON.
    const again = await back.fit(train);
    assert.deepEqual(again.predictProba(test_), P);
  });

  test('awaits asynchronous member fits; refit: true refits the members on all training rows', async () => {
    const ens = await new EnsembleFitModel({
      members: [() => new SlowPrior(), factories[1]],
      refit: true,
      seed: 3,
    }).fit(train);
    assert.deepEqual(
      Array.from(ens.members[0].predictProba(test_.take([0]))),
      Array.from(new PriorFitModel().fit(train).predictProba(test_.take([0]))),
    );
    const noRefit = await new EnsembleFitModel({ members: [factories[0]], seed: 3 }).fit(train);
    assert.notDeepEqual(
      Array.from(noRefit.members[0].predictProba(test_.take([0]))),
      Array.from(new PriorFitModel().fit(train).predictProba(test_.take([0]))),
    );
  });

  test('a given validation set replaces the held-out rows; bad options throw', async () => {
    const [v] = new HoldoutSplit({ testFraction: 0.25, seed: 9 }).split(train.length);
    const ens = await new EnsembleFitModel({ members: factories.slice(0, 2) }).fit(train.take(v.train), {
      validation: train.take(v.test),
    });
    assert.deepEqual(
      Array.from(ens.members[0].predictProba(test_.take([0]))),
      Array.from(new PriorFitModel().fit(train.take(v.train)).predictProba(test_.take([0]))),
    );
    await assert.rejects(() => new EnsembleFitModel({ members: [] }).fit(train), /at least one member/);
    await assert.rejects(
      () => new EnsembleFitModel({ members: factories, calibrationFraction: 0 }).fit(train),
      /calibrationFraction/,
    );
  });
});

test('a saved ensemble whose calibrator is not over the classes in order, or repeats a name, is refused', async () => {
  // Before: both loaded, and the service's first prediction failed with a name mismatch blaming another step.
  const ens = await new EnsembleFitModel({ members: [factories[0]], seed: 4 }).fit(train);
  const json = (): { calibrators: { names: string[] }[] } => JSON.parse(JSON.stringify(ens.toJSON()));
  assert.deepEqual(estimatorFromJSON<EnsembleFitModel>(json()).predictProba(test_), ens.predictProba(test_));
  const renamed = json();
  renamed.calibrators[0].names = ['small', 'fitX', 'large'];
  assert.throws(
    () => estimatorFromJSON(renamed),
    (e: Error) =>
      e instanceof ModelFormatError &&
      e.message ===
        'ensemble: calibrators[0].names must be the classes [small, fit, large], got ["small","fitX","large"]',
  );
  // A repeated name is refused by the ensemble, whose calibrators must be over the classes (a TemperatureScaling
  // alone loads repeated names, as its fit takes them: test/models/calibration.test.ts).
  const repeated = json();
  repeated.calibrators[0].names = ['small', 'small', 'large'];
  assert.throws(
    () => estimatorFromJSON(repeated),
    (e: Error) =>
      e instanceof ModelFormatError &&
      e.message ===
        'ensemble: calibrators[0].names must be the classes [small, fit, large], got ["small","small","large"]',
  );
});

// Review (models-a) finding 5: any estimator with fit and predictProba loaded as a member (a forest of a feature
// matrix loaded, then failed at prediction with "X must be {data: Float64Array, n, p}"), and a heldOutLogLoss
// whose members were not an array gave a TypeError.
test('a saved ensemble with a member that is not a fit model, or a malformed heldOutLogLoss, is refused', async () => {
  const ens = await new EnsembleFitModel({ members: [factories[0]], seed: 4 }).fit(train);
  const json = (): Record<string, unknown> => JSON.parse(JSON.stringify(ens.toJSON()));
  const n = 60;
  const forest = (classNames?: string[]): unknown =>
    new GradientBoostedTrees({ numRounds: 2, minDataInLeaf: 5, classNames })
      .fit(
        { data: Float64Array.from({ length: n }, (_, i) => i), n, p: 1 },
        Int32Array.from({ length: n }, (_, i) => i % 3),
      )
      .toJSON();
  const notFitModel =
    /^ensemble: member 0 \('gbdt'\) is not a fit model with the classes \[small, fit, large\]: it reads a feature matrix \(it has numFeatures\), not a dataset$/;
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ...json(), members: [forest()] }, notFitModel],
    // a forest built with the class names still reads a feature matrix, not a dataset
    [{ ...json(), members: [forest(['small', 'fit', 'large'])] }, notFitModel],
    [
      { ...json(), heldOutLogLoss: { members: 5, ensemble: 1 } },
      /^ensemble: heldOutLogLoss\.members must be an array of 1 numbers, got 5$/,
    ],
    [
      { ...json(), heldOutLogLoss: { members: [0.5, 0.6], ensemble: 1 } },
      /^ensemble: heldOutLogLoss\.members must be an array of 1 numbers/,
    ],
    [
      { ...json(), heldOutLogLoss: { members: [0.5], ensemble: 'x' } },
      /^ensemble: heldOutLogLoss\.ensemble must be a number/,
    ],
    [{ ...json(), heldOutLogLoss: 3 }, /^ensemble: heldOutLogLoss must be/],
  ];
  for (const [bad, message] of cases) {
    assert.throws(
      () => EnsembleFitModel.fromJSON(bad),
      (e: unknown) => e instanceof ModelFormatError && message.test(e.message),
      String(message),
    );
  }
  // what toJSON writes loads (a NaN loss is written as null and read back as NaN)
  const back = EnsembleFitModel.fromJSON({ ...json(), heldOutLogLoss: { members: [null], ensemble: 0.5 } });
  assert.ok(Number.isNaN(back.heldOutLogLoss.members[0]));
  assert.deepEqual(EnsembleFitModel.fromJSON(json()).heldOutLogLoss, ens.heldOutLogLoss);
});

// Review (models-a) finding 2: toJSON returned the ensemble's own heldOutLogLoss object.
test('editing the JSON of an ensemble does not change it', async () => {
  const ens = await new EnsembleFitModel({ members: [factories[0]], seed: 4 }).fit(train);
  const before = ens.heldOutLogLoss;
  const j = ens.toJSON() as unknown as { heldOutLogLoss: { members: number[]; ensemble: number } };
  j.heldOutLogLoss.members[0] = 99;
  j.heldOutLogLoss.ensemble = 99;
  assert.deepEqual(ens.heldOutLogLoss, before);
});

/** A fit model that is none of lib's classes: the class shares of its training labels (saved with its classes). */
class SharesFitModel implements FitModel {
  readonly kind = 'test-shares-fit';
  private shares: Float64Array | undefined;
  constructor(readonly classes: readonly string[] = FIT_CLASSES) {}
  get isFitted(): boolean {
    return this.shares !== undefined;
  }
  fit(d: ColumnarDataset): this {
    const counts = new Float64Array(3).fill(1);
    for (const c of fitLabelCodes(d, 'SharesFitModel')) if (c >= 0) counts[c]++;
    const total = counts.reduce((a, b) => a + b, 0);
    this.shares = counts.map((v) => v / total);
    return this;
  }
  predictProba(d: ColumnarDataset): Float64Array {
    const s = this.shares;
    if (s === undefined) throw new NotFittedError('SharesFitModel');
    return Float64Array.from({ length: d.length * 3 }, (_, t) => s[t % 3]);
  }
  toJSON(): EstimatorJSON {
    return { kind: this.kind, version: 1, classes: [...this.classes], shares: Array.from(this.shares!) };
  }
  static fromJSON(json: unknown): SharesFitModel {
    const o = checkEstimatorJSON<{ classes: string[]; shares: number[] }>(json, 'test-shares-fit', [1]);
    const m = new SharesFitModel(o.classes);
    m.shares = Float64Array.from(o.shares);
    return m;
  }
}
registerEstimator('test-shares-fit', SharesFitModel.fromJSON, ['classifier', 'supervised']);

/**
 * A matrix classifier that is none of lib's classes, built with the class names small, fit, large: it reads a
 * feature matrix (and says so by its numFeatures), as GradientBoostedTrees does.
 */
class SharesMatrixClassifier {
  readonly kind = 'test-shares-matrix';
  readonly classes = ['small', 'fit', 'large'];
  private p: number | undefined;
  get isFitted(): boolean {
    return this.p !== undefined;
  }
  get numFeatures(): number {
    if (this.p === undefined) throw new NotFittedError('SharesMatrixClassifier');
    return this.p;
  }
  fit(X: FeatureMatrix): this {
    if (!(X.data instanceof Float64Array)) throw new Error('X must be {data: Float64Array, n, p}');
    this.p = X.p;
    return this;
  }
  predictProba(X: FeatureMatrix): Float64Array {
    if (!(X.data instanceof Float64Array)) throw new Error('X must be {data: Float64Array, n, p}');
    return new Float64Array(X.n * 3).fill(1 / 3);
  }
  toJSON(): EstimatorJSON {
    return { kind: this.kind, version: 1, p: this.numFeatures };
  }
  static fromJSON(json: unknown): SharesMatrixClassifier {
    const m = new SharesMatrixClassifier();
    m.p = checkEstimatorJSON<{ p: number }>(json, 'test-shares-matrix', [1]).p;
    return m;
  }
}
registerEstimator('test-shares-matrix', SharesMatrixClassifier.fromJSON, ['classifier', 'supervised']);

// Review (models) item 1: members were told apart by class (GradientBoostedTrees, GbdtBag, LogisticRegression were
// refused by name), so a matrix classifier of any other class built with the class names small, fit, large loaded as
// a member and failed at prediction. Now what a member can do decides: it needs fit and predictProba of a dataset
// (a model of a feature matrix has numFeatures) and the classes small, fit, large; the error names what it lacks.
test('a member is accepted or refused for what it can do, not for its class, when loaded and when fitted', async () => {
  const notFit = (who: string, what: string): string =>
    `member ${who} is not a fit model with the classes [small, fit, large]: ${what}`;
  const matrix = 'it reads a feature matrix (it has numFeatures), not a dataset';
  // a fit model of another class is a member like lib's own, fitted or loaded
  const ens = await new EnsembleFitModel({ members: [() => new SharesFitModel(), factories[0]], seed: 4 }).fit(train);
  assert.ok(ens.members[0] instanceof SharesFitModel);
  const json = (): Record<string, unknown> => JSON.parse(JSON.stringify(ens.toJSON()));
  const back = EnsembleFitModel.fromJSON(json());
  assert.ok(back.members[0] instanceof SharesFitModel);
  assert.deepEqual(back.predictProba(test_), ens.predictProba(test_));
  // a matrix classifier of another class, with the class names small, fit, large, is refused at load...
  const n = 60;
  const X: FeatureMatrix = { data: Float64Array.from({ length: n }, (_, i) => i), n, p: 1, names: ['x0'] };
  const y = Int32Array.from({ length: n }, (_, i) => i % 3);
  const bag = new GbdtBag({
    seeds: [1, 2],
    workers: 0,
    gbdt: { numRounds: 2, minDataInLeaf: 5, classNames: [...FIT_CLASSES] },
  });
  const cases: [unknown, string][] = [
    [new SharesMatrixClassifier().fit(X).toJSON(), notFit("1 ('test-shares-matrix')", matrix)],
    [(bag.fit(X, y) as GbdtBag).toJSON(), notFit("1 ('gbdt-bag')", matrix)],
    [
      new SharesFitModel(['s', 'f', 'l']).fit(train).toJSON(),
      notFit("1 ('test-shares-fit')", 'its classes are ["s","f","l"]'),
    ],
  ];
  const members = json().members as unknown[];
  for (const [member, message] of cases) {
    assert.throws(
      () => EnsembleFitModel.fromJSON({ ...json(), members: [members[0], member] }),
      (e: unknown) => e instanceof ModelFormatError && e.message === `ensemble: ${message}`,
      message,
    );
  }
  // ... and before it is fitted, with the typed error of a bad argument
  await assert.rejects(
    new EnsembleFitModel({
      members: [() => new SharesFitModel(), () => new SharesMatrixClassifier() as unknown as FitModel],
    }).fit(train),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message === `EnsembleFitModel: ${notFit("1 ('test-shares-matrix')", matrix)}`,
  );
  // the check itself, on lib's models and on others
  assert.equal(fitModelProblem(new PriorFitModel()), undefined);
  assert.equal(fitModelProblem(new SharesFitModel()), undefined);
  assert.equal(fitModelProblem(new GradientBoostedTrees()), matrix);
  assert.equal(fitModelProblem(new LogisticRegression()), matrix);
  assert.equal(fitModelProblem(new GbdtBag({ seeds: [1] })), matrix);
  assert.equal(fitModelProblem({ kind: 'x', fit() {}, classes: FIT_CLASSES }), 'it has no predictProba method');
  assert.equal(fitModelProblem({ predictProba() {} }), 'it has no fit method');
  assert.equal(fitModelProblem(null), 'it is null');
});
