import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ColumnarDataset,
  categoryCounts,
  fitRateBy,
  fitRateByBins,
  histogramByGroup,
  loadReportTable,
  parseFitData,
  schemaTable,
  toHtmlTable,
  usualSizeDelta,
  wilsonInterval,
  type Column,
  type FieldSchema,
} from '../../lib/index.js';

/** A small dataset built by hand: each column as plain values (null = missing). */
function makeDataset(
  cols: Record<string, (string | number | null)[]>,
  types: Record<string, FieldSchema['type']> = {},
): ColumnarDataset {
  const names = Object.keys(cols);
  const n = cols[names[0]].length;
  const map = new Map<string, Column>();
  const schema: FieldSchema[] = [];
  for (const name of names) {
    const vals = cols[name];
    const isNum = vals.every((v) => v === null || typeof v === 'number');
    if (isNum) {
      map.set(name, { type: 'number', values: Float64Array.from(vals, (v) => (v === null ? NaN : (v as number))) });
    } else {
      const categories = [...new Set(vals.filter((v): v is string => v !== null))].sort();
      const codes = Int32Array.from(vals, (v) => (v === null ? -1 : categories.indexOf(v as string)));
      map.set(name, { type: 'category', codes, categories });
    }
    const type = types[name] ?? (isNum ? 'number' : 'category');
    schema.push({ name, type, description: `${name} column`, ...(type === 'date' ? { unit: 'days' } : {}) });
  }
  return new ColumnarDataset(schema, map, new Int32Array(n), { name: 't', source: 'test', format: 'test', sha256: '' });
}

// Ten rows: u3 has a row without size, row 8 has no customer, row 9 no fit label.
const DS = makeDataset({
  user_id: ['u1', 'u1', 'u1', 'u2', 'u3', 'u3', 'u3', 'u3', null, 'u4'],
  fit: ['small', 'fit', 'large', 'fit', 'small', 'fit', 'large', 'fit', 'fit', null],
  size: [4, 8, 6, 10, 2, null, 2, 10, 6, 4],
  category: ['dress', 'dress', 'gown', 'gown', 'top', 'dress', 'top', 'top', 'dress', 'dress'],
  height_cm: [160, 170, null, 165, 155, 175, 180, 150, 160, 160],
});

const close = (a: number, b: number, tol = 1e-4): void => assert.ok(Math.abs(a - b) <= tol, `${a} != ${b}`);

test('wilsonInterval matches published 95% intervals', () => {
  // Reference values (Newcombe 1998, Table I; also statsmodels proportion_confint method='wilson').
  const [a, b] = wilsonInterval(0, 10);
  close(a, 0);
  close(b, 0.2775);
  const [c, d] = wilsonInterval(5, 10);
  close(c, 0.2366);
  close(d, 0.7634);
  const [e, f] = wilsonInterval(1, 4);
  close(e, 0.0456);
  close(f, 0.6994);
  const [g, h] = wilsonInterval(10, 10);
  close(g, 0.7225);
  close(h, 1);
  assert.ok(wilsonInterval(0, 0).every(Number.isNaN));
  assert.throws(() => wilsonInterval(5, 4), /successes/);
});

test('wilsonInterval is exactly 0 at no success and exactly 1 at all successes', () => {
  // Before: rounding left low at 2e-19 (0 of 10) and high at 0.9999999999999999 (7 of 7).
  for (const n of [1, 3, 7, 10, 1000]) {
    assert.equal(wilsonInterval(0, n)[0], 0, `0 of ${n}`);
    assert.equal(wilsonInterval(n, n)[1], 1, `${n} of ${n}`);
    assert.ok(wilsonInterval(0, n)[1] > 0 && wilsonInterval(n, n)[0] < 1);
  }
});

