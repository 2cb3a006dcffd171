import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import {
  parseFitData,
  readFitDataFile,
  FitRecordParser,
  ParseError,
  InvalidArgumentError,
  DataError,
  FIT_CLASSES,
  FIT_DATA_FORMATS,
  CANONICAL_FIELDS,
  plausibleRange,
} from '../../lib/index.js';
import { tempDir } from '../temp-dir.js';

// Hand-written fixtures in the shape of the official files (invented values, not copied rows).
const RTR = [
  `{"fit": "fit", "user_id": "1001", "bust size": "34d", "item_id": "500", "weight": "137lbs", "rating": "10", "rented for": "party", "body type": "hourglass", "category": "dress", "height": "5' 8\\"", "size": 14, "age": "28", "review_date": "April 20, 2016"}`,
  `{"fit": "small", "user_id": "1002", "bust size": "32ddd/e", "item_id": "501", "weight": "120 lbs", "rating": "8", "rented for": "formal affair", "body type": "petite", "category": "gown", "height": "5'2\\"", "size": 4, "age": "35", "review_date": "June 1, 2017", "review_text": "Too tight.", "review_summary": "Snug"}`,
  `{"fit": "large", "user_id": "1003", "bust size": "36d+", "item_id": "500", "category": "sheath", "height": "6' 0\\"", "size": 20, "review_date": "December 31, 2015"}`,
];
const MODCLOTH = [
  `{"item_id": "7001", "waist": "28", "size": 8, "quality": 4, "cup size": "dd/e", "hips": "40.0", "bra size": "36", "category": "tops", "bust": "36-38", "height": "5ft 6in", "user_name": "ann.b", "length": "just right", "fit": "fit", "user_id": "42", "shoe size": "8.50", "shoe width": "wide", "review_summary": "Nice", "review_text": "Nice top."}`,
  `{"item_id": "7002", "size": 12, "quality": 2, "cup size": "ddd/f", "bra size": "38", "category": "dresses", "height": "5ft", "user_name": "c_d", "length": "slightly long", "fit": "large", "user_id": "43"}`,
];

test('RentTheRunway records: every field parsed to its canonical typed column', () => {
  const { dataset: d, report } = parseFitData(RTR.join('\n') + '\n', { source: 'rtr-fixture' });
  assert.equal(d.meta.format, 'renttherunway');
  assert.equal(report.formatFrom, 'fields');
  assert.equal(d.length, 3);
  assert.deepEqual(d.categories('fit').categories, [...FIT_CLASSES]);
  assert.deepEqual(Array.from(d.categories('fit').codes), [1, 0, 2]);
  const r0 = d.toRecords(0, 1)[0];
  assert.equal(r0.user_id, '1001');
  assert.equal(r0.item_id, '500');
  assert.equal(r0.size, 14);
  assert.equal(r0.category, 'dress');
  assert.ok(Math.abs((r0.height_cm as number) - 172.72) < 1e-9);
  assert.ok(Math.abs((r0.weight_kg as number) - 62.14215469) < 1e-8);
  assert.equal(r0.bust_band, 34);
  assert.equal(r0.cup, 4);
  assert.equal(r0.cup_label, 'd');
  assert.equal(r0.age, 28);
  assert.equal(r0.rating, 10);
  assert.equal(r0.review_date, 16911);
  assert.equal(r0.body_type, 'hourglass');
  assert.equal(r0.rented_for, 'party');
  const r1 = d.toRecords(1, 2)[0];
  assert.equal(r1.cup, 6);
  assert.equal(r1.cup_label, 'ddd/e');
  assert.ok(Math.abs((r1.height_cm as number) - 62 * 2.54) < 1e-9);
  const r2 = d.toRecords(2, 3)[0];
  assert.equal(r2.cup, 4);
  assert.equal(r2.cup_label, 'd+');
  assert.equal(r2.weight_kg, null);
  assert.equal(r2.age, null);
  assert.equal(r2.review_date, 16800);
  assert.deepEqual(Array.from(d.lineNumbers), [1, 2, 3]);
  assert.equal(report.problems, 0);
  assert.deepEqual(report.droppedFields, { review_text: 1, review_summary: 1 });
  // the item dictionary is shared: both rentals of item 500 have the same code
  const items = d.categories('item_id').codes;
  assert.equal(items[0], items[2]);
  const schema = new Map(d.schema.map((f) => [f.name, f]));
  assert.equal(schema.get('height_cm')?.unit, 'cm');
  assert.equal(schema.get('review_date')?.type, 'date');
  assert.ok(schema.get('weight_kg')?.description);
});

