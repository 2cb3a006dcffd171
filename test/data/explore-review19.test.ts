import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ColumnarDataset,
  InvalidArgumentError,
  fitRateBy,
  histogramByGroup,
  loadReportTable,
  parseFitData,
  schemaTable,
  wilsonInterval,
  type Column,
} from '../../lib/index.js';

const DAY_MS = 86_400_000;

/** A dataset with one date column `d` (days since 1970-01-01). */
function dates(days: number[]): ColumnarDataset {
  const cols = new Map<string, Column>([['d', { type: 'number', values: Float64Array.from(days) }]]);
  return new ColumnarDataset(
    [{ name: 'd', type: 'date', unit: 'days', description: 'a date' }],
    cols,
    new Int32Array(days.length),
    { name: 't', source: 'test', format: 'test', sha256: '' },
  );
}

function invalid(pattern: RegExp): (e: unknown) => boolean {
  return (e) => e instanceof InvalidArgumentError && pattern.test(e.message);
}

test('schemaTable: a date no Date holds shows as null instead of throwing', () => {
  const inf = schemaTable(dates([0, Infinity]))[0];
  assert.equal(inf.min, '1970-01-01');
  assert.equal(inf.max, null);
  assert.equal(inf.distinct, 2);
  const far = schemaTable(dates([-Infinity, 1e9, 19_000]))[0];
  assert.equal(far.min, null);
  assert.equal(far.max, null);
  // The last day a Date holds (100,000,000 days after 1970) still shows, with ISO 8601's six-digit year.
  assert.equal(schemaTable(dates([1e8]))[0].max, '+275760-09-13');
  assert.equal(schemaTable(dates([Date.UTC(10000, 0, 1) / DAY_MS]))[0].max, '+010000-01-01');
  assert.equal(schemaTable(dates([Date.UTC(2021, 2, 7) / DAY_MS, 0.5]))[0].max, '2021-03-07');
  assert.equal(schemaTable(dates([Date.UTC(2021, 2, 7) / DAY_MS, 0.5]))[0].min, '1970-01-01');
});

const FIT = parseFitData(
  [
    '{"fit":"fit","user_id":"a","item_id":"i","category":"dress","size":4}',
    '{"fit":"small","user_id":"b","item_id":"i","category":"top","size":4}',
    '{"fit":"large","user_id":"c","item_id":"i","category":"top","size":8}',
  ].join('\n'),
  { format: 'renttherunway' },
);

test('fitRateBy: an unknown sort is refused, naming the valid ones; the valid ones still work', () => {
  for (const sort of ['larg', 'Count', '']) {
    assert.throws(
      () => fitRateBy(FIT.dataset, 'category', { sort: sort as 'count' }),
      invalid(new RegExp(`fitRateBy: sort must be one of count, value, small, fit, large, got '${sort}'`)),
    );
  }
  assert.deepEqual(
    fitRateBy(FIT.dataset, 'category').map((r) => r.value),
    ['top', 'dress'],
  );
  assert.deepEqual(
    fitRateBy(FIT.dataset, 'category', { sort: 'fit' }).map((r) => r.value),
    ['dress', 'top'],
  );
  assert.deepEqual(
    fitRateBy(FIT.dataset, 'category', { sort: undefined }).map((r) => r.value),
    ['top', 'dress'],
  );
});

test('wilsonInterval: counts must be whole numbers; valid calls give the formula', () => {
  assert.throws(
    () => wilsonInterval(5, Infinity),
    invalid(/wilsonInterval: n must be a whole number >= 0, got Infinity/),
  );
  assert.throws(() => wilsonInterval(0, NaN), invalid(/wilsonInterval: n must be a whole number >= 0, got NaN/));
  assert.throws(() => wilsonInterval(1, 2.5), invalid(/n must be a whole number >= 0, got 2.5/));
  assert.throws(
    () => wilsonInterval(-1, 4),
    invalid(/wilsonInterval: successes must be a whole number in 0..4, got -1/),
  );
  assert.throws(() => wilsonInterval(1.5, 2), invalid(/successes must be a whole number in 0..2, got 1.5/));
  assert.throws(() => wilsonInterval(Infinity, Infinity), invalid(/n must be a whole number/));
  // 3 of 10 at z = 1.96: centre (0.3 + z²/20) / (1 + z²/10), half (z / (1 + z²/10)) sqrt(0.021 + z²/400).
  const z = 1.959963984540054;
  const denom = 1 + (z * z) / 10;
  const centre = (0.3 + (z * z) / 20) / denom;
  const half = (z / denom) * Math.sqrt((0.3 * 0.7) / 10 + (z * z) / 400);
  assert.deepEqual(wilsonInterval(3, 10), [centre - half, centre + half]);
  assert.ok(wilsonInterval(0, 0).every(Number.isNaN));
});

test('loadReportTable: maxExamples must be a whole number >= 0 (or Infinity)', () => {
  const { report } = parseFitData(
    [
      '{"fit":"fit","user_id":"a","item_id":"i","age":"116","size":4}',
      '{"fit":"fit","user_id":"b","item_id":"i","age":"130","size":4}',
    ].join('\n'),
    { format: 'renttherunway' },
  );
  for (const maxExamples of [-1, 1.5, NaN, -Infinity]) {
    assert.throws(
      () => loadReportTable(report, { maxExamples }),
      invalid(
        new RegExp(`loadReportTable: maxExamples must be a whole number >= 0 \\(or Infinity\\), got ${maxExamples}`),
      ),
    );
  }
  const examples = (maxExamples?: number) =>
    loadReportTable(report, { maxExamples }).find((r) => r.section === 'field' && r.item === 'age')?.examples;
  assert.equal(examples(0), '');
  assert.equal(examples(1), "age '116'");
  assert.equal(examples(), "age '116', age '130'");
  assert.equal(examples(Infinity), "age '116', age '130'");
});

test('histogramByGroup: a code past the end of the categories is refused, not dropped', () => {
  const groups = {
    type: 'category' as const,
    codes: Int32Array.from([0, 3, -1, 2]),
    categories: ['small', 'fit', 'large'],
  };
  assert.throws(
    () => histogramByGroup([1, 1, 1, 1], groups, [0, 2]),
    invalid(/histogramByGroup: groups row 1: code 3 has no category \(3 categories\)/),
  );
  // Also when that row's value is missing: the column itself is broken.
  assert.throws(() => histogramByGroup([1, NaN, 1, 1], groups, [0, 2]), invalid(/groups row 1: code 3/));
  const ok = histogramByGroup([1, 1, 1, 1], { ...groups, codes: Int32Array.from([0, 1, -1, 2]) }, [0, 2]);
  assert.deepEqual(
    ok.groups.map((g) => [g.name, g.n]),
    [
      ['small', 1],
      ['fit', 1],
      ['large', 1],
    ],
  );
});