test('fitRateBy counts labels per category, with intervals, minCount and sorting', () => {
  const rows = fitRateBy(DS, 'category');
  assert.deepEqual(
    rows.map((r) => [r.value, r.n, r.nSmall, r.nFit, r.nLarge]),
    [
      ['dress', 4, 1, 3, 0],
      ['top', 3, 1, 1, 1],
      ['gown', 2, 0, 1, 1],
    ],
  );
  close(rows[0].small, 0.25);
  close(rows[0].fit, 0.75);
  close(rows[0].smallLow, 0.0456);
  close(rows[0].smallHigh, 0.6994);
  close(rows[2].large, 0.5);
  assert.deepEqual(
    fitRateBy(DS, 'category', { minCount: 3 }).map((r) => r.value),
    ['dress', 'top'],
  );
  assert.deepEqual(
    fitRateBy(DS, 'category', { sort: 'large' }).map((r) => r.value),
    ['gown', 'top', 'dress'],
  );
  assert.deepEqual(
    fitRateBy(DS, 'category', { sort: 'value' }).map((r) => r.value),
    ['dress', 'gown', 'top'],
  );
  assert.throws(() => fitRateBy(DS, 'nope'), /no column 'nope'/);
});

test('fitRateBy groups a numeric column by value and sorts numbers numerically', () => {
  const rows = fitRateBy(DS, 'size', { sort: 'value' });
  assert.deepEqual(
    rows.map((r) => [r.value, r.nSmall, r.nFit, r.nLarge]),
    [
      ['2', 1, 0, 1],
      ['4', 1, 0, 0],
      ['6', 0, 1, 1],
      ['8', 0, 1, 0],
      ['10', 0, 2, 0],
    ],
  );
});

test('fitRateBy reads fit codes by name, whatever the dictionary order', () => {
  // makeDataset sorts dictionaries: fit is ['fit', 'large', 'small'], not the canonical order.
  assert.deepEqual(DS.categories('fit').categories, ['fit', 'large', 'small']);
  const [row] = fitRateBy(DS, 'user_id', { sort: 'value' });
  assert.deepEqual([row.value, row.nSmall, row.nFit, row.nLarge], ['u1', 1, 1, 1]);
});

test('usualSizeDelta subtracts the median size of the customer’s other rows', () => {
  const d = Array.from(usualSizeDelta(DS));
  // u1 sizes 4, 8, 6: 4 - median(8, 6), 8 - median(4, 6), 6 - median(4, 8); u2 and u4 have one row;
  // u3 sized rows 2, 2, 10 (and one without size); row 8 has no customer.
  const expected = [-3, 3, 0, NaN, -4, NaN, -4, 8, NaN, NaN];
  assert.equal(d.length, expected.length);
  d.forEach((v, i) =>
    Number.isNaN(expected[i]) ? assert.ok(Number.isNaN(v), `row ${i}: ${v}`) : close(v, expected[i]),
  );
});

test('usualSizeDelta compares sizes within one size system unless told not to', () => {
  const ds = makeDataset({
    user_id: ['a', 'a', 'a', 'a', 'a'],
    fit: ['fit', 'fit', 'fit', 'fit', 'fit'],
    size: [4, 6, 30, 40, 50],
    size_system: ['us', 'us', 'eu', 'eu', 'eu'],
  });
  assert.deepEqual(Array.from(usualSizeDelta(ds)), [-2, 2, -15, 0, 15]);
  // One system: 4 - median(6, 30, 40, 50) = 4 - 35, 6 - 35, 30 - 23, 40 - 18, 50 - 18.
  assert.deepEqual(Array.from(usualSizeDelta(ds, { systemColumn: null })), [-31, -29, 7, 22, 32]);
});

