// `sizefit evaluate` says when the file it scores is the model's training data (in-sample figures), whether the
// file is the training file itself, a gzip copy of it or a plain copy of a gzip training file. Every record here is
// invented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { countingStreamOpens } from '../counting-opens.js';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runInProcess as sizefit } from './run-in-process.js';
import { tempDir } from '../temp-dir.js';

const FITS = ['small', 'fit', 'large'];

/** RentTheRunway-format records, every class present; `offset` makes other records. */
function lines(offset: number): string {
  return (
    Array.from({ length: 24 }, (_, i) =>
      JSON.stringify({
        fit: FITS[i % 3],
        user_id: `u${(i + offset) % 5}`,
        item_id: `i${i % 4}`,
        category: 'dress',
        size: 4 + ((i + offset) % 6),
        'rented for': 'party',
        rating: '10',
      }),
    ).join('\n') + '\n'
  );
}

test('evaluate on a gzip copy of the training file says its figures are in-sample; other data does not', async (t) => {
  // Before: the training file was recognised by the sha256 of its bytes only, so its .jsonl.gz copy was scored as
  // held-out data without a word.
  const tmp = tempDir(t, 'sizefit-in-sample-');
  const plain = join(tmp, 'train.jsonl');
  const gz = join(tmp, 'train-copy.jsonl.gz');
  const otherGz = join(tmp, 'other.jsonl.gz');
  writeFileSync(plain, lines(0));
  writeFileSync(gz, gzipSync(lines(0)));
  writeFileSync(otherGz, gzipSync(lines(1)));
  const dir = join(tmp, 'model');
  const trained = await sizefit('train', '--dataset', plain, '--model', 'prior', '--out', dir);
  assert.equal(trained.code, 0, trained.err);
  const inSample = /is the model's training data \((.*)\): these are in-sample figures, not a held-out evaluation/;
  const same = await sizefit('evaluate', '--model', dir, '--dataset', plain, '--samples', '10');
  assert.equal(same.code, 0, same.err);
  assert.equal(inSample.exec(same.err)?.[1], 'same sha256');
  const copy = await sizefit('evaluate', '--model', dir, '--dataset', gz, '--samples', '10');
  assert.equal(copy.code, 0, copy.err);
  assert.equal(inSample.exec(copy.err)?.[1], 'same sha256 once decompressed');
  assert.ok(copy.err.includes(`${gz} is the model's training data`), copy.err);
  const other = await sizefit('evaluate', '--model', dir, '--dataset', otherGz, '--samples', '10');
  assert.equal(other.code, 0, other.err);
  assert.doesNotMatch(other.err, /in-sample/);
  // Figures on the copy are the figures on the file.
  const json = async (file: string): Promise<unknown> => {
    const r = await sizefit('evaluate', '--model', dir, '--dataset', file, '--samples', '10', '--json');
    assert.equal(r.code, 0, r.err);
    const { avgAuc, accuracy, logLoss } = JSON.parse(r.out) as Record<string, unknown>;
    return { avgAuc, accuracy, logLoss };
  };
  assert.deepEqual(await json(gz), await json(plain));

  // A model trained on the gzip file: the file itself is recognised by its bytes.
  const gzDir = join(tmp, 'model-gz');
  const g = await sizefit('train', '--dataset', gz, '--model', 'prior', '--out', gzDir);
  assert.equal(g.code, 0, g.err);
  const again = await sizefit('evaluate', '--model', gzDir, '--dataset', gz, '--samples', '10');
  assert.equal(again.code, 0, again.err);
  assert.equal(inSample.exec(again.err)?.[1], 'same sha256');
});

test('evaluate on a plain copy of a gzip training file says its figures are in-sample; the file is read once', async (t) => {
  // Before: the manifest recorded the sha256 of the compressed training file only, so its plain copy was scored as
  // held-out data without a word; and a gzip file was read a second time to hash its content.
  const tmp = tempDir(t, 'sizefit-in-sample-plain-');
  const gz = join(tmp, 'train.jsonl.gz');
  const plain = join(tmp, 'train-copy.jsonl');
  writeFileSync(gz, gzipSync(lines(0)));
  writeFileSync(plain, lines(0));
  const dir = join(tmp, 'model');
  const trained = await sizefit('train', '--dataset', gz, '--model', 'prior', '--out', dir);
  assert.equal(trained.code, 0, trained.err);
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { dataset: Record<string, unknown> };
  const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
  assert.deepEqual([manifest.dataset.sha256, manifest.dataset.contentSha256], [sha(gz), sha(plain)]);
  const inSample = /is the model's training data \((.*)\): these are in-sample figures, not a held-out evaluation/;
  const copy = await sizefit('evaluate', '--model', dir, '--dataset', plain, '--samples', '10');
  assert.equal(copy.code, 0, copy.err);
  assert.equal(inSample.exec(copy.err)?.[1], 'same sha256 once decompressed');
  assert.ok(copy.err.includes(`${plain} is the model's training data`), copy.err);
  // The gzip file itself: one stream over it, hashed and inflated as it is parsed.
  const { result: same, opens } = await countingStreamOpens(gz, () =>
    sizefit('evaluate', '--model', dir, '--dataset', gz, '--samples', '10'),
  );
  assert.equal(same.code, 0, same.err);
  assert.equal(inSample.exec(same.err)?.[1], 'same sha256');
  assert.equal(opens, 1, 'the gzip file is read once');

  // A manifest written before the content hash was recorded knows the training file's bytes only: the plain copy
  // is not known to be the training data, a gzip copy of a plain training file still is.
  delete manifest.dataset.contentSha256;
  writeFileSync(manifestPath, JSON.stringify(manifest));
  const older = await sizefit('evaluate', '--model', dir, '--dataset', plain, '--samples', '10');
  assert.equal(older.code, 0, older.err);
  assert.doesNotMatch(older.err, /in-sample/);
  const plainDir = join(tmp, 'model-plain');
  const p = await sizefit('train', '--dataset', plain, '--model', 'prior', '--out', plainDir);
  assert.equal(p.code, 0, p.err);
  const plainManifest = join(plainDir, 'manifest.json');
  const m = JSON.parse(readFileSync(plainManifest, 'utf8')) as { dataset: Record<string, unknown> };
  delete m.dataset.contentSha256;
  writeFileSync(plainManifest, JSON.stringify(m));
  const { result: gzCopy, opens: gzOpens } = await countingStreamOpens(gz, () =>
    sizefit('evaluate', '--model', plainDir, '--dataset', gz, '--samples', '10'),
  );
  assert.equal(gzCopy.code, 0, gzCopy.err);
  assert.equal(inSample.exec(gzCopy.err)?.[1], 'same sha256 once decompressed');
  assert.equal(gzOpens, 1, 'the gzip copy is read once');
});
