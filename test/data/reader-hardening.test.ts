// The dataset reader on hostile or unusual input: over-long lines, whole-line problems (whose report must not copy
// the record), problems on lines held back for format detection, empty frames, colliding extra fields, a column
// named __proto__ and the load-report table's example count. Every record here is invented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  parseFitData,
  readFitDataFile,
  FitRecordParser,
  LoadReportBuilder,
  ParseError,
  InvalidArgumentError,
  loadReportTable,
  datasetColumns,
  toDataFrame,
  type LoadReport,
} from '../../lib/index.js';
import { tempDir } from '../temp-dir.js';

const rec = (user: string, extra = ''): string =>
  `{"fit": "fit", "user_id": "${user}", "item_id": "9", "rented for": "party"${extra}}`;
const lineKinds = (r: LoadReport): [number, string][] => r.examples.map((e) => [e.line, e.kind]);

// --- Finding 2: a line longer than maxLineBytes is dropped and reported, not fatal --------------------------------

const LONG = rec('2', `, "review_text": "${'x'.repeat(200)}"`); // about 280 bytes
const CAP = 100;
const LINES = [rec('1'), LONG, rec('3')];

function checkLongLine(r: { dataset: { length: number; lineNumbers: Int32Array }; report: LoadReport }): void {
  assert.equal(r.report.totalLines, 3);
  assert.equal(r.report.rowsKept, 2);
  assert.equal(r.report.rowsDropped, 1);
  assert.deepEqual(Array.from(r.dataset.lineNumbers), [1, 3]);
  assert.equal(r.report.problemCounts['line-too-long'], 1);
  assert.deepEqual(lineKinds(r.report), [[2, 'line-too-long']]);
  assert.match(r.report.examples[0].message, /longer than 100 bytes \(option maxLineBytes\)/);
  assert.equal(r.report.examples[0].raw, '{…(over 100 bytes)');
}

test('a line longer than maxLineBytes is skipped to its newline, reported with its line and the cap, and dropped', () => {
  // Before: the option did not exist; a line over V8's string limit (~512 MiB) aborted the whole read.
  const text = LINES.join('\n');
  checkLongLine(parseFitData(text, { maxLineBytes: CAP })); // text
  checkLongLine(parseFitData(Buffer.from(text), { maxLineBytes: CAP })); // bytes in one chunk
  checkLongLine(parseFitData(gzipSync(text), { maxLineBytes: CAP }));
  const bytes = Buffer.from(text + '\n');
  for (const step of [1, 7, 64, 99, 100, 101, 250, 4096]) {
    const p = new FitRecordParser('<chunks>', { maxLineBytes: CAP });
    for (let i = 0; i < bytes.length; i += step) p.pushBytes(bytes.subarray(i, i + step));
    checkLongLine(p.finish({ name: 'x', sha256: '' }));
    const q = new FitRecordParser('<text chunks>', { maxLineBytes: CAP });
    for (let i = 0; i < text.length; i += step) q.pushText(text.slice(i, i + step));
    checkLongLine(q.finish({ name: 'x', sha256: '' }));
  }
  // the long line last, without its newline (before: finish() turned it into a string outside any check)
  for (const input of [[rec('1'), rec('3'), LONG].join('\n'), Buffer.from([rec('1'), rec('3'), LONG].join('\n'))]) {
    const r = parseFitData(input, { maxLineBytes: CAP });
    assert.deepEqual(lineKinds(r.report), [[3, 'line-too-long']]);
    assert.equal(r.report.totalLines, 3);
    assert.equal(r.dataset.length, 2);
  }
  // a line of exactly the cap is read; the cap counts UTF-8 bytes, not characters
  const exact = rec('4', `, "category": "${'y'.repeat(CAP - rec('4', ', "category": ""').length)}"`);
  assert.equal(Buffer.byteLength(exact), CAP);
  assert.equal(parseFitData(exact, { maxLineBytes: CAP }).dataset.length, 1);
  const wide = rec('5', `, "category": "${'é'.repeat(12)}"`); // 97 characters, 109 bytes
  assert.ok(wide.length <= CAP && Buffer.byteLength(wide) > CAP);
  for (const input of [wide, Buffer.from(wide), `${wide}\n${rec('6')}`, Buffer.from(`${wide}\n${rec('6')}`)]) {
    assert.deepEqual(lineKinds(parseFitData(input, { maxLineBytes: CAP }).report), [[1, 'line-too-long']]);
  }
});