test('fitRateByBins bins values with closed last bin, optional clamping and labels', () => {
  const fit = DS.categories('fit');
  const h = DS.numbers('height_cm');
  const rows = fitRateByBins(h, fit, [150, 160, 170, 180]);
  assert.deepEqual(
    rows.map((r) => [r.value, r.low, r.high, r.n, r.nSmall, r.nFit, r.nLarge]),
    [
      ['[150, 160)', 150, 160, 2, 1, 1, 0],
      ['[160, 170)', 160, 170, 3, 1, 2, 0],
      ['[170, 180]', 170, 180, 3, 0, 2, 1],
    ],
  );
  const inner = fitRateByBins(h, fit, [155, 165, 175]);
  assert.deepEqual(
    inner.map((r) => [r.n, r.nSmall, r.nFit, r.nLarge]),
    [
      [3, 2, 1, 0],
      [3, 0, 3, 0],
    ],
  );
  const clamped = fitRateByBins(h, fit, [155, 165, 175], { clamp: true });
  assert.deepEqual(
    clamped.map((r) => [r.value, r.n, r.nSmall, r.nFit, r.nLarge]),
    [
      ['< 165', 4, 2, 2, 0],
      ['>= 165', 4, 0, 3, 1],
    ],
  );
  close(clamped[1].large, 0.25);
  const empty = fitRateByBins(h, fit, [0, 10, 20], { labels: ['low', 'high'] });
  assert.deepEqual(
    empty.map((r) => [r.value, r.n]),
    [
      ['low', 0],
      ['high', 0],
    ],
  );
  assert.ok(Number.isNaN(empty[0].fit));
  assert.throws(() => fitRateByBins(h, fit, [1]), /at least 2 edges/);
  assert.throws(() => fitRateByBins(h, fit, [1, 1]), /increasing/);
  assert.throws(() => fitRateByBins([1, 2], fit, [0, 3]), /10 rows/);
});

test('fitRateByBins leaves out ±Infinity like NaN, also with clamp (as histogramByGroup does)', () => {
  const fit = { type: 'category' as const, codes: new Int32Array([0, 0, 0, 0]), categories: ['fit'] };
  const values = [Infinity, -Infinity, NaN, 1];
  // Before: with clamp, -Infinity counted in the first bin and Infinity in the last.
  const clamped = fitRateByBins(values, fit, [0, 1, 2], { clamp: true });
  assert.deepEqual(
    clamped.map((r) => [r.value, r.n, r.nFit]),
    [
      ['< 1', 0, 0],
      ['>= 1', 1, 1],
    ],
  );
  const h = histogramByGroup(values, fit, [0, 1, 2], { clamp: true });
  assert.deepEqual(
    clamped.map((r) => r.n),
    h.groups[0].counts,
  );
  assert.deepEqual(
    fitRateByBins(values, fit, [0, 1, 2]).map((r) => r.n),
    [0, 1],
  );
});

test('categoryCounts counts values, most frequent first', () => {
  assert.deepEqual(categoryCounts(DS, 'category'), [
    { value: 'dress', n: 5, share: 0.5 },
    { value: 'top', n: 3, share: 0.3 },
    { value: 'gown', n: 2, share: 0.2 },
  ]);
  assert.deepEqual(
    categoryCounts(DS, 'size').map((c) => [c.value, c.n]),
    [
      ['2', 2],
      ['4', 2],
      ['6', 2],
      ['10', 2],
      ['8', 1],
    ],
  );
});

test('schemaTable gives type, missing rate, distinct count and range per column', () => {
  const ds = makeDataset(
    { user_id: ['a', 'b', null, 'a'], size: [4, null, 2, 4], review_date: [0, 1, null, 31] },
    { review_date: 'date' },
  );
  assert.deepEqual(schemaTable(ds), [
    {
      name: 'user_id',
      type: 'category',
      unit: '',
      missing: 0.25,
      distinct: 2,
      min: null,
      max: null,
      description: 'user_id column',
    },
    { name: 'size', type: 'number', unit: '', missing: 0.25, distinct: 2, min: 2, max: 4, description: 'size column' },
    {
      name: 'review_date',
      type: 'date',
      unit: 'days',
      missing: 0.25,
      distinct: 3,
      min: '1970-01-01',
      max: '1970-02-01',
      description: 'review_date column',
    },
  ]);
});