test('ModCloth records: field names with spaces, ranges, slashed cups, bra size as band', () => {
  const { dataset: d, report } = parseFitData(MODCLOTH.join('\n'));
  assert.equal(d.meta.format, 'modcloth');
  assert.equal(d.length, 2);
  const [a, b] = d.toRecords();
  assert.equal(a.item_id, '7001');
  assert.equal(a.waist, 28);
  assert.equal(a.size, 8);
  assert.equal(a.quality, 4);
  assert.equal(a.cup, 5);
  assert.equal(a.cup_label, 'dd/e');
  assert.equal(a.hips, 40);
  assert.equal(a.bra_size, 36);
  assert.equal(a.bust_band, 36);
  assert.equal(a.category, 'tops');
  assert.equal(a.bust, 37);
  assert.ok(Math.abs((a.height_cm as number) - 66 * 2.54) < 1e-9);
  assert.equal(a.user_name, 'ann.b');
  assert.equal(a.length, 'just right');
  assert.equal(a.fit, 'fit');
  assert.equal(a.user_id, '42');
  assert.equal(a.shoe_size, 8.5);
  assert.equal(a.shoe_width, 'wide');
  assert.equal(b.cup, 6);
  assert.equal(b.cup_label, 'ddd/f');
  assert.ok(Math.abs((b.height_cm as number) - 60 * 2.54) < 1e-9);
  assert.equal(b.fit, 'large');
  assert.equal(b.waist, null);
  assert.equal(b.shoe_width, null);
  assert.equal(report.problems, 0);
  assert.equal(report.droppedFields.review_text, 1);
  assert.ok(!d.has('weight_kg'));
});

test('format detection: first decisive record, option override, default when undecided', () => {
  assert.equal(parseFitData(RTR[0]).report.format, 'renttherunway');
  assert.equal(parseFitData(MODCLOTH[1]).report.format, 'modcloth');
  // an ambiguous first record is buffered until a later one decides
  const ambiguous = '{"fit": "fit", "user_id": "1", "item_id": "2", "size": 3}';
  const r = parseFitData([ambiguous, MODCLOTH[0]].join('\n'));
  assert.equal(r.report.format, 'modcloth');
  assert.equal(r.dataset.length, 2);
  assert.deepEqual(Array.from(r.dataset.lineNumbers), [1, 2]);
  const only = parseFitData(ambiguous);
  assert.equal(only.report.format, 'renttherunway');
  assert.equal(only.report.formatFrom, 'default');
  const forced = parseFitData(RTR[0], { format: 'modcloth' });
  assert.equal(forced.report.formatFrom, 'option');
  assert.deepEqual(forced.report.unknownFields.map((u) => u.name).sort(), [
    'age',
    'body type',
    'bust size',
    'rating',
    'rented for',
    'review_date',
    'weight',
  ]);
  assert.throws(() => parseFitData(RTR[0], { format: 'zalando' as never }), InvalidArgumentError);
});

const BROKEN = [
  RTR[0],
  '{"fit": "fit", "user_id": "2", "item_id": "9", "height": "5 ft 13", "weight": "abc lbs"',
  '',
  '{"fit": "fit", "user_id": "2", "item_id": "9", "height": "5 ft 13", "weight": "abc lbs", "size": 2}',
  '{"fit": "fit", "user_id": "3", "item_id": "9", "age": "117", "weight": "11lbs", "height": "9\' 10\\"", "size": {"a": 1}}',
  '[1, 2]',
  '{"user_id": "4", "item_id": "9", "size": 2}',
  '{"fit": "tight", "user_id": "5", "item_id": "9"}',
  '{"fit": "fit", "item_id": "9"}',
  RTR[2],
].join('\n');

