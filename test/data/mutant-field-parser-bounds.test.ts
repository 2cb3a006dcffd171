import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  KG_PER_LB,
  parseDecimal,
  parseDecimalOrRange,
  parseHeightCm,
  parseReviewDate,
  parseWeightKg,
} from '../../lib/index.js';

// Edges of the field parsers that the other parser tests leave open (found by mutation testing): each case is
// derived from the parser's documented contract, not from its output.

test('a range whose ends are equal is its one value; a range with a negative end is not a measurement', () => {
  // Reversed ranges are refused; equal ends are not reversed, and their mean is the value itself.
  assert.equal(parseDecimalOrRange('36-36'), 36);
  assert.equal(parseDecimalOrRange('38.5 - 38.5'), 38.5);
  // A body measurement is never negative: `-3-5` would otherwise give the mean 1.
  assert.ok(Number.isNaN(parseDecimalOrRange('-3-5')));
  assert.ok(Number.isNaN(parseDecimalOrRange(' -2 - 4')));
});

test('a height of zero centimetres is not a height', () => {
  for (const bad of ['0cm', '0 cm', '000cm', '00 CM']) assert.ok(Number.isNaN(parseHeightCm(bad)), bad);
  // Positive control: a whole number of centimetres still reads.
  assert.equal(parseHeightCm('150 cm'), 150);
});

test('an ISO date with a month past 12 is refused, not rolled into the next year', () => {
  // Date would read month 13 of 2016 as January 2017 (17,167 days); the parser must not.
  for (const bad of ['2016-13-01', '2016-14-20', '2016-00-10']) assert.ok(Number.isNaN(parseReviewDate(bad)), bad);
  // Positive control at the edge: December is month 12. 2016-12-01 is 16,911 + 225 days after April 20 (10 days
  // of April, then May 31, June 30, July 31, August 31, September 30, October 31, November 30, and 1 day).
  assert.equal(parseReviewDate('2016-12-01'), 16911 + 10 + 31 + 30 + 31 + 31 + 30 + 31 + 30 + 1);
});

test('a 17-digit decimal is rounded once, to the nearest double', () => {
  // Near 6.6e16 doubles are 8 apart (2^55 < x < 2^56): 66054562492596066 lies between 8 x 8256820311574508 =
  // ...064 (2 away) and ...072 (6 away), so it reads as ...064. Accumulating digit by digit rounds twice and gives
  // ...072.
  assert.equal(BigInt(parseDecimal('66054562492596066')), 66054562492596064n);
  assert.equal(BigInt(parseDecimal('-66054562492596066')), -66054562492596064n);
});

test('a pound unit may end with a dot: lb. and lbs.', () => {
  for (const ok of ['137 lb.', '137lbs.', '137 LBS.', ' 137 lbs. '])
    assert.equal(parseWeightKg(ok), 137 * KG_PER_LB, ok);
  for (const bad of ['137 lbs..', '137 kg.', '137 lbs.s']) assert.ok(Number.isNaN(parseWeightKg(bad)), bad);
});
