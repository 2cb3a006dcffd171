import { test } from 'node:test';
import assert from 'node:assert/strict';
import { avgOvrAuc, bootstrapCi, evaluateProbabilities, InvalidArgumentError } from '../../lib/index.js';

const y = Int32Array.from([0, 1, 2, 0, 1, 2]);
const P = Float64Array.from([0.7, 0.2, 0.1, 0.2, 0.5, 0.3, 0.1, 0.3, 0.6, 0.3, 0.4, 0.3, 0.5, 0.3, 0.2, 0.2, 0.2, 0.6]);

test('evaluateProbabilities reports the hand-computed metrics of the example, JSON-able', () => {
  const r = evaluateProbabilities(y, P, { samples: 200, seed: 1 });
  assert.equal(r.records, 6);
  assert.deepEqual(r.auc, { small: 0.875, fit: 0.8125, large: 1 });
  assert.ok(Math.abs(r.avgAuc - 2.6875 / 3) < 1e-12);
  assert.ok(Math.abs(r.accuracy - 4 / 6) < 1e-12);
  assert.ok(Math.abs(r.macroF1 - 2 / 3) < 1e-12);
  assert.ok(Math.abs(r.logLoss - 0.7465698301137552) < 1e-12);
  assert.ok(Math.abs(r.brier - 2.54 / 6) < 1e-12);
  assert.deepEqual(r.confusion, [
    [1, 1, 0],
    [1, 1, 0],
    [0, 0, 2],
  ]);
  assert.ok(r.avgAucCi[0] <= r.avgAuc && r.avgAuc <= r.avgAucCi[1]);
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
  assert.deepEqual(Object.keys(r).sort(), [
    'accuracy',
    'auc',
    'avgAuc',
    'avgAucCi',
    'avgAucCiResamples',
    'brier',
    'confusion',
    'logLoss',
    'macroF1',
    'records',
  ]);
});

test('class names are a parameter; their count must match P', () => {
  const r = evaluateProbabilities([0, 1, 1, 0], [0.8, 0.2, 0.3, 0.7, 0.4, 0.6, 0.6, 0.4], {
    classNames: ['no', 'yes'],
    samples: 50,
  });
  assert.deepEqual(r.auc, { no: 1, yes: 1 });
  assert.throws(() => evaluateProbabilities([0, 1], [0.5, 0.5, 0.5, 0.5]), InvalidArgumentError);
});

test('allowUndefinedAuc: a class without rows gets a NaN AUC, avgAuc and interval; the rest as computed by hand', () => {
  // The example's rows of small and fit only (no large row).
  const y2 = Int32Array.from([0, 1, 0, 1]);
  const P2 = Float64Array.from([0.7, 0.2, 0.1, 0.2, 0.5, 0.3, 0.3, 0.4, 0.3, 0.5, 0.3, 0.2]);
  assert.throws(() => evaluateProbabilities(y2, P2, { samples: 0 }), /AUC of 'large' is undefined/);
  const r = evaluateProbabilities(y2, P2, { samples: 100, allowUndefinedAuc: true });
  // small: positives 0.7, 0.3 against negatives 0.2, 0.5: 3 of 4 pairs ordered; fit likewise (0.5, 0.3 vs 0.2, 0.4).
  assert.equal(r.auc.small, 0.75);
  assert.equal(r.auc.fit, 0.75);
  assert.ok(Number.isNaN(r.auc.large));
  assert.ok(Number.isNaN(r.avgAuc));
  assert.ok(r.avgAucCi.every(Number.isNaN));
  assert.equal(r.accuracy, 0.5);
  assert.deepEqual(r.confusion, [
    [1, 1, 0],
    [1, 1, 0],
    [0, 0, 0],
  ]);
  const json = JSON.parse(JSON.stringify(r)) as { avgAuc: unknown; auc: Record<string, unknown> };
  assert.equal(json.avgAuc, null);
  assert.equal(json.auc.large, null);
});

test('a class name given twice is refused, naming it', () => {
  // Before: classNames ['a', 'a', 'b'] gave auc { a, b }: the first class's AUC was overwritten by the second's.
  const y = [0, 1, 2, 0, 1, 2];
  const P = [0.7, 0.2, 0.1, 0.2, 0.5, 0.3, 0.1, 0.3, 0.6, 0.3, 0.4, 0.3, 0.5, 0.3, 0.2, 0.2, 0.2, 0.6];
  assert.throws(
    () => evaluateProbabilities(y, P, { classNames: ['a', 'a', 'b'], samples: 0 }),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message ===
        "evaluateProbabilities: class name 'a' is given twice (classes 0 and 1): each class needs its own name",
  );
  assert.throws(() => evaluateProbabilities(y, P, { classNames: ['a', 'b', 'a'], samples: 0 }), /'a' is given twice/);
  assert.deepEqual(Object.keys(evaluateProbabilities(y, P, { classNames: ['a', 'b', 'c'], samples: 0 }).auc), [
    'a',
    'b',
    'c',
  ]);
});

/** 40 rows: row 0 the one row of class 2, the others alternate classes 0 and 1; each row leans to its class. */
function rareClass(): { y: number[]; P: number[] } {
  const y = Array.from({ length: 40 }, (_, i) => (i === 0 ? 2 : i % 2));
  const P = y.flatMap((c, i) => {
    const a = [0.2 + ((i * 7) % 5) / 10, 0.2 + ((i * 3) % 4) / 10, 0.2 + ((i * 5) % 3) / 10];
    a[c] += 0.25;
    const s = a[0] + a[1] + a[2];
    return a.map((v) => v / s);
  });
  return { y, P };
}

test('avgAucCiResamples: how many resamples the interval used and dropped (a rare class missing from them)', () => {
  // Before: the report kept only [low, high]: that 1 resample in 3 had no row of the rare class and was dropped
  // (the interval is over the resamples in which every class appears) was nowhere to be seen.
  const { y, P } = rareClass();
  const r = evaluateProbabilities(y, P, { samples: 1000, seed: 1 });
  const ci = bootstrapCi(avgOvrAuc, y, P, { samples: 1000, seed: 1 });
  assert.deepEqual(r.avgAucCi, [ci.low, ci.high], "the interval is bootstrapCi's, unchanged");
  assert.deepEqual(r.avgAucCiResamples, { used: ci.samples, dropped: ci.invalid });
  assert.equal(r.avgAucCiResamples.used + r.avgAucCiResamples.dropped, 1000);
  // A resample lacks the one class-2 row with probability (1 - 1/40)^40 = 0.363: 363 of 1000, sd 15.
  const expected = 1000 * (1 - 1 / 40) ** 40;
  assert.ok(Math.abs(r.avgAucCiResamples.dropped - expected) < 4 * 15.2, `dropped ${r.avgAucCiResamples.dropped}`);
  assert.deepEqual(JSON.parse(JSON.stringify(r)).avgAucCiResamples, r.avgAucCiResamples);
  assert.deepEqual(
    evaluateProbabilities(y, P, { samples: 0 }).avgAucCiResamples,
    { used: 0, dropped: 0 },
    'no interval',
  );
  // Ten rows of each class: none dropped.
  const ordinary = evaluateProbabilities(
    [...y.slice(1, 21), 2, 2, 2, 2, 2, 2, 2, 2, 2, 2],
    [...P.slice(3, 63), ...Array.from({ length: 10 }, () => [0.2, 0.2, 0.6]).flat()],
    { samples: 200, seed: 1 },
  );
  assert.deepEqual(ordinary.avgAucCiResamples, { used: 200, dropped: 0 });
});