function checkBroken(r: ReturnType<typeof parseFitData>): void {
  const { dataset: d, report } = r;
  assert.equal(report.totalLines, 10);
  assert.equal(report.blankLines, 1);
  assert.equal(d.length, 4);
  assert.equal(report.rowsKept, 4);
  assert.equal(report.rowsDropped, 5);
  assert.deepEqual(Array.from(d.lineNumbers), [1, 4, 5, 10]);
  assert.equal(report.problemCounts['malformed-json'], 1);
  assert.equal(report.problemCounts['not-an-object'], 1);
  assert.equal(report.problemCounts.unparseable, 2);
  assert.equal(report.problemCounts['out-of-range'], 3);
  assert.equal(report.problemCounts['wrong-type'], 1);
  assert.equal(report.problemCounts['missing-label'], 1);
  assert.equal(report.problemCounts['invalid-label'], 1);
  assert.equal(report.problemCounts['missing-id'], 1);
  assert.equal(report.problems, 11);
  assert.deepEqual(report.problemsByField, {
    '(line)': 2,
    height: 2,
    weight: 2,
    age: 1,
    size: 1,
    fit: 2,
    user_id: 1,
  });
  const ex = report.examples;
  assert.deepEqual(
    ex.map((e) => [e.line, e.field, e.kind]),
    [
      [2, null, 'malformed-json'],
      [4, 'height', 'unparseable'],
      [4, 'weight', 'unparseable'],
      [5, 'age', 'out-of-range'],
      [5, 'weight', 'out-of-range'],
      [5, 'height', 'out-of-range'],
      [5, 'size', 'wrong-type'],
      [6, null, 'not-an-object'],
      [7, 'fit', 'missing-label'],
      [8, 'fit', 'invalid-label'],
      [9, 'user_id', 'missing-id'],
    ],
  );
  assert.equal(ex[1].raw, '5 ft 13');
  assert.match(ex[1].message, /5 ft 13/);
  assert.equal(ex[2].raw, 'abc lbs');
  // the bad fields are missing, the rows are kept
  assert.equal(d.value('height_cm', 1), null);
  assert.equal(d.value('size', 1), 2);
  assert.equal(d.value('age', 2), null);
  assert.equal(d.value('size', 2), null);
}

test('broken lines are reported with the right line numbers, never fatal (plain text)', () => {
  checkBroken(parseFitData(BROKEN));
});

test('broken lines are reported the same from gzip bytes and from gzip and CRLF files', async (t) => {
  checkBroken(parseFitData(gzipSync(Buffer.from(BROKEN))));
  const dir = tempDir(t, 'sizefit-read-');
  const gz = join(dir, 'broken.data');
  writeFileSync(gz, gzipSync(Buffer.from(BROKEN.replace(/\n/g, '\r\n'))));
  const r = await readFitDataFile(gz);
  checkBroken(r);
  assert.equal(r.dataset.meta.name, 'broken.data');
  assert.equal(
    r.dataset.meta.sha256,
    createHash('sha256')
      .update(gzipSync(Buffer.from(BROKEN.replace(/\n/g, '\r\n'))))
      .digest('hex'),
  );
  const plain = join(dir, 'broken.jsonl.gz'); // the name lies: detection is by magic bytes
  writeFileSync(plain, BROKEN);
  checkBroken(await readFitDataFile(plain));
});

test('strict mode throws a ParseError naming source, line, field and raw value', () => {
  assert.throws(
    () => parseFitData(BROKEN.split('\n').slice(2).join('\n'), { strict: true, source: 'x.jsonl' }),
    (e: unknown) => {
      assert.ok(e instanceof ParseError);
      assert.equal(e.location.line, 2);
      assert.equal(e.location.field, 'height');
      assert.equal(e.location.source, 'x.jsonl');
      assert.equal(e.raw, '5 ft 13');
      assert.match(e.message, /x\.jsonl, line 2, field height: .*5 ft 13/);
      return true;
    },
  );
  assert.throws(() => parseFitData(BROKEN, { strict: true }), /line 2: not valid JSON/);
  assert.equal(parseFitData(RTR.join('\n'), { strict: true }).dataset.length, 3);
});

