// concatDatasets: the rows of several datasets one after another, each row keeping its values (category codes mapped
// into the union of the parts' categories), and refusals of parts that do not share a schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ColumnarDataset,
  InvalidArgumentError,
  concatDatasets,
  parseFitData,
  type Column,
  type DatasetMeta,
  type FieldSchema,
} from '../../lib/index.js';

const META: DatasetMeta = { name: 'parts', source: 'test', format: 'test', sha256: '0' };
const SCHEMA: FieldSchema[] = [
  { name: 'size', type: 'number', description: 'size' },
  { name: 'category', type: 'category', description: 'category' },
  { name: 'fit', type: 'category', ordered: true, description: 'label' },
];

/** A dataset of rows [size, category, fit] (null: missing), its categories listed in `categories` order. */
function part(
  rows: [number, string | null, string | null][],
  categories: string[],
  lines: number[],
  schema: FieldSchema[] = SCHEMA,
): ColumnarDataset {
  const fitCategories = ['small', 'fit', 'large'];
  const columns = new Map<string, Column>([
    ['size', { type: 'number', values: Float64Array.from(rows, (r) => r[0]) }],
    [
      'category',
      {
        type: 'category',
        codes: Int32Array.from(rows, (r) => (r[1] === null ? -1 : categories.indexOf(r[1]))),
        categories,
      },
    ],
    [
      'fit',
      {
        type: 'category',
        codes: Int32Array.from(rows, (r) => (r[2] === null ? -1 : fitCategories.indexOf(r[2]))),
        categories: fitCategories,
      },
    ],
  ]);
  return new ColumnarDataset(schema, columns, Int32Array.from(lines), META);
}

test('concatDatasets keeps every row value, maps category codes into the union, and keeps line numbers', () => {
  const a = part(
    [
      [8, 'dress', 'fit'],
      [4, 'gown', null],
    ],
    ['dress', 'gown'],
    [3, 7],
  );
  // Other codes for the same strings, one new category, a missing category, a category listed but not used.
  const b = part(
    [
      [12, 'gown', 'small'],
      [NaN, 'romper', 'large'],
      [6, null, 'fit'],
      [10, 'dress', 'fit'],
    ],
    ['jumpsuit', 'romper', 'gown', 'dress'],
    [1, 2, 5, 9],
  );
  const c = part([[2, 'romper', 'small']], ['romper'], [4]);
  const all = concatDatasets([a, b, c]);
  assert.equal(all.length, 7);
  const expected = [...a.toRecords(), ...b.toRecords(), ...c.toRecords()];
  assert.deepEqual(all.toRecords(), expected);
  assert.deepEqual([...all.lineNumbers], [3, 7, 1, 2, 5, 9, 4]);
  // The union in first-seen order: the first part's list, then each new one in the order the parts list them.
  assert.deepEqual(all.categories('category').categories, ['dress', 'gown', 'jumpsuit', 'romper']);
  assert.deepEqual([...all.categories('category').codes], [0, 1, 1, 3, -1, 0, 3]);
  assert.deepEqual(all.categories('fit').categories, ['small', 'fit', 'large']);
  assert.equal(all.meta, META);
  assert.equal(concatDatasets([a], { ...META, name: 'other' }).meta.name, 'other');
  // The parts are not changed.
  assert.deepEqual([...b.categories('category').codes], [2, 1, -1, 3]);
});

test('concatDatasets of parsed request-like records equals parsing all the lines together', () => {
  const lines = [
    '{"user_id":"1","item_id":"10","size":8,"category":"dress","height":"5\' 6\\"","weight":"130lbs","fit":"fit"}',
    '{"user_id":"2","item_id":"11","size":4,"category":"gown","bust size":"34b","fit":"small"}',
    '{"user_id":"1","item_id":"12","size":12,"category":"romper","age":"31","fit":"large"}',
  ];
  const opts = { format: 'renttherunway' as const };
  const parts = lines.map((l) => parseFitData(l, opts).dataset);
  const together = parseFitData(lines.join('\n'), opts).dataset;
  const all = concatDatasets(parts);
  assert.deepEqual(all.toRecords(), together.toRecords());
  assert.deepEqual(all.columnNames, together.columnNames);
});

test('concatDatasets refuses no parts, other fields, types, units or orderedness, and other ordered categories', () => {
  const a = part([[8, 'dress', 'fit']], ['dress'], [1]);
  assert.throws(() => concatDatasets([]), InvalidArgumentError);
  const renamed = SCHEMA.map((f) => (f.name === 'category' ? { ...f, name: 'kind' } : f));
  const renamedPart = new ColumnarDataset(
    renamed,
    new Map<string, Column>([
      ['size', { type: 'number', values: Float64Array.of(1) }],
      ['kind', { type: 'category', codes: Int32Array.of(0), categories: ['x'] }],
      ['fit', { type: 'category', codes: Int32Array.of(0), categories: ['small', 'fit', 'large'] }],
    ]),
    Int32Array.of(1),
    META,
  );
  assert.throws(
    () => concatDatasets([a, renamedPart]),
    (e: unknown) =>
      e instanceof InvalidArgumentError && /dataset 1 has field 'kind' where the first has 'category'/.test(e.message),
  );
  const fewer = new ColumnarDataset(
    SCHEMA.slice(0, 1),
    new Map<string, Column>([['size', { type: 'number', values: Float64Array.of(1) }]]),
    Int32Array.of(1),
    META,
  );
  assert.throws(() => concatDatasets([a, fewer]), /dataset 1 has 1 fields, the first has 3/);
  const inCm = part(
    [[8, 'dress', 'fit']],
    ['dress'],
    [1],
    SCHEMA.map((f) => (f.name === 'size' ? { ...f, unit: 'cm' } : f)),
  );
  assert.throws(() => concatDatasets([a, inCm]), /field 'size' in 'cm'/);
  const unordered = part(
    [[8, 'dress', 'fit']],
    ['dress'],
    [1],
    SCHEMA.map((f) => ({ ...f, ordered: undefined })),
  );
  assert.throws(() => concatDatasets([a, unordered]), /field 'fit' ordered differently/);
  const otherOrder = new ColumnarDataset(
    SCHEMA,
    new Map<string, Column>([
      ['size', { type: 'number', values: Float64Array.of(1) }],
      ['category', { type: 'category', codes: Int32Array.of(0), categories: ['dress'] }],
      ['fit', { type: 'category', codes: Int32Array.of(0), categories: ['large', 'fit', 'small'] }],
    ]),
    Int32Array.of(1),
    META,
  );
  assert.throws(
    () => concatDatasets([a, otherOrder]),
    /dataset 1 lists other categories of the ordered field 'fit' than the first/,
  );
});
