import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, SizeError, convertSize, getSizeSystem, parseSize } from '../../lib/index.js';

const WOMEN = ['women-eu', 'women-fr', 'women-it', 'women-uk', 'women-us'];

function conv(label: string, from: string, to: string, gender?: 'women' | 'men') {
  return convertSize(parseSize(label, from), to, { gender });
}

test('women EU 38 = FR 40 = IT 42 = UK 10 = US 6, and EU 40 = FR 42 = IT 44 = UK 12 = US 8, every way round', () => {
  for (const anchor of [
    ['38', '40', '42', '10', '6'],
    ['40', '42', '44', '12', '8'],
    ['30', '32', '34', '2', '00'],
  ]) {
    for (let i = 0; i < WOMEN.length; i++) {
      for (let j = 0; j < WOMEN.length; j++) {
        const c = conv(anchor[i], WOMEN[i], WOMEN[j]);
        assert.equal(c.size.label, anchor[j], `${WOMEN[i]} ${anchor[i]} -> ${WOMEN[j]}`);
        assert.equal(c.distance, 0);
        assert.deepEqual(c.dimensions, ['bust', 'waist', 'hips']);
      }
    }
  }
});

test('round trips over every women size: EU -> X -> EU is the identity', () => {
  for (const label of getSizeSystem('women-eu').labels) {
    for (const to of WOMEN) {
      const there = conv(label, 'women-eu', to).size;
      assert.equal(convertSize(there, 'women-eu').size.label, label, `${label} via ${to}`);
    }
  }
});

test("letter M ~ women's EU 38-40 (encoded: M = EU 38), and back", () => {
  const m = conv('M', 'letter', 'women-eu');
  assert.equal(m.size.label, '38');
  assert.ok(['38', '40'].includes(m.size.label));
  assert.equal(conv('40', 'women-eu', 'letter').size.label, 'L');
  assert.equal(conv('12', 'women-uk', 'letter').size.label, 'L');
  assert.equal(conv('M', 'letter', 'women-us').size.label, '6');
});

test("men's letter M sits between EU 48 and 50: a tie, reported as an alternative", () => {
  const c = conv('M', 'letter', 'men-eu');
  assert.equal(c.size.label, '48');
  assert.deepEqual(
    c.alternatives.map((s) => s.label),
    ['50'],
  );
  // Reference: chest 98 vs 96/100, waist 86 vs 84/88 -> sqrt(2^2 + 2^2).
  assert.ok(Math.abs(c.distance - Math.SQRT2 * 2) < 1e-9);
  assert.equal(conv('48', 'men-eu', 'men-uk').size.label, '38');
});

test('bra 75B EU = 34B UK = 34B US = 90B FR; cups above D follow the industry table', () => {
  for (const [to, want] of [
    ['bra-uk', '34B'],
    ['bra-us', '34B'],
    ['bra-fr', '90B'],
  ]) {
    const c = conv('75B', 'bra-eu', to);
    assert.equal(c.size.label, want, to);
    assert.equal(c.distance, 0);
  }
  assert.equal(conv('34B', 'bra-uk', 'bra-eu').size.label, '75B');
  assert.equal(conv('80E', 'bra-eu', 'bra-uk').size.label, '36DD');
  assert.equal(conv('80E', 'bra-eu', 'bra-us').size.label, '36DD/E');
  assert.equal(conv('80F', 'bra-eu', 'bra-uk').size.label, '36E');
  assert.equal(conv('80F', 'bra-eu', 'bra-us').size.label, '36DDD/F');
  assert.equal(conv('36FF', 'bra-uk', 'bra-us').size.label, '36H');
  assert.equal(conv('36FF', 'bra-uk', 'bra-eu').size.label, '80H');
});

test('shoe EU 42 ~ UK 8 men ~ US 9 men ~ Mondopoint 265', () => {
  // Reference values: EU 42 -> foot 28.0 - 1.5 = 26.5 cm; UK 8 / US men's 9 -> foot 27.94 - 1.5 = 26.44 cm
  // (UK 8.5 -> 26.62 cm); Mondopoint 265 = 26.5 cm.
  const uk = conv('42', 'shoe-eu', 'shoe-uk-men');
  assert.equal(uk.size.label, '8');
  assert.ok(Math.abs(uk.distance - 0.06) < 1e-9);
  assert.equal(conv('42', 'shoe-eu', 'shoe-us-men').size.label, '9');
  const mp = conv('42', 'shoe-eu', 'mondopoint');
  assert.equal(mp.size.label, '265');
  assert.ok(mp.distance < 1e-9);
  assert.equal(conv('8', 'shoe-uk-men', 'shoe-eu').size.label, '42');
  assert.equal(conv('9', 'shoe-us-men', 'shoe-uk-men').size.label, '8');
  assert.equal(conv('265', 'mondopoint', 'shoe-eu').size.label, '42');
  assert.equal(conv('245/95', 'mondopoint', 'shoe-eu').size.label, '39');
  // Women: EU 38 ~ UK 5 ~ US 7.5 with the US women's formula (US men's + 1.5).
  assert.equal(conv('38', 'shoe-eu', 'shoe-uk-women').size.label, '5');
  assert.equal(conv('38', 'shoe-eu', 'shoe-us-women').size.label, '7.5');
});

