// A file that gives no record because it is UTF-16 text, or has CR line ends without LF, gets a hint beside the JSON
// error (as a JSON array already did), in the error of the commands that need records and in `data stats`. Files
// that only look alike get none, and a CRLF file reads as before. Every record is invented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess as sizefit } from './run-in-process.js';
import { tempDir } from '../temp-dir.js';
import { inventedRecords } from './invented-records.js';

const UTF16 = '; the file looks UTF-16 encoded: save it as UTF-8; ';
const CR =
  '; the file is one line of several JSON values: if it has CR line ends without LF, convert them to LF or CRLF; ';

/** UTF-16 bytes of `text`, little- or big-endian, with a byte order mark or not. */
function utf16(text: string, bigEndian: boolean, bom: boolean): Buffer {
  const b = Buffer.from(text, 'utf16le');
  if (bigEndian) b.swap16();
  return bom ? Buffer.concat([Buffer.from(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]), b]) : b;
}

test('a UTF-16 file or one with CR-only line ends gets its hint when no record is read', async (t) => {
  // Before: only "not valid JSON: Unexpected token '\uFFFD'" (UTF-16) or "Unexpected non-whitespace character after
  // JSON at position ..." (CR-only, the whole file one line), nothing saying why.
  const tmp = tempDir(t, 'sizefit-hint-');
  const FITS = ['small', 'fit', 'large'];
  const train = join(tmp, 'train.jsonl');
  writeFileSync(train, inventedRecords(Array.from({ length: 30 }, (_, i) => FITS[i % 3])));
  const dir = join(tmp, 'model');
  const trained = await sizefit('train', '--dataset', train, '--model', 'prior', '--out', dir);
  assert.equal(trained.code, 0, trained.err);
  const text = inventedRecords(Array.from({ length: 6 }, (_, i) => FITS[i % 3]));
  const files: [string, Buffer | string, string | null][] = [
    ['le-bom.jsonl', utf16(text, false, true), UTF16],
    ['le.jsonl', utf16(text, false, false), UTF16],
    ['be-bom.jsonl', utf16(text, true, true), UTF16],
    ['be.jsonl', utf16(text, true, false), UTF16],
    ['le-crlf.jsonl', utf16(text.replaceAll('\n', '\r\n'), false, true), UTF16],
    ['cr.jsonl', text.replaceAll('\n', '\r'), CR],
    // Not told: a file of NUL bytes (no line 2), bytes that are not UTF-8 (an xz header), one UTF-16 record.
    ['zeros.jsonl', Buffer.alloc(4000), null],
    ['xz.jsonl', Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0, 0, 4, 0xe6, 0xd6, 0xb4, 0x46]), null],
    ['one-record.jsonl', utf16(text.split('\n')[0], false, true), null],
  ];
  for (const [name, bytes, hint] of files) {
    const file = join(tmp, name);
    writeFileSync(file, bytes);
    for (const argv of [
      ['evaluate', '--model', dir, '--dataset', file, '--json'],
      ['predict', '--model', dir, '--dataset', file, '--out', join(tmp, 'p.csv')],
    ]) {
      const r = await sizefit(...argv);
      assert.equal(r.code, 1, `${name} ${argv[0]}`);
      assert.match(r.err, /: no (labelled )?record to score \(/, `${name} ${argv[0]}`);
      if (hint !== null) assert.ok(r.err.includes(`)${hint}\``), `${name} ${argv[0]}: ${r.err}`);
      else assert.ok(r.err.includes(`); \``), `${name} ${argv[0]}: no hint: ${r.err}`);
    }
    const stats = await sizefit('data', 'stats', '--dataset', file);
    assert.equal(stats.code, 1, name);
    const last = stats.err.split('\n').at(-1) ?? '';
    if (hint !== null) assert.ok(last.endsWith(hint.slice(0, -2)), `${name} data stats: ${last}`);
    else assert.match(last, /no record was read from [^;]*$/, `${name} data stats: ${last}`);
  }
  // A JSON array keeps its hint; a CRLF file reads as ever.
  const array = join(tmp, 'array.json');
  writeFileSync(array, `[${text.trim().split('\n').join(',\n')}]\n`);
  const a = await sizefit('evaluate', '--model', dir, '--dataset', array, '--json');
  assert.match(a.err, /; the file looks like one JSON array: sizefit reads JSON lines/);
  const crlf = join(tmp, 'crlf.jsonl');
  writeFileSync(crlf, text.replaceAll('\n', '\r\n'));
  const plain = join(tmp, 'plain.jsonl');
  writeFileSync(plain, text);
  const c = await sizefit('evaluate', '--model', dir, '--dataset', crlf, '--json', '--samples', '10');
  const p = await sizefit('evaluate', '--model', dir, '--dataset', plain, '--json', '--samples', '10');
  assert.equal(c.code, 0, c.err);
  const figures = (out: string): unknown => {
    const { dataset: _d, ...rest } = JSON.parse(out) as Record<string, unknown>;
    return rest;
  };
  assert.deepEqual(figures(c.out), figures(p.out));
});
