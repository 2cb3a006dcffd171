// Ingest's value limits at their edges: the first and last day PostgreSQL reads as YYYY-MM-DD (0001-01-01 and
// 9999-12-31) are stored and read back, the days just outside are refused; an id of multi-byte characters is
// measured in UTF-8 bytes (at most 2,000: MAX_INDEXED_TEXT_BYTES), not in UTF-16 code units.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  ColumnarDataset,
  DataError,
  ingestDataset,
  MAX_INDEXED_TEXT_BYTES,
  parseFitData,
  readDatasetFromDb,
  type Column,
  type Database,
  type FieldSchema,
} from '../../lib/index.js';
import { engineTest } from './engines.js';

const NO_PROBLEMS = parseFitData('', { name: 'none' }).report;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date, computed by Date from the text (not Date.UTC, which maps years 0-99 to 19xx). */
const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

/** A dataset built in code with the one row per entry of `users`, one article, and `review_date` when given. */
function dataset(name: string, users: string[], days?: number[]): ColumnarDataset {
  const schema: FieldSchema[] = [
    { name: 'user_id', type: 'category', description: 'user_id' },
    { name: 'item_id', type: 'category', description: 'item_id' },
  ];
  const columns = new Map<string, Column>([
    ['user_id', { type: 'category', categories: [...users], codes: Int32Array.from(users, (_, i) => i) }],
    ['item_id', { type: 'category', categories: ['i1'], codes: new Int32Array(users.length) }],
  ]);
  if (days !== undefined) {
    schema.push({ name: 'review_date', type: 'date', description: 'review_date' });
    columns.set('review_date', { type: 'number', values: Float64Array.from(days) });
  }
  return new ColumnarDataset(
    schema,
    columns,
    Int32Array.from(users, (_, i) => i + 1),
    {
      name,
      source: '<memory>',
      format: 'renttherunway',
      sha256: createHash('sha256').update(name).digest('hex'),
    },
  );
}

async function purchaseCount(db: Database): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM purchases')).rows[0].n;
}

engineTest(
  'review dates of 0001-01-01 and 9999-12-31 are stored and read back; the days outside are refused',
  async (db) => {
    const first = dayOf('0001-01-01');
    const last = dayOf('9999-12-31');
    assert.equal(last - first + 1, 3_652_059, 'the days of the years 1 to 9999 (proleptic Gregorian)');
    for (const [day, label] of [
      [first - 1, 'the day before 0001-01-01'],
      [last + 1, 'the day after 9999-12-31'],
    ] as const) {
      await assert.rejects(ingestDataset(db, dataset(`outside ${day}`, ['u1'], [day]), NO_PROBLEMS), (e: unknown) => {
        assert.ok(e instanceof DataError, `${label}: ${String(e)}`);
        assert.match(
          e.message,
          new RegExp(`column 'review_date': day ${day} \\(days since 1970-01-01\\) is not a date`),
        );
        return true;
      });
    }
    assert.equal(await purchaseCount(db), 0, 'nothing stored');
    const edges = await ingestDataset(db, dataset('edges', ['u1', 'u2'], [first, last]), NO_PROBLEMS);
    assert.deepEqual([edges.status, edges.rows], ['ingested', 2]);
    const stored = await db.query<{ d: string }>(
      `SELECT to_char(review_date, 'YYYY-MM-DD') AS d FROM purchases WHERE dataset_id = $1 ORDER BY row_index`,
      [edges.datasetId],
    );
    assert.deepEqual(
      stored.rows.map((r) => r.d),
      ['0001-01-01', '9999-12-31'],
    );
    const back = await readDatasetFromDb(db, edges.datasetId);
    assert.deepEqual([...back.numbers('review_date')], [first, last]);
  },
);

engineTest('an id is limited by its UTF-8 bytes: 3-byte characters count three times', async (db) => {
  assert.equal(MAX_INDEXED_TEXT_BYTES, 2000);
  // U+65E5 takes 3 bytes in UTF-8 and one UTF-16 code unit: 667 of them are 2,001 bytes, 666 are 1,998.
  const tooLong = '\u65e5'.repeat(667);
  assert.equal(Buffer.byteLength(tooLong, 'utf8'), 2001);
  await assert.rejects(ingestDataset(db, dataset('wide', ['u1', tooLong]), NO_PROBLEMS), (e: unknown) => {
    assert.ok(e instanceof DataError, String(e));
    assert.match(e.message, /^dataset 'wide' line 2, column 'user_id': ".*" is 2001 bytes long; /);
    return true;
  });
  assert.equal(await purchaseCount(db), 0, 'nothing stored');
  const longest = '\u65e5'.repeat(666);
  const r = await ingestDataset(db, dataset('wide enough', ['u1', longest]), NO_PROBLEMS);
  assert.deepEqual([r.status, r.customers], ['ingested', 2]);
  const back = await readDatasetFromDb(db, r.datasetId);
  assert.deepEqual(back.categories('user_id').categories, ['u1', longest]);
});
