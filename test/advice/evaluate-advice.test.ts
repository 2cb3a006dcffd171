import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  HoldoutSplit,
  InvalidArgumentError,
  evaluateHeldOutAdvice,
  evaluateSyntheticAdvice,
  generateSynthetic,
  syntheticSizeSystem,
} from '../../lib/index.js';
import { StubFitModel, marginProba, tinyDataset } from './advice-fixtures.js';
import { withColumn } from '../features/make-dataset.js';

const synthetic = generateSynthetic({ seed: 2, customers: 1500, articles: 150, purchases: 15000 });
const fold = new HoldoutSplit({ testFraction: 0.2, seed: 0 }).split(synthetic.dataset.length)[0];
const articles = new Map(synthetic.truth.articles.map((a) => [a.itemId, a]));
const holder = new Map(synthetic.truth.persons.filter((p) => p.role === 0).map((p) => [p.userId, p]));

/** A FitModel that knows the account holder's true size and the article offset, shifted by `shift` labels. */
const oracle = (shift: number) =>
  new StubFitModel((customer, item, size) => {
    const art = articles.get(item)!;
    const sys = syntheticSizeSystem(art.sizeSystem);
    const label = (size / 2 - sys.firstFine) / sys.fineStep;
    return marginProba(label - shift - (holder.get(customer)!.trueSize[art.sizeSystem] + art.offset), 0.15);
  });

test('synthetic: an oracle model advises the best size and lowers the simulated return rate', () => {
  const ev = evaluateSyntheticAdvice(oracle(0), synthetic, fold.train, fold.test, { availableSizes: 'system' });
  assert.equal(ev.rows, fold.test.length);
  assert.ok(ev.advised > 0.9 * ev.rows, `advised ${ev.advised}`);
  // Shared accounts' second persons (about 5% of rows) get the holder's size.
  assert.ok(ev.accuracy > 0.85, `accuracy ${ev.accuracy}`);
  assert.ok(ev.accuracy > ev.boughtAccuracy + 0.2, `${ev.accuracy} vs bought ${ev.boughtAccuracy}`);
  assert.ok(ev.withinOne > 0.95);
  assert.ok(
    ev.returnRateWithAdvice < ev.returnRateBought - 0.05,
    `${ev.returnRateWithAdvice} vs ${ev.returnRateBought}`,
  );
  assert.ok(ev.misfitRateWithAdvice < ev.misfitRateBought);
  // The bought return rate is the generator's: about its observed rate of returns.
  const returned = synthetic.dataset.numbers('returned');
  const observed = Array.from(fold.test).reduce((s, i) => s + returned[i], 0) / fold.test.length;
  assert.ok(Math.abs(ev.returnRateBought - observed) < 0.05, `${ev.returnRateBought} vs observed ${observed}`);
});

test('synthetic: advice two sizes too large raises returns (the evaluation can fail a model)', () => {
  const ev = evaluateSyntheticAdvice(oracle(-2), synthetic, fold.train, fold.test, { availableSizes: 'system' });
  assert.ok(ev.accuracy < 0.1, `accuracy ${ev.accuracy}`);
  assert.ok(ev.returnRateWithAdvice > ev.returnRateBought + 0.2);
});

test('synthetic: a row index that is not an integer row of the data is an InvalidArgumentError naming it', () => {
  // Before: a fractional test row passed the range check and failed with a TypeError reading truth.articles[undefined].
  const n = synthetic.dataset.length;
  const cases: [number[], number[], RegExp][] = [
    [
      [0, 1, 2],
      [3, 1.5],
      /^testRows\[1\] is 1\.5, not a row index of the synthetic dataset \(an integer in 0\.\.14999\)$/,
    ],
    [[0.5], [3], /^trainRows\[0\] is 0\.5, not a row index/],
    [[0], [NaN], /^testRows\[0\] is NaN, not a row index/],
    [[0], [-1], /^testRows\[0\] is -1, not a row index/],
    [[0, n], [1], /^trainRows\[1\] is 15000, not a row index/],
  ];
  for (const [train, testRows, re] of cases) {
    assert.throws(
      () => evaluateSyntheticAdvice(oracle(0), synthetic, train, testRows),
      (e: unknown) => e instanceof InvalidArgumentError && re.test(e.message),
      re.source,
    );
  }
});

