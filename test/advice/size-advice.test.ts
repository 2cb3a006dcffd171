import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdviceHistory,
  InvalidArgumentError,
  PURCHASE_OUTCOME_COLUMNS,
  SizeError,
  adviseSize,
  adviseSizes,
  buildCandidateRows,
  chooseSize,
  parseSize,
  requestGivenColumns,
} from '../../lib/index.js';
import { StubFitModel, marginProba, tinyDataset } from './advice-fixtures.js';
import { withColumn } from '../features/make-dataset.js';

const history = tinyDataset([
  { user: 'ann', item: 'd1', size: 8, fit: 'fit', category: 'dress', height: 165, bodyType: 'pear', rating: 10 },
  { user: 'ann', item: 'd2', size: 10, fit: 'small', category: 'dress', height: 166, bodyType: null, rating: 8 },
  { user: 'bo', item: 'd1', size: 4, fit: 'fit', category: 'dress', height: 180, bodyType: 'athletic' },
  { user: 'bo', item: 't1', size: 2, fit: 'large', category: 'top' },
]);

/** An unseen customer asking about a letter-sized article unknown to the history. */
const LETTER_TOP = {
  customer: 'zoe',
  item: 'top-1',
  sizes: [0, 1, 2, 3, 4],
  labels: ['XS', 'S', 'M', 'L', 'XL'],
  sizeSystem: 'letter',
};

test('the advised size is where the stub model P(fit) peaks; P comes from one predictProba call', () => {
  // True size 9: P(fit) peaks at 8 and 10 equally far... use a true size of 10.2 so 10 is the peak.
  const model = new StubFitModel((_u, _i, s) => marginProba((s - 10.2) / 2));
  const a = adviseSize(model, history, { customer: 'ann', item: 'd1', sizes: [6, 8, 10, 12, 14] });
  assert.equal(model.calls, 1);
  assert.equal(a.source, 'model');
  assert.equal(a.size, 10);
  assert.equal(a.index, 2);
  assert.ok(Math.abs(a.confidence - marginProba(-0.1)[1]) < 1e-12);
  assert.equal(a.between, undefined);
  assert.equal(a.noAdvice, undefined);
  // Rows copy ann's latest body fields (height 166, body type from the latest row that has one) and the article's category.
  assert.deepEqual(
    model.lastRows.map((r) => [r.user_id, r.item_id, r.size, r.height_cm, r.body_type, r.category, r.fit, r.rating]),
    [6, 8, 10, 12, 14].map((s) => ['ann', 'd1', s, 166, 'pear', 'dress', null, null]),
  );
});

test('explicit body fields replace the copied ones; new category values are appended', () => {
  const h = new AdviceHistory(history);
  const rows = buildCandidateRows(h, [
    { customer: 'ann', item: 'd1', sizes: [8, 10], body: { height_cm: 170, body_type: 'petite' } },
    { customer: 'new', item: 't1', sizes: [2], body: { height_cm: null } },
  ]);
  assert.deepEqual(Array.from(rows.start), [0, 2]);
  assert.deepEqual(
    rows.dataset.toRecords().map((r) => [r.user_id, r.size, r.height_cm, r.body_type, r.category]),
    [
      ['ann', 8, 170, 'petite', 'dress'],
      ['ann', 10, 170, 'petite', 'dress'],
      ['new', 2, null, null, 'top'],
    ],
  );
  // The history's dictionaries are not modified.
  assert.deepEqual(history.categories('body_type').categories, ['pear', 'athletic']);
});

