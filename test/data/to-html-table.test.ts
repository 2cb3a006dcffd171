import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFitData, toHtmlTable, toDataFrame, escapeHtml } from '../../lib/index.js';

const LINES = [
  `{"fit": "fit", "user_id": "<script>alert(1)</script>", "item_id": "a&b", "category": "dress \\"x\\"", "height": "5' 6\\"", "size": 8}`,
  `{"fit": "small", "user_id": "u2", "item_id": "i2", "category": "top", "size": 4}`,
  `{"fit": "large", "user_id": "u3", "item_id": "i3", "category": "top", "size": 6}`,
].join('\n');

test('toHtmlTable escapes every value and shows missing values as empty cells', () => {
  const { dataset } = parseFitData(LINES);
  const html = toHtmlTable(dataset, { limit: 2, columns: ['user_id', 'item_id', 'category', 'height_cm', 'size'] });
  assert.ok(!html.includes('<script>'));
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(html.includes('<td>a&amp;b</td>'));
  assert.ok(html.includes('dress &quot;x&quot;'));
  assert.ok(html.includes('167.64'));
  assert.equal((html.match(/<tr>/g) ?? []).length, 3); // header + 2 rows
  assert.ok(html.includes('2 of 3 rows'));
  assert.equal((html.match(/class="missing"/g) ?? []).length, 1);
  const fromRecords = toHtmlTable([{ a: 1.5, b: '<b>', c: null }]);
  assert.ok(fromRecords.includes('<th>a</th><th>b</th><th>c</th>'));
  assert.ok(fromRecords.includes('1.50') && fromRecords.includes('&lt;b&gt;'));
  assert.equal(escapeHtml(`<'&">`), '&lt;&#39;&amp;&quot;&gt;');
});

test('toDataFrame gives a danfojs DataFrame with strings for categories and nulls for missing', async () => {
  const { dataset } = parseFitData(LINES);
  const df = await toDataFrame(dataset, { columns: ['fit', 'category', 'height_cm', 'size'], limit: 2 });
  assert.deepEqual(df.shape, [2, 4]);
  assert.deepEqual(df.columns, ['fit', 'category', 'height_cm', 'size']);
  const values = df.values as unknown[][];
  assert.deepEqual(
    values.map((r) => r[0]),
    ['fit', 'small'],
  );
  assert.ok(Math.abs((values[0][2] as number) - 167.64) < 1e-3);
  assert.ok(values[1][2] === null || Number.isNaN(values[1][2]));
  // Before: danfojs guessed the types, so numeric-looking ids became int32 (their mean was a number) and sizes int32.
  const ids = await toDataFrame(dataset, { columns: ['user_id', 'item_id', 'size'] });
  assert.deepEqual(ids.dtypes, ['string', 'string', 'float32']);
  assert.equal((ids.values as unknown[][])[0][0], String(dataset.value('user_id', 0)));
});

test('toHtmlTable refuses a negative or fractional limit and odd digits; bigints print as numbers', () => {
  // Before: limit -1 showed all records but the last, and no row of a dataset; a bigint threw in JSON.stringify.
  const { dataset } = parseFitData(LINES);
  for (const limit of [-1, 1.5, NaN]) {
    assert.throws(() => toHtmlTable([{ a: 1 }, { a: 2 }], { limit }), /limit must be an integer >= 0 or Infinity/);
    assert.throws(() => toHtmlTable(dataset, { limit }), /limit must be an integer >= 0 or Infinity/);
  }
  assert.throws(() => toHtmlTable([{ a: 1.5 }], { digits: 101 }), /digits must be an integer in 0\.\.20/);
  assert.match(toHtmlTable([{ a: 1 }, { a: 2 }], { limit: Infinity }), /<td style="text-align:right">2<\/td>/);
  assert.match(toHtmlTable([{ n: 12345678901234567890n }]), /<td>12345678901234567890<\/td>/);
});

test('toHtmlTable shows symbols, functions and objects holding a BigInt with String, and a Date in ISO 8601', () => {
  // Before: JSON.stringify gave undefined (symbol, function) or threw (BigInt inside an object): a plain TypeError.
  const fn = function f() {};
  const html = toHtmlTable([
    { v: Symbol('s') },
    { v: fn },
    { v: { a: 1n } },
    { v: new Date(0) },
    { v: new Date(NaN) },
    { v: Object.assign(Object.create(null) as object, { a: 1n }) },
    { v: { a: 1, b: 'x' } },
    { v: true },
    { v: 10n },
  ]);
  const cells = [...html.matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1]);
  assert.deepEqual(cells, [
    'Symbol(s)',
    escapeHtml(String(fn)),
    '[object Object]',
    '1970-01-01T00:00:00.000Z',
    'Invalid Date',
    '[object Object]',
    '{&quot;a&quot;:1,&quot;b&quot;:&quot;x&quot;}',
    'true',
    '10',
  ]);
});

test('toDataFrame refuses a limit that is not an integer >= 0, whatever the number of rows', async () => {
  const { dataset } = parseFitData(LINES);
  // Before: only min(length, limit) was checked, so 3.5 on these 3 rows passed, and the message named no function.
  for (const limit of [3.5, 2.5, -1, NaN, -Infinity]) {
    await assert.rejects(
      () => toDataFrame(dataset, { limit }),
      (e: Error) =>
        e.name === 'InvalidArgumentError' &&
        e.message === `toDataFrame: limit must be an integer >= 0 or Infinity, got ${limit}`,
      String(limit),
    );
  }
});