test('lines under the cap read the same when a chunk is longer than the cap (read line by line)', () => {
  const lines: string[] = [];
  for (let i = 0; i < 60; i++) {
    const body = ['tall', 'é✓', '\u{1F600}', ''][i % 4].repeat(1 + (i % 9));
    lines.push(i % 13 === 5 ? '{"fit": bad' : rec(String(i), `, "category": "${body}", "size": ${i % 20}`));
  }
  const latin1 = Buffer.concat([
    Buffer.from(rec('x', ', "category": "Zo').slice(0, -1)),
    Buffer.from([0xeb, 0x22, 0x7d]),
  ]);
  const bytes = Buffer.concat([
    Buffer.from(lines.slice(0, 30).join('\n') + '\n'),
    latin1,
    Buffer.from('\n' + lines.slice(30).join('\r\n')),
  ]);
  const longest = Math.max(
    ...bytes
      .toString('latin1')
      .split('\n')
      .map((l) => l.length),
  );
  const whole = parseFitData(bytes);
  assert.equal(whole.report.problemCounts['malformed-json'], 5);
  assert.equal(whole.report.problemCounts['invalid-utf8'], 1);
  for (const cap of [longest, longest + 1, 2 * longest, bytes.length - 1]) {
    for (const step of [bytes.length, 1000, 333]) {
      const p = new FitRecordParser('<string>', { maxLineBytes: cap });
      for (let i = 0; i < bytes.length; i += step) p.pushBytes(bytes.subarray(i, i + step));
      const r = p.finish({ name: '<string>', sha256: whole.dataset.meta.sha256 });
      assert.deepEqual(r.dataset.toRecords(), whole.dataset.toRecords(), `cap ${cap} step ${step}`);
      assert.deepEqual(Array.from(r.dataset.lineNumbers), Array.from(whole.dataset.lineNumbers));
      assert.deepEqual(r.report, whole.report);
    }
  }
});

test('strict mode throws a ParseError naming the over-long line; a file read goes through the same check', async (t) => {
  for (const input of [LINES.join('\n'), Buffer.from(LINES.join('\n')), [rec('1'), LONG].join('\n')]) {
    assert.throws(
      () => parseFitData(input, { maxLineBytes: CAP, strict: true, source: 'long.jsonl' }),
      (e: unknown) =>
        e instanceof ParseError &&
        e.location.line === 2 &&
        /^long\.jsonl, line 2: the line is longer than 100 bytes/.test(e.message) &&
        e.raw === '{…(over 100 bytes)',
    );
  }
  const dir = tempDir(t, 'sizefit-long-line-');
  const gz = join(dir, 'long.jsonl.gz');
  writeFileSync(gz, gzipSync(LINES.join('\n') + '\n'));
  checkLongLine(await readFitDataFile(gz, { maxLineBytes: CAP }));
  await assert.rejects(readFitDataFile(gz, { maxLineBytes: CAP, strict: true }), (e: unknown) => {
    return e instanceof ParseError && e.location.line === 2;
  });
});

test('the default cap is 64 MiB: a longer line fed in 1 MiB chunks is dropped without holding it', () => {
  const mib = Buffer.alloc(1 << 20, 'x');
  const p = new FitRecordParser('<huge>');
  p.pushBytes(Buffer.from(`${rec('1')}\n{"fit": "fit", "user_id": "2", "item_id": "9", "review_text": "`));
  for (let i = 0; i < 64; i++) p.pushBytes(mib);
  p.pushBytes(Buffer.from(`"}\n${rec('3')}\n`));
  const r = p.finish({ name: 'x', sha256: '' });
  assert.deepEqual(lineKinds(r.report), [[2, 'line-too-long']]);
  assert.match(r.report.examples[0].message, /longer than 67,108,864 bytes/);
  assert.deepEqual(Array.from(r.dataset.lineNumbers), [1, 3]);
});