test('jeans convert to clothing through the waist', () => {
  // W32 = 81.28 cm waist: men's EU 46 has waist 80, EU 48 has 84.
  const c = conv('W32 L34', 'jeans', 'men-eu');
  assert.equal(c.size.label, '46');
  assert.deepEqual(c.dimensions, ['waist']);
  assert.ok(Math.abs(c.distance - 1.28) < 1e-9);
});

test('no conversion: a typed SizeError naming the target', () => {
  const cases: [string, string, string, RegExp][] = [
    ['42', 'shoe-eu', 'letter', /no conversion from shoe-eu to letter/],
    ['75B', 'bra-eu', 'women-eu', /no conversion from bra-eu to women-eu/],
    ['38', 'women-eu', 'men-eu', /women's and men's/],
    ['M', 'letter', 'jeans', /pass options.gender/],
    ['W32 L34', 'jeans', 'shoe-eu', /no conversion/],
  ];
  for (const [label, from, to, re] of cases) {
    assert.throws(
      () => conv(label, from, to),
      (e: unknown) => e instanceof SizeError && e.system === to && re.test(e.message),
      `${from} -> ${to}`,
    );
  }
  assert.throws(() => conv('38', 'women-eu', 'letter', 'men'), SizeError);
});

test('a gender other than women and men is refused by name, not taken for a missing dimension', () => {
  // Before: jeans -> letter with gender 'x' said "they share no body dimension".
  const cases: [string, string, string][] = [
    ['W32 L34', 'jeans', 'letter'],
    ['M', 'letter', 'women-eu'],
    ['M', 'letter', 'letter'],
  ];
  for (const [label, from, to] of cases) {
    assert.throws(
      () => convertSize(parseSize(label, from), to, { gender: 'x' as never }),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.message === `convertSize: options.gender must be 'women' or 'men', got "x" (string)`,
      `${from} -> ${to}`,
    );
  }
  assert.equal(convertSize(parseSize('W32 L34', 'jeans'), 'letter', { gender: 'men' }).size.system, 'letter');
});

test('clothing to jeans: a clothing size gives no inseam, so no one jeans size; with the inseam given, the nearest', () => {
  // Before: letter M (women: waist 70 cm) gave W28 L26 as the size, the first of 15 inseams all 1.1 cm away.
  for (const [label, from] of [
    ['M', 'letter'],
    ['38', 'women-eu'],
  ]) {
    assert.throws(
      () => convertSize(parseSize(label, from), 'jeans', { gender: 'women' }),
      (e: unknown) =>
        e instanceof SizeError &&
        e.system === 'jeans' &&
        e.message ===
          `${label} (${from}) gives no inseam: 15 jeans sizes, W28 L26 to W28 L40, are equally near on the waist; ` +
            'pass the inseam in cm as options.body',
      `${from} ${label}`,
    );
  }
  // Inseam 81 cm (31.9 in): W28 L32 (waist 71.12 vs 70, inseam 81.28 vs 81), compared on both.
  const c = convertSize(parseSize('38', 'women-eu'), 'jeans', { body: { inseam: 81 } });
  assert.equal(c.size.label, 'W28 L32');
  assert.deepEqual(c.dimensions, ['waist', 'inseam']);
  assert.ok(Math.abs(c.distance - Math.hypot(71.12 - 70, 81.28 - 81)) < 1e-9);
  assert.deepEqual(c.alternatives, []);
  // A dimension the size gives itself, an unknown one or a bad value is refused.
  for (const body of [{ waist: 70 }, { knee: 40 }, { inseam: -1 }, { inseam: NaN }]) {
    assert.throws(
      () => convertSize(parseSize('38', 'women-eu'), 'jeans', { body: body as never }),
      InvalidArgumentError,
      JSON.stringify(body),
    );
  }
  // Jeans to clothing is unchanged: the waist decides, the chest follows from the size.
  assert.equal(conv('W32 L34', 'jeans', 'men-eu').size.label, '46');
});

test('maxDistance refuses far matches', () => {
  assert.throws(
    () => convertSize(parseSize('56', 'women-eu'), 'letter', { maxDistance: 5 }),
    (e: unknown) => e instanceof SizeError && /4XL, is .* cm away/.test(e.message),
  );
  assert.equal(convertSize(parseSize('48', 'women-eu'), 'letter', { maxDistance: 5 }).size.label, '4XL');
  assert.equal(convertSize(parseSize('38', 'women-eu'), 'letter', { maxDistance: 0 }).size.label, 'M');
});

test('maxDistance must be a number of cm >= 0: NaN no longer lifts the limit, -1 is not "no size within -1 cm"', () => {
  // Before: NaN accepted 4XL for EU 56 (any distance passes a NaN comparison); -1 said "the nearest, 38, is 0.0 cm away".
  for (const maxDistance of [NaN, -1, '5' as never]) {
    assert.throws(
      () => convertSize(parseSize('56', 'women-eu'), 'letter', { maxDistance }),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.message === `convertSize: maxDistance must be a number of cm >= 0, got ${String(maxDistance)}`,
      String(maxDistance),
    );
  }
});
