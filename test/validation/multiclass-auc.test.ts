import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  avgOvrAuc,
  FIT_CLASSES,
  InvalidArgumentError,
  multiclassAuc,
  oneVsRestAuc,
  ovrAucMetric,
} from '../../lib/index.js';

// Hand example (3 classes, 6 rows). One-vs-rest AUCs by counting pairs:
// class 0: positives {0.7, 0.3} vs negatives {0.2, 0.1, 0.5, 0.2}: (4 + 3) / 8 = 0.875
// class 1: positives {0.5, 0.3} vs negatives {0.2, 0.3, 0.4, 0.2}: (4 + 2.5) / 8 = 0.8125 (one tie)
// class 2: positives {0.6, 0.6} vs negatives {0.1, 0.3, 0.3, 0.2}: 8 / 8 = 1
const y = Int32Array.from([0, 1, 2, 0, 1, 2]);
const P = Float64Array.from([0.7, 0.2, 0.1, 0.2, 0.5, 0.3, 0.1, 0.3, 0.6, 0.3, 0.4, 0.3, 0.5, 0.3, 0.2, 0.2, 0.2, 0.6]);

test('oneVsRestAuc gives the hand-computed per-class AUCs', () => {
  assert.deepEqual(Array.from(oneVsRestAuc(y, P)), [0.875, 0.8125, 1]);
});

test('multiclassAuc macro is the unweighted mean of the per-class AUCs', () => {
  const macro = multiclassAuc(y, P, { multiClass: 'ovr', average: 'macro' });
  assert.ok(Math.abs(macro - (0.875 + 0.8125 + 1) / 3) < 1e-12);
  assert.ok(Math.abs(avgOvrAuc(y, P) - macro) < 1e-15);
});

test('multiclassAuc weighted uses class prevalence', () => {
  // Drop row 3 (a class-0 row): prevalences 1/5, 2/5, 2/5.
  const y2 = Int32Array.from([0, 1, 2, 1, 2]);
  const P2 = Float64Array.from([0.7, 0.2, 0.1, 0.2, 0.5, 0.3, 0.1, 0.3, 0.6, 0.5, 0.3, 0.2, 0.2, 0.2, 0.6]);
  const per = oneVsRestAuc(y2, P2);
  const w = multiclassAuc(y2, P2, { multiClass: 'ovr', average: 'weighted' });
  assert.ok(Math.abs(w - (per[0] * 1 + per[1] * 2 + per[2] * 2) / 5) < 1e-12);
  assert.notEqual(w, multiclassAuc(y2, P2, { multiClass: 'ovr', average: 'macro' }));
});

test('multiclassAuc requires the caller to choose one-vs-rest', () => {
  const bad = { average: 'macro' } as unknown as Parameters<typeof multiclassAuc>[2];
  assert.throws(() => multiclassAuc(y, P, bad), /multiClass must be 'ovr'/);
});

test('a class without positives throws InvalidArgumentError naming the class', () => {
  const y3 = Int32Array.from([0, 1, 0, 1]);
  const P3 = Float64Array.from([0.6, 0.3, 0.1, 0.2, 0.7, 0.1, 0.5, 0.4, 0.1, 0.3, 0.3, 0.4]);
  assert.throws(
    () => multiclassAuc(y3, P3, { multiClass: 'ovr', average: 'macro', classNames: FIT_CLASSES }),
    (e: unknown) => e instanceof InvalidArgumentError && /'large'/.test(e.message),
  );
  assert.throws(() => oneVsRestAuc(y3, P3), /class 2/);
});

test('oneVsRestAuc with allowUndefined gives NaN for a class without positives and the others as usual', () => {
  // Class 0: positives {0.6, 0.5} vs negatives {0.2, 0.4}: 1; class 1: positives {0.7, 0.3} vs {0.3, 0.4}: 2.5 / 4.
  const y3 = Int32Array.from([0, 1, 0, 1]);
  const P3 = Float64Array.from([0.6, 0.3, 0.1, 0.2, 0.7, 0.1, 0.5, 0.4, 0.1, 0.4, 0.3, 0.3]);
  const auc = oneVsRestAuc(y3, P3, { allowUndefined: true });
  assert.deepEqual([auc[0], auc[1]], [1, 0.625]);
  assert.ok(Number.isNaN(auc[2]));
});

test('labels outside 0..k-1 and a P of the wrong size throw', () => {
  assert.throws(() => oneVsRestAuc(Int32Array.from([0, 3]), new Float64Array(6)), /label 3/);
  assert.throws(() => oneVsRestAuc(Int32Array.from([0, 1]), new Float64Array(5)), /not a multiple/);
});

test('ovrAucMetric(c) is the one-vs-rest AUC of class c, also through its prepared path', () => {
  assert.equal(ovrAucMetric(1)(y, P), 0.8125);
  assert.equal(ovrAucMetric(1).prepare!(y, P)(new Float64Array(6).fill(1)), 0.8125);
  // Weight 2 on row 4 (a class-1 positive scoring 0.3): pairs (4 x 2 + 2.5 x 2) / (3 x 4) ... counted by hand:
  // positives {0.5 (w1), 0.3 (w2)}; 0.5 beats all 4 negatives (4), 0.3 scores 2.5 per unit weight (5).
  const w = [1, 1, 1, 1, 2, 1];
  assert.ok(Math.abs(ovrAucMetric(1)(y, P, w) - 9 / 12) < 1e-15);
  assert.ok(Math.abs(ovrAucMetric(1).prepare!(y, P)(w) - 9 / 12) < 1e-15);
  assert.throws(() => ovrAucMetric(5)(y, P), /no class 5/);
});
