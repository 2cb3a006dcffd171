import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseHeightCm,
  parseWeightKg,
  parseBustSize,
  cupOrdinal,
  parseReviewDate,
  parseDecimal,
  parseDecimalOrRange,
  KG_PER_LB,
} from '../../lib/index.js';

const near = (a: number, b: number, tol = 1e-9): void => assert.ok(Math.abs(a - b) <= tol, `${a} != ${b}`);

test('heights in the RentTheRunway and ModCloth spellings parse to cm', () => {
  near(parseHeightCm(`5' 8"`), 68 * 2.54);
  near(parseHeightCm(`5'8"`), 68 * 2.54);
  near(parseHeightCm(`6' 0"`), 72 * 2.54);
  near(parseHeightCm(`4' 11"`), 59 * 2.54);
  near(parseHeightCm('5ft 6in'), 66 * 2.54);
  near(parseHeightCm('5ft'), 60 * 2.54);
  near(parseHeightCm('5 ft 6 in'), 66 * 2.54);
  near(parseHeightCm(`5'`), 60 * 2.54);
  near(parseHeightCm(`5' 8.5"`), 68.5 * 2.54);
  near(parseHeightCm(' 5ft 10in '), 70 * 2.54);
  near(parseHeightCm('170cm'), 170);
  near(parseHeightCm('170 cm'), 170);
  near(parseHeightCm('170.5cm'), 170.5);
  near(parseHeightCm(' 165.25 cm '), 165.25);
});

test('malformed heights give NaN', () => {
  for (const bad of ['5 ft 13', `5' 12"`, 'tall', '', `'8"`, '5 8', `5' 8" extra`, '56ft', '5ft 6cm', '5ft 6in 2']) {
    assert.ok(Number.isNaN(parseHeightCm(bad)), `'${bad}' should not parse`);
  }
});

test('weights parse to kg; a bare number or unknown unit does not', () => {
  near(parseWeightKg('137lbs'), 137 * KG_PER_LB);
  near(parseWeightKg('137 lbs'), 137 * 0.45359237);
  near(parseWeightKg('137lb'), 137 * 0.45359237);
  near(parseWeightKg('137.5 LBS'), 137.5 * 0.45359237);
  near(parseWeightKg('62kg'), 62);
  near(parseWeightKg('62 kg'), 62);
  for (const bad of ['abc lbs', '137', 'lbs', '137 stones', '', '13.7.1lbs', '137 lbsx']) {
    assert.ok(Number.isNaN(parseWeightKg(bad)), `'${bad}' should not parse`);
  }
});

test('bust sizes split into band, cup ordinal and cup label', () => {
  assert.deepEqual(parseBustSize('34d'), { band: 34, cupLabel: 'd', cup: 4 });
  assert.deepEqual(parseBustSize('34ddd/e'), { band: 34, cupLabel: 'ddd/e', cup: 6 });
  assert.deepEqual(parseBustSize('34d+'), { band: 34, cupLabel: 'd+', cup: 4 });
  assert.deepEqual(parseBustSize('38aa'), { band: 38, cupLabel: 'aa', cup: 0 });
  assert.deepEqual(parseBustSize('32dd'), { band: 32, cupLabel: 'dd', cup: 5 });
  assert.deepEqual(parseBustSize('36 F'), { band: 36, cupLabel: 'f', cup: 7 });
  assert.deepEqual(parseBustSize('30j'), { band: 30, cupLabel: 'j', cup: 11 });
  const bandOnly = parseBustSize('34');
  assert.equal(bandOnly?.band, 34);
  assert.ok(Number.isNaN(bandOnly?.cup));
  for (const bad of ['d34', '34z', '3d', '340d', '', 'abc']) assert.equal(parseBustSize(bad), null, bad);
});

