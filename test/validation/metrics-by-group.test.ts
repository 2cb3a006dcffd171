import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, MetricInputError, SizefitError, metricsByGroup } from '../../lib/index.js';

const right = (c: number): number[] => [0, 1, 2].map((j) => (j === c ? 0.8 : 0.1));

/**
 * Labels that pass metricsByGroup's check of the whole input and turn bad (row 4 reads `label`) once the last group
 * code has been read, as an ArrayLike may: the group's own metric then refuses the row.
 */
function labelsTurningBad(y: number[], groups: number[], label: number): { y: ArrayLike<number>; groups: number[] } {
  let bad = false;
  const last = String(groups.length - 1);
  return {
    y: new Proxy(y, { get: (t, k) => (bad && k === '4' ? label : Reflect.get(t, k)) }),
    groups: new Proxy(groups, {
      get: (t, k) => {
        if (k === last) bad = true;
        return Reflect.get(t, k);
      },
    }),
  };
}

test('metricsByGroup: an error subclass thrown in one group keeps its class, code and fields, naming the group', () => {
  // Before: it was thrown again as a plain SizefitError: a MetricInputError (an InvalidArgumentError) failed the
  // callers' `instanceof InvalidArgumentError` and lost its row.
  const y = [0, 1, 2, 0, 1, 2];
  const P = y.flatMap((c) => right(c));
  const input = labelsTurningBad(y, [0, 0, 0, 1, 1, 1], 7);
  let thrown: unknown;
  assert.throws(
    () => metricsByGroup(input.y, P, input.groups, ['a', 'b']),
    (e: unknown) => {
      thrown = e;
      return true;
    },
  );
  const e = thrown as MetricInputError;
  assert.ok(e instanceof MetricInputError, String(e));
  assert.ok(e instanceof InvalidArgumentError);
  assert.equal(e.name, 'MetricInputError');
  assert.equal(e.code, 'INVALID_ARGUMENT');
  assert.ok(e.cause instanceof MetricInputError);
  const cause = e.cause;
  assert.match(cause.message, /^\w+: row 1: label 7 is not a class code in 0\.\.2$/);
  assert.equal(e.message, `metricsByGroup: group 'b' (3 rows): ${cause.message}`);
  assert.deepEqual([e.row, e.classCode], [cause.row, cause.classCode]);
  // its message is still rebuilt from its data, as the validation drivers do
  assert.equal(
    e.messageWith('test row 1 (data row 4)'),
    `metricsByGroup: group 'b' (3 rows): ${cause.messageWith('test row 1 (data row 4)')}`,
  );
  assert.ok(!Object.keys(e).includes('cause'), 'cause is not enumerable, as Error sets it');
});

test('metricsByGroup: a plain SizefitError from a group stays one, with its code and cause', () => {
  // One resample of 5 rows of 3 classes lacks a class: the interval is undefined (BOOTSTRAP_FAILED).
  const y = [0, 1, 2, 0, 1, 2, 0, 1];
  const P = y.flatMap((c) => right(c));
  assert.throws(
    () => metricsByGroup(y, P, [0, 0, 0, 1, 1, 1, 1, 1], ['a', 'b'], { samples: 1, seed: 10 }),
    (e: unknown) =>
      e instanceof SizefitError &&
      Object.getPrototypeOf(e) === SizefitError.prototype &&
      e.name === 'SizefitError' &&
      e.code === 'BOOTSTRAP_FAILED' &&
      e.message === "metricsByGroup: group 'b' (5 rows): bootstrapCi: the metric is undefined on every resample" &&
      e.cause instanceof SizefitError &&
      e.cause.message === 'bootstrapCi: the metric is undefined on every resample',
  );
});
