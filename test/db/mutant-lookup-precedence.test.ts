// Which stored row a look-up picks when several match, and what it must agree on: a dataset's file sha256 before a
// dataset merely named with that text; for a run registered without a content hash, the content hash of the newest
// earlier run on the same file; and an ingest finding its file stored, which is "already ingested" only when read
// with the same rows. The other tests never give two candidates that these rules tell apart.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  ColumnarDataset,
  DataError,
  findIngestedDataset,
  ingestDataset,
  parseFitData,
  registerRun,
  type Column,
} from '../../lib/index.js';
import { engineTest } from './engines.js';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

const NO_PROBLEMS = parseFitData('', { name: 'none' }).report;

/** A dataset built in code (`rows` rows), named `name`, whose file sha256 is that of `tag` (and no content hash). */
function builtDataset(name: string, tag: string, rows = 2): ColumnarDataset {
  const ids = (prefix: string): Column => ({
    type: 'category',
    categories: Array.from({ length: rows }, (_, i) => `${prefix}${i + 1}`),
    codes: Int32Array.from({ length: rows }, (_, i) => i),
  });
  return new ColumnarDataset(
    [
      { name: 'user_id', type: 'category', description: 'user_id' },
      { name: 'item_id', type: 'category', description: 'item_id' },
    ],
    new Map([
      ['user_id', ids('u')],
      ['item_id', ids('i')],
    ]),
    Int32Array.from({ length: rows }, (_, i) => i + 1),
    { name, source: '<memory>', format: 'renttherunway', sha256: sha(tag) },
  );
}

engineTest('a sha256 finds the dataset of that file, not a newer dataset named with the same text', async (db) => {
  const first = await ingestDataset(db, builtDataset('first', 'first'), NO_PROBLEMS);
  // A newer dataset whose name is the first one's sha256 (a name is free text).
  const named = await ingestDataset(db, builtDataset(first.sha256, 'second'), NO_PROBLEMS);
  assert.equal(named.status, 'ingested');
  assert.ok(named.datasetId > first.datasetId);
  const found = await findIngestedDataset(db, first.sha256);
  assert.deepEqual([found.datasetId, found.sha256, found.name], [first.datasetId, first.sha256, 'first']);
  // The name still finds the dataset of that name when no file has that sha256.
  const byName = await findIngestedDataset(db, 'first');
  assert.equal(byName.datasetId, first.datasetId);
});

engineTest('a run registered without a content hash takes the newest earlier run on its file', async (db) => {
  const file = sha('file');
  const base = { kind: 'k', params: {}, metrics: {}, artifactSha256: null, datasetSha256: file };
  // Two runs on the same file that disagree on its content hash: the later registration is the latest word.
  const older = sha('content, first registered');
  const newer = sha('content, registered since');
  assert.equal((await registerRun(db, { ...base, datasetContentSha256: older })).datasetContentSha256, older);
  assert.equal((await registerRun(db, { ...base, datasetContentSha256: newer })).datasetContentSha256, newer);
  const run = await registerRun(db, base);
  assert.equal(run.datasetContentSha256, newer);
});

engineTest('the same file read with other rows is refused, not reported as already ingested', async (db) => {
  const stored = await ingestDataset(db, builtDataset('rows', 'one file'), NO_PROBLEMS);
  assert.equal(stored.rows, 2);
  // Same sha256, format and columns; one row more (a reading that kept a row the first one dropped).
  await assert.rejects(ingestDataset(db, builtDataset('rows', 'one file', 3), NO_PROBLEMS), (e: unknown) => {
    assert.ok(e instanceof DataError, String(e));
    assert.match(e.message, /read another way \(stored: 2 rows, this reading 3\); nothing was changed/);
    return true;
  });
  const again = await ingestDataset(db, builtDataset('rows', 'one file'), NO_PROBLEMS);
  assert.deepEqual([again.status, again.datasetId, again.rows], ['already-ingested', stored.datasetId, 2]);
});
