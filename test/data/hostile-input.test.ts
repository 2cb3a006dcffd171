// The dataset reader on hostile input: numbers too large to hold, ids past 2^53, byte order marks inside a file,
// truncated and corrupt gzip, a directory, inherited names as options. Each gives a problem or an error that names
// what and where, and a problem never costs the rows read before it. Every record here is invented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import {
  DataError,
  FitRecordParser,
  InvalidArgumentError,
  ParseError,
  parseDecimal,
  parseFitData,
  readFitDataFile,
  type LoadReport,
} from '../../lib/index.js';
import { tempDir } from '../temp-dir.js';

const rec = (user: string, extra = ''): string =>
  `{"fit": "fit", "user_id": "${user}", "item_id": "9", "rented for": "party"${extra}}`;
const problems = (r: LoadReport): [number, string | null, string][] => r.examples.map((e) => [e.line, e.field, e.kind]);

test('a JSON number past the largest double is an out-of-range problem saying so; the row is kept', () => {
  // Before: "size: expected a number, got number" (wrong-type), raw "null".
  for (const [key, extraFields] of [
    ['size', undefined],
    ['age', undefined],
    ['n', { n: 'number' as const }],
  ] as const) {
    for (const [text, shown] of [
      ['1e400', 'Infinity'],
      ['-1e400', '-Infinity'],
    ]) {
      const r = parseFitData([rec('1', `, "${key}": ${text}`), rec('2', `, "${key}": 20`)].join('\n'), {
        extraFields,
      });
      assert.deepEqual(problems(r.report), [[1, key, 'out-of-range']], `${key} ${text}`);
      const [p] = r.report.examples;
      assert.equal(p.raw, shown);
      assert.equal(
        p.message,
        `${key}: a number past the largest double (1.8e308) is not read (JSON reads it as ${shown})`,
      );
      assert.deepEqual([r.dataset.value(key === 'n' ? 'n' : key, 0), r.dataset.value(key, 1)], [null, 20]);
    }
  }
});

test('a string of digits past the largest double is a problem, never Infinity in a column', () => {
  // Before: an extra number field without bounds held Infinity, with no problem reported.
  const big = '9'.repeat(400);
  const r = parseFitData([rec('1', `, "n": "${big}"`), rec('2', `, "n": "-${big}"`)].join('\n'), {
    extraFields: { n: 'number' },
  });
  assert.deepEqual(problems(r.report), [
    [1, 'n', 'out-of-range'],
    [2, 'n', 'out-of-range'],
  ]);
  assert.match(r.report.examples[0].message, /^n: "9{60}" is a number past the largest double \(1\.8e308\), not read$/);
  assert.deepEqual(Array.from(r.dataset.numbers('n')), [NaN, NaN]);
});

test('an id given as a JSON number past 2^53 is refused: two different ids would read as one', () => {
  // Before: 12345678901234567891 and 12345678901234567892 both read as user "12345678901234567000".
  const lines = [
    '{"fit": "fit", "user_id": 12345678901234567891, "item_id": "9", "rented for": "party"}',
    '{"fit": "fit", "user_id": 12345678901234567892, "item_id": "9", "rented for": "party"}',
    '{"fit": "fit", "user_id": 9007199254740991, "item_id": 1e400, "rented for": "party"}',
    '{"fit": "fit", "user_id": 42, "item_id": "9", "rented for": "party"}',
  ].join('\n');
  const r = parseFitData(lines);
  assert.deepEqual(problems(r.report), [
    [1, 'user_id', 'out-of-range'],
    [1, 'user_id', 'missing-id'],
    [2, 'user_id', 'out-of-range'],
    [2, 'user_id', 'missing-id'],
    [3, 'item_id', 'out-of-range'],
    [3, 'item_id', 'missing-id'],
  ]);
  assert.match(r.report.examples[0].message, /^user_id: 12345678901234567000 is past 2\^53, .*give it as a string$/);
  assert.deepEqual(Array.from(r.dataset.lineNumbers), [4]);
  assert.equal(r.dataset.value('user_id', 0), '42');
  // kept without their id when asked, the largest exact integer read as written
  const kept = parseFitData(lines, { keepMissingIds: true });
  assert.deepEqual(
    kept.dataset.toRecords().map((x) => [x.user_id, x.item_id]),
    [
      [null, '9'],
      [null, '9'],
      ['9007199254740991', null],
      ['42', '9'],
    ],
  );
});