test('strict mode from a file rejects with the ParseError', async (t) => {
  const dir = tempDir(t, 'sizefit-strict-');
  const p = join(dir, 'b.jsonl');
  writeFileSync(p, BROKEN);
  await assert.rejects(
    readFitDataFile(p, { strict: true }),
    (e: unknown) => e instanceof ParseError && e.location.line === 2,
  );
  await assert.rejects(readFitDataFile(join(dir, 'none.jsonl')), DataError);
  // a truncated gzip file: a problem naming the cut line (see hostile-input.test.ts); strict mode throws it
  writeFileSync(join(dir, 'cut.gz'), gzipSync(Buffer.from(RTR.join('\n'))).subarray(0, 60));
  assert.equal((await readFitDataFile(join(dir, 'cut.gz'))).report.problemCounts['truncated-gzip'], 1);
  await assert.rejects(
    readFitDataFile(join(dir, 'cut.gz'), { strict: true }),
    (e: unknown) => e instanceof ParseError && /the gzip stream ends early/.test(e.message),
  );
});

test('keepUnlabeled keeps rows without a fit label, still reporting them', () => {
  const r = parseFitData(
    ['{"user_id": "4", "item_id": "9", "size": 2}', '{"fit": "meh", "user_id": "5", "item_id": "9"}'].join('\n'),
    {
      keepUnlabeled: true,
    },
  );
  assert.equal(r.dataset.length, 2);
  assert.deepEqual(Array.from(r.dataset.categories('fit').codes), [-1, -1]);
  assert.equal(r.report.problems, 2);
});

test('exact duplicate records are counted and kept', () => {
  const r = parseFitData([RTR[0], RTR[1], RTR[0], RTR[0], RTR[2]].join('\n'));
  assert.equal(r.dataset.length, 5);
  assert.equal(r.report.duplicates, 2);
  // differing only in a dropped review text: not a duplicate
  const other = RTR[1].replace('Too tight.', 'Too short.');
  assert.equal(parseFitData([RTR[1], other].join('\n')).report.duplicates, 0);
  // differing only in an unparseable raw value: not a duplicate
  const a = '{"fit": "fit", "user_id": "1", "item_id": "2", "height": "tall"}';
  const b = '{"fit": "fit", "user_id": "1", "item_id": "2", "height": "short"}';
  assert.equal(parseFitData([a, b].join('\n')).report.duplicates, 0);
  // the same record with its keys in another order, dropped and unknown ones included: a duplicate
  const obj = { ...(JSON.parse(RTR[1]) as Record<string, unknown>), mystery: 'x', colour: 'red' };
  const reversed = Object.fromEntries(Object.entries(obj).reverse());
  assert.equal(parseFitData([JSON.stringify(obj), JSON.stringify(reversed)].join('\n')).report.duplicates, 1);
  // unknown values swapped between two keys: not a duplicate
  const swapped = { ...obj, mystery: 'red', colour: 'x' };
  assert.equal(parseFitData([JSON.stringify(obj), JSON.stringify(swapped)].join('\n')).report.duplicates, 0);
  // a value split differently between key and value: not a duplicate
  const c = '{"fit": "fit", "user_id": "1", "item_id": "2", "ab": "c"}';
  const d = '{"fit": "fit", "user_id": "1", "item_id": "2", "a": "bc"}';
  assert.equal(parseFitData([c, d].join('\n')).report.duplicates, 0);
});

