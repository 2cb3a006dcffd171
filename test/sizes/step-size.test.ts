import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, SizeError, compareSizes, getSizeSystem, parseSize, stepSize } from '../../lib/index.js';

test('one size up and down', () => {
  assert.equal(stepSize(parseSize('M', 'letter')).label, 'L');
  assert.equal(stepSize(parseSize('M', 'letter'), -2).label, 'XS');
  assert.equal(stepSize(parseSize('38', 'women-eu')).label, '40');
  assert.equal(stepSize(parseSize('00', 'women-us')).label, '0');
  assert.equal(getSizeSystem('women-us').prev('2').label, '0');
  assert.equal(stepSize(parseSize('M', 'letter'), 0).label, 'M');
});

test('stepping past either end of the range is a SizeError naming the system', () => {
  assert.throws(
    () => stepSize(parseSize('4XL', 'letter')),
    (e: unknown) => e instanceof SizeError && e.system === 'letter' && /largest size of letter is 4XL/.test(e.message),
  );
  assert.throws(
    () => stepSize(parseSize('3XS', 'letter'), -1),
    (e: unknown) => e instanceof SizeError && /smallest size of letter is 3XS/.test(e.message),
  );
  assert.throws(() => stepSize(parseSize('52', 'shoe-eu')), SizeError);
  assert.throws(() => stepSize(parseSize('120N', 'bra-eu')), SizeError);
  assert.throws(() => stepSize(parseSize('W50 L40', 'jeans')), SizeError);
  assert.throws(() => stepSize(parseSize('2XL', 'letter'), 3), SizeError);
  assert.equal(stepSize(parseSize('2XL', 'letter'), 2).label, '4XL');
});

test('steps must be an integer', () => {
  assert.throws(() => stepSize(parseSize('M', 'letter'), 0.5), InvalidArgumentError);
});

test('ordinals order sizes; compareSizes sorts and refuses mixed systems', () => {
  const letter = getSizeSystem('letter');
  assert.deepEqual(
    ['XS', 'S', 'M', 'L', 'XL'].map((l) => letter.ordinal(l)),
    [2, 3, 4, 5, 6],
  );
  const shuffled = ['XL', '3xs', 'm', 'xxl', 's'].map((l) => parseSize(l, 'letter'));
  assert.deepEqual(
    shuffled.sort(compareSizes).map((s) => s.label),
    ['3XS', 'S', 'M', 'XL', '2XL'],
  );
  assert.ok(compareSizes(parseSize('38.5', 'shoe-eu'), parseSize('38', 'shoe-eu')) > 0);
  assert.equal(compareSizes(parseSize('xxl', 'letter'), parseSize('2XL', 'letter')), 0);
  assert.throws(() => compareSizes(parseSize('M', 'letter'), parseSize('38', 'women-eu')), SizeError);
});

test('a forged size of another system is refused', () => {
  const m = parseSize('M', 'letter');
  assert.throws(() => getSizeSystem('women-eu').next(m), SizeError);
  assert.throws(() => stepSize({ system: 'letter', label: 'XXL5', ordinal: 3 }), SizeError);
  // The ordinal is recomputed from the label, not trusted.
  assert.equal(stepSize({ system: 'letter', label: 'M', ordinal: 0 }).label, 'L');
});

test('a missing size or a label string is an InvalidArgumentError naming the argument, never a TypeError', () => {
  const m = parseSize('M', 'letter');
  const cases: [() => unknown, RegExp][] = [
    [() => compareSizes(null as never, m), /^compareSizes: a: expected a size \(from parseSize\), got null$/],
    [() => compareSizes(m, undefined as never), /^compareSizes: b: expected a size \(from parseSize\), got undefined$/],
    [() => compareSizes(m, 'L' as never), /^compareSizes: b: expected a size \(from parseSize\), got the string 'L'$/],
    [() => stepSize(null as never), /^stepSize: size: expected a size \(from parseSize\), got null$/],
    [() => stepSize(undefined as never, 1), /^stepSize: size: expected a size \(from parseSize\), got undefined$/],
  ];
  for (const [f, re] of cases) {
    assert.throws(f, (e: unknown) => e instanceof InvalidArgumentError && re.test(e.message), String(re));
  }
});