test('maxLineBytes must be an integer from 1 to the longest string less two', () => {
  for (const bad of [0, -1, 1.5, NaN, Infinity, 2 ** 29]) {
    assert.throws(() => parseFitData('', { maxLineBytes: bad }), InvalidArgumentError, String(bad));
  }
  assert.equal(parseFitData(rec('1'), { maxLineBytes: 536_870_886 }).dataset.length, 1);
});

// --- Finding 6: whole-line problems keep no record content -----------------------------------------------------

test('whole-line problems show the line shape and where the problem is, never the record text', () => {
  // Before: raw held the first 120 characters of the line (ids, weight, age...), shown by loadReportTable.
  const secret = ['998877', '150lbs', 'Zo', 'party'];
  const latin1 = Buffer.concat([
    Buffer.from(`{"fit": "fit", "user_id": "998877", "item_id": "9", "weight": "150lbs", "body type": "Zo`),
    Buffer.from([0xeb]), // latin-1 "ë": not UTF-8
    Buffer.from('"}\n'),
  ]);
  const bytes = Buffer.concat([
    latin1,
    Buffer.from(
      [
        '{"fit": "fit", "user_id": "998877", "weight": "150lbs" "age": "41"}', // malformed, error position known
        'user 998877 150lbs party', // malformed: V8 quotes the text around an unexpected token
        '["998877", "150lbs", "party"]', // not an object
        '"998877 150lbs"',
      ].join('\n') + '\n',
    ),
  ]);
  const { report } = parseFitData(bytes, { format: 'renttherunway' });
  assert.deepEqual(lineKinds(report), [
    [1, 'invalid-utf8'],
    [2, 'malformed-json'],
    [3, 'malformed-json'],
    [4, 'not-an-object'],
    [5, 'not-an-object'],
  ]);
  const [utf8, json, token, array, str] = report.examples;
  assert.equal(utf8.raw, '{…(91 chars; not UTF-8 from byte 88)');
  assert.match(utf8.message, /byte 88 of the line/);
  assert.equal(json.raw, '{…(67 chars; JSON error at position 55)');
  assert.equal(token.raw, '(24 chars)');
  assert.equal(token.message, "not valid JSON: Unexpected token 'u'");
  assert.equal(array.raw, '[…(29 chars; a JSON array)'); // starts with '[': the CLI's JSON-array hint reads it
  assert.equal(str.raw, '(15 chars; a JSON string)');
  const shown = JSON.stringify(report.examples) + JSON.stringify(loadReportTable(report, { maxExamples: 10 }));
  for (const s of secret) assert.ok(!shown.includes(s), `'${s}' is not in the report`);
  // strict mode: the ParseError carries the same shape
  assert.throws(
    () => parseFitData(bytes.subarray(latin1.length), { strict: true }),
    (e: unknown) => e instanceof ParseError && e.raw === json.raw && !secret.some((s) => e.message.includes(s)),
  );
});

test('a UTF-8 check of single bad bytes, truncated and overlong sequences and surrogates names the first bad byte', () => {
  const cases: [number[], number][] = [
    [[0x80], 0], // a continuation byte alone
    [[0xc3], 0], // truncated 2-byte sequence
    [[0xc0, 0xaf], 0], // overlong
    [[0xe2, 0x82], 0], // truncated 3-byte sequence
    [[0xed, 0xa0, 0x80], 0], // a surrogate
    [[0xf4, 0x90, 0x80, 0x80], 0], // past U+10FFFF
    [[0xe2, 0x82, 0xac, 0xff], 3], // euro sign, then 0xff
  ];
  for (const [bad, at] of cases) {
    const prefix = Buffer.from('{"fit": "fit", "user_id": "1", "item_id": "9", "category": "');
    const line = Buffer.concat([prefix, Buffer.from(bad), Buffer.from('"}\n')]);
    const { report } = parseFitData(line, { format: 'renttherunway' });
    assert.deepEqual(lineKinds(report), [[1, 'invalid-utf8']], bad.join(' '));
    assert.match(report.examples[0].raw, new RegExp(`not UTF-8 from byte ${prefix.length + at}\\)$`), bad.join(' '));
  }
});