test('extra fields: declared ones become columns, undeclared ones are reported once', () => {
  const lines = [
    '{"fit": "fit", "user_id": "1", "item_id": "2", "rented for": "party", "brand": "Acme", "returned": true, "size_label": "M", "mystery": 1}',
    '{"fit": "small", "user_id": "1", "item_id": "3", "rented for": "party", "brand": "Beta", "returned": 0, "mystery": 2}',
    '{"fit": "small", "user_id": "1", "item_id": "3", "rented for": "party", "returned": "yes"}',
  ].join('\n');
  const r = parseFitData(lines, { extraFields: { brand: 'category', returned: 'number', size_label: 'category' } });
  assert.deepEqual(
    r.dataset.toRecords().map((x) => [x.brand, x.returned, x.size_label]),
    [
      ['Acme', 1, 'M'],
      ['Beta', 0, null],
      [null, null, null],
    ],
  );
  assert.deepEqual(r.report.unknownFields, [{ name: 'mystery', count: 2, firstLine: 1 }]);
  assert.equal(r.report.problemCounts.unparseable, 1);
  assert.throws(() => parseFitData(lines, { extraFields: { height: 'number' } }), InvalidArgumentError);
  assert.throws(() => parseFitData(lines, { extraFields: { 'body type': 'category' } }), InvalidArgumentError);
});

test('hostile input: __proto__ keys, control characters, very long strings, deep JSON', () => {
  const long = 'x'.repeat(200_000);
  const lines = [
    '{"fit": "fit", "user_id": "1", "item_id": "2", "rented for": "x", "__proto__": {"polluted": 1}, "constructor": "y"}',
    `{"fit": "fit", "user_id": "__proto__", "item_id": "toString", "rented for": "a\\u0000b\\u001b[31m", "category": "${long}"}`,
    `{"fit": "fit", "user_id": "3", "item_id": "2", "rented for": "x", "height": "${long}"}`,
    '{"fit": "fit", "user_id": "4", "item_id": "2", "rented for": "x", "size": ' +
      '['.repeat(5000) +
      ']'.repeat(5000) +
      '}',
    '"just a string"',
    'null',
  ].join('\n');
  const r = parseFitData(lines);
  assert.equal(r.dataset.length, 4);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(r.dataset.value('user_id', 1), '__proto__');
  assert.equal(r.dataset.value('item_id', 1), 'toString');
  assert.equal(r.dataset.value('rented_for', 1), 'a\u0000b\u001b[31m');
  assert.equal((r.dataset.value('category', 1) as string).length, 200_000);
  assert.deepEqual(
    r.report.unknownFields.map((u) => u.name),
    ['__proto__', 'constructor'],
  );
  assert.ok(r.report.examples.every((e) => e.raw.length < 200));
  assert.equal(r.report.problemCounts['not-an-object'], 2);
  assert.equal(r.report.problemCounts.unparseable, 1);
  assert.equal(r.report.problemCounts['wrong-type'], 1);
});

test('bytes split anywhere (inside lines and UTF-8 characters) give the same result', () => {
  const text = [RTR[0].replace('hourglass', 'hourglass ✓ é'), RTR[1], '{bad', RTR[2]].join('\r\n');
  const bytes = Buffer.from('\uFEFF' + text, 'utf8');
  const whole = parseFitData(bytes);
  for (const step of [1, 3, 7, 64]) {
    const p = new FitRecordParser('<chunks>');
    for (let i = 0; i < bytes.length; i += step) p.pushBytes(bytes.subarray(i, i + step));
    const r = p.finish({ name: 'x', sha256: '' });
    assert.deepEqual(r.dataset.toRecords(), whole.dataset.toRecords());
    assert.deepEqual(Array.from(r.dataset.lineNumbers), [1, 2, 4]);
    assert.equal(r.report.examples[0].line, 3);
  }
  assert.equal(whole.dataset.value('body_type', 0), 'hourglass ✓ é');
  assert.equal(whole.dataset.length, 3);
});

test('an empty input gives an empty dataset, not an error', () => {
  const r = parseFitData('');
  assert.equal(r.dataset.length, 0);
  assert.equal(r.report.totalLines, 0);
  assert.ok(r.dataset.has('fit'));
});

