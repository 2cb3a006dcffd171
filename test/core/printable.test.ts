import { test } from 'node:test';
import assert from 'node:assert/strict';
import { oneDecimal, parseFitData, printable } from '../../lib/index.js';

test('printable keeps the escapes of control characters as they were (C0, DEL, C1)', () => {
  assert.equal(printable('evil\n\u001b[31m.jsonl'), 'evil\\u000a\\u001b[31m.jsonl');
  assert.equal(
    printable('a\u0000b\u0007c\rd\u007fe\u0085f\u009fg'),
    'a\\u0000b\\u0007c\\u000dd\\u007fe\\u0085f\\u009fg',
  );
  assert.equal(printable('plain text, é, 日本, 😀, \u00a0'), 'plain text, é, 日本, 😀, \u00a0');
});

test('printable escapes what reorders or hides text: bidi controls, zero-width, separators, lone surrogates, tags', () => {
  // Before: printed as they were; U+202E made 'fit\u202Elnosj.exe' show as 'fitexe.jsonl'.
  assert.equal(printable('fit\u202Elnosj.exe'), 'fit\\u202elnosj.exe');
  const cases: [string, string][] = [
    ['\u202a\u202b\u202c\u202d\u202e', '\\u202a\\u202b\\u202c\\u202d\\u202e'],
    ['\u2066\u2067\u2068\u2069\u061c\u200e\u200f', '\\u2066\\u2067\\u2068\\u2069\\u061c\\u200e\\u200f'],
    ['a\u200bb\u200cc\u200dd\u2060e\ufeff', 'a\\u200bb\\u200cc\\u200dd\\u2060e\\ufeff'],
    ['soft\u00adhyphen', 'soft\\u00adhyphen'],
    ['line\u2028para\u2029end', 'line\\u2028para\\u2029end'],
    ['lone \ud800 and \udc00 and \udbff', 'lone \\ud800 and \\udc00 and \\udbff'],
    ['tag \u{e0001}\u{e0041}\u{e007f}', 'tag \\u{e0001}\\u{e0041}\\u{e007f}'],
    ['music \u{1d173}', 'music \\u{1d173}'],
  ];
  for (const [input, expected] of cases) assert.equal(printable(input), expected, JSON.stringify(input));
  // A surrogate pair is one code point, kept; only the unpaired half around it is escaped.
  assert.equal(printable('\ud83d\ude00\ud83d'), '😀\\ud83d');
});

test('printable keeps a backslash: JSON-quoted values and Windows paths print as they are', () => {
  const quoted = JSON.stringify(`5' 6"`);
  assert.equal(printable(`height: ${quoted} is not a height`), `height: ${quoted} is not a height`);
  assert.equal(printable('C:\\data\\new'), 'C:\\data\\new');
});

test('printable output holds no control, format, separator or lone surrogate code point, for any code point', () => {
  const unsafe = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0x20 && cp < 0x7f) continue;
    const s = String.fromCodePoint(cp);
    const out = printable(s);
    assert.ok(!unsafe.test(out), `U+${cp.toString(16)} printed as ${JSON.stringify(out)}`);
    if (out !== s) {
      // An escape reads back as the code point it stands for.
      const hex = /^\\u(?:([0-9a-f]{4})|\{([0-9a-f]{5,6})\})$/.exec(out);
      assert.ok(hex, `U+${cp.toString(16)} escaped as ${out}`);
      assert.equal(parseInt(hex[1] ?? hex[2], 16), cp);
    }
  }
});

test('printable leaves private-use code points as they are (a glyph in an icon font, nothing hidden)', () => {
  assert.equal(printable('\ue000\uf8ff\u{f0000}'), '\ue000\uf8ff\u{f0000}');
});

test('oneDecimal rounds a number for a message and shows a value whose rounding overflows as given', () => {
  assert.equal(oneDecimal(123.456), '123.5');
  assert.equal(oneDecimal(-0.04), '0');
  assert.equal(oneDecimal(1e308), '1e+308'); // Before: 1e308 * 10 overflowed and the messages said "Infinity"
  assert.equal(oneDecimal(-1.7e308), '-1.7e+308');
  assert.equal(oneDecimal(Infinity), 'Infinity');
});

test('the reader shows a huge out-of-range value as given, not as Infinity', () => {
  const line =
    '{"fit": "fit", "user_id": "1", "item_id": "2", "size": 1e308, "rented for": "party", "weight": "120lbs"}';
  const { report } = parseFitData(line + '\n');
  assert.deepEqual(
    report.examples.map((e) => e.message),
    ['size: 1e+308 is outside the plausible range 0 to 100'],
  );
});