test('between two sizes: the lower expected misfit wins, both are reported; an exact tie goes to the larger', () => {
  // P(small) high at 8, P(large) high at 10.
  const P = [0.45, 0.5, 0.05, 0.05, 0.55, 0.4, 0.0, 0.2, 0.8];
  const c = chooseSize([8, 10, 12], P);
  assert.equal(c.index, 1); // cost 0.45 at 10 vs 0.5 at 8
  assert.deepEqual([c.between?.lower, c.between?.upper, c.between?.chosen], [0, 1, 1]);
  assert.match(c.between!.reason, /between sizes 8 and 10: P\(small\) at 8 = 0\.45, P\(large\) at 10 = 0\.40/);
  // Exact tie (symmetric): the larger size.
  const tie = chooseSize([8, 10], [0.4, 0.5, 0.1, 0.1, 0.5, 0.4]);
  assert.equal(tie.index, 1);
  assert.match(tie.between!.reason, /tie: the larger size/);
  // Asymmetric costs: a too-small unit costs 2, so 10 wins clearly and by more than the margin: no between.
  const costly = chooseSize([8, 10], [0.3, 0.6, 0.1, 0.05, 0.6, 0.35], { costSmall: 2 });
  assert.equal(costly.index, 1);
  assert.ok(Math.abs(costly.expectedCost[0] - 0.7) < 1e-12);
  // Not between when the lower size leans large.
  const lean = chooseSize([8, 10], [0.1, 0.5, 0.4, 0.05, 0.5, 0.45]);
  assert.equal(lean.between, undefined);
  // Sizes in any order; the index refers to the input order.
  assert.equal(chooseSize([12, 8, 10], [0, 0.2, 0.8, 0.45, 0.5, 0.05, 0.05, 0.55, 0.4]).index, 2);
  assert.throws(() => chooseSize([8, 8], [0, 1, 0, 0, 1, 0]), /repeats/);
  // Before: a NaN cost listed first was chosen (no comparison with NaN is true).
  assert.throws(
    () => chooseSize([1, 2], [NaN, NaN, NaN, 0.1, 0.8, 0.1]),
    /probability NaN of size 1 is not in \[0, 1\]/,
  );
  assert.throws(() => chooseSize([1], [0.1, 1.2, -0.3]), InvalidArgumentError);
});

test('the between-sizes rule applies in adviseSize: a true size halfway between 8 and 10', () => {
  const model = new StubFitModel((_u, _i, s) => marginProba((s - 9) / 2, 0.3, 0.4));
  const a = adviseSize(
    model,
    history,
    { customer: 'ann', item: 'd1', sizes: [6, 8, 10, 12] },
    { minFitProbability: 0 },
  );
  assert.equal(a.size, 10);
  assert.deepEqual([a.between?.lower, a.between?.upper], [1, 2]);
  assert.equal(a.reason, a.between?.reason);
});

test('no advice: unknown customer, unknown customer and article, low confidence, no sizes — never an error', () => {
  const model = new StubFitModel(() => [0.3, 0.4, 0.3]);
  const [unknown, both, low, none] = adviseSizes(model, history, [
    { customer: 'zoe', item: 'd1', sizes: [8, 10] },
    { customer: 'zoe', item: 'x9', sizes: [8, 10] },
    { customer: 'ann', item: 'd1', sizes: [8, 10] },
    { customer: 'ann', item: 'd1', sizes: [] },
  ]);
  assert.deepEqual(
    [unknown, both, low, none].map((a) => [a.noAdvice, a.source, a.index]),
    [
      ['unknown-customer', 'none', -1],
      ['unknown-customer-and-article', 'none', -1],
      ['low-confidence', 'none', -1],
      ['no-sizes', 'none', -1],
    ],
  );
  assert.ok(Number.isNaN(unknown.proba[0]));
  assert.equal(low.confidence, 0.4);
  assert.match(low.reason, /P\(fit\) 0\.40 < 0\.5/);
  // Only the one answerable request went to the model.
  assert.equal(model.lastRows.length, 2);
  // An unknown customer with body fields given is answered (cold start).
  const cold = adviseSize(new StubFitModel((_u, _i, s) => marginProba(s - 8)), history, {
    customer: 'zoe',
    item: 'd1',
    sizes: [6, 8, 10],
    body: { height_cm: 170 },
  });
  assert.equal(cold.size, 8);
  assert.equal(cold.customerSeen, false);
});

test('a profile size without labels or sizeSystem is refused, naming what is missing (it was dropped silently)', () => {
  const model = new StubFitModel(() => [0.3, 0.4, 0.3]);
  const profileSize = parseSize(38, 'women-eu');
  const { labels, sizeSystem, ...bare } = LETTER_TOP;
  for (const [request, missing] of [
    [{ ...bare, sizeSystem, profileSize }, 'labels'],
    [{ ...bare, labels, profileSize }, 'sizeSystem'],
    [{ ...bare, profileSize }, 'labels and sizeSystem'],
  ] as const) {
    assert.throws(
      () => adviseSizes(model, history, [request]),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.message ===
          'request 0: profileSize needs labels and sizeSystem (the profile is matched against the labels in that ' +
            `system); missing: ${missing}`,
    );
  }
});