test('a key given twice with different values is a duplicate-key problem: the field is missing, not the last value', () => {
  // Before: JSON.parse kept the last value without a word, so {"fit": "small", ..., "fit": "large"} was read as large.
  const lines = [
    '{"fit": "fit", "user_id": "1", "item_id": "9", "size": 8, "size": 12}',
    '{"fit": "small", "user_id": "2", "item_id": "9", "size": 4, "fit": "large"}',
    '{"fit": "fit", "user_id": "3", "item_id": "9", "size": 6, "size": 6}',
    '{"fit": "fit", "user_id": "4", "item_id": "9", "size": 2, "extra": {"a": 1, "a": 2}}',
  ];
  const { dataset: d, report } = parseFitData(lines.join('\n'), { source: 'dup-fixture', format: 'renttherunway' });
  assert.deepEqual(Array.from(d.lineNumbers), [1, 3, 4]);
  assert.deepEqual(Array.from(d.numbers('size'), String), ['NaN', '6', '2']);
  assert.equal(report.problemCounts['duplicate-key'], 2);
  assert.deepEqual(
    report.examples.filter((e) => e.kind === 'duplicate-key').map((e) => [e.line, e.field]),
    [
      [1, 'size'],
      [2, 'fit'],
    ],
  );
  assert.match(report.examples[0].message, /'size' is given more than once with different values: field set missing/);
  // the row whose label is ambiguous is dropped as unlabelled, and says so
  assert.ok(report.examples.some((e) => e.line === 2 && e.kind === 'missing-label'));
  assert.throws(
    () => parseFitData(lines[1], { source: 'dup-fixture', format: 'renttherunway', strict: true }),
    (e: unknown) => e instanceof ParseError && /line 1/.test(e.message) && /duplicate-key/.test(e.message),
  );
});

test('a line whose bytes are not UTF-8 is an invalid-utf8 problem naming the line; the other lines are read exactly', () => {
  // Before: the bytes were decoded with U+FFFD in their place and nothing was reported.
  const good = Buffer.from('{"fit": "fit", "user_id": "Zoë", "item_id": "9", "size": 8}\n', 'utf8');
  const bad = Buffer.concat([
    Buffer.from('{"fit": "small", "user_id": "Zo', 'utf8'),
    Buffer.from([0xeb]), // latin-1 "ë": not UTF-8
    Buffer.from('", "item_id": "9", "size": 4}\n', 'utf8'),
  ]);
  const bytes = Buffer.concat([good, bad, good]);
  for (const chunked of [false, true]) {
    const p = new FitRecordParser('utf8-fixture', { format: 'renttherunway' });
    if (chunked) for (let k = 0; k < bytes.length; k += 7) p.pushBytes(bytes.subarray(k, k + 7));
    else p.pushBytes(bytes);
    const { dataset: d, report } = p.finish({ name: 'utf8-fixture', sha256: '' });
    assert.equal(d.length, 3, `chunked ${chunked}`);
    assert.equal(report.problemCounts['invalid-utf8'], 1);
    assert.deepEqual(
      report.examples.map((e) => [e.line, e.kind]),
      [[2, 'invalid-utf8']],
    );
    assert.deepEqual(
      [0, 1, 2].map((r) => d.value('user_id', r)),
      ['Zoë', 'Zo\ufffd', 'Zoë'],
    );
  }
  // the last line without its newline is checked too (before: its flag was cleared before it was read)
  for (const end of ['\n', '']) {
    const p = new FitRecordParser('utf8-fixture', { format: 'renttherunway' });
    p.pushBytes(Buffer.concat([good, end === '' ? bad.subarray(0, bad.length - 1) : bad]));
    const { report } = p.finish({ name: 'utf8-fixture', sha256: '' });
    assert.deepEqual(
      report.examples.map((e) => [e.line, e.kind]),
      [[2, 'invalid-utf8']],
      `ending ${JSON.stringify(end)}`,
    );
  }
  // ten harmless repeated keys do not hide a conflicting one after them
  const many = Array.from({ length: 10 }, (_, k) => `"x${k}": 1, "x${k}": 1`).join(', ');
  const hidden = parseFitData(`{"user_id": "1", "item_id": "9", ${many}, "fit": "small", "fit": "large"}\n`, {
    source: 'dup',
    format: 'renttherunway',
  });
  assert.equal(hidden.report.problemCounts['duplicate-key'], 1);
  assert.equal(hidden.dataset.length, 0, 'the ambiguous label is not read as "large"');
  // a file that is valid UTF-8, with a U+FFFD written in it, has no such problem
  const { report } = parseFitData(Buffer.from('{"fit": "fit", "user_id": "\ufffd", "item_id": "9"}\n', 'utf8'), {
    source: 'x',
  });
  assert.equal(report.problemCounts['invalid-utf8'], 0);
});

