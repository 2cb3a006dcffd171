// A truncated gzip file read in non-strict mode keeps the rows before the cut (library callers get them), and its
// load report says so where it cannot be missed: a `truncated` field, and the truncated-gzip problem among the
// examples whatever the example cap. Every record here is invented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { LoadReportBuilder, ParseError, parseFitData, readFitDataFile } from '../../lib/index.js';
import { tempDir } from '../temp-dir.js';
import { generatedLines, writeTruncatedGzip } from './truncated-gzip-file.js';

test('a truncated gzip with more line problems than the example cap keeps the truncated-gzip example and says where it is cut', async (t) => {
  // Before: 25 out-of-range ages filled the 20 examples and the truncated-gzip problem was only a count.
  const dir = tempDir(t, 'sizefit-trunc-report-');
  const lines = generatedLines(400).map((l, i) => (i < 25 ? l.replace('"size"', '"age": 150, "size"') : l));
  const f = writeTruncatedGzip(dir, 'ages', lines);
  const r = await readFitDataFile(f.cut);
  assert.equal(r.report.problemCounts['out-of-range'], 25);
  assert.equal(r.report.problemCounts['truncated-gzip'], 1);
  const kinds = r.report.examples.map((e) => e.kind);
  assert.deepEqual(kinds.slice(0, 20), Array(20).fill('out-of-range'), 'the first 20 line problems');
  assert.deepEqual(kinds.slice(20), ['truncated-gzip']);
  assert.equal(r.report.examples[20].line, f.afterLine + 1);
  assert.deepEqual(r.report.truncated, { afterLine: f.afterLine, bytesRead: f.inflatedBytes });
  // library callers keep today's behaviour: the rows before the cut, no error
  assert.equal(r.dataset.length, f.afterLine);
  // read from bytes, the same report
  assert.deepEqual(parseFitData(readFileSync(f.cut), { source: f.cut }).report, r.report);
  // with a cap of 0 or 1, still there
  for (const maxExamples of [0, 1]) {
    const capped = await readFitDataFile(f.cut, { maxExamples });
    assert.deepEqual(
      capped.report.examples.map((e) => e.kind),
      [...Array(maxExamples).fill('out-of-range'), 'truncated-gzip'],
      `maxExamples ${maxExamples}`,
    );
  }
});

test('a whole file has truncated null; strict mode still throws on the cut', async (t) => {
  const dir = tempDir(t, 'sizefit-trunc-report-');
  const f = writeTruncatedGzip(dir);
  const whole = await readFitDataFile(f.whole);
  assert.equal(whole.report.truncated, null);
  assert.equal(whole.dataset.length, f.lines);
  assert.equal(parseFitData('{"fit": "fit", "user_id": "1", "item_id": "2"}').report.truncated, null);
  await assert.rejects(readFitDataFile(f.cut, { strict: true }), ParseError);
});

test('the truncated-gzip example survives line problems reported after it (records held back to detect the format)', async (t) => {
  // Lines without a key that tells the format are held back and read at the end, after the cut was reported:
  // their problems come later than it but belong before it.
  const dir = tempDir(t, 'sizefit-trunc-report-');
  const lines = Array.from(
    { length: 400 },
    (_, i) =>
      `{"fit": "fit", "user_id": "u${i}", "item_id": "i${i % 7}", "size": "big", "note": "${'y'.repeat(i % 50)}"}`,
  );
  const f = writeTruncatedGzip(dir, 'held', lines);
  const r = await readFitDataFile(f.cut, { maxExamples: 3 });
  assert.equal(r.report.formatFrom, 'default', 'the records were held back');
  assert.equal(r.report.problemCounts.unparseable, f.afterLine);
  assert.deepEqual(
    r.report.examples.map((e) => [e.line, e.kind]),
    [
      [1, 'unparseable'],
      [2, 'unparseable'],
      [3, 'unparseable'],
      [f.afterLine + 1, 'truncated-gzip'],
    ],
  );
});

test('LoadReportBuilder keeps a file problem beyond its cap and in line order; truncated defaults to null', () => {
  const b = new LoadReportBuilder('x', false, 2);
  b.problem(7, null, 'truncated-gzip', '', 'cut');
  for (const line of [3, 1, 2, 9]) b.problem(line, 'age', 'out-of-range', '', `${line}`);
  const counts = {
    format: 'renttherunway',
    formatFrom: 'option' as const,
    totalLines: 7,
    blankLines: 0,
    rowsKept: 6,
    rowsDropped: 1,
    duplicates: 0,
  };
  const r = b.build({ ...counts, truncated: { afterLine: 6, bytesRead: 600 } });
  assert.deepEqual(
    r.examples.map((e) => [e.line, e.kind]),
    [
      [1, 'out-of-range'],
      [2, 'out-of-range'],
      [7, 'truncated-gzip'],
    ],
  );
  assert.deepEqual(r.truncated, { afterLine: 6, bytesRead: 600 });
  assert.equal(r.problems, 5);
  assert.equal(new LoadReportBuilder('y', false, 2).build(counts).truncated, null);
});

test('a truncated gzip has no content hash (no whole content to hash); the whole file has one', async (t) => {
  // Before: meta had no content hash at all (contentSha256 was found by a second pass, outside the reader).
  const f = writeTruncatedGzip(tempDir(t, 'sizefit-cut-content-'));
  const cut = await readFitDataFile(f.cut);
  assert.notEqual(cut.report.truncated, null);
  assert.ok(cut.dataset.length > 0);
  assert.equal(cut.dataset.meta.contentSha256, undefined);
  assert.equal(parseFitData(readFileSync(f.cut)).dataset.meta.contentSha256, undefined);
  const whole = await readFitDataFile(f.whole);
  const text = gunzipSync(readFileSync(f.whole));
  assert.equal(whole.dataset.meta.contentSha256, createHash('sha256').update(text).digest('hex'));
  assert.equal(parseFitData(readFileSync(f.whole)).dataset.meta.contentSha256, whole.dataset.meta.contentSha256);
});
