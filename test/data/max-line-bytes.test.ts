// The reader's maxLineBytes caps a line's content, without its terminator: the same record is read or refused
// whether its file ends lines with LF or CR LF, whatever the chunks it comes in (gzip output, a stream) and however
// many bytes its characters take in UTF-8. Every record here is invented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants as bufferConstants } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  FitRecordParser,
  InvalidArgumentError,
  ParseError,
  parseFitData,
  readFitDataFile,
  type FitDataResult,
} from '../../lib/index.js';
import { tempDir } from '../temp-dir.js';

const CAP = 100;
const rec = (user: string, category = ''): string =>
  `{"fit": "fit", "user_id": "${user}", "item_id": "9", "rented for": "party", "category": "${category}"}`;

/** Fills of `k` UTF-8 bytes: ASCII, 2- and 3-byte characters, 4-byte characters (a surrogate pair each). */
const FILLS: Record<string, (k: number) => string> = {
  ascii: (k) => 'x'.repeat(k),
  'é and €': (k) => '€'.repeat(Math.floor(k / 3)) + ['', 'x', 'é'][k % 3],
  emoji: (k) => '\u{1F600}'.repeat(Math.floor(k / 4)) + 'x'.repeat(k % 4),
};

/** A record line of exactly `bytes` UTF-8 bytes, its category filled with `fill`. */
function lineOf(bytes: number, fill: (k: number) => string): string {
  const line = rec('1', fill(bytes - Buffer.byteLength(rec('1'))));
  assert.equal(Buffer.byteLength(line), bytes);
  return line;
}

/** Every way the reader takes the input: text, bytes, gzip, and bytes or text in chunks of each size up to 17. */
function readAllWays(input: string, cap: number): [string, FitDataResult][] {
  const bytes = Buffer.from(input);
  const out: [string, FitDataResult][] = [
    ['text', parseFitData(input, { maxLineBytes: cap })],
    ['bytes', parseFitData(bytes, { maxLineBytes: cap })],
    ['gzip', parseFitData(gzipSync(bytes), { maxLineBytes: cap })],
  ];
  for (let step = 1; step <= 17; step++) {
    const p = new FitRecordParser('<chunks>', { maxLineBytes: cap });
    for (let i = 0; i < bytes.length; i += step) p.pushBytes(bytes.subarray(i, i + step));
    out.push([`byte chunks of ${step}`, p.finish({ name: 'x', sha256: '' })]);
    const q = new FitRecordParser('<text chunks>', { maxLineBytes: cap });
    for (let i = 0; i < input.length; i += step) q.pushText(input.slice(i, i + step));
    out.push([`text chunks of ${step}`, q.finish({ name: 'x', sha256: '' })]);
  }
  // chunks cut just before, at and after the first line's terminator
  for (const cut of [CAP - 1, CAP, CAP + 1, CAP + 2, CAP + 3]) {
    const p = new FitRecordParser('<cut>', { maxLineBytes: cap });
    p.pushBytes(bytes.subarray(0, cut));
    p.pushBytes(bytes.subarray(cut));
    out.push([`bytes cut at ${cut}`, p.finish({ name: 'x', sha256: '' })]);
  }
  return out;
}

const tooLong = (r: FitDataResult): number[] =>
  r.report.examples.filter((e) => e.kind === 'line-too-long').map((e) => e.line);

test('a line of exactly maxLineBytes content bytes is read with LF and with CR LF; one byte more is refused', () => {
  // Before: the CR of a CR LF line counted toward the cap, so a line of exactly the cap was refused in a Windows
  // file and read in a Unix one.
  for (const [fillName, fill] of Object.entries(FILLS)) {
    for (const eol of ['\n', '\r\n']) {
      const shownEol = eol === '\n' ? 'LF' : 'CR LF';
      for (const [bytes, accepted] of [
        [CAP, true],
        [CAP + 1, false],
      ] as const) {
        const input = `${lineOf(bytes, fill)}${eol}${rec('2')}${eol}`;
        for (const [how, r] of readAllWays(input, CAP)) {
          const what = `${bytes} bytes of ${fillName}, ${shownEol}, ${how}`;
          assert.deepEqual(tooLong(r), accepted ? [] : [1], what);
          assert.deepEqual(Array.from(r.dataset.lineNumbers), accepted ? [1, 2] : [2], what);
          assert.equal(r.report.totalLines, 2, what);
          if (accepted) assert.equal(r.dataset.value('category', 0), JSON.parse(lineOf(bytes, fill)).category, what);
        }
      }
    }
  }
});

