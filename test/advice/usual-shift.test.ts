import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, adviseSize, adviseSizes } from '../../lib/index.js';
import { StubFitModel, tinyDataset } from './advice-fixtures.js';

// ann's sizes 8, 10, 10: usual size 10 (median). bo: 4 and 2: usual 2 (lower median).
const history = tinyDataset([
  { user: 'ann', item: 'd1', size: 8, fit: 'fit', category: 'dress', height: 165 },
  { user: 'ann', item: 'd2', size: 10, fit: 'fit', category: 'dress' },
  { user: 'ann', item: 'd3', size: 10, fit: 'small', category: 'dress' },
  { user: 'bo', item: 'd1', size: 4, fit: 'fit', category: 'dress', height: 180 },
  { user: 'bo', item: 't1', size: 2, fit: 'large', category: 'top' },
]);

/** A stub whose probabilities at size 10 are `at10`; elsewhere P(fit) peaks at size 6. */
function stub(at10: [number, number, number]): StubFitModel {
  return new StubFitModel((_u, _i, s) => (s === 10 ? at10 : s === 6 ? [0.05, 0.9, 0.05] : [0.3, 0.4, 0.3]));
}
const sizes = [6, 8, 10, 12, 14];

test('usual-shift: the usual size when the model does not lean past the margin there', () => {
  const a = adviseSize(stub([0.3, 0.6, 0.1]), history, { customer: 'ann', item: 'd1', sizes }, { rule: 'usual-shift' });
  assert.equal(a.size, 10, 'lean 0.2 <= 0.3: stays at the usual size');
  assert.equal(a.source, 'model');
  assert.equal(a.confidence, 0.6);
  assert.equal(a.between, undefined);
  assert.match(a.reason, /usual size 10 .*differ by at most 0\.3/);
  // max-fit picks the P(fit) peak, 6.
  assert.equal(adviseSize(stub([0.3, 0.6, 0.1]), history, { customer: 'ann', item: 'd1', sizes }).size, 6);
});

test('usual-shift: one size up when it leans small, one down when it leans large, reported as between sizes', () => {
  const up = adviseSize(
    stub([0.5, 0.4, 0.1]),
    history,
    { customer: 'ann', item: 'd1', sizes },
    { rule: 'usual-shift', minFitProbability: 0 },
  );
  assert.equal(up.size, 12);
  assert.equal(up.confidence, 0.4, 'P(fit) at 12 from the stub');
  assert.deepEqual([up.between?.lower, up.between?.upper, up.between?.chosen], [2, 3, 3]);
  assert.match(up.reason, /^between sizes 10 and 12: at the usual size 10 P\(small\) 0\.50 vs P\(large\) 0\.10/);
  const down = adviseSize(
    stub([0.05, 0.5, 0.45]),
    history,
    { customer: 'ann', item: 'd1', sizes },
    { rule: 'usual-shift', minFitProbability: 0 },
  );
  assert.equal(down.size, 8);
  // A larger margin keeps the usual size; shiftMargin 0 moves on any lean.
  assert.equal(
    adviseSize(
      stub([0.5, 0.4, 0.1]),
      history,
      { customer: 'ann', item: 'd1', sizes },
      { rule: 'usual-shift', shiftMargin: 0.5, minFitProbability: 0 },
    ).size,
    10,
  );
  assert.equal(
    adviseSize(
      stub([0.31, 0.5, 0.29]),
      history,
      { customer: 'ann', item: 'd1', sizes },
      { rule: 'usual-shift', shiftMargin: 0, minFitProbability: 0 },
    ).size,
    12,
  );
});

test('usual-shift: the nearest available size to the usual one, no move past the largest, max-fit without a usual size', () => {
  // Usual 10 with sizes 4, 8, 11: nearest is 11 (distance 1); leaning small there cannot go further up.
  const m = new StubFitModel(() => [0.6, 0.35, 0.05]);
  const a = adviseSize(
    m,
    history,
    { customer: 'ann', item: 'd1', sizes: [4, 8, 11] },
    { rule: 'usual-shift', minFitProbability: 0 },
  );
  assert.equal(a.size, 11);
  // Before: the reason stopped at "... P(large) 0.05 there", as if it had more to say.
  assert.match(
    a.reason,
    /^the usual size 10 \(as 11\): P\(small\) 0\.60 and P\(large\) 0\.05 there: the model leans small by more than 0\.3, but no larger size is available;/,
  );
  assert.equal(a.between, undefined, 'no second size to be between');
  // An unseen customer with body fields has no usual size: max-fit (the P(fit) peak, 6).
  const [n] = adviseSizes(
    stub([0.3, 0.6, 0.1]),
    history,
    [{ customer: 'new', item: 'd1', sizes, body: { height_cm: 170 } }],
    { rule: 'usual-shift' },
  );
  assert.equal(n.size, 6);
  assert.throws(
    () => adviseSize(m, history, { customer: 'ann', item: 'd1', sizes }, { rule: 'coin' as never }),
    (e: unknown) => e instanceof InvalidArgumentError && /unknown advice rule 'coin'/.test(e.message),
  );
});