test('loadReportTable lists line counts, problems per kind and field with example values', () => {
  const text = [
    '{"fit":"fit","user_id":"a","item_id":"i","age":"116","size":4}',
    'not json',
    '{"fit":"small","user_id":"b","item_id":"i","age":"3","weight":"50lbs","size":4}',
    '',
    '{"fit":"fit","user_id":"a","item_id":"i","age":"116","size":4}',
  ].join('\n');
  const { report } = parseFitData(text, { format: 'renttherunway' });
  const rows = loadReportTable(report);
  const get = (section: string, item: string) => rows.find((r) => r.section === section && r.item === item);
  assert.deepEqual(
    rows.filter((r) => r.section === 'lines').map((r) => [r.item, r.count]),
    [
      ['lines', 5],
      ['blank lines', 1],
      ['rows kept', 3],
      ['rows dropped', 1],
      ['duplicate lines', 1],
      ['problems', 5],
    ],
  );
  assert.equal(get('problem kind', 'malformed-json')?.count, 1);
  assert.deepEqual(get('problem kind', 'out-of-range'), {
    section: 'problem kind',
    item: 'out-of-range',
    count: 4,
    examples: "age '116', age '3', weight '50lbs'",
  });
  assert.deepEqual(
    rows.filter((r) => r.section === 'field').map((r) => [r.item, r.count]),
    [
      ['age', 3],
      ['(line)', 1],
      ['weight', 1],
    ],
  );
  assert.equal(get('field', 'age')?.examples, "age '116', age '3'");
  assert.equal(rows.filter((r) => r.section === 'problem kind').length, 2, 'kinds without problems are left out');
  assert.equal(
    loadReportTable(report, { maxExamples: 1 }).find((r) => r.item === 'out-of-range')?.examples,
    "age '116'",
  );
});

test('histogramByGroup counts each group over shared bins, as percent of the group', () => {
  const h = histogramByGroup(DS.numbers('height_cm'), DS.categories('fit'), [150, 160, 170], {
    labels: ['150s', '160s'],
  });
  assert.deepEqual(h.labels, ['150s', '160s']);
  // Dictionary order fit, large, small. fit: 170, 165, 175, 150, 160 (175 out of range: counted in n only);
  // large: 180 out of range; small: 160, 155. Row 9 has no label; row 2 no height.
  assert.deepEqual(
    h.groups.map((g) => [g.name, g.n, g.counts]),
    [
      ['fit', 5, [1, 3]],
      ['large', 1, [0, 0]],
      ['small', 2, [1, 1]],
    ],
  );
  assert.deepEqual(h.groups[0].percent, [20, 60]);
  const c = histogramByGroup(DS.numbers('height_cm'), DS.categories('fit'), [150, 160, 170], { clamp: true });
  assert.deepEqual(c.labels, ['< 160', '>= 160']);
  assert.deepEqual(
    c.groups.map((g) => g.counts),
    [
      [1, 4],
      [0, 1],
      [1, 1],
    ],
  );
  assert.throws(() => histogramByGroup([1], DS.categories('fit'), [0, 2]), /groups has 10 rows/);
  assert.throws(
    () => histogramByGroup(DS.numbers('size'), DS.categories('fit'), [0, 1], { labels: ['a', 'b'] }),
    /2 labels for 1 bins/,
  );
});

test('the summaries display as HTML tables', () => {
  const html = toHtmlTable(schemaTable(DS), { limit: 100 });
  assert.equal((html.match(/<tr>/g) ?? []).length, 1 + DS.columnNames.length);
  assert.ok(toHtmlTable(fitRateBy(DS, 'category')).includes('<td>dress</td>'));
  assert.ok(toHtmlTable(categoryCounts(DS, 'fit')).includes('<th>share</th>'));
  const bins = fitRateByBins(DS.numbers('size'), DS.categories('fit'), [0, 5, 10]);
  assert.ok(toHtmlTable(bins).includes('<th>low</th>'));
});
