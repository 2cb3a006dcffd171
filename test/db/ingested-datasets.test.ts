import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import {
  DataError,
  findIngestedDataset,
  ingestDataset,
  InvalidArgumentError,
  listIngestedDatasets,
  loadDataset,
  readDatasetFromDb,
  sqlArticleFeatures,
  sqlCustomerHistoryFeatures,
  type Database,
  type IngestedDataset,
} from '../../lib/index.js';
import { engineTest, recording, rtrLine, writeTemp } from './engines.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Ingests a plain file and the gzip copy of another: their datasets, and the content hash of the gzip one. */
async function twoDatasets(db: Database): Promise<{ plain: number; gz: number; gzContent: string; gzSha: string }> {
  const line = (k: number): string => rtrLine({ fit: 'fit', user_id: `u${k}`, item_id: `i${k}`, size: k + 1 });
  const plain = await loadDataset(writeTemp('plain.jsonl', [0, 1, 2].map(line).join('\n') + '\n'));
  const text = [3, 4].map(line).join('\n') + '\n';
  const gzPath = `${writeTemp('packed.jsonl', text)}.gz`;
  const bytes = gzipSync(Buffer.from(text, 'utf8'));
  writeFileSync(gzPath, bytes);
  const gz = await loadDataset(gzPath);
  return {
    plain: (await ingestDataset(db, plain.dataset, plain.report)).datasetId,
    gz: (await ingestDataset(db, gz.dataset, gz.report)).datasetId,
    gzContent: sha(Buffer.from(text, 'utf8')),
    gzSha: sha(bytes),
  };
}

/** What the listing and the look-ups by id, file sha256, content hash and name give (or the error's message). */
async function readings(
  db: Database,
  d: Awaited<ReturnType<typeof twoDatasets>>,
): Promise<(IngestedDataset[] | IngestedDataset | string)[]> {
  const find = (ref: string | number): Promise<IngestedDataset | string> =>
    findIngestedDataset(db, ref).catch((e: unknown) => {
      assert.ok(e instanceof DataError, String(e));
      return e.message;
    });
  return [
    await listIngestedDatasets(db),
    await find(d.plain),
    await find(d.gzSha),
    await find(d.gzContent),
    await find('packed.jsonl.gz'),
    await find('no such dataset'),
  ];
}

engineTest('on a migrated database the ingested-dataset listings read datasets.content_sha256 itself', async (db) => {
  // Before: content_sha256 was always read through to_jsonb(datasets), which copies every row to jsonb and which
  // the unique index on content_sha256 cannot serve. Checked on the SQL the module sends.
  const d = await twoDatasets(db);
  const sql: string[] = [];
  const [listed, byId, bySha, byContent, byName, missing] = await readings(recording(db, sql), d);
  assert.deepEqual(
    (listed as IngestedDataset[]).map((x) => [x.datasetId, x.contentSha256 !== null]),
    [
      [d.plain, true],
      [d.gz, true],
    ],
  );
  assert.equal((byId as IngestedDataset).datasetId, d.plain);
  for (const x of [bySha, byContent, byName]) {
    assert.deepEqual([(x as IngestedDataset).datasetId, (x as IngestedDataset).contentSha256], [d.gz, d.gzContent]);
  }
  assert.match(missing as string, /no ingested dataset "no such dataset"/);
  assert.ok(sql.length > 0);
  for (const text of sql) assert.doesNotMatch(text, /to_jsonb/, text);
  assert.ok(
    sql.some((text) => text.includes('datasets.content_sha256')),
    sql.join('\n'),
  );
});

engineTest(
  'a database not yet migrated to version 3 lists and finds datasets as before, without a content hash',
  async (db) => {
    const d = await twoDatasets(db);
    const migrated = await readings(db, d);
    await db.exec(`DELETE FROM schema_migrations WHERE version = 3; ALTER TABLE datasets DROP COLUMN content_sha256`);
    const sql: string[] = [];
    const [listed, byId, bySha, byContent, byName, missing] = await readings(recording(db, sql), d);
    const noHash = (x: IngestedDataset): IngestedDataset => ({ ...x, contentSha256: null });
    // The same datasets, in the same order, but no content hash: a content hash alone finds nothing.
    assert.deepEqual(listed, (migrated[0] as IngestedDataset[]).map(noHash));
    assert.deepEqual(byId, noHash(migrated[1] as IngestedDataset));
    assert.deepEqual(bySha, noHash(migrated[2] as IngestedDataset));
    assert.deepEqual(byName, noHash(migrated[4] as IngestedDataset));
    assert.match(byContent as string, new RegExp(`no ingested dataset "${d.gzContent}"`));
    assert.equal(missing, migrated[5]);
    assert.ok(
      sql.some((text) => text.includes('to_jsonb(datasets)')),
      sql.join('\n'),
    );
  },
);

engineTest('a numeric dataset reference that is not a dataset id is refused before PostgreSQL sees it', async (db) => {
  // Before: 1.5, NaN and 2^40 went to the engine as the integer parameter: a raw invalid-syntax (22P02) or
  // out-of-range (22003) error, not sizefit's.
  const d = await twoDatasets(db);
  for (const ref of [1.5, NaN, Infinity, 2 ** 40, 2 ** 31, 0, -1]) {
    for (const look of [
      () => findIngestedDataset(db, ref),
      () => readDatasetFromDb(db, ref),
      () => sqlCustomerHistoryFeatures(db, ref),
      () => sqlArticleFeatures(db, ref),
    ]) {
      await assert.rejects(
        look(),
        (e: unknown) =>
          e instanceof InvalidArgumentError &&
          e.message ===
            `${ref} is not a dataset id: give a whole number from 1 to 2147483647 (see listIngestedDatasets)`,
        String(ref),
      );
    }
  }
  // The largest dataset id is looked up: none is stored under it.
  await assert.rejects(findIngestedDataset(db, 2 ** 31 - 1), DataError);
  assert.equal((await findIngestedDataset(db, d.gz)).datasetId, d.gz);
});
