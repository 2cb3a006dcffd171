import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateProbabilities, InvalidArgumentError } from '../../lib/index.js';

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
