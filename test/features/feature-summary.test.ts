import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  InvalidArgumentError,
  featureSummary,
  matrixFromRows,
  sizeFitFeaturePipeline,
  type FeatureInfo,
} from '../../lib/index.js';
import { datasetFromRecords } from './make-dataset.js';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('featureSummary: hand-computed mean, sd, min, max and missing share (NaN or indicator)', () => {
  // a has one NaN; b is constant; c was imputed (row 1) and has an indicator column.
  const X = matrixFromRows(
    [
      [1, 2, 5, 0],
      [2, 2, 7, 1],
      [3, 2, 9, 0],
      [NaN, 2, 7, 0],
    ],
    ['a', 'b', 'c', 'c_missing'],
  );
  const info: FeatureInfo[] = [
    { name: 'a', description: 'first (then simple-imputer)', group: 'body' },
    { name: 'c', description: 'third', group: 'article' },
  ];
  const rows = featureSummary(X, info, { stripDescriptionSuffix: ' (then simple-imputer)' });
  assert.deepEqual(
    rows.map((r) => [r.name, r.group, r.description]),
    [
      ['a', 'body', 'first'],
      ['b', '', ''],
      ['c', 'article', 'third'],
      ['c_missing', '', ''],
    ],
  );
  const [a, b, c, ind] = rows;
  close(a.mean, 2);
  close(a.sd, 1); // (1 + 0 + 1) / (3 - 1)
  assert.deepEqual([a.min, a.max, a.missing], [1, 3, 0.25]);
  assert.deepEqual([b.mean, b.sd, b.min, b.max, b.missing], [2, 0, 2, 2, 0]);
  close(c.mean, 7);
  close(c.sd, Math.sqrt(8 / 3)); // deviations -2, 0, 2, 0
  assert.equal(c.missing, 0.25, 'c has no NaN: its missing share comes from c_missing');
  assert.equal(ind.missing, 0);
  close(ind.mean, 0.25);
});

test('featureSummary: column selection and order, all-missing and single-value columns, errors', () => {
  const X = matrixFromRows(
    [
      [NaN, 4],
      [NaN, NaN],
    ],
    ['empty', 'one'],
  );
  const [one, empty] = featureSummary(X, [], { columns: ['one', 'empty'] });
  assert.equal(one.name, 'one');
  assert.deepEqual([one.mean, one.min, one.max, one.missing], [4, 4, 4, 0.5]);
  assert.ok(Number.isNaN(one.sd), 'one value has no sample sd');
  assert.ok([empty.mean, empty.sd, empty.min, empty.max].every(Number.isNaN));
  assert.equal(empty.missing, 1);
  assert.throws(() => featureSummary(X, [], { columns: ['nope'] }), InvalidArgumentError);
  assert.throws(() => featureSummary(matrixFromRows([[Infinity]], ['x'])), /row 0, column 'x' is Infinity/);
});

test('featureSummary: on the imputed pipeline output, missing shares are those of the raw data', () => {
  const records = Array.from({ length: 40 }, (_, i) => ({
    user_id: `u${i % 7}`,
    item_id: `i${i % 5}`,
    fit: ['small', 'fit', 'large', 'fit'][i % 4],
    size: 4 + (i % 9),
    category: i % 2 ? 'dress' : 'gown',
    height_cm: i % 4 === 0 ? null : 150 + i,
    weight_kg: i % 5 === 0 ? null : 50 + (i % 13),
  }));
  const ds = datasetFromRecords(records);
  const pipe = sizeFitFeaturePipeline({ seed: 1 });
  const X = pipe.fitTransform(ds);
  const rows = featureSummary(X, pipe.featureInfo());
  const row = (n: string) => rows.find((r) => r.name === n)!;
  close(row('height_cm').missing, 10 / 40);
  close(row('weight_kg').missing, 8 / 40);
  // bmi needs both: rows missing height (i % 4 == 0) or weight (i % 5 == 0): 10 + 8 - 2 (i % 20 == 0).
  close(row('bmi').missing, 16 / 40);
  assert.equal(row('height_cm').group, 'body');
  assert.match(row('height_cm').description, /height in cm/);
  // Median imputation keeps min and max within the observed values.
  assert.equal(row('height_cm').min, 151);
  assert.equal(row('height_cm').max, 189); // i = 39
});
