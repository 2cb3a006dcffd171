import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SAMPLE_OPTIONS, generateSample, sampleFiles } from '../../lib/index.js';

const dir = fileURLToPath(new URL('../../datasets/sample/', import.meta.url));
const result = generateSample();
const files = sampleFiles(result);
const committed = readFileSync(`${dir}sample.jsonl`, 'utf8');

test('the committed sample is not stale (regenerated in memory, compared byte for byte)', () => {
  assert.ok(committed === files['sample.jsonl'], 'datasets/sample/sample.jsonl is stale: run scripts/make-sample.ts');
  const truth = readFileSync(`${dir}truth.json`, 'utf8');
  assert.ok(truth === files['truth.json'], 'datasets/sample/truth.json is stale: run scripts/make-sample.ts');
});

test('every sample line is a well-formed RentTheRunway record', () => {
  const lines = committed.trimEnd().split('\n');
  assert.equal(lines.length, SAMPLE_OPTIONS.purchases);
  const required = ['fit', 'user_id', 'item_id', 'rating', 'rented for', 'category', 'size', 'review_date'];
  for (const [i, line] of lines.entries()) {
    const r = JSON.parse(line);
    for (const k of required) assert.ok(k in r, `line ${i + 1} lacks ${k}`);
    assert.ok(['small', 'fit', 'large'].includes(r.fit));
    assert.ok(Number.isInteger(r.size));
    if ('bust size' in r) assert.match(r['bust size'], /^\d\d[abcd]$/);
    if ('weight' in r) assert.match(r.weight, /^\d{2,3}lbs$/);
    if ('height' in r) assert.match(r.height, /^\d' \d{1,2}"$/);
    assert.match(r.review_date, /^[A-Z][a-z]+ \d{1,2}, 20\d\d$/);
    assert.equal('return_reason' in r, r.returned === 1);
  }
});

test('the sample has the quirks it promises: 10% missing bust sizes, 15% missing weights', () => {
  const rows = committed
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  const missing = (k: string): number => rows.filter((r) => !(k in r)).length / rows.length;
  assert.ok(Math.abs(missing('bust size') - 0.1) < 0.005, `bust size missing ${missing('bust size')}`);
  assert.ok(Math.abs(missing('weight') - 0.15) < 0.005, `weight missing ${missing('weight')}`);
});

test('the sample truth names shared accounts and the buyer of each row', () => {
  const truth = JSON.parse(readFileSync(`${dir}truth.json`, 'utf8'));
  assert.equal(truth.optionsSha256, result.dataset.meta.sha256);
  assert.equal(truth.rows.person.length, SAMPLE_OPTIONS.purchases);
  const secondPersons = truth.persons.filter((p: { role: number }) => p.role === 1);
  assert.equal(secondPersons.length, 50);
  const rows = committed
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  rows.forEach((r, i) => assert.equal(truth.persons[truth.rows.person[i]].userId, r.user_id));
});
