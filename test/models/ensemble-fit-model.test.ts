import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  EnsembleFitModel,
  GradientBoostedTrees,
  HoldoutSplit,
  LogisticRegression,
  ModelFormatError,
  NotFittedError,
  PipelineModel,
  PriorFitModel,
  estimatorFromJSON,
  fitLabelCodes,
  generateSynthetic,
  logLoss,
  multiclassAuc,
  sizeFitFeaturePipeline,
  type ColumnarDataset,
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
  const notFitModel = /^ensemble: member 0 \('gbdt'\) is not a fit model with the classes \[small, fit, large\]$/;
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
