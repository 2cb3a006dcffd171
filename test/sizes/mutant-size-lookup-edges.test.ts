import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SizeError, detectSizeSystem, getSizeSystem, listSizeSystems, parseSize } from '../../lib/index.js';

// Edges of finding a size in a system: the ends of the ordinal scale, the Mondopoint width bounds, and the region
// hint of detection (found by mutation testing).

test('at(labels.length) is past the largest size: a SizeError naming the system, for every system', () => {
  for (const sys of listSizeSystems()) {
    const n = sys.labels.length;
    assert.equal(sys.at(n - 1).label, sys.labels[n - 1], sys.id);
    assert.equal(sys.at(0).label, sys.labels[0], sys.id);
    assert.throws(
      () => sys.at(n),
      (e: unknown) => e instanceof SizeError && e.system === sys.id,
      `${sys.id}: at(${n})`,
    );
    assert.throws(() => sys.at(-1), SizeError, `${sys.id}: at(-1)`);
  }
  // letter has 10 sizes, 3XS to 4XL.
  assert.equal(getSizeSystem('letter').at(9).label, '4XL');
  assert.throws(() => getSizeSystem('letter').at(10), SizeError);
});

test('a Mondopoint foot width is read from 50 to 150 mm, both ends included', () => {
  for (const w of [50, 95, 150]) {
    const s = parseSize(`245/${w}`, 'mondopoint');
    assert.equal(s.footWidthMm, w);
    assert.equal(s.label, `245/${w}`);
  }
  for (const bad of ['245/49', '245/151']) assert.throws(() => parseSize(bad, 'mondopoint'), SizeError, bad);
});

test('a region hint keeps the systems that have no region (letter, jeans, Mondopoint) and drops other regions', () => {
  const ids = (label: string, region: 'EU' | 'UK' | 'US'): string[] =>
    detectSizeSystem(label, { region }).map((s) => s.system);
  for (const region of ['EU', 'UK', 'US'] as const) {
    assert.deepEqual(ids('XL', region), ['letter'], `XL, ${region}`);
    assert.deepEqual(ids('W32 L34', region), ['jeans'], `W32 L34, ${region}`);
    assert.deepEqual(ids('245/95', region), ['mondopoint'], `245/95, ${region}`);
  }
  // 34B is a UK and a US bra size: region UK leaves bra-uk; 75B (EU/FR) has no US reading.
  assert.deepEqual(ids('34B', 'UK'), ['bra-uk']);
  assert.deepEqual(ids('75B', 'US'), []);
});