test('parseDecimal rounds a decimal of more than 15 digits once, as Number does', () => {
  // Before: the digits were accumulated in a double, rounded at each step (12345678901234567891 -> ...570000).
  for (const s of ['12345678901234567891', '-98765432109876543210', '+9007199254740993', '0000000000000000000000012']) {
    assert.equal(parseDecimal(s), Number(s), s);
  }
  assert.equal(parseDecimal(' 123456789012345 '), 123456789012345);
  assert.equal(parseDecimal('9'.repeat(400)), Infinity);
});

test('a byte order mark at the start of any line is not part of the record (files joined after one)', () => {
  // Before: only line 1 was stripped; `cat a.jsonl b.jsonl` of two files saved with a BOM lost b's first record as
  // malformed JSON ("Unexpected token '\ufeff'").
  const text = `\ufeff${rec('1')}\n\ufeff${rec('2')}\r\n${rec('3')}\n`;
  for (const input of [text, Buffer.from(text), gzipSync(text)]) {
    const r = parseFitData(input);
    assert.equal(r.report.problems, 0);
    assert.deepEqual(
      r.dataset.toRecords().map((x) => x.user_id),
      ['1', '2', '3'],
    );
  }
  // a BOM inside a record is still the character it is
  const inside = parseFitData(rec('4', ', "category": "a\ufeffb"'));
  assert.equal(inside.dataset.value('category', 0), 'a\ufeffb');
});

/** 3,000 records of varied length, gzip; and the same cut short inside a line far past the first inflated chunk. */
function cutGzip(): { whole: string; gz: Buffer; cut: Buffer } {
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) lines.push(rec(String(i), `, "size": ${i % 30}, "category": "${'c'.repeat(i % 97)}"`));
  const whole = lines.join('\n') + '\n';
  const gz = gzipSync(whole);
  return { whole, gz, cut: gz.subarray(0, Math.floor(gz.length * 0.8)) };
}