test('the last line without a terminator, or ending in a lone CR, is capped the same', () => {
  for (const [bytes, accepted] of [
    [CAP, true],
    [CAP + 1, false],
  ] as const) {
    for (const end of ['', '\r']) {
      const input = `${rec('2')}\r\n${lineOf(bytes, FILLS['é and €'])}${end}`;
      for (const [how, r] of readAllWays(input, CAP)) {
        const what = `${bytes} bytes, ${JSON.stringify(end)} at the end, ${how}`;
        assert.deepEqual(tooLong(r), accepted ? [] : [2], what);
        assert.equal(r.dataset.length, accepted ? 2 : 1, what);
      }
    }
  }
});

test('a line longer than the cap only by a CR that no LF follows is refused, and the next line is read', () => {
  // cap + 1 bytes ending in CR wait for the next byte: an LF makes it a CR LF line, anything else a long line.
  const line = lineOf(CAP, FILLS.ascii);
  for (const [how, r] of readAllWays(`${line}\rx\n${rec('2')}\n`, CAP)) {
    assert.deepEqual(tooLong(r), [1], how);
    assert.deepEqual(Array.from(r.dataset.lineNumbers), [2], how);
  }
});

test('strict mode: the CR LF line of exactly the cap is read, one byte more throws a ParseError naming the line', () => {
  const ok = `${rec('2')}\r\n${lineOf(CAP, FILLS.emoji)}\r\n`;
  assert.equal(parseFitData(Buffer.from(ok), { maxLineBytes: CAP, strict: true }).dataset.length, 2);
  assert.equal(parseFitData(ok, { maxLineBytes: CAP, strict: true }).dataset.length, 2);
  const long = `${rec('2')}\r\n${lineOf(CAP + 1, FILLS.emoji)}\r\n`;
  for (const input of [long, Buffer.from(long)]) {
    assert.throws(
      () => parseFitData(input, { maxLineBytes: CAP, strict: true, source: 'crlf.jsonl' }),
      (e: unknown) =>
        e instanceof ParseError &&
        e.location.line === 2 &&
        /^crlf\.jsonl, line 2: the line is longer than 100 bytes/.test(e.message),
    );
  }
});

test('a CR LF file read from disk, plain and gzip, applies the cap to the content', async (t) => {
  const dir = tempDir(t, 'sizefit-crlf-');
  for (const [bytes, accepted] of [
    [CAP, true],
    [CAP + 1, false],
  ] as const) {
    const text = `${lineOf(bytes, FILLS['é and €'])}\r\n${rec('2')}\r\n`;
    const plain = join(dir, `crlf-${bytes}.jsonl`);
    const gz = join(dir, `crlf-${bytes}.jsonl.gz`);
    writeFileSync(plain, text);
    writeFileSync(gz, gzipSync(text));
    for (const file of [plain, gz]) {
      const r = await readFitDataFile(file, { maxLineBytes: CAP });
      assert.deepEqual(tooLong(r), accepted ? [] : [1], file);
      assert.equal(r.dataset.length, accepted ? 2 : 1, file);
    }
  }
});

test('maxLineBytes is at most the longest string less two: a line of the cap with its CR and LF is one string', () => {
  const max = bufferConstants.MAX_STRING_LENGTH - 2;
  assert.equal(parseFitData(rec('1'), { maxLineBytes: max }).dataset.length, 1);
  for (const bad of [max + 1, max + 2]) {
    assert.throws(
      () => parseFitData('', { maxLineBytes: bad }),
      (e: unknown) => e instanceof InvalidArgumentError && e.message.includes(`from 1 to ${max}`),
    );
  }
});