// --- Finding 7: problems on lines held back for format detection keep line order ------------------------------

// Line 1 has no key that tells the format (held back) and a bad height; line 4 decides RentTheRunway.
const HELD = [
  '{"fit": "fit", "user_id": "1", "item_id": "2", "size": 8, "height": "tall"}',
  '{"fit": "fit", "user_id": "1", "item_id": "2", "size": 8',
  '[1]',
  '{"fit": "fit", "user_id": "3", "item_id": "2", "size": 8, "rented for": "party"}',
];

test('problems on lines held back for format detection are reported in line order; strict throws the first', () => {
  // Before: the malformed line 2 was reported before line 1, and strict mode threw for line 2.
  const r = parseFitData(HELD.join('\n'));
  assert.deepEqual(lineKinds(r.report), [
    [1, 'unparseable'],
    [2, 'malformed-json'],
    [3, 'not-an-object'],
  ]);
  assert.equal(r.report.formatFrom, 'fields');
  assert.throws(
    () => parseFitData(HELD.join('\n'), { strict: true }),
    (e: unknown) => e instanceof ParseError && e.location.line === 1 && e.location.field === 'height',
  );
  // the file ends before the format is known: the same order, the default format
  const short = parseFitData(HELD.slice(0, 3).join('\n'));
  assert.deepEqual(lineKinds(short.report), [
    [1, 'unparseable'],
    [2, 'malformed-json'],
    [3, 'not-an-object'],
  ]);
  assert.throws(
    () => parseFitData(HELD.slice(0, 3).join('\n'), { strict: true }),
    (e: unknown) => e instanceof ParseError && e.location.line === 1,
  );
  // a held-back line without a problem: strict throws the first later problem, after the earlier records
  const fine = [HELD[0].replace('"tall"', '"5\' 6\\""'), ...HELD.slice(1)].join('\n');
  assert.throws(
    () => parseFitData(fine, { strict: true }),
    (e: unknown) => e instanceof ParseError && e.location.line === 2 && /malformed-json/.test(e.message),
  );
  // only the first examples are kept: still the first by line
  const two = parseFitData(HELD.join('\n'), { maxExamples: 2 });
  assert.deepEqual(lineKinds(two.report), [
    [1, 'unparseable'],
    [2, 'malformed-json'],
  ]);
  assert.equal(two.report.problems, 3);
});

test('LoadReportBuilder keeps the first problems by line whatever order they come in', () => {
  const b = new LoadReportBuilder('x', false, 3);
  for (const [line, field] of [
    [5, 'a'],
    [2, 'b'],
    [9, 'c'],
    [2, 'd'],
    [1, 'e'],
    [2, 'f'],
  ] as const) {
    b.problem(line, field, 'unparseable', '', `${field}`);
  }
  const r = b.build({
    format: 'renttherunway',
    formatFrom: 'option',
    totalLines: 9,
    blankLines: 0,
    rowsKept: 0,
    rowsDropped: 0,
    duplicates: 0,
  });
  assert.deepEqual(
    r.examples.map((e) => [e.line, e.field]),
    [
      [1, 'e'],
      [2, 'b'],
      [2, 'd'],
    ],
  );
  assert.equal(r.problems, 6);
});

// --- Finding 8: toDataFrame with no row ---------------------------------------------------------------------

