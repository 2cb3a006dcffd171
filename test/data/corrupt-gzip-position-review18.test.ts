// A corrupt gzip file's error says after which line only when lines were parsed before the damage was found: zlib's
// output reaches the parser a chunk at a time, and the chunk in which the damage is found never does, so "before its
// first line" was said of files whose damage lay past every line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataError } from '../../lib/core/errors.js';
import { readFitDataFile } from '../../lib/data/read-fit-data.js';
import { tempDir } from '../temp-dir.js';

/** `n` invented RentTheRunway records, one per line, each about 200 bytes. */
function records(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    s +=
      JSON.stringify({
        fit: ['small', 'fit', 'large'][i % 3],
        user_id: `u${i}`,
        item_id: `i${(i * 7919) % 10007}`,
        category: `c${(i * 104729) % 99991}`,
        size: 4 + (i % 6),
        'rented for': 'party',
        rating: '10',
        note: (i * 2654435761).toString(36),
      }) + '\n';
  }
  return s;
}

async function message(file: string): Promise<string> {
  try {
    await readFitDataFile(file);
  } catch (e) {
    assert.ok(e instanceof DataError, String(e));
    return e.message;
  }
  assert.fail(`${file} was read`);
}

test('damage found before any line was parsed gives no position, not "before its first line"', async (t) => {
  // Before: "the gzip stream is corrupt (incorrect data check) before its first line" of a bad CRC-32, which is
  // checked at the end, after all 100 lines.
  const dir = tempDir(t, 'sizefit-gzip-position-');
  const gz = gzipSync(records(100));
  const crc = Buffer.from(gz);
  crc[crc.length - 8] ^= 1;
  const file = join(dir, 'crc.jsonl.gz');
  writeFileSync(file, crc);
  assert.equal(await message(file), `${file}: the gzip stream is corrupt (incorrect data check): the file is not read`);
  // Damage in the compressed data (a stored gzip: the length field of its first block, just after the 10-byte
  // header, broken): found at once, still no position.
  const stored = Buffer.from(gzipSync(records(100), { level: 0 }));
  stored[11] ^= 0xff;
  const early = join(dir, 'early.jsonl.gz');
  writeFileSync(early, stored);
  assert.equal(
    await message(early),
    `${early}: the gzip stream is corrupt (invalid stored block lengths): the file is not read`,
  );
});

test('damage found after lines were parsed says after which line, and that many lines come before it', async (t) => {
  const dir = tempDir(t, 'sizefit-gzip-position-');
  // A stored gzip of about 4 MB: its text reaches the parser in chunks, and the bad CRC-32 is found at the end.
  const text = records(20000);
  const gz = Buffer.from(gzipSync(text, { level: 0 }));
  gz[gz.length - 8] ^= 1;
  const file = join(dir, 'big.jsonl.gz');
  writeFileSync(file, gz);
  const m = await message(file);
  const at = /^.*: the gzip stream is corrupt \(incorrect data check\) after line ([\d,]+): the file is not read$/.exec(
    m,
  );
  assert.ok(at !== null, m);
  const n = Number(at[1].replaceAll(',', ''));
  assert.ok(n > 0 && n <= 20000, m);
});
