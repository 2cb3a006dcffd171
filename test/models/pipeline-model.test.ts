import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  GbdtBag,
  GradientBoostedTrees,
  HoldoutSplit,
  LogisticRegression,
  PipelineModel,
  PriorFitModel,
  estimatorFromJSON,
  fitLabelCodes,
  generateSynthetic,
  multiclassAuc,
  sizeFitFeaturePipeline,
} from '../../lib/index.js';
import { withUnseenIds } from '../conformance/cases.js';

const data = generateSynthetic({ seed: 3, customers: 400, articles: 60 }).dataset;
const [fold] = new HoldoutSplit({ testFraction: 0.2, seed: 1 }).split(data.length);
const train = data.take(fold.train);
const test_ = data.take(fold.test);
const yTest = fitLabelCodes(test_, 'test');
const auc = (P: Float64Array): number => multiclassAuc(yTest, P, { multiClass: 'ovr', average: 'macro' });
const lrModel = (): PipelineModel =>
  new PipelineModel({ pipeline: sizeFitFeaturePipeline({ seed: 1 }), classifier: new LogisticRegression() });
const gbdt = (): GradientBoostedTrees =>
  new GradientBoostedTrees({ numRounds: 100, learningRate: 0.1, numLeaves: 15, earlyStoppingRounds: 10, seed: 1 });

describe('PipelineModel', () => {
  test('the logistic-regression pipeline beats the prior on held-out average AUC', async () => {
    const prior = auc(new PriorFitModel().fit(train).predictProba(test_));
    const lr = auc((await lrModel().fit(train)).predictProba(test_));
    assert.equal(prior, 0.5);
    assert.ok(lr > 0.75, `LR pipeline average AUC ${lr}`);
  });

  test('with an early-stopping classifier it holds out 10% of the training rows before fitting the pipeline', async () => {
    const m = await new PipelineModel({
      pipeline: sizeFitFeaturePipeline({ seed: 1 }),
      classifier: gbdt(),
      seed: 4,
    }).fit(train);
    // The same steps by hand: a seeded stratified 10% held out first, features of the rest, the held-out
    // rows transformed like test rows, passed as the validation set.
    const [v] = new HoldoutSplit({ testFraction: 0.1, strategy: 'stratified', seed: 4 }).split(
      train.length,
      fitLabelCodes(train, 'train'),
    );
    const pipeline = sizeFitFeaturePipeline({ seed: 1 });
    const fitRows = train.take(v.train);
    const X = pipeline.fitTransform(fitRows);
    const valRows = train.take(v.test);
    const g = gbdt().fit(X, fitLabelCodes(fitRows, 'x'), {
      validation: { X: pipeline.transform(valRows), y: fitLabelCodes(valRows, 'x') },
    });
    assert.deepEqual(m.predictProba(test_), g.predictProba(pipeline.transform(test_)));
    assert.ok(g.evalHistory.length > 0 && g.bestIteration < 100);
    assert.ok(auc(m.predictProba(test_)) > 0.75);
    // validationFraction 0: the classifier gets all rows (and carves its own validation internally).
    const all = new PipelineModel({
      pipeline: sizeFitFeaturePipeline({ seed: 1 }),
      classifier: gbdt(),
      validationFraction: 0,
    });
    assert.notDeepEqual((await all.fit(train)).predictProba(test_), m.predictProba(test_));
  });

  test('unseen customers and articles get finite probabilities; the round trip predicts identically', async () => {
    const m = await lrModel().fit(train);
    const rows = withUnseenIds(test_, 20);
    const P = m.predictProba(rows);
    for (let i = 0; i < 20; i++) {
      const r = P.subarray(i * 3, i * 3 + 3);
      assert.ok(r.every(Number.isFinite) && Math.abs(r[0] + r[1] + r[2] - 1) < 1e-12);
    }
    const back = estimatorFromJSON<PipelineModel>(JSON.parse(JSON.stringify(m.toJSON())));
    assert.deepEqual(back.predictProba(rows), P);
    assert.equal(back.classifier.kind, 'logistic-regression');
  });

  test('fit returns a Promise while its classifier grows forests in worker threads, and its type says so', async () => {
    const m = new PipelineModel({
      pipeline: sizeFitFeaturePipeline({ seed: 1 }),
      classifier: new GbdtBag({ seeds: [1, 2], gbdt: { numRounds: 10 }, workers: 2 }),
      validationFraction: 0,
    });
    const pending = m.fit(train);
    assert.ok(pending instanceof Promise);
    assert.equal(m.isFitted, false);
    assert.equal(await pending, m);
    assert.equal(m.isFitted, true);
    assert.ok(auc(m.predictProba(test_)) > 0.75);
    // Type check (tsc): the result of fit cannot be used as the model without await.
    // @ts-expect-error -- fit(...) is `this | Promise<this>`
    const unawaited = (): Float64Array => m.fit(train).predictProba(test_);
    assert.equal(typeof unawaited, 'function');
  });

  // Review (models-a) finding 3: 'auto' read only `options.earlyStoppingRounds`, so a GbdtBag whose forests
  // early-stop (`options.gbdt.earlyStoppingRounds`) got no validation rows and each forest carved its own.
  test("validationFraction 'auto' holds out 10% for a GbdtBag whose forests early-stop, as for one forest", async () => {
    const lines: string[] = [];
    const fitted = async (classifier: GbdtBag | GradientBoostedTrees): Promise<string | undefined> => {
      lines.length = 0;
      await new PipelineModel({ pipeline: sizeFitFeaturePipeline({ seed: 1 }), classifier }).fit(train, {
        log: (line) => lines.push(line),
      });
      return lines.find((l) => l.includes(` ${classifier.kind} on `));
    };
    const es = { numRounds: 5, earlyStoppingRounds: 2 };
    const one = await fitted(new GradientBoostedTrees(es));
    const match = /^PipelineModel: gbdt on (\d+) x (\d+), validation (\d+)$/.exec(one ?? '');
    assert.ok(match !== null && Number(match[1]) + Number(match[3]) === train.length, one);
    const bag = await fitted(new GbdtBag({ seeds: [1], gbdt: es, workers: 0 }));
    assert.equal(bag, one!.replace(' gbdt on ', ' gbdt-bag on '));
    // without early stopping nothing is held out
    const plain = await fitted(new GbdtBag({ seeds: [1], gbdt: { numRounds: 5 }, workers: 0 }));
    assert.equal(plain, `PipelineModel: gbdt-bag on ${train.length} x ${match![2]}`);
  });

  test('refuses a bad validationFraction', () => {
    const m = new PipelineModel({
      pipeline: sizeFitFeaturePipeline(),
      classifier: new LogisticRegression(),
      validationFraction: 1,
    });
    assert.throws(() => m.fit(train), /validationFraction must be in \[0, 1\)/);
  });
});