test('plausibleRange gives the bounds the reader holds a numeric column to, and none for categories', () => {
  for (const spec of Object.values(FIT_DATA_FORMATS).flat()) {
    if (spec.min === undefined || spec.kind === 'cup') continue;
    assert.deepEqual(plausibleRange(spec.columns[0]), { min: spec.min, max: spec.max }, spec.key);
  }
  for (const column of ['cup', 'cup_label', 'body_type', 'category', 'user_id', 'no_such_column']) {
    assert.equal(plausibleRange(column), undefined, column);
  }
  // the reader keeps a value at the bound and sets one beyond it missing
  const { max } = plausibleRange('age')!;
  const record = (age: number): string => RTR[0].replace('"age": "28"', `"age": "${age}"`);
  const { dataset, report } = parseFitData([record(max), record(max + 1)].join('\n') + '\n', { source: 'bounds' });
  assert.deepEqual(Array.from(dataset.numbers('age')), [max, NaN]);
  assert.equal(report.problemCounts['out-of-range'], 1);
});

test('allCanonicalColumns gives every canonical column, those the format has no key for all missing', () => {
  const own = parseFitData(MODCLOTH.join('\n'));
  assert.equal(own.dataset.has('weight_kg'), false);
  const all = parseFitData(MODCLOTH.join('\n'), { allCanonicalColumns: true, extraFields: { brand: 'category' } });
  assert.equal(all.report.format, 'modcloth');
  assert.deepEqual([...all.dataset.columnNames].sort(), [...CANONICAL_FIELDS.keys(), 'brand'].sort());
  assert.deepEqual(Array.from(all.dataset.numbers('weight_kg')), [NaN, NaN]);
  assert.deepEqual(all.dataset.categories('rented_for').codes, new Int32Array([-1, -1]));
  // the format's own columns read the same
  for (const name of own.dataset.columnNames) {
    assert.deepEqual(
      all.dataset.toRecords().map((r) => r[name]),
      own.dataset.toRecords().map((r) => r[name]),
      name,
    );
  }
});

test('meta.contentSha256 is the sha256 of the bytes once inflated, found in the one pass that reads them', async (t) => {
  // Before: the meta had only the sha256 of the bytes as given (compressed ones for gzip); the content hash took a
  // second pass over the file (datasetContentSha256 of lib/db), and none was known for bytes or a pipe.
  const text = RTR.join('\n') + '\n';
  const hex = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');
  const gz = gzipSync(Buffer.from(text));
  const plainSha = hex(text);
  const dir = tempDir(t, 'sizefit-content-');
  const plainFile = join(dir, 'data.jsonl');
  const gzFile = join(dir, 'data.jsonl.gz');
  writeFileSync(plainFile, text);
  writeFileSync(gzFile, gz);
  const seen = [
    await readFitDataFile(plainFile),
    await readFitDataFile(gzFile),
    parseFitData(text),
    parseFitData(Buffer.from(text)),
    parseFitData(gz),
  ].map((r) => [r.dataset.meta.sha256, r.dataset.meta.contentSha256, r.dataset.length]);
  assert.deepEqual(seen, [
    [plainSha, plainSha, 3],
    [hex(gz), plainSha, 3],
    [plainSha, plainSha, 3],
    [plainSha, plainSha, 3],
    [hex(gz), plainSha, 3],
  ]);
  // Several gzip members are one content: the bytes of all of them, inflated.
  const members = Buffer.concat([
    gzipSync(Buffer.from(RTR[0] + '\n')),
    gzipSync(Buffer.from(RTR.slice(1).join('\n') + '\n')),
  ]);
  assert.equal(parseFitData(members).dataset.meta.contentSha256, plainSha);
  // The file read is hashed as it was read: changing it afterwards changes nothing.
  const r = await readFitDataFile(gzFile);
  writeFileSync(gzFile, gzipSync(Buffer.from(RTR[0] + '\n')));
  assert.equal(r.dataset.meta.contentSha256, plainSha);
});