test('truncated gzip bytes keep every line before the cut and report the cut line; strict mode throws it', () => {
  // Before: a DataError ("not a valid gzip stream (unexpected end of file)"): every row already inflated was lost.
  const { cut } = cutGzip();
  const inflated = gunzipSync(cut, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8');
  const complete = inflated.slice(0, inflated.lastIndexOf('\n') + 1);
  const n = complete.split('\n').length - 1;
  assert.ok(n > 100 && inflated.length > complete.length, 'the cut falls inside a line');
  const expected = parseFitData(complete);
  const r = parseFitData(cut, { source: 'cut.jsonl.gz' });
  assert.deepEqual(r.dataset.toRecords(), expected.dataset.toRecords());
  assert.deepEqual(Array.from(r.dataset.lineNumbers), Array.from(expected.dataset.lineNumbers));
  assert.deepEqual(problems(r.report), [[n + 1, null, 'truncated-gzip']]);
  assert.equal(
    r.report.examples[0].message,
    `the gzip stream ends early, the file is truncated (unexpected end of file): line ${(n + 1).toLocaleString('en-US')} ` +
      `is cut short, dropped; the ${n.toLocaleString('en-US')} lines before are read`,
  );
  assert.deepEqual([r.report.totalLines, r.report.rowsDropped], [n + 1, 1]);
  assert.equal(r.dataset.meta.sha256, createHash('sha256').update(cut).digest('hex'));
  assert.throws(
    () => parseFitData(cut, { strict: true, source: 'cut.jsonl.gz' }),
    (e: unknown) =>
      e instanceof ParseError &&
      e.location.line === n + 1 &&
      e.message.startsWith(`cut.jsonl.gz, line ${(n + 1).toLocaleString('en-US')}: the gzip stream ends early`),
  );
});

test('a truncated gzip file read in a stream gives the same rows and problem, and the hash of its bytes', async (t) => {
  const dir = tempDir(t, 'sizefit-cut-gzip-');
  const { cut } = cutGzip();
  const file = join(dir, 'cut.jsonl.gz');
  writeFileSync(file, cut);
  const r = await readFitDataFile(file);
  const fromBytes = parseFitData(cut, { source: file, name: 'cut.jsonl.gz' });
  assert.deepEqual(r.dataset.toRecords(), fromBytes.dataset.toRecords());
  assert.deepEqual(r.report, fromBytes.report);
  assert.equal(r.dataset.meta.sha256, createHash('sha256').update(cut).digest('hex'));
  await assert.rejects(readFitDataFile(file, { strict: true }), (e: unknown) => e instanceof ParseError);
  // cut at a newline: no line is dropped, the problem names the line after the last
  const p = new FitRecordParser('x.gz');
  p.pushBytes(Buffer.from(`${rec('1')}\n${rec('2')}\n`));
  p.gzipTruncated('unexpected end of file');
  const at = p.finish({ name: 'x', sha256: '' });
  assert.deepEqual(problems(at.report), [[3, null, 'truncated-gzip']]);
  assert.match(
    at.report.examples[0].message,
    /truncated \(unexpected end of file\) after line 2; the 2 lines before are read$/,
  );
  assert.deepEqual([at.dataset.length, at.report.totalLines, at.report.rowsDropped], [2, 2, 0]);
});

test('a corrupt gzip stream is a DataError naming the file, what zlib found and after which line', async (t) => {
  // Before: "cannot read FILE: incorrect data check", without saying it is the gzip stream or where.
  const dir = tempDir(t, 'sizefit-corrupt-gzip-');
  const { gz } = cutGzip();
  const badCrc = Buffer.from(gz);
  badCrc[badCrc.length - 6] ^= 1; // the CRC-32 of the inflated bytes
  const garbage = Buffer.concat([gz, Buffer.from('not gzip')]);
  for (const [name, bytes, zlib] of [
    ['crc.gz', badCrc, 'incorrect data check'],
    ['garbage.gz', garbage, 'incorrect header check'],
  ] as const) {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    await assert.rejects(readFitDataFile(file), (e: unknown) => {
      assert.ok(e instanceof DataError, String(e));
      assert.ok(e.message.startsWith(`${file}: the gzip stream is corrupt (${zlib})`), e.message);
      assert.match(e.message, /\)(?: after line [\d,]+)?: the file is not read$/);
      return true;
    });
    assert.throws(
      () => parseFitData(bytes, { source: name }),
      (e: unknown) =>
        e instanceof DataError && e.message === `${name}: the gzip stream is corrupt (${zlib}): the file is not read`,
    );
  }
  // an empty gzip stream is an empty file, not an error
  const empty = parseFitData(gzipSync(''));
  assert.deepEqual([empty.dataset.length, empty.report.problems, empty.report.totalLines], [0, 0, 0]);
});

test('a directory given as the file is a DataError saying it is a directory', async (t) => {
  // Before: "cannot read DIR: EISDIR: illegal operation on a directory, read".
  const dir = join(tempDir(t, 'sizefit-dir-'), 'data.jsonl');
  mkdirSync(dir);
  await assert.rejects(
    readFitDataFile(dir),
    (e: unknown) =>
      e instanceof DataError && e.message === `cannot read ${dir}: it is a directory: give a JSON-lines file`,
  );
});

test('a format or an extra field type that is no such thing is an InvalidArgumentError, not a TypeError', () => {
  // Before: 'toString' passed `f in FIT_DATA_FORMATS` (an inherited key) and failed with "... is not iterable"; an
  // extra field of type 'string' was read as a category under a schema type no reader knows.
  for (const format of ['toString', '__proto__', 'constructor']) {
    assert.throws(
      () => new FitRecordParser('x', { format: format as 'modcloth' }),
      (e: unknown) => e instanceof InvalidArgumentError && e.message.startsWith(`unknown format '${format}'`),
    );
  }
  assert.throws(
    () => parseFitData(rec('1'), { extraFields: { n: 'string' as 'number' } }),
    (e: unknown) =>
      e instanceof InvalidArgumentError && e.message === `extra field 'n' has type "string": 'number' or 'category'`,
  );
});

test('a record with a __proto__ key reads it as an unknown key and pollutes nothing', () => {
  const r = parseFitData(rec('1', ', "__proto__": {"fit": "large", "polluted": 1}'));
  assert.equal(r.dataset.value('fit', 0), 'fit');
  assert.deepEqual(
    r.report.unknownFields.map((u) => u.name),
    ['__proto__'],
  );
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});
