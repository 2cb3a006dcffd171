import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectSizeSystem } from '../../lib/index.js';

const ids = (label: string | number, hints = {}) => detectSizeSystem(label, hints).map((s) => s.system);

test('distinctive syntax gives one system', () => {
  assert.deepEqual(ids('W32 L34'), ['jeans']);
  assert.deepEqual(ids('32/34'), ['jeans']);
  assert.deepEqual(ids('XL'), ['letter']);
  assert.deepEqual(ids('xxl'), ['letter']);
  assert.deepEqual(ids('245/95'), ['mondopoint']);
  assert.deepEqual(ids('245'), ['mondopoint']);
  assert.deepEqual(ids('34FF'), ['bra-uk']);
  assert.deepEqual(ids('34DDD'), ['bra-us']);
  assert.equal(detectSizeSystem('W32/L34')[0].label, 'W32 L34');
});

test('bra bands: inch bands are UK/US, cm bands EU/FR', () => {
  assert.deepEqual(ids('34B'), ['bra-uk', 'bra-us']);
  assert.deepEqual(ids('75B'), ['bra-eu', 'bra-fr']);
  assert.deepEqual(ids('95C'), ['bra-eu', 'bra-fr']);
  assert.deepEqual(ids('125C'), ['bra-fr']);
});

test('a bare number is ambiguous: hints narrow it', () => {
  assert.deepEqual(ids('38'), ['women-eu', 'women-fr', 'women-it', 'men-uk', 'men-us', 'shoe-eu']);
  assert.deepEqual(ids('38', { kind: 'shoe' }), ['shoe-eu']);
  assert.deepEqual(ids('38', { gender: 'men', kind: 'clothing' }), ['men-uk', 'men-us']);
  assert.deepEqual(ids('38', { region: 'IT' }), ['women-it']);
  assert.deepEqual(ids('7.5'), ['shoe-uk-women', 'shoe-uk-men', 'shoe-us-women', 'shoe-us-men']);
  assert.deepEqual(ids('7.5', { gender: 'women', region: 'US' }), ['shoe-us-women']);
  assert.deepEqual(ids('00'), ['women-us']);
});

test('junk and hostile input give no candidates, never a throw', () => {
  for (const j of ['', 'XXL5', 'x'.repeat(10_000), '🙂', 'W32', '34Q']) assert.deepEqual(ids(j), [], j);
  assert.deepEqual(ids(null as never), []);
});

test('null hints are no hints, as documented ("never throws")', () => {
  // Before: a TypeError reading 'kind' of null.
  assert.deepEqual(ids('38', null as never), ids('38'));
  assert.deepEqual(ids('M', null as never), ['letter']);
});
