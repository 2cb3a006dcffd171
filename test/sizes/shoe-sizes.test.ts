import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SizeError, getSizeSystem, parseSize } from '../../lib/index.js';

test('half shoe sizes in every spelling', () => {
  for (const raw of ['38.5', '38 1/2', '38-1/2', '38½', '38 ½', '38,5', 'EU 38.5', '38.50']) {
    const s = parseSize(raw, 'shoe-eu');
    assert.equal(s.label, '38.5', raw);
    assert.equal(s.value, 38.5);
  }
  assert.equal(parseSize('7.5', 'shoe-uk-men').label, '7.5');
  assert.equal(parseSize('UK 8', 'shoe-uk-men').label, '8');
  assert.equal(parseSize('9.00', 'shoe-us-women').label, '9'); // ModCloth writes shoe sizes like this
});

test('shoe systems reject third sizes, quarter sizes and out-of-range sizes', () => {
  for (const [raw, id] of [
    ['42 2/3', 'shoe-eu'],
    ['42.25', 'shoe-eu'],
    ['29.5', 'shoe-eu'],
    ['53', 'shoe-eu'],
    ['2.5', 'shoe-uk-men'],
    ['16', 'shoe-uk-men'],
    ['US 8', 'shoe-uk-men'],
  ]) {
    assert.throws(
      () => parseSize(raw, id),
      (e: unknown) => e instanceof SizeError && e.system === id && e.message.includes(`is not a size of ${id}`),
      `${id} ${raw}`,
    );
  }
});

test('shoe foot lengths follow the last-length formulas minus a 1.5 cm allowance', () => {
  // Reference values: EU 42 last = 42 x 2/3 = 28.0 cm; UK 8 last = (8 + 25)/3 in = 11 in = 27.94 cm;
  // US men's 9 last = (9 + 24)/3 in = 11 in; foot = last - 1.5 cm.
  assert.ok(Math.abs(getSizeSystem('shoe-eu').bodyDimensions('42').footLength! - 26.5) < 1e-9);
  assert.ok(Math.abs(getSizeSystem('shoe-uk-men').bodyDimensions('8').footLength! - 26.44) < 1e-9);
  assert.ok(Math.abs(getSizeSystem('shoe-us-men').bodyDimensions('9').footLength! - 26.44) < 1e-9);
  const eu = getSizeSystem('shoe-eu');
  assert.equal(eu.next('42').label, '42.5');
  assert.equal(eu.prev('42', 2).label, '41');
});

test('Mondopoint: foot length in mm, optional width, 5 mm steps', () => {
  const mp = getSizeSystem('mondopoint');
  assert.equal(parseSize('265', 'mondopoint').value, 265);
  assert.equal(parseSize('265 mm', 'mondopoint').label, '265');
  assert.equal(parseSize('26.5 cm', 'mondopoint').label, '265');
  assert.equal(parseSize('MP 265', 'mondopoint').label, '265');
  const w = parseSize('245/95', 'mondopoint');
  assert.deepEqual([w.label, w.value, w.footWidthMm, w.ordinal], ['245/95', 245, 95, mp.ordinal('245')]);
  assert.deepEqual(mp.bodyDimensions(w), { footLength: 24.5, footWidth: 9.5 });
  assert.equal(mp.next(w).label, '250');
  for (const bad of ['247', '26.5', '175', '345', '245/20', '245/95/3']) {
    assert.throws(
      () => parseSize(bad, 'mondopoint'),
      (e: unknown) => e instanceof SizeError && e.system === 'mondopoint',
      bad,
    );
  }
});
