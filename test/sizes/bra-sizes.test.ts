import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SizeError, getSizeSystem, parseSize } from '../../lib/index.js';

test('EU/FR bands are cm codes, UK/US inch codes; cups per system', () => {
  const eu = parseSize('75 b', 'bra-eu');
  assert.deepEqual([eu.label, eu.band, eu.cup], ['75B', 75, 'B']);
  assert.equal(parseSize('90B', 'bra-fr').label, '90B');
  assert.equal(parseSize('34b', 'bra-uk').label, '34B');
  assert.equal(parseSize('34B', 'bra-us').label, '34B');
  assert.equal(parseSize('34FF', 'bra-uk').cup, 'FF');
  assert.equal(parseSize('34GG', 'bra-uk').cup, 'GG');
});

test('US cups: DD = E = DD/E, DDD = F = DDD/F, DDDD = G (ModCloth spellings)', () => {
  for (const [raw, want] of [
    ['34DD', '34DD/E'],
    ['34E', '34DD/E'],
    ['34dd/e', '34DD/E'],
    ['34DDD', '34DDD/F'],
    ['34F', '34DDD/F'],
    ['34ddd/f', '34DDD/F'],
    ['34dddd/g', '34G'],
    ['34G', '34G'],
  ]) {
    assert.equal(parseSize(raw, 'bra-us').label, want, raw);
  }
});

test('UK cups differ from US above D: UK DD, E, F, FF are four cups', () => {
  const uk = getSizeSystem('bra-uk');
  const ords = ['34D', '34DD', '34E', '34F', '34FF', '34G'].map((l) => uk.ordinal(l));
  assert.deepEqual(
    ords.map((o) => o - ords[0]),
    [0, 1, 2, 3, 4, 5],
  );
  assert.throws(() => parseSize('34DD/E', 'bra-uk'), SizeError);
  assert.throws(() => parseSize('34FF', 'bra-us'), SizeError);
});

test('bra junk and out-of-range bands name the system', () => {
  for (const [raw, id] of [
    ['34B', 'bra-eu'],
    ['77B', 'bra-eu'],
    ['75Z', 'bra-eu'],
    ['75', 'bra-eu'],
    ['B75', 'bra-eu'],
    ['33B', 'bra-uk'],
    ['75B', 'bra-uk'],
    ['34DDDDD', 'bra-us'],
  ]) {
    assert.throws(
      () => parseSize(raw, id),
      (e: unknown) => e instanceof SizeError && e.system === id,
      `${id} ${raw}`,
    );
  }
});

test('bra order is band-major; body dimensions follow EN 13402-3', () => {
  const eu = getSizeSystem('bra-eu');
  assert.equal(eu.next('75B').label, '75C');
  assert.equal(eu.next('75N').label, '80AA');
  assert.ok(eu.ordinal('75N') < eu.ordinal('80AA'));
  // Reference: EN 13402-3 band 75 = underbust 73-77 cm (centre 75); cup B = bust - underbust 14-16 cm (centre 15).
  assert.deepEqual(eu.bodyDimensions('75B'), { underbust: 75, bust: 90 });
  // D = 18-20 cm: 85D = underbust 85, bust 104.
  assert.deepEqual(eu.bodyDimensions('85D'), { underbust: 85, bust: 104 });
  // UK/US 34 = EU 75 on the international band table.
  assert.deepEqual(getSizeSystem('bra-uk').bodyDimensions('34B'), { underbust: 75, bust: 90 });
});