test('cross-system: an EU profile size advises a letter article when the model has no advice', () => {
  const model = new StubFitModel(() => [0.3, 0.4, 0.3]);
  const request = { ...LETTER_TOP, profileSize: parseSize(38, 'women-eu') };
  const a = adviseSize(model, history, request);
  assert.equal(a.source, 'profile');
  assert.equal(a.label, 'M'); // women's letters: M = EU 38
  assert.match(a.reason, /profile size 38 \(women-eu\) is M in letter/);
  assert.equal(adviseSize(model, history, { ...request, profileSize: parseSize(42, 'women-eu') }).label, 'XL');
  // Nearest available when the converted size is not offered: EU 44 = 2XL, the largest offered is XL.
  assert.equal(adviseSize(model, history, { ...request, profileSize: parseSize(44, 'women-eu') }).label, 'XL');
  // A label that is not a letter size is a SizeError.
  assert.throws(
    () => adviseSize(model, history, { ...request, labels: ['XS', 'S', 'M', 'L', 'XXXXXL5'] }),
    (e: unknown) => e instanceof SizeError && e.system === 'letter',
  );
});

test('a request date is written to review_date when the history has it; no date leaves it missing', () => {
  const dated = withColumn(history, 'review_date', { type: 'number', values: Float64Array.from([100, 200, 300, 400]) });
  const h = new AdviceHistory(dated);
  const rows = buildCandidateRows(h, [
    { customer: 'ann', item: 'd1', sizes: [8, 10], date: 17000 },
    { customer: 'bo', item: 't1', sizes: [2] },
  ]);
  assert.deepEqual(Array.from(rows.dataset.numbers('review_date')), [17000, 17000, NaN]);
  assert.throws(
    () => buildCandidateRows(h, [{ customer: 'ann', item: 'd1', sizes: [8], date: NaN }]),
    /request 0: date NaN is not a finite number/,
  );
  // A history without the column ignores the date.
  const plain = buildCandidateRows(new AdviceHistory(history), [{ customer: 'ann', item: 'd1', sizes: [8], date: 5 }]);
  assert.equal(plain.dataset.has('review_date'), false);
});

test("a men's profile size converts as men's; a conversion that does not exist fails whatever the model says", () => {
  // Before: every conversion was forced to women's, so men's EU 48 to letter always threw; and a missing
  // conversion threw only when the model happened to be unsure, taking the whole batch with it.
  const unsure = new StubFitModel(() => [0.3, 0.4, 0.3]);
  const sure = new StubFitModel(() => [0.05, 0.9, 0.05]);
  const request = { ...LETTER_TOP, profileSize: parseSize(48, 'men-eu') };
  const men = adviseSize(unsure, history, request);
  assert.equal(men.source, 'profile');
  assert.equal(men.label, 'M');
  assert.match(men.reason, /profile size 48 \(men-eu\) is M in letter/);
  // an explicit gender that contradicts the profile's system is refused
  assert.throws(() => adviseSize(unsure, history, request, { gender: 'women' }), SizeError);
  const shoe = { ...request, customer: 'ann', item: 'd1', profileSize: parseSize(39, 'shoe-eu') };
  for (const model of [unsure, sure]) {
    assert.throws(
      () => adviseSizes(model, history, [{ customer: 'ann', item: 'd1', sizes: [8, 10] }, shoe]),
      (e: unknown) => e instanceof SizeError && /no conversion from shoe-eu to letter/.test(e.message),
    );
  }
});

test('every request is checked up front: repeated or non-finite sizes and bad options fail whether or not the model is asked', () => {
  // Before: sizes [14, 14] threw for a known customer but gave "unknown-customer" for an unseen one.
  const model = new StubFitModel(() => [0.1, 0.8, 0.1]);
  for (const customer of ['ann', 'zoe']) {
    assert.throws(
      () => adviseSize(model, history, { customer, item: 'd1', sizes: [14, 14] }),
      (e: unknown) => e instanceof InvalidArgumentError && /request 0: size 14 repeats/.test(e.message),
    );
    assert.throws(() => adviseSize(model, history, { customer, item: 'd1', sizes: [8, NaN] }), /not a finite number/);
  }
  const ok = { customer: 'ann', item: 'd1', sizes: [8, 10] };
  for (const o of [
    { minFitProbability: 2 },
    { minFitProbability: NaN },
    { costSmall: -1 },
    { costLarge: Infinity },
    { betweenMargin: -0.1 },
  ]) {
    assert.throws(() => adviseSize(model, history, ok, o), InvalidArgumentError, JSON.stringify(o));
  }
});

