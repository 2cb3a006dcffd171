import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SizeError, getSizeSystem, parseSize } from '../../lib/index.js';

test("women's numeric systems: ranges and prefixes", () => {
  assert.deepEqual(getSizeSystem('women-eu').labels.slice(0, 3), ['30', '32', '34']);
  assert.equal(getSizeSystem('women-eu').labels.at(-1), '56');
  assert.deepEqual(getSizeSystem('women-us').labels.slice(0, 3), ['00', '0', '2']);
  assert.equal(getSizeSystem('women-uk').labels[0], '2');
  assert.equal(parseSize('EU 38', 'women-eu').value, 38);
  assert.equal(parseSize('de38', 'women-eu').label, '38');
  assert.equal(parseSize('US 00', 'women-us').value, -2);
  assert.equal(parseSize('38.0', 'women-fr').label, '38');
});

test("women's numeric systems reject odd, half, leading-zero and out-of-range labels", () => {
  for (const [label, id] of [
    ['37', 'women-eu'],
    ['38.5', 'women-eu'],
    ['038', 'women-eu'],
    ['28', 'women-eu'],
    ['58', 'women-eu'],
    ['00', 'women-uk'],
    ['30', 'women-uk'],
    ['US 38', 'women-eu'],
  ]) {
    assert.throws(
      () => parseSize(label, id),
      (e: unknown) => e instanceof SizeError && e.system === id,
      `${id} ${label}`,
    );
  }
});

test("women's EU body dimensions: EU 38 = bust 88, waist 70, hips 96; 4 cm per size", () => {
  // Reference values: bust by the German DOB rule size = bust/2 - 6; waist/hips the EU 38 anchor of issue 3.
  const eu = getSizeSystem('women-eu');
  assert.deepEqual(eu.bodyDimensions('38'), { bust: 88, waist: 70, hips: 96 });
  assert.deepEqual(eu.bodyDimensions('40'), { bust: 92, waist: 74, hips: 100 });
  assert.deepEqual(getSizeSystem('women-uk').bodyDimensions('10'), { bust: 88, waist: 70, hips: 96 });
  assert.throws(() => eu.bodyDimensions('38', 'men'), SizeError);
});

test("men's numeric systems: EU 48 = chest 96; UK/US = EU - 10", () => {
  // Reference values: German rule size = chest/2, waist = chest - 12; UK/US label ~ chest in inches (38 in = 96.5 cm).
  assert.deepEqual(getSizeSystem('men-eu').bodyDimensions('48'), { chest: 96, waist: 84 });
  assert.deepEqual(getSizeSystem('men-us').bodyDimensions('38'), { chest: 96, waist: 84 });
  assert.deepEqual(getSizeSystem('men-it').bodyDimensions('48'), { chest: 96, waist: 84 });
  assert.throws(() => parseSize('47', 'men-eu'), SizeError);
});
