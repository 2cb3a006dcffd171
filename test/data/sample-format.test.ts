import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ColumnarDataset, InvalidArgumentError, toRentTheRunwayLines, type Column } from '../../lib/index.js';

/** A two-row dataset with the canonical columns; row 2 has every optional field missing. */
function tiny(overrides: Record<string, Column> = {}): ColumnarDataset {
  const num = (...v: number[]): Column => ({ type: 'number', values: Float64Array.from(v) });
  const cat = (codes: number[], categories: string[]): Column => ({
    type: 'category',
    codes: Int32Array.from(codes),
    categories,
  });
  const cols = new Map<string, Column>([
    ['user_id', cat([0, 1], ['100001', '100002'])],
    ['item_id', cat([0, 0], ['2000001'])],
    ['fit', cat([1, 0], ['small', 'fit', 'large'])],
    ['size', num(14, 8)],
    ['category', cat([0, 0], ['romper'])],
    ['height_cm', num(68 * 2.54, NaN)],
    ['weight_kg', num(137 * 0.45359237, NaN)],
    ['bust_band', num(34, NaN)],
    ['cup', num(4, NaN)],
    ['age', num(28, NaN)],
    ['rating', num(10, 6)],
    ['review_date', num(Date.UTC(2016, 3, 20) / 864e5, Date.UTC(2013, 0, 5) / 864e5)],
    ['body_type', cat([0, -1], ['straight & narrow'])],
    ['rented_for', cat([0, 1], ['vacation', 'formal affair'])],
    ['brand', cat([0, 0], ['Nettle & Co'])],
    ['returned', num(0, 1)],
    ['return_reason', cat([-1, 0], ['too_small', 'too_big', 'other'])],
    ...Object.entries(overrides),
  ]);
  const schema = [...cols.keys()].map((name) => ({
    name,
    type: cols.get(name)!.type,
    description: name,
  }));
  return new ColumnarDataset(schema, cols, new Int32Array(2), {
    name: 't',
    source: 'generated',
    format: 'test',
    sha256: '',
  });
}

test('formats rows exactly like the official RentTheRunway file, absent keys where missing', () => {
  const text = toRentTheRunwayLines(tiny());
  assert.equal(
    text,
    '{"fit": "fit", "user_id": "100001", "bust size": "34d", "item_id": "2000001", "weight": "137lbs", ' +
      '"rating": "10", "rented for": "vacation", "body type": "straight & narrow", "category": "romper", ' +
      '"height": "5\' 8\\"", "size": 14, "age": "28", "review_date": "April 20, 2016", "brand": "Nettle & Co", ' +
      '"returned": 0}\n' +
      '{"fit": "small", "user_id": "100002", "item_id": "2000001", "rating": "6", "rented for": "formal affair", ' +
      '"category": "romper", "size": 8, "review_date": "January 5, 2013", "brand": "Nettle & Co", "returned": 1, ' +
      '"return_reason": "too_small"}\n',
  );
  const first = JSON.parse(text.split('\n')[0]);
  assert.equal(first.height, `5' 8"`);
});

test('extra fields can be chosen; cups beyond d use RentTheRunway spellings', () => {
  const d = tiny({ cup: { type: 'number', values: Float64Array.from([6, NaN]) } });
  const line = toRentTheRunwayLines(d, { extraFields: [] }).split('\n')[0];
  assert.match(line, /"bust size": "34ddd\/e"/);
  assert.doesNotMatch(line, /brand|returned/);
});

test('rejects non-integer sizes and unknown cup codes with the row number', () => {
  const badSize = tiny({ size: { type: 'number', values: Float64Array.from([14, 8.5]) } });
  assert.throws(
    () => toRentTheRunwayLines(badSize),
    (e: Error) => {
      return e instanceof InvalidArgumentError && /row 2: size 8.5/.test(e.message);
    },
  );
  const badCup = tiny({ cup: { type: 'number', values: Float64Array.from([12, NaN]) } });
  assert.throws(() => toRentTheRunwayLines(badCup), /row 1: cup code 12/);
});
