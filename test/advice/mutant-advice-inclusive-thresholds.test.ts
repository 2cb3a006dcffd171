// Inclusive bounds of the advice options: the smallest accepted value of an option is accepted, and a threshold that
// a value reaches exactly lets it through (sizeFlags' minSales, adviseSize's minFitProbability).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdviceHistory,
  ColumnarDataset,
  adviseSize,
  customerSizeProfiles,
  fitSizeMixture,
  sizeFlags,
  type Column,
} from '../../lib/index.js';
import { BODY_SIZE_SCHEMA, StubFitModel, tinyDataset, type TinyRow } from './advice-fixtures.js';

/** Labelled sales of one article: `small`, `fit` and `large` rows, each from its own customer. */
function sales(item: string, category: string, [small, fit, large]: number[]): TinyRow[] {
  const labels = [
    ...Array<string>(small).fill('small'),
    ...Array<string>(fit).fill('fit'),
    ...Array<string>(large).fill('large'),
  ];
  return labels.map((fit, k) => ({ user: `${item}-${k}`, item, size: 8, fit, category }));
}

test('sizeFlags accepts the smallest allowed draws (10) and minCategoryArticles (2), and refuses one less', () => {
  const data = tinyDataset([
    ...sales('a', 'gown', [2, 5, 1]),
    ...sales('b', 'gown', [1, 6, 1]),
    ...sales('c', 'coat', [0, 9, 1]),
  ]);
  const flags = sizeFlags(data, { draws: 10, seed: 4 });
  assert.equal(flags.length, 3);
  for (const f of flags) assert.ok(f.interval[0] <= f.interval[1] && f.interval[0] >= -1 && f.interval[1] <= 1);
  assert.throws(() => sizeFlags(data, { draws: 9 }), {
    name: 'InvalidArgumentError',
    message: /draws must be an integer in \[10, 10000000\], got 9/,
  });
  // Two labelled gowns are a reference of their own at minCategoryArticles 2; the lone coat is not.
  const two = sizeFlags(data, { minCategoryArticles: 2, interval: 'normal' });
  assert.deepEqual(
    two.map((f) => [f.item, f.baselineScope]),
    [
      ['a', 'category'],
      ['b', 'category'],
      ['c', 'dataset'],
    ],
  );
  // At the default (5) every category is too small.
  assert.ok(sizeFlags(data, { interval: 'normal' }).every((f) => f.baselineScope === 'dataset'));
});

test('sizeFlags: an article with exactly minSales labelled sales may be flagged; one sale short, never', () => {
  // Five dresses with 1 small, 18 fit, 1 large each, and R with 10 small reports. R's prior is about the others'
  // rates (0.05, 0.90, 0.05), so its posterior at priorStrength 10 is about (10.5, 9, 0.5) / 20: tendency 0.5, sd
  // about sqrt((0.525·0.475 + 0.025·0.975 + 2·0.525·0.025) / 21) = 0.12, an interval from about 0.27 up, far
  // above the others' tendency (about 0).
  const rows: TinyRow[] = [];
  for (let k = 0; k < 5; k++) rows.push(...sales(`d${k}`, 'dress', [1, 18, 1]));
  rows.push(...sales('R', 'dress', [10, 0, 0]));
  const data = tinyDataset(rows);
  const r = (minSales: number) => sizeFlags(data, { interval: 'normal', minSales }).find((f) => f.item === 'R')!;
  const at = r(10);
  assert.equal(at.baselineScope, 'category');
  assert.ok(Math.abs(at.tendency - 0.5) < 0.01, `tendency ${at.tendency}`);
  assert.ok(at.interval[0] > 0.2, `interval ${at.interval.join(', ')}`);
  assert.equal(at.flag, 'runs-small', 'n = minSales = 10');
  assert.equal(r(11).flag, 'true-to-size', 'n = 10 < minSales = 11');
  assert.equal(r(0).flag, 'runs-small');
});

test('adviseSize: a P(fit) exactly at minFitProbability is advised, just below it is not', () => {
  const history = tinyDataset([
    { user: 'ann', item: 'd1', size: 8, fit: 'fit', category: 'dress' },
    { user: 'ann', item: 'd2', size: 10, fit: 'small', category: 'dress' },
  ]);
  const peak = (p: number) =>
    new StubFitModel((_u, _i, s) => (s === 8 ? [(1 - p) / 2, p, (1 - p) / 2] : [0.45, 0.1, 0.45]));
  const request = { customer: 'ann', item: 'd1', sizes: [6, 8, 10] };
  // The default minFitProbability is 0.5.
  const atDefault = adviseSize(peak(0.5), history, request);
  assert.equal(atDefault.noAdvice, undefined);
  assert.equal(atDefault.source, 'model');
  assert.equal(atDefault.size, 8);
  assert.equal(atDefault.confidence, 0.5);
  const atGiven = adviseSize(peak(0.25), history, request, { minFitProbability: 0.25 });
  assert.equal(atGiven.source, 'model');
  assert.equal(atGiven.size, 8);
  // Below the threshold: no advice, low confidence.
  const below = adviseSize(peak(0.25), history, request, { minFitProbability: 0.26 });
  assert.equal(below.noAdvice, 'low-confidence');
  assert.equal(below.source, 'none');
  // minFitProbability 1 is accepted (a value in [0, 1]); only P(fit) = 1 passes it.
  assert.equal(adviseSize(peak(1), history, request, { minFitProbability: 1 }).size, 8);
  assert.throws(() => adviseSize(peak(1), history, request, { minFitProbability: 1.01 }), {
    name: 'InvalidArgumentError',
  });
});