test('a request date that is not a finite number is refused for every request, named by its index in the batch', () => {
  // Before: requests given no advice were dropped before the date was checked, so the error named the request by its
  // place among those asked (request 0 here, which is fine); a request given no advice, or any request against a
  // history without review_date, was not checked at all.
  const model = new StubFitModel(() => [0.1, 0.8, 0.1]);
  const dated = withColumn(history, 'review_date', { type: 'number', values: Float64Array.from([100, 200, 300, 400]) });
  const refused = (i: number, shown: string) => (e: unknown) =>
    e instanceof InvalidArgumentError && e.message === `request ${i}: date ${shown} is not a finite number`;
  const noSizes = { customer: 'ann', item: 'd1', sizes: [] };
  const unseen = { customer: 'zz', item: 'zz', sizes: [8] };
  const ok = { customer: 'ann', item: 'd1', sizes: [8, 10] };
  for (const h of [dated, history]) {
    assert.throws(() => adviseSizes(model, h, [noSizes, unseen, { ...ok, date: NaN }]), refused(2, 'NaN'));
    assert.throws(() => adviseSizes(model, h, [ok, { ...noSizes, date: Infinity }]), refused(1, 'Infinity'));
    assert.throws(() => adviseSizes(model, h, [{ ...unseen, date: NaN }]), refused(0, 'NaN'));
    const text = { ...ok, date: '2020-01-01' as unknown as number };
    assert.throws(() => adviseSizes(model, h, [text]), refused(0, '"2020-01-01" (string)'));
    assert.throws(() => buildCandidateRows(new AdviceHistory(h), [ok, { ...ok, date: NaN }]), refused(1, 'NaN'));
  }
  // A finite date is advised as before.
  assert.equal(adviseSizes(model, dated, [noSizes, { ...ok, date: 17000 }])[1].source, 'model');
});

test('chooseSize refuses costs and a margin that are not finite numbers >= 0, and both costs 0, as adviseSizes does', () => {
  // Before: chooseSize took them unchecked: costSmall NaN made every expected cost NaN and the first size won; a
  // negative cost rewarded a misfit; both costs 0 made every cost 0, so the tie rule took the largest size whatever
  // P(fit), and the reason called a cost of 0.00 higher.
  const P = [0.6, 0.3, 0.1, 0.05, 0.9, 0.05, 0.1, 0.2, 0.7];
  const cases: [Record<string, unknown>, string][] = [
    [{ costSmall: NaN }, 'costSmall must be a finite number >= 0, got NaN'],
    [{ costSmall: -5 }, 'costSmall must be a finite number >= 0, got -5'],
    [{ costLarge: Infinity }, 'costLarge must be a finite number >= 0, got Infinity'],
    [{ costLarge: '2' }, 'costLarge must be a finite number >= 0, got "2" (string)'],
    [{ betweenMargin: NaN }, 'betweenMargin must be a finite number >= 0, got NaN'],
    [{ costSmall: 0, costLarge: 0 }, 'costSmall and costLarge are both 0'],
  ];
  const model = new StubFitModel((_u, _i, s) => [P[3 * (s / 2 - 4)], P[3 * (s / 2 - 4) + 1], P[3 * (s / 2 - 4) + 2]]);
  for (const [o, message] of cases) {
    assert.throws(
      () => chooseSize([8, 10, 12], P, o),
      (e: unknown) => e instanceof InvalidArgumentError && e.message.startsWith(`chooseSize: ${message}`),
      JSON.stringify(o),
    );
    for (const rule of ['max-fit', 'usual-shift'] as const) {
      assert.throws(
        () => adviseSize(model, history, { customer: 'ann', item: 'd1', sizes: [8, 10, 12] }, { ...o, rule }),
        (e: unknown) => e instanceof InvalidArgumentError && e.message.startsWith(message),
        `${JSON.stringify(o)} ${rule}`,
      );
    }
  }
  // One cost 0 is allowed: only the other misfit counts.
  assert.equal(chooseSize([8, 10, 12], P, { costSmall: 0 }).index, 1);
  assert.equal(chooseSize([8, 10, 12], P, { costLarge: 0 }).index, 1);
  assert.equal(
    adviseSize(model, history, { customer: 'ann', item: 'd1', sizes: [8, 10, 12] }, { costLarge: 0 }).size,
    10,
  );
});

