import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SizeError, getSizeSystem, parseSize } from '../../lib/index.js';

const letter = getSizeSystem('letter');

test('letter labels are 3XS..4XL in order', () => {
  assert.deepEqual(letter.labels, ['3XS', '2XS', 'XS', 'S', 'M', 'L', 'XL', '2XL', '3XL', '4XL']);
  assert.equal(letter.kind, 'clothing');
  assert.equal(letter.gender, 'unisex');
});

test('spellings normalise: case, spaces, XXL = 2XL, XXXL = 3XL, words', () => {
  const cases: [string, string][] = [
    ['xl', 'XL'],
    [' x l ', 'XL'],
    ['XXL', '2XL'],
    ['2XL', '2XL'],
    ['2 xl', '2XL'],
    ['XXXL', '3XL'],
    ['XXXXL', '4XL'],
    ['xxs', '2XS'],
    ['XXXS', '3XS'],
    ['1XL', 'XL'],
    ['Medium', 'M'],
    ['small', 'S'],
    ['X-Large', 'XL'],
    ['Extra Large', 'XL'],
    ['XX-Large', '2XL'],
    ['extra small', 'XS'],
  ];
  for (const [raw, want] of cases) assert.equal(parseSize(raw, 'letter').label, want, raw);
});

test('letter rejects what is not 3XS..4XL', () => {
  for (const bad of ['XXL5', '5XL', 'XXXXXL', '4XS', 'XM', '2M', '2XXL', 'X', 'XX', 'LL', 'ML', '10', 'W32 L34']) {
    assert.throws(
      () => parseSize(bad, 'letter'),
      (e: unknown) => e instanceof SizeError && e.system === 'letter',
      bad,
    );
  }
});

test('letter body dimensions depend on gender, and need one', () => {
  // Reference values (industry convention encoded in letter-sizes.ts): women M = EU 38 = bust 88, waist 70,
  // hips 96; men M = EU 48/50 = mean of chest 96/100 and waist 84/88.
  assert.deepEqual(letter.bodyDimensions('M', 'women'), { bust: 88, waist: 70, hips: 96 });
  assert.deepEqual(letter.bodyDimensions('M', 'men'), { chest: 98, waist: 86 });
  assert.throws(() => letter.bodyDimensions('M'), SizeError);
  assert.equal(letter.genderDependent, true);
  assert.equal(getSizeSystem('jeans').genderDependent, false);
  assert.deepEqual(letter.dimensions('men'), ['chest', 'waist']);
});