test('usual-shift: a lean exactly equal to shiftMargin stays at the usual size; past it, one size moves', () => {
  // ann's sizes 8, 10, 10: usual size 10 (the median).
  const history = tinyDataset([
    { user: 'ann', item: 'd1', size: 8, fit: 'fit', category: 'dress' },
    { user: 'ann', item: 'd2', size: 10, fit: 'fit', category: 'dress' },
    { user: 'ann', item: 'd3', size: 10, fit: 'small', category: 'dress' },
  ]);
  const request = { customer: 'ann', item: 'd1', sizes: [6, 8, 10, 12, 14] };
  const at10 = (p: [number, number, number]) => new StubFitModel((_u, _i, s) => (s === 10 ? p : [0.3, 0.4, 0.3]));
  const advise = (p: [number, number, number], shiftMargin: number) =>
    adviseSize(at10(p), history, request, { rule: 'usual-shift', shiftMargin, minFitProbability: 0 }).size;
  // P(small) - P(large) = 0.5 - 0.25 = 0.25 and 0.25 - 0.5 = -0.25, exact in binary floating point.
  assert.equal(advise([0.5, 0.25, 0.25], 0.25), 10, 'lean +0.25, margin 0.25: stays');
  assert.equal(advise([0.25, 0.25, 0.5], 0.25), 10, 'lean -0.25, margin 0.25: stays');
  assert.equal(advise([0.5, 0.25, 0.25], 0.125), 12, 'lean +0.25, margin 0.125: one size up');
  assert.equal(advise([0.25, 0.25, 0.5], 0.125), 8, 'lean -0.25, margin 0.125: one size down');
});

test('sizeFlags normal interval: tendency ± z·sd with the exact Dirichlet variance of P(small) - P(large)', () => {
  const rows: TinyRow[] = [];
  for (let k = 0; k < 5; k++) rows.push(...sales(`d${k}`, 'dress', [1, 18, 1]));
  rows.push(...sales('R', 'dress', [6, 3, 1]));
  const r = sizeFlags(tinyDataset(rows), { interval: 'normal' }).find((f) => f.item === 'R')!;
  // Dirichlet(alpha) with A = priorStrength + sales = 10 + 10: Var(p_s - p_l) = (m_s(1 - m_s) + m_l(1 - m_l) +
  // 2 m_s m_l) / (A + 1), m the posterior means; z = 1.959964 for a 95% interval (the library approximates the
  // normal quantile to about 1e-8: hence the tolerance, far below the 2.5% that a variance over A would move it).
  const { small: ms, large: ml } = r.posterior;
  const sd = Math.sqrt((ms * (1 - ms) + ml * (1 - ml) + 2 * ms * ml) / 21);
  const z = 1.959963984540054;
  assert.ok(Math.abs(r.interval[0] - (r.tendency - z * sd)) < 1e-6, `${r.interval[0]}`);
  assert.ok(Math.abs(r.interval[1] - (r.tendency + z * sd)) < 1e-6, `${r.interval[1]}`);
});

test('sizeFlags monte-carlo: with the same draws, a higher level gives a strictly wider interval (quantiles interpolate)', () => {
  // 10 draws: the 2.5% and 0.5% quantiles both fall between the two smallest draws, where they are interpolated;
  // the draws themselves depend on the seed and the article, not on the level.
  const rows: TinyRow[] = [];
  for (let k = 0; k < 5; k++) rows.push(...sales(`d${k}`, 'dress', [1, 18, 1]));
  rows.push(...sales('R', 'dress', [3, 5, 2]));
  const data = tinyDataset(rows);
  const at = (level: number) => sizeFlags(data, { draws: 10, seed: 7, level }).find((f) => f.item === 'R')!.interval;
  const [lo95, hi95] = at(0.95);
  const [lo99, hi99] = at(0.99);
  assert.ok(lo99 < lo95, `lower ends ${lo99} < ${lo95}`);
  assert.ok(hi99 > hi95, `upper ends ${hi99} > ${hi95}`);
});

