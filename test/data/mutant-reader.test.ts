import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFitData } from '../../lib/index.js';

// How the reader reads a record: JSON value types and blank strings in canonical fields, fit label spellings, and
// format detection after undecided records (found by mutation testing).
// Hand-written RentTheRunway-shaped records with invented values.

const rtr = (extra: string): string => `{"user_id": "u1", "item_id": "i1", "fit": "fit", ${extra}}\n`;

test('a boolean in a canonical numeric field is a wrong-type problem, not 1 or 0', () => {
  // Only declared extra fields read booleans as numbers; `rating: true` is not a rating of 1.
  const { dataset: d, report } = parseFitData(rtr('"rating": true, "size": false, "age": "28"'));
  assert.equal(d.length, 1);
  assert.equal(d.value('rating', 0), null);
  assert.equal(d.value('size', 0), null);
  assert.equal(d.value('age', 0), 28);
  assert.equal(report.problemCounts['wrong-type'], 2);
  assert.deepEqual(
    report.examples.map((p) => [p.field, p.kind]),
    [
      ['rating', 'wrong-type'],
      ['size', 'wrong-type'],
    ],
  );
});

test('a JSON number where a height, weight or date string is expected is a wrong-type problem', () => {
  // 16911 would be April 20, 2016 as days since 1970, and 170 a height in cm, but the formats write these as text
  // with their unit or month name: a bare number is refused, not guessed.
  const { dataset: d, report } = parseFitData(rtr('"review_date": 16911, "height": 170, "weight": 62'));
  assert.equal(d.length, 1);
  for (const c of ['review_date', 'height_cm', 'weight_kg']) assert.equal(d.value(c, 0), null, c);
  assert.equal(report.problemCounts['wrong-type'], 3);
  assert.deepEqual(report.examples.map((p) => p.field).sort(), ['height', 'review_date', 'weight']);
});

test('a declared extra number field reads booleans as 1 and 0', () => {
  const { dataset: d, report } = parseFitData(rtr('"liked": true, "returned": false'), {
    extraFields: { liked: 'number', returned: 'number' },
  });
  assert.equal(d.value('liked', 0), 1);
  assert.equal(d.value('returned', 0), 0);
  assert.equal(report.problems, 0);
});

test('a blank string (spaces or tabs only) in a measured field is missing, without a problem', () => {
  const { dataset: d, report } = parseFitData(rtr('"height": "   ", "weight": "\\t", "age": " ", "review_date": ""'));
  assert.equal(d.length, 1);
  for (const c of ['height_cm', 'weight_kg', 'age', 'review_date']) assert.equal(d.value(c, 0), null, c);
  assert.equal(report.problems, 0);
  // Positive control: a non-blank unreadable height is reported.
  const bad = parseFitData(rtr('"height": " tall "'));
  assert.equal(bad.report.problemCounts.unparseable, 1);
  assert.equal(bad.report.examples[0].field, 'height');
});

test('a fit label in another case or with surrounding blanks is read as that label', () => {
  const lines = [' Fit ', 'SMALL', 'Large\t'].map((fit, k) => JSON.stringify({ user_id: `u${k}`, item_id: 'i1', fit }));
  const { dataset: d, report } = parseFitData(lines.join('\n'));
  assert.equal(d.length, 3);
  assert.deepEqual(
    Array.from({ length: 3 }, (_, i) => d.value('fit', i)),
    ['fit', 'small', 'large'],
  );
  assert.equal(report.problems, 0);
});

test('a decisive record after 50 undecided ones still decides the format', () => {
  // Records with only the keys both formats share decide nothing; the ModCloth record after them does.
  const undecided = Array.from({ length: 50 }, (_, k) => `{"user_id": "u${k}", "item_id": "i1", "fit": "fit"}`);
  const modcloth = '{"user_id": "m1", "item_id": "i2", "fit": "small", "waist": "28", "hips": "40", "quality": 4}';
  const { dataset: d, report } = parseFitData([...undecided, modcloth].join('\n'));
  assert.equal(report.format, 'modcloth');
  assert.equal(report.formatFrom, 'fields');
  assert.equal(d.length, 51);
  assert.equal(d.value('waist', 50), 28);
  assert.deepEqual(report.unknownFields, []);
});
