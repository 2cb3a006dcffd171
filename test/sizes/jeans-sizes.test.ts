import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SizeError, getSizeSystem, parseSize } from '../../lib/index.js';

test('jeans spellings normalise to W.. L..', () => {
  for (const raw of [
    'W32 L34',
    'w32 l34',
    'W32/L34',
    'W32L34',
    '32/34',
    '32x34',
    '32 X 34',
    '32 × 34',
    'W32 / 34',
    ' W 32 L 34 ',
  ]) {
    const s = parseSize(raw, 'jeans');
    assert.equal(s.label, 'W32 L34', raw);
    assert.equal(s.waist, 32);
    assert.equal(s.inseam, 34);
  }
});

test('jeans rejects a waist alone, a bare number, and out-of-range parts', () => {
  for (const bad of [
    'W32',
    '32',
    '3234',
    '32/34/36',
    'W21 L30',
    'W51 L30',
    'W32 L25',
    'W32 L41',
    'L34 W32',
    '32L34',
    'W32.5 L34',
  ]) {
    assert.throws(
      () => parseSize(bad, 'jeans'),
      (e: unknown) => e instanceof SizeError && e.system === 'jeans' && /is not a size of jeans/.test(e.message),
      bad,
    );
  }
});

test('jeans order is waist-major and body dimensions are the inches in cm', () => {
  const jeans = getSizeSystem('jeans');
  assert.equal(jeans.labels.length, 29 * 15);
  assert.equal(jeans.next('W32 L34').label, 'W32 L35');
  assert.equal(jeans.next('W32 L40').label, 'W33 L26');
  assert.ok(jeans.ordinal('W31 L40') < jeans.ordinal('W32 L26'));
  const d = jeans.bodyDimensions('W32 L34');
  assert.ok(Math.abs(d.waist! - 81.28) < 1e-9);
  assert.ok(Math.abs(d.inseam! - 86.36) < 1e-9);
});