test('usual-shift from the body: an estimate halfway between two sizes takes the larger', () => {
  const rows = [
    { user: 'ann', item: 'd1', size: 8, w: 60, h: 165, b: 34 },
    { user: 'bo', item: 'd1', size: 10, w: 70, h: 170, b: 36 },
  ];
  const cat = (v: string[]): Column => {
    const categories = [...new Set(v)];
    return { type: 'category', categories, codes: Int32Array.from(v, (x) => categories.indexOf(x)) };
  };
  const num = (v: number[]): Column => ({ type: 'number', values: Float64Array.from(v) });
  const data = new ColumnarDataset(
    BODY_SIZE_SCHEMA,
    new Map<string, Column>([
      ['user_id', cat(rows.map((r) => r.user))],
      ['item_id', cat(rows.map((r) => r.item))],
      ['size', num(rows.map((r) => r.size))],
      ['fit', cat(rows.map(() => 'fit'))],
      ['weight_kg', num(rows.map((r) => r.w))],
      ['height_cm', num(rows.map((r) => r.h))],
      ['bust_band', num(rows.map((r) => r.b))],
    ]),
    Int32Array.from(rows, (_, i) => i + 1),
    { name: 'body.jsonl', source: 'body.jsonl', format: 'test', sha256: 'abc' },
  );
  // A hand-made regression: every body is estimated at size 9, halfway between the offered sizes 8 and 10.
  const json = new AdviceHistory(data).toJSON();
  json.bodySize!.coefficients = [9, 0, 0, 0];
  const history = AdviceHistory.fromJSON(JSON.parse(JSON.stringify(json)));
  const model = new StubFitModel(() => [0.2, 0.6, 0.2]);
  const a = adviseSize(
    model,
    history,
    { customer: 'zoe', item: 'd1', sizes: [6, 8, 10, 12], body: { weight_kg: 60, height_cm: 165, bust_band: 34 } },
    { rule: 'usual-shift' },
  );
  assert.equal(a.estimatedUsualSize, 9);
  assert.equal(a.size, 10, 'no lean at the usual size: it is kept, and the tie 8 / 10 went to 10');
  assert.match(a.reason, /^usual size estimated from the body: 10 \(9\.0 from /);
  // Listed in descending order, the same sizes give the same choice.
  const b = adviseSize(
    model,
    history,
    { customer: 'zoe', item: 'd1', sizes: [12, 10, 8, 6], body: { weight_kg: 60, height_cm: 165, bust_band: 34 } },
    { rule: 'usual-shift' },
  );
  assert.equal(b.size, 10);
});

test('customerSizeProfiles: a customer with exactly minObservations sizes in a system is tried for two people', () => {
  // Sizes 4, 4, 4, 12, 12 (step 2): two groups 4 steps apart, every purchase a fit.
  const rows: TinyRow[] = [4, 4, 4, 12, 12].map((size, k) => ({ user: 'acc', item: `i${k}`, size, fit: 'fit' }));
  const data = tinyDataset(rows);
  const at = customerSizeProfiles(data, { step: 2, multiPerson: { minObservations: 5 } }).get('acc')!.systems[0];
  assert.ok(Number.isFinite(at.bicGain), `5 observations, minObservations 5: tried (bicGain ${at.bicGain})`);
  const short = customerSizeProfiles(data, { step: 2, multiPerson: { minObservations: 6 } }).get('acc')!.systems[0];
  assert.equal(short.bicGain, -Infinity, '5 observations, minObservations 6: not tried');
  assert.equal(short.multiPerson, false);
  // The default minObservations is 5.
  assert.ok(Number.isFinite(customerSizeProfiles(data, { step: 2 }).get('acc')!.systems[0].bicGain));
});

test('customerSizeProfiles: two modes exactly minGap steps apart are two people; a gap just short of it is not', () => {
  const rows: TinyRow[] = [4, 4, 4, 12, 12, 12].map((size, k) => ({ user: 'acc', item: `i${k}`, size, fit: 'fit' }));
  const data = tinyDataset(rows);
  // The implied sizes in steps of 2 are 2, 2, 2, 6, 6, 6; the gap is that of the two-component fit of them.
  const two = fitSizeMixture([2, 2, 2, 6, 6, 6]).two!;
  const gap = two[1].mean - two[0].mean;
  assert.ok(Math.abs(gap - 4) < 1e-6, `gap ${gap}`);
  const multi = (minGap: number) =>
    customerSizeProfiles(data, { step: 2, outlier: 0, multiPerson: { minGap } }).get('acc')!.multiPerson;
  assert.equal(multi(gap), true, 'gap = minGap');
  assert.equal(multi(gap + 1e-9), false, 'gap < minGap');
});
