// A truncated gzip file for the tests of the reader and of the commands that read one: the gzip of a few hundred
// generated RentTheRunway-format lines, cut inside its deflate stream. Every record is invented.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import { Rng } from '../../lib/index.js';

/** `n` labelled RentTheRunway-format lines (seeded): three fit classes, a few customers and articles. */
export function generatedLines(n: number, seed = 1): string[] {
  const rng = new Rng(seed);
  const fits = ['small', 'fit', 'large'];
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      fit: fits[rng.int(3)],
      user_id: `u${rng.int(60)}`,
      item_id: `i${rng.int(25)}`,
      'rented for': 'party',
      category: ['dress', 'gown', 'top'][rng.int(3)],
      size: 1 + rng.int(30),
      review_text: `review ${i} ${'x'.repeat(rng.int(80))}`,
    }),
  );
}

/** A gzip file and the same bytes cut short. */
export interface TruncatedGzip {
  /** The whole gzip file. */
  whole: string;
  /** The same file cut at 60% of its bytes, inside a line. */
  cut: string;
  /** Whole lines before the cut, counted on the bytes zlib inflates up to it (not by the reader under test). */
  afterLine: number;
  /** Bytes of text zlib inflates up to the cut (the part of the line cut short included). */
  inflatedBytes: number;
  /** Lines in the whole file. */
  lines: number;
}

/** Writes `NAME.jsonl.gz` (the gzip of `lines`) and `NAME-cut.jsonl.gz` (the same cut short) into `dir`. */
export function writeTruncatedGzip(dir: string, name = 'data', lines = generatedLines(400)): TruncatedGzip {
  const text = lines.join('\n') + '\n';
  const gz = gzipSync(Buffer.from(text, 'utf8'));
  const cutBytes = gz.subarray(0, Math.floor(gz.length * 0.6));
  const bytes = gunzipSync(cutBytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  const inflated = bytes.toString('utf8');
  const afterLine = inflated.slice(0, inflated.lastIndexOf('\n') + 1).split('\n').length - 1;
  assert.ok(afterLine > 10 && afterLine < lines.length - 10, `the cut falls well inside the file (${afterLine})`);
  assert.ok(!inflated.endsWith('\n'), 'the cut falls inside a line');
  const whole = join(dir, `${name}.jsonl.gz`);
  const cut = join(dir, `${name}-cut.jsonl.gz`);
  writeFileSync(whole, gz);
  writeFileSync(cut, cutBytes);
  return { whole, cut, afterLine, inflatedBytes: bytes.length, lines: lines.length };
}