test('cup ordinals follow the documented table, including ModCloth spellings', () => {
  const expected: [string, number][] = [
    ['aa', 0],
    ['a', 1],
    ['b', 2],
    ['c', 3],
    ['d', 4],
    ['dd', 5],
    ['ddd/e', 6],
    ['f', 7],
    ['g', 8],
    ['h', 9],
    ['i', 10],
    ['dd/e', 5],
    ['ddd/f', 6],
    ['dddd/g', 7],
    ['D', 4],
  ];
  for (const [label, k] of expected) assert.equal(cupOrdinal(label), k, label);
  assert.ok(Number.isNaN(cupOrdinal('zz')));
});

test('review dates parse to days since 1970-01-01 UTC', () => {
  assert.equal(parseReviewDate('January 1, 1970'), 0);
  assert.equal(parseReviewDate('April 20, 2016'), 16911);
  assert.equal(parseReviewDate('Apr 20 2016'), 16911);
  assert.equal(parseReviewDate('2016-04-20'), 16911);
  assert.equal(parseReviewDate('February 29, 2016'), 16860);
  // Years below 100 stay as written (Date.UTC would read 0016 as 1916), so the range check names them.
  const day = (raw: string): string => new Date(parseReviewDate(raw) * 86_400_000).toISOString().slice(0, 10);
  assert.equal(day('April 20, 0016'), '0016-04-20');
  assert.equal(day('0099-12-31'), '0099-12-31');
  for (const bad of ['February 30, 2016', 'Smarch 1, 2016', 'April 20', '20/04/2016', '', 'April 0, 2016']) {
    assert.ok(Number.isNaN(parseReviewDate(bad)), bad);
  }
});

test('age and rating strings parse as plain decimals only', () => {
  assert.equal(parseDecimal('28'), 28);
  assert.equal(parseDecimal(' 28 '), 28);
  assert.equal(parseDecimal('\t28\t'), 28);
  assert.equal(parseDecimal('42.0'), 42);
  assert.equal(parseDecimal('8.50'), 8.5);
  assert.equal(parseDecimal('-3'), -3);
  for (const bad of ['', ' ', '0x10', '1e3', 'Infinity', '28 years', '2 8', '.', '-']) {
    assert.ok(Number.isNaN(parseDecimal(bad)), `'${bad}'`);
  }
  assert.equal(parseDecimalOrRange('36-38'), 37);
  assert.equal(parseDecimalOrRange('36 - 39'), 37.5);
  assert.equal(parseDecimalOrRange('39'), 39);
  assert.ok(Number.isNaN(parseDecimalOrRange('38-36')));
  assert.ok(Number.isNaN(parseDecimalOrRange('36-')));
});

test('plausible spellings from phones and forms parse: typographic marks, unit case, metres, odd blanks', () => {
  // Before: each of these was unparseable, so the field was read as missing.
  near(parseHeightCm('5’11”'), 71 * 2.54);
  near(parseHeightCm('5’ 8”'), 68 * 2.54);
  near(parseHeightCm('5’'), 60 * 2.54);
  near(parseHeightCm('5’ 8’’'), 68 * 2.54);
  near(parseHeightCm('5FT 6IN'), 66 * 2.54);
  near(parseHeightCm('180CM'), 180);
  near(parseHeightCm('170.5 Cm'), 170.5);
  near(parseHeightCm('1.80 m'), 180);
  near(parseHeightCm('1.8m'), 180);
  near(parseHeightCm('1.655 M'), 165.5);
  for (const bad of ['18 m', '1.8 mm', '1.8', 'm', '5’ 13”']) assert.ok(Number.isNaN(parseHeightCm(bad)), bad);
  near(parseWeightKg('137\tlbs'), 137 * KG_PER_LB);
  near(parseWeightKg('\t62kg\t'), 62);
  for (const ok of ['April 20,2016', 'April 20 ,2016', 'April 20 , 2016', 'April\t20, 2016', 'Apr. 20, 2016']) {
    assert.equal(parseReviewDate(ok), 16911, ok);
  }
  for (const bad of ['April 202016', 'April, 20 2016', 'April20, 2016'])
    assert.ok(Number.isNaN(parseReviewDate(bad)), bad);
  assert.equal(parseDecimalOrRange(' -3'), parseDecimal(' -3'));
  assert.equal(parseDecimalOrRange(' 36 - 38'), 37);
});
