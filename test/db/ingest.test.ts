import assert from 'node:assert/strict';
import {
  DataError,
  ingestDataset,
  listIngestedDatasets,
  loadDataset,
  readDatasetFromDb,
  type Database,
} from '../../lib/index.js';
import { engineTest, HOSTILE, rtrLine, writeTemp } from './engines.js';

// One record per hostile id (as user, item, category and body type), a line that is not JSON, a
// record without a label and one with an unparseable height: 8 rows kept, 2 dropped, 3 problems.
const LINES = [
  ...HOSTILE.map((s, k) =>
    rtrLine({
      fit: ['small', 'fit', 'large'][k % 3],
      user_id: s,
      item_id: `item ${s}`,
      category: s,
      'body type': s,
      size: k + 1,
      height: `5' ${k}"`,
    }),
  ),
  'not json',
  rtrLine({ user_id: 'u', item_id: 'i', size: 4 }),
  rtrLine({ fit: 'fit', user_id: HOSTILE[0], item_id: 'plain', size: 8, height: '5 ft 13' }),
];

async function tableCounts(db: Database): Promise<number[]> {
  const r = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM datasets) a, (SELECT count(*) FROM customers) b, (SELECT count(*) FROM articles) c,
            (SELECT count(*) FROM article_sizes) d, (SELECT count(*) FROM purchases) e`,
  );
  return Object.values(r.rows[0]);
}

engineTest('ingest stores hostile strings intact and reports rejected rows like the reader', async (db, engine) => {
  const path = writeTemp('hostile.jsonl', LINES.join('\n') + '\n');
  const { dataset, report } = await loadDataset(path);
  assert.equal(dataset.length, 9);
  const r = await ingestDataset(db, dataset, report, { batchRows: 4 });
  assert.equal(r.status, 'ingested');
  assert.equal(r.method, engine === 'postgres' ? 'copy' : 'insert');
  assert.deepEqual([r.rows, r.customers, r.articles, r.articleSizes], [9, 8, 9, 9]);
  assert.equal(r.report.rowsDropped, 2);
  assert.deepEqual(
    r.report.examples.map((e) => [e.line, e.field]),
    [
      [9, null],
      [10, 'fit'],
      [11, 'height'],
    ],
  );
  // Every hostile string came back byte for byte, through parameters...
  const back = await db.query<{ customer_id: string }>(
    'SELECT customer_id FROM purchases WHERE customer_id = ANY($1::text[]) ORDER BY row_index',
    [HOSTILE],
  );
  assert.deepEqual([...new Set(back.rows.map((x) => x.customer_id))], HOSTILE);
  // ...and through the dataset reader, equal to the file in every value and in order.
  const ds = await readDatasetFromDb(db, dataset.meta.sha256);
  assert.deepEqual(ds.toRecords(), dataset.toRecords());
  assert.deepEqual(Array.from(ds.lineNumbers), Array.from(dataset.lineNumbers));
  const stored = await db.query<{ load_report: { rowsDropped: number } }>('SELECT load_report FROM datasets');
  assert.equal(stored.rows[0].load_report.rowsDropped, 2);
});

engineTest('re-ingesting the same file changes nothing and says already ingested', async (db) => {
  const path = writeTemp('same.jsonl', LINES.join('\n') + '\n');
  const { dataset, report } = await loadDataset(path);
  const first = await ingestDataset(db, dataset, report);
  const before = await tableCounts(db);
  const again = await loadDataset(path);
  const second = await ingestDataset(db, again.dataset, again.report);
  assert.equal(second.status, 'already-ingested');
  assert.equal(second.datasetId, first.datasetId);
  assert.deepEqual(await tableCounts(db), before);
  assert.deepEqual(before, [1, 8, 9, 9, 9]);
  // A different file (one byte more) is a different dataset.
  const other = await loadDataset(writeTemp('other.jsonl', LINES.join('\n') + '\n\n'));
  assert.equal((await ingestDataset(db, other.dataset, other.report)).status, 'ingested');
  assert.equal((await listIngestedDatasets(db)).length, 2);
});

engineTest('a NUL character is rejected with a clear error and nothing is written', async (db) => {
  const path = writeTemp(
    'nul.jsonl',
    [
      rtrLine({ fit: 'fit', user_id: 'ok', item_id: 'a', size: 1 }),
      rtrLine({ fit: 'fit', user_id: 'bad\u0000id', item_id: 'a', size: 2 }),
    ].join('\n'),
  );
  const { dataset, report } = await loadDataset(path);
  await assert.rejects(ingestDataset(db, dataset, report), (e: unknown) => {
    assert.ok(e instanceof DataError);
    assert.match(e.message, /line 2, column 'user_id'.*NUL character \(U\+0000\)/);
    return true;
  });
  assert.deepEqual(await tableCounts(db), [0, 0, 0, 0, 0]);
});

engineTest('a failure inside the ingest transaction rolls everything back', async (db) => {
  const path = writeTemp('fail.jsonl', LINES.join('\n') + '\n');
  const { dataset, report } = await loadDataset(path);
  let calls = 0;
  await assert.rejects(
    ingestDataset(db, dataset, report, {
      batchRows: 2,
      onProgress: () => {
        if (++calls === 2) throw new Error('stop here');
      },
    }),
    /stop here/,
  );
  assert.deepEqual(await tableCounts(db), [0, 0, 0, 0, 0]);
  assert.equal((await ingestDataset(db, dataset, report)).rows, 9, 'the same connection ingests afterwards');
});