test('an empty body, or one of nulls and blanks, is no body: an unseen customer still gets unknown-customer', () => {
  // Before: body {} or {height_cm: null} counted as "body given", and the unseen customer got confident model advice.
  const model = new StubFitModel(() => [0.1, 0.8, 0.1]);
  const ask = (body?: Record<string, number | string | null>) =>
    adviseSize(model, history, { customer: 'zoe', item: 'd1', sizes: [8, 10], ...(body ? { body } : {}) });
  const bodies: (Record<string, number | string | null> | undefined)[] = [
    undefined,
    {},
    { height_cm: null },
    { height_cm: NaN, body_type: ' ' },
  ];
  for (const body of bodies) {
    assert.equal(ask(body).noAdvice, 'unknown-customer', JSON.stringify(body));
  }
  assert.equal(ask({ height_cm: 170 }).source, 'model');
});

test('with unequal costs the max-fit reason names the expected misfit cost, not the highest P(fit)', () => {
  // P(fit) peaks at 8 (0.8), but a too-small unit costs 5 and 8 leans small: 10 has the lowest expected cost.
  const P: Record<number, [number, number, number]> = { 8: [0.15, 0.8, 0.05], 10: [0.02, 0.7, 0.28] };
  const model = new StubFitModel((_u, _i, s) => P[s]);
  const a = adviseSize(
    model,
    history,
    { customer: 'ann', item: 'd1', sizes: [8, 10] },
    { costSmall: 5, betweenMargin: 0 },
  );
  assert.equal(a.size, 10);
  assert.equal(a.reason, 'lowest expected misfit cost 0.38 at 10 (P(fit) 0.70)');
  const plain = adviseSize(model, history, { customer: 'ann', item: 'd1', sizes: [8, 10] }, { betweenMargin: 0 });
  assert.equal(plain.reason, 'highest P(fit) 0.80 at 8');
});

test('fitSpread says how much the size matters; a flat P(fit) is said in the reason, not hidden behind confidence', () => {
  // Before: a cold start with P(fit) 0.80-0.85 at every size was advised with "confidence 0.85" and nothing else.
  const flat = new StubFitModel((_u, _i, s) => [0.1, 0.8 + s / 1000, 0.1 - s / 1000]);
  const a = adviseSize(flat, history, { customer: 'ann', item: 'd1', sizes: [6, 8, 10, 12] });
  assert.equal(a.source, 'model');
  assert.ok(Math.abs(a.fitSpread - 0.006) < 1e-12, String(a.fitSpread));
  assert.match(a.reason, /P\(fit\) barely changes with the size \(0\.81 here, a spread of 0\.01 over the 4 sizes\)/);
  const peaked = new StubFitModel((_u, _i, s) => marginProba((s - 10.2) / 2));
  const b = adviseSize(peaked, history, { customer: 'ann', item: 'd1', sizes: [6, 8, 10, 12] });
  const pf = [6, 8, 10, 12].map((s) => marginProba((s - 10.2) / 2)[1]);
  assert.ok(Math.abs(b.fitSpread - (Math.max(...pf) - Math.min(...pf))) < 1e-12);
  assert.doesNotMatch(b.reason, /barely/);
  // not asked, or a single size: NaN
  assert.ok(Number.isNaN(adviseSize(peaked, history, { customer: 'zoe', item: 'd1', sizes: [8] }).fitSpread));
  assert.ok(Number.isNaN(adviseSize(peaked, history, { customer: 'ann', item: 'd1', sizes: [8] }).fitSpread));
});

/** A profile-size question nobody in the history can answer: the advice comes from the profile. */
function profileAsk(profile: string, system: string, labels: string[], sizeSystem: string) {
  return adviseSize(new StubFitModel(() => [0.3, 0.4, 0.3]), history, {
    customer: 'zoe',
    item: 'new-article',
    sizes: labels.map((_, k) => k),
    labels,
    sizeSystem,
    profileSize: parseSize(profile, system),
  });
}

