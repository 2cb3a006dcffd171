// Rollback when JavaScript throws after rows are written: an ingest whose purchase count check fails stores nothing,
// and transaction() rolls back on a thrown error (PostgreSQL turns COMMIT into ROLLBACK only after an SQL error).
import assert from 'node:assert/strict';
import { DataError, ingestDataset, loadDataset, type Database, type DbResult } from '../../lib/index.js';
import { engineTest, rtrLine, writeTemp } from '../db/engines.js';

const LINES = Array.from({ length: 9 }, (_, k) =>
  rtrLine({ fit: ['small', 'fit', 'large'][k % 3], user_id: `u${k}`, item_id: `i${k % 4}`, size: k + 1 }),
);

async function tableCounts(db: Database): Promise<number[]> {
  const r = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM datasets) a, (SELECT count(*) FROM customers) b, (SELECT count(*) FROM articles) c,
            (SELECT count(*) FROM article_sizes) d, (SELECT count(*) FROM purchases) e`,
  );
  return Object.values(r.rows[0]).map(Number);
}

/** `db` as seen by an ingest whose purchases INSERT reports one row fewer than it added. */
function shortPurchases(db: Database): Database {
  const wrap = (inner: Database): Database => ({
    engine: inner.engine,
    schema: inner.schema,
    async query<R>(sql: string, params?: readonly unknown[]): Promise<DbResult<R>> {
      const r = await inner.query<R>(sql, params);
      return sql.trimStart().startsWith('INSERT INTO purchases') ? { ...r, rowCount: r.rowCount - 1 } : r;
    },
    exec: (sql) => inner.exec(sql),
    transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
    copyFrom: (sql, chunks) => inner.copyFrom(sql, chunks),
    useSchema: (name) => inner.useSchema(name),
    close: () => inner.close(),
  });
  return wrap(db);
}

engineTest('an ingest that fails after its inserts (a purchase count mismatch) stores nothing', async (db) => {
  const { dataset, report } = await loadDataset(writeTemp('short.jsonl', LINES.join('\n') + '\n'));
  await assert.rejects(
    ingestDataset(shortPurchases(db), dataset, report),
    (e: unknown) => e instanceof DataError && /8 purchases of 9 rows were added; nothing was stored$/.test(e.message),
  );
  assert.deepEqual(await tableCounts(db), [0, 0, 0, 0, 0]);
});

engineTest('an error thrown inside transaction() rolls back what the callback wrote', async (db) => {
  await db.exec('CREATE TABLE mut_rollback (x integer)');
  await assert.rejects(
    db.transaction(async (tx) => {
      await tx.exec('INSERT INTO mut_rollback VALUES (1)');
      throw new Error('boom');
    }),
    /boom/,
  );
  assert.equal(Number((await db.query<{ n: number }>('SELECT count(*) AS n FROM mut_rollback')).rows[0].n), 0);
});
