import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectSizeSystem, getSizeSystem } from '../../lib/index.js';

// A gender hint of detectSizeSystem keeps the unisex systems (found by mutation testing).

test('a gender hint keeps unisex systems (letter, jeans, Mondopoint, EU shoes) and drops the other gender', () => {
  const ids = (label: string, gender: 'women' | 'men'): string[] =>
    detectSizeSystem(label, { gender }).map((s) => s.system);
  for (const gender of ['women', 'men'] as const) {
    assert.deepEqual(ids('XL', gender), ['letter'], `XL, ${gender}`);
    assert.deepEqual(ids('W32 L34', gender), ['jeans'], `W32 L34, ${gender}`);
    assert.deepEqual(ids('245/95', gender), ['mondopoint'], `245/95, ${gender}`);
  }
  assert.equal(getSizeSystem('shoe-eu').gender, 'unisex');
  for (const gender of ['women', 'men'] as const) {
    const found = detectSizeSystem('40', { gender });
    assert.ok(
      found.some((s) => s.system === 'shoe-eu'),
      `40, ${gender}: ${found.map((s) => s.system).join(' ')}`,
    );
    for (const s of found) assert.notEqual(getSizeSystem(s.system).gender, gender === 'women' ? 'men' : 'women');
  }
});