test('the profile fallback takes the size nearest by body dimensions, not by ordinal (jeans, bras)', () => {
  // Before: jeans ordinals run waist-first and bra ordinals band-first, so the nearest ordinal was far in cm:
  // W28 L30 got W27 L40, W28 L34 got W29 L26, bra 75M (bust 112 cm) got 80AA (bust 91) over 75G (bust 100).
  const cases: [string, string, string[], string, string][] = [
    ['W28 L30', 'jeans', ['W27 L40', 'W28 L40'], 'jeans', 'W28 L40'],
    ['W28 L34', 'jeans', ['W28 L26', 'W29 L26'], 'jeans', 'W28 L26'],
    ['75M', 'bra-eu', ['75G', '80AA'], 'bra-eu', '75G'],
    ['34B', 'bra-uk', ['70D', '75B', '80AA'], 'bra-eu', '75B'],
  ];
  for (const [profile, system, labels, sizeSystem, want] of cases) {
    const a = profileAsk(profile, system, labels, sizeSystem);
    assert.equal(a.source, 'profile', profile);
    assert.equal(a.label, want, `${profile} among ${labels.join(', ')}`);
  }
  assert.match(
    profileAsk('75M', 'bra-eu', ['75G', '80AA'], 'bra-eu').reason,
    /profile size 75M \(bra-eu\) is 75M in bra-eu; advised 75G$/,
  );
  // Letters still follow the conversion (M = EU 38) and the nearest available when it is not offered.
  assert.equal(profileAsk('44', 'women-eu', ['XS', 'S', 'M', 'L', 'XL'], 'letter').label, 'XL');
});

test('a clothing profile size gives no inseam: jeans are compared on the waist, ties go to the larger, as said', () => {
  // Before: EU 38 (waist 70 cm) "is W28 L26 in jeans" (an inseam nobody measured) and advised W27 L34 over W28 L34.
  const a = profileAsk('38', 'women-eu', ['W27 L34', 'W28 L34'], 'jeans');
  assert.equal(a.label, 'W28 L34', 'W28 = 71.1 cm is nearer 70 cm than W27 = 68.6 cm');
  assert.equal(
    a.reason,
    'neither the customer nor the article has any purchase history; profile size 38 (women-eu) gives no inseam ' +
      'for jeans, so the sizes are compared on the waist; advised W28 L34',
  );
  const tie = profileAsk('38', 'women-eu', ['W28 L30', 'W28 L34', 'W30 L30'], 'jeans');
  assert.equal(tie.label, 'W28 L34');
  assert.match(tie.reason, /; advised W28 L34 \(W28 L30 and W28 L34 are equally near: the larger\)$/);
});

test('low confidence with unequal costs: a size that passes minFitProbability is named, not denied', () => {
  // Before: "no size is likely enough to fit (P(fit) 0.40 < 0.5)" while size 6 had P(fit) 0.70.
  const P: Record<number, [number, number, number]> = { 6: [0.3, 0.7, 0], 8: [0, 0.4, 0.6], 10: [0.1, 0.6, 0.3] };
  const model = new StubFitModel((_u, _i, s) => P[s]);
  const a = adviseSize(model, history, { customer: 'ann', item: 'd1', sizes: [6, 8] }, { costSmall: 5 });
  assert.equal(a.noAdvice, 'low-confidence');
  assert.equal(a.confidence, 0.4);
  assert.equal(
    a.reason,
    'the lowest-cost size 8 is not likely enough to fit (P(fit) 0.40 < 0.5, expected misfit cost 0.60); ' +
      '6 has P(fit) 0.70 but a higher expected cost (1.50)',
  );
  // Several pass: all named, highest P(fit) first. Costs: 6 -> 1.50, 8 -> 0.60 (chosen), 10 -> 0.80.
  const b = adviseSize(
    model,
    history,
    { customer: 'ann', item: 'd1', sizes: [6, 8, 10] },
    { costSmall: 5, betweenMargin: 0 },
  );
  assert.equal(b.noAdvice, 'low-confidence');
  assert.equal(
    b.reason,
    'the lowest-cost size 8 is not likely enough to fit (P(fit) 0.40 < 0.5, expected misfit cost 0.60); ' +
      '6 and 10 have P(fit) 0.70 and 0.60 but higher expected costs (1.50 and 0.80)',
  );
  // Equal costs: the lowest cost is the highest P(fit), so no other size passes; the reason is as before.
  assert.equal(
    adviseSize(model, history, { customer: 'ann', item: 'd1', sizes: [8] }).reason,
    'no size is likely enough to fit (P(fit) 0.40 < 0.5)',
  );
});