test('toDataFrame of a dataset without rows, or with limit 0, is an empty frame with the columns and types', async () => {
  // Before: danfojs threw its ParamError 'end must be greater than start'.
  const empty = parseFitData('').dataset;
  const df = await toDataFrame(empty);
  assert.deepEqual(df.shape, [0, empty.columnNames.length]);
  assert.deepEqual(df.columns, empty.columnNames);
  assert.equal(df.dtypes[df.columns.indexOf('fit')], 'string');
  assert.equal(df.dtypes[df.columns.indexOf('height_cm')], 'float32');
  const one = parseFitData(rec('1')).dataset;
  const none = await toDataFrame(one, { columns: ['fit', 'size'], limit: 0 });
  assert.deepEqual(none.shape, [0, 2]);
  assert.deepEqual(none.columns, ['fit', 'size']);
  assert.deepEqual(none.dtypes, ['string', 'float32']);
  assert.deepEqual((await toDataFrame(one, { columns: [] })).shape, [0, 0]);
});

// --- Finding 9: two extra fields, one column ---------------------------------------------------------------

test('two extra fields that map to the same column are refused, naming both and the column', () => {
  // Before: a TypeError at the first record (number + category), or both silently merged into one column.
  for (const types of [
    ['number', 'category'],
    ['number', 'number'],
  ] as const) {
    for (const format of ['auto', 'renttherunway'] as const) {
      assert.throws(
        () => new FitRecordParser('x', { format, extraFields: { 'return reason': types[0], return_reason: types[1] } }),
        (e: unknown) =>
          e instanceof InvalidArgumentError &&
          e.message === "extra fields 'return reason' and 'return_reason' both map to column 'return_reason'",
      );
    }
  }
  const ok = parseFitData(rec('1', ', "return reason": 3'), { extraFields: { 'return reason': 'number' } });
  assert.equal(ok.dataset.value('return_reason', 0), 3);
});

// --- Finding 10: a column named __proto__ --------------------------------------------------------------------

test('datasetColumns, toRecords and toDataFrame keep a column named __proto__ as a plain key', async () => {
  // Before: `out.__proto__ = column` set the object's prototype, and the column was lost.
  const extraFields = JSON.parse('{"__proto__": "category", "constructor": "number"}') as Record<
    string,
    'number' | 'category'
  >;
  const { dataset } = parseFitData(rec('1', ', "__proto__": "a", "constructor": 2'), { extraFields });
  const cols = datasetColumns(dataset);
  assert.ok(Object.hasOwn(cols, '__proto__'));
  assert.deepEqual(cols['__proto__'], ['a']);
  assert.deepEqual(cols['constructor'], [2]);
  assert.equal(Object.getPrototypeOf(cols), Object.prototype);
  assert.deepEqual(Object.keys(cols), dataset.columnNames);
  const [r] = dataset.toRecords();
  assert.ok(Object.hasOwn(r, '__proto__'));
  assert.equal(r['__proto__'], 'a');
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
  assert.deepEqual(Object.keys(r), dataset.columnNames);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  const df = await toDataFrame(dataset, { columns: ['fit', '__proto__'] });
  assert.deepEqual(df.columns, ['fit', '__proto__']);
  assert.deepEqual(df.values, [['fit', 'a']]);
});

// --- Finding 11: loadReportTable({ maxExamples: 0 }) ----------------------------------------------------------

test('loadReportTable shows at most maxExamples examples per line, none for 0', () => {
  // Before: the limit was checked after adding, so 0 still showed one example.
  const { report } = parseFitData(
    [
      rec('1', ', "height": "tall"'),
      rec('2', ', "height": "short"'),
      rec('3', ', "height": "medium"'),
      rec('4', ', "height": "tall"'),
    ].join('\n'),
  );
  const heightExamples = (maxExamples?: number): string =>
    loadReportTable(report, maxExamples === undefined ? {} : { maxExamples }).find(
      (r) => r.section === 'field' && r.item === 'height',
    )!.examples;
  assert.equal(heightExamples(0), '');
  assert.ok(loadReportTable(report, { maxExamples: 0 }).every((r) => r.examples === ''));
  assert.equal(heightExamples(1), "height 'tall'");
  assert.equal(heightExamples(2), "height 'tall', height 'short'");
  assert.equal(heightExamples(), "height 'tall', height 'short', height 'medium'");
  assert.equal(heightExamples(10), "height 'tall', height 'short', height 'medium'");
});