test('usual-shift: a usual size more than a step off the article sizes is said in the reason; the nearest stands in', () => {
  // ann's usual size is 10. The model leans large everywhere but at 24 (before: no word that 20 is far from 10).
  const m = new StubFitModel((_u, _i, s) => (s === 24 ? [0.1, 0.8, 0.1] : [0.05, 0.5, 0.45]));
  const opts = { rule: 'usual-shift' as const, minFitProbability: 0 };
  const far = adviseSize(m, history, { customer: 'ann', item: 'd1', sizes: [20, 22, 24] }, opts);
  assert.equal(far.size, 20, 'the nearest to 10, leaning large, cannot go down');
  assert.equal(
    far.reason,
    "the usual size 10 is more than a step (2) off this article's sizes 20-24, so the nearest stands in for it; " +
      'the usual size 10 (as 20): P(small) 0.05 and P(large) 0.45 there: the model leans large by more than 0.3, ' +
      'but no smaller size is available',
  );
  // the step is the article's own: sizes 13-14 (step 1) put 10 off them too
  const step1 = adviseSize(m, history, { customer: 'ann', item: 'd1', sizes: [13, 14, 24] }, opts);
  assert.match(step1.reason, /^the usual size 10 is more than a step \(1\) off this article's sizes 13-24/);
  // one step away is within reach: no warning
  const near = adviseSize(m, history, { customer: 'ann', item: 'd1', sizes: [12, 14, 24] }, opts);
  assert.equal(near.size, 12);
  assert.match(near.reason, /^the usual size 10 \(as 12\)/);
  // max-fit never says it
  assert.doesNotMatch(
    adviseSize(m, history, { customer: 'ann', item: 'd1', sizes: [20, 22, 24] }, { minFitProbability: 0 }).reason,
    /more than a step/,
  );
});

test('usual-shift: a low-confidence choice says so and names the size of highest P(fit) off the usual one', () => {
  // Before: "no size is likely enough to fit (P(fit) 0.30 < 0.5)" while size 6 had P(fit) 0.9.
  const a = adviseSize(
    stub([0.35, 0.3, 0.35]),
    history,
    { customer: 'ann', item: 'd1', sizes },
    { rule: 'usual-shift' },
  );
  assert.equal(a.noAdvice, 'low-confidence');
  assert.equal(a.confidence, 0.3, 'P(fit) at the size the rule chose');
  assert.match(
    a.reason,
    /^the usual-shift choice 10 is not likely enough to fit \(P\(fit\) 0\.30 < 0\.5\); 6 has P\(fit\) 0\.90/,
  );
  // when no size would pass, only the choice is named
  const flat = new StubFitModel(() => [0.35, 0.3, 0.35]);
  const b = adviseSize(flat, history, { customer: 'ann', item: 'd1', sizes }, { rule: 'usual-shift' });
  assert.equal(b.reason, 'the usual-shift choice 10 is not likely enough to fit (P(fit) 0.30 < 0.5)');
  assert.match(a.reason, /\(rule max-fit would advise it\)$/);
  // with unequal costs max-fit takes the lowest expected cost, so the note does not claim it
  const costly = adviseSize(
    stub([0.35, 0.3, 0.35]),
    history,
    { customer: 'ann', item: 'd1', sizes },
    { rule: 'usual-shift', costSmall: 2 },
  );
  assert.equal(costly.noAdvice, 'low-confidence');
  assert.match(costly.reason, /6 has P\(fit\) 0\.90/);
  assert.doesNotMatch(costly.reason, /max-fit/);
});

test('usual-shift weighs the lean by the misfit costs; equal costs are the plain P(small) - P(large)', () => {
  // Before: costSmall and costLarge were ignored by usual-shift. At 10: P(small) 0.4, P(large) 0.2, lean 0.2 <= 0.3.
  const at10: [number, number, number] = [0.4, 0.4, 0.2];
  const ask = (o: object) =>
    adviseSize(
      stub(at10),
      history,
      { customer: 'ann', item: 'd1', sizes },
      { rule: 'usual-shift', minFitProbability: 0, ...o },
    );
  assert.equal(ask({}).size, 10);
  assert.equal(ask({ costSmall: 2, costLarge: 2 }).size, 12, 'lean 0.4 > 0.3 with both costs doubled');
  assert.equal(ask({ costSmall: 2 }).size, 12, 'a too-small unit costs twice: 0.8 - 0.2 = 0.6 > 0.3');
  assert.equal(ask({ costLarge: 3 }).size, 10, '0.4 - 0.6 = -0.2: within the margin');
  assert.match(ask({ costLarge: 3 }).reason, /differ by at most 0\.3 \(weighted by the costs\)/);
  assert.match(ask({ costSmall: 2 }).reason, /^between sizes 10 and 12: /);
});

test('usual-shift: blocked at either end, the reason says which way the model leans and that no size is left', () => {
  // Before: "the usual size 6 (as 6): P(small) 0.60 and P(large) 0.05 there" and nothing more.
  const h = tinyDataset([
    { user: 'cy', item: 'd1', size: 6, fit: 'fit', category: 'dress' },
    { user: 'cy', item: 'd2', size: 8, fit: 'fit', category: 'dress' },
  ]);
  const P: Record<number, [number, number, number]> = { 4: [0.1, 0.8, 0.1], 6: [0.6, 0.35, 0.05] };
  const m = new StubFitModel((_u, _i, s) => P[s]);
  const opts = { rule: 'usual-shift' as const, minFitProbability: 0 };
  const up = adviseSize(m, h, { customer: 'cy', item: 'd1', sizes: [4, 6] }, opts);
  assert.equal(up.size, 6);
  assert.equal(up.between, undefined);
  assert.equal(
    up.reason,
    'the usual size 6 (as 6): P(small) 0.60 and P(large) 0.05 there: the model leans small by more than 0.3, ' +
      'but no larger size is available',
  );
  // Weighted by unequal costs (2 · 0.6 - 0.05 > 0.3), said as in the other usual-shift reasons.
  assert.match(
    adviseSize(m, h, { customer: 'cy', item: 'd1', sizes: [4, 6] }, { ...opts, costSmall: 2 }).reason,
    /leans small by more than 0\.3 \(weighted by the costs\), but no larger size is available$/,
  );
});

test('usual-shift: a one-size article other than the usual size is said, as a far usual size is', () => {
  // Before: "the usual size 10 (as 4): ..." with no word that 4 is not the customer's size.
  const m = new StubFitModel(() => [0.2, 0.7, 0.1]);
  const opts = { rule: 'usual-shift' as const, minFitProbability: 0 };
  const one = adviseSize(m, history, { customer: 'ann', item: 'd1', sizes: [4] }, opts);
  assert.equal(one.size, 4);
  assert.equal(
    one.reason,
    'the article has one size, 4, not the usual size 10; it stands in for it; ' +
      'the usual size 10 (as 4): P(small) 0.20 and P(large) 0.10 there differ by at most 0.3',
  );
  // the usual size itself: nothing to say
  assert.match(
    adviseSize(m, history, { customer: 'ann', item: 'd1', sizes: [10] }, opts).reason,
    /^the usual size 10 \(as 10\)/,
  );
});

test('usual-shift: when the usual size is not offered, the between-sizes reason gives the usual size and the size used', () => {
  // Before: "at the usual size 12" where ann's usual size is 10 (12 is the nearest offered).
  const model = new StubFitModel((_u, _i, s) => (s === 12 ? [0.6, 0.3, 0.1] : [0.3, 0.4, 0.3]));
  const a = adviseSize(
    model,
    history,
    { customer: 'ann', item: 'd1', sizes: [8, 12, 14] },
    { rule: 'usual-shift', minFitProbability: 0 },
  );
  assert.equal(a.size, 14);
  assert.match(
    a.reason,
    /^between sizes 12 and 14: at the usual size 10 \(as 12\) P\(small\) 0\.60 vs P\(large\) 0\.10/,
  );
  assert.equal(a.between?.reason, a.reason);
});