test('body values are held to the plausible ranges of the dataset reader, with the field named', () => {
  // Before: height_cm -1e308 was scored and advised with confident probabilities; the CLI refused it.
  const model = new StubFitModel(() => [0.1, 0.8, 0.1]);
  const ask = (customer: string, body: Record<string, number | string | null>) =>
    adviseSize(model, history, { customer, item: 'd1', sizes: [8, 10], body });
  for (const customer of ['ann', 'zoe']) {
    for (const [body, message] of [
      [
        { height_cm: -1e308 },
        "request 0: body field 'height_cm' is -1e+308 cm, outside the plausible range 120 to 220 cm",
      ],
      [
        { height_cm: Infinity },
        "request 0: body field 'height_cm' is Infinity cm, outside the plausible range 120 to 220 cm",
      ],
      [{ weight_kg: 10 }, "request 0: body field 'weight_kg' is 10 kg, outside the plausible range 30 to 250 kg"],
    ] as const) {
      assert.throws(() => ask(customer, body), { name: 'InvalidArgumentError', message }, JSON.stringify(body));
    }
    assert.equal(ask(customer, { height_cm: 220 }).source, 'model');
  }
  // missing values are no values: NaN and null pass, as before
  assert.equal(ask('ann', { height_cm: NaN }).source, 'model');
  assert.equal(ask('ann', { height_cm: null }).source, 'model');
});

test("a body cannot replace the request's ids, sizes or outcome: refused by name, whether or not the model is asked", () => {
  // Before: body {item_id: 't1'} scored article t1 while the advice reported d1 (and user_id another customer).
  const model = new StubFitModel(() => [0.1, 0.8, 0.1]);
  const cases: [Record<string, string | number>, RegExp][] = [
    [{ item_id: 't1' }, /request 0: body field 'item_id' is the history's article id column: the request's item/],
    [{ user_id: 'bo' }, /request 0: body field 'user_id' is the history's customer id column: the request's customer/],
    [{ size: 12 }, /request 0: body field 'size' is the history's size column: the request's sizes/],
    [{ fit: 'small' }, /request 0: body field 'fit' is an outcome of the purchase/],
    [{ returned: 1 }, /request 0: body field 'returned' is an outcome of the purchase/],
    // Before: return_reason, why the unit went back, was taken as a customer field where the history has it.
    [{ return_reason: 'too_small' }, /request 0: body field 'return_reason' is an outcome of the purchase/],
  ];
  for (const customer of ['ann', 'zoe']) {
    for (const [body, re] of cases) {
      const request = { customer, item: 'd1', sizes: [8, 10], body: { height_cm: 170, ...body } };
      const refused = (e: unknown) => e instanceof InvalidArgumentError && re.test(e.message);
      assert.throws(() => adviseSize(model, history, request), refused, `${customer} ${JSON.stringify(body)}`);
      assert.throws(() => buildCandidateRows(new AdviceHistory(history), [request]), refused);
    }
  }
  assert.equal(model.calls, 0);
  // The id columns refused are the history's own, whatever their names.
  const renamed = new AdviceHistory(withColumn(history, 'account', history.column('user_id')), { user: 'account' });
  assert.throws(
    () => adviseSize(model, renamed, { customer: 'ann', item: 'd1', sizes: [8], body: { account: 'bo' } }),
    /body field 'account' is the history's customer id column/,
  );
  // ... an outcome column refused where the history has it (a sample's return_reason), whatever its value.
  const reasons = withColumn(history, 'return_reason', {
    type: 'category',
    codes: Int32Array.from({ length: history.length }, (_, i) => (i === 1 ? 0 : -1)),
    categories: ['too_small'],
  });
  for (const body of [{ return_reason: 'too_small' }, { return_reason: null }]) {
    assert.throws(
      () => adviseSize(model, reasons, { customer: 'ann', item: 'd1', sizes: [8], body }),
      (e: unknown) =>
        e instanceof InvalidArgumentError && /'return_reason' is an outcome of the purchase/.test(e.message),
    );
  }
  assert.ok(requestGivenColumns(new AdviceHistory(reasons)).has('return_reason'));
  assert.deepEqual(
    [...requestGivenColumns(renamed)].filter((c) => !PURCHASE_OUTCOME_COLUMNS.includes(c)),
    ['account', 'item_id', 'size'],
  );
  assert.equal(model.calls, 0);
  // Body fields of the customer (and the other columns a service body may carry) still replace the copied values.
  const a = adviseSize(model, history, { customer: 'ann', item: 'd1', sizes: [8, 10], body: { height_cm: 170 } });
  assert.equal(a.source, 'model');
  assert.deepEqual(
    model.lastRows.map((r) => [r.user_id, r.item_id, r.size, r.height_cm]),
    [
      ['ann', 'd1', 8, 170],
      ['ann', 'd1', 10, 170],
    ],
  );
});