test('held-out protocol: hand-computed exact, within-one and direction scores against the baselines', () => {
  const train = tinyDataset([
    { user: 'a', item: 'x', size: 4, fit: 'fit' },
    { user: 'a', item: 'y', size: 6, fit: 'fit' },
    { user: 'b', item: 'x', size: 8, fit: 'fit' },
    { user: 'b', item: 'x', size: 8, fit: 'fit' },
    { user: 'c', item: 'x', size: 6, fit: 'fit' },
    { user: 'c', item: 'y', size: 10, fit: 'large' },
  ]);
  // x offers 4, 6, 8 (mode 8); y offers 6, 10 (mode 6).
  const test = tinyDataset([
    { user: 'a', item: 'x', size: 4, fit: 'fit' }, // model 6 (a is size 6): within one; usual 4 (a: 4, 6 → 4) exact; mode 8
    { user: 'b', item: 'y', size: 6, fit: 'small' }, // model 10 (b is 9 → nearest of 6, 10 is 10): larger ✓; usual 8→6 or 10: tie → 6 ✗; mode 6 ✗
    { user: 'c', item: 'y', size: 10, fit: 'large' }, // model 6 (c is 6) smaller ✓; usual 6 ✓; mode 6 ✓
    { user: 'a', item: 'z', size: 4, fit: 'fit' }, // article unseen: not asked
    { user: 'a', item: 'x', size: 6, fit: null }, // no label: not asked
  ]);
  const size: Record<string, number> = { a: 6, b: 9, c: 6 };
  const model = new StubFitModel((u, _i, s) => marginProba((s - size[u]) / 2));
  const ev = evaluateHeldOutAdvice(model, train, test, { minFitProbability: 0 });
  assert.equal(ev.rows, 3);
  assert.deepEqual(ev.model, {
    advised: 3,
    fitRows: 1,
    exact: 0,
    withinOne: 1,
    smallRows: 1,
    smallDirection: 1,
    largeRows: 1,
    largeDirection: 1,
    agreement: 2 / 3, // the small and the large row agree, the fit row does not (advised 6, took 4)
  });
  assert.equal(ev.usualSize.agreement, 2 / 3); // exact on the fit row and right on the large one
  assert.equal(ev.articleMode.agreement, 1 / 3);
  assert.deepEqual([ev.usualSize.exact, ev.usualSize.smallDirection, ev.usualSize.largeDirection], [1, 0, 1]);
  assert.deepEqual(
    [ev.articleMode.exact, ev.articleMode.withinOne, ev.articleMode.smallDirection, ev.articleMode.largeDirection],
    [0, 0, 0, 1],
  );
  assert.equal(ev.modelCommon.advised, 3);
  // Each question is asked on its held-out row's review date.
  const dates = Float64Array.from([17001, 17002, 17003, 17004, 17005]);
  const datedTest = withColumn(test, 'review_date', { type: 'number', values: dates });
  const datedTrain = withColumn(train, 'review_date', {
    type: 'number',
    values: new Float64Array(train.length).fill(1),
  });
  const asked: number[] = [];
  const spy = new StubFitModel((u, _i, s) => marginProba((s - size[u]) / 2));
  const predict = spy.predictProba.bind(spy);
  spy.predictProba = (data) => {
    asked.push(...data.numbers('review_date'));
    return predict(data);
  };
  evaluateHeldOutAdvice(spy, datedTrain, datedTest, { minFitProbability: 0 });
  // Rows 0-2 are asked (x offers 3 sizes, y 2), rows 3-4 are not.
  assert.deepEqual(asked, [17001, 17001, 17001, 17002, 17002, 17003, 17003]);
});
