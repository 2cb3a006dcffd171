import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError, MetricInputError, logLoss, oneVsRestAuc, rocAuc } from '../../lib/index.js';

test('MetricInputError carries its row and class code as data, and says them in its message', () => {
  const atRow = MetricInputError.atRow('myMetric', 3, 'weight -1 is negative');
  assert.ok(atRow instanceof InvalidArgumentError);
  assert.equal(atRow.code, 'INVALID_ARGUMENT');
  assert.equal(atRow.message, 'myMetric: row 3: weight -1 is negative');
  assert.equal(atRow.row, 3);
  assert.equal(atRow.classCode, undefined);
  const ofClass = new MetricInputError((at) => `myMetric: no row of ${at.class} is scored`, { classCode: 2 });
  assert.equal(ofClass.message, 'myMetric: no row of class 2 is scored');
  assert.equal(ofClass.classCode, 2);
  const named = new MetricInputError((at) => `myMetric: no row of ${at.class} is scored`, {
    classCode: 2,
    classNames: ['small', 'fit', 'large'],
  });
  assert.equal(named.message, "myMetric: no row of 'large' is scored");
  assert.equal(named.className, 'large');
  // a driver says the row and names the class its own way; an absent row stays absent
  assert.equal(
    atRow.messageWith('test row 3 (data row 41)'),
    'myMetric: test row 3 (data row 41): weight -1 is negative',
  );
  assert.equal(ofClass.messageWith('', ['S', 'M', 'L']), "myMetric: no row of 'L' is scored");
  assert.equal(named.messageWith(''), "myMetric: no row of 'large' is scored");
});

test("the library's metrics throw MetricInputError with the row or class of their input", () => {
  const y = [0, 1, 0];
  const P = [0.5, 0.5, 0.25, 0.5, 0.9, 0.1];
  assert.throws(
    () => logLoss(y, P),
    (e: unknown) =>
      e instanceof MetricInputError &&
      e.row === 1 &&
      e.classCode === undefined &&
      e.message === 'logLoss: row 1: probabilities sum to 0.75, not 1',
  );
  assert.throws(
    () => oneVsRestAuc([0, 1, 0], [0.6, 0.3, 0.1, 0.2, 0.7, 0.1, 0.5, 0.4, 0.1], { classNames: ['s', 'f', 'l'] }),
    (e: unknown) =>
      e instanceof MetricInputError &&
      e.classCode === 2 &&
      e.row === undefined &&
      e.message === "one-vs-rest AUC of 'l' is undefined: it has no positive or no negative row",
  );
  assert.throws(
    () => rocAuc([0, 1, 2], [0.1, 0.2, 0.3]),
    (e: unknown) =>
      e instanceof MetricInputError && e.row === 2 && e.message === 'rocAuc: row 2: label 2 is not 0 or 1',
  );
});