test('under max-fit the between-sizes reason names the labels when they are given', () => {
  // Before: "between sizes 6 and 10 ... chose 10" although the sizes were labelled S and M.
  const P = [0.5, 0.45, 0.05, 0.3, 0.65, 0.05, 0.05, 0.65, 0.3];
  const c = chooseSize([2, 6, 10], P, {}, ['XS', 'S', 'M']);
  assert.equal(c.index, 2);
  assert.match(
    c.between!.reason,
    /^between sizes S and M: P\(small\) at S = 0\.30, P\(large\) at M = 0\.30; .* chose M/,
  );
  assert.doesNotMatch(c.between!.reason, /\b(6|10)\b/);
  // Without labels, the size values, as before.
  assert.match(chooseSize([2, 6, 10], P).between!.reason, /^between sizes 6 and 10: .* chose 10/);
  const row = (s: number): [number, number, number] => {
    const k = 3 * [2, 6, 10].indexOf(s);
    return [P[k], P[k + 1], P[k + 2]];
  };
  const model = new StubFitModel((_u, _i, s) => row(s));
  const a = adviseSize(
    model,
    history,
    { customer: 'ann', item: 'd1', sizes: [2, 6, 10], labels: ['XS', 'S', 'M'] },
    { minFitProbability: 0 },
  );
  assert.equal(a.label, 'M');
  assert.match(a.reason, /^between sizes S and M: .* chose M/);
  assert.throws(() => chooseSize([2, 6], P.slice(0, 6), {}, ['XS']), /2 sizes need 2 labels, got 1/);
});

test('malformed requests and sizes are InvalidArgumentErrors naming the request and the field, never TypeErrors', () => {
  const model = new StubFitModel(() => [0.1, 0.8, 0.1]);
  const cases: [unknown, RegExp][] = [
    [[{ customer: 'ann', item: 'd1' }], /request 0: sizes must be an array of numbers, got undefined/],
    [undefined, /requests must be an array of requests/],
    [[null], /request 0 must be an object, got null/],
    [[{ customer: 7, item: 'd1', sizes: [8] }], /request 0: customer must be a string id, got 7/],
    [[{ customer: 'ann', item: null, sizes: [8] }], /request 0: item must be a string id, got null/],
    [
      [{ customer: 'ann', item: 'd1', sizes: [8], body: null }],
      /request 0: body must be an object of fields, got null/,
    ],
    [[{ customer: 'ann', item: 'd1', sizes: [8], body: [170] }], /request 0: body must be an object .* an array/],
    [[{ customer: 'ann', item: 'd1', sizes: [8], labels: 'M' }], /request 0: labels must be an array of strings/],
    [
      [{ customer: 'ann', item: 'd1', sizes: [8], labels: ['M'], sizeSystem: 'letter', profileSize: null }],
      /request 0: profileSize: expected a size \(from parseSize\), got null/,
    ],
  ];
  for (const [requests, re] of cases) {
    assert.throws(
      () => adviseSizes(model, history, requests as never),
      (e: unknown) => e instanceof InvalidArgumentError && re.test(e.message),
      String(re),
    );
  }
  for (const sizes of [
    [NaN, 1],
    [1, Infinity],
    ['8', 10],
  ]) {
    assert.throws(
      () => chooseSize(sizes as number[], [0.1, 0.8, 0.1, 0.2, 0.6, 0.2]),
      (e: unknown) => e instanceof InvalidArgumentError && /chooseSize: size .* is not a finite number/.test(e.message),
      String(sizes),
    );
  }
});
