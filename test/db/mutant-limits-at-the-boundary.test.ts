// Limits of lib/db checked exactly at their edge: the longest schema name PostgreSQL keeps as written, the last
// year a run's createdAt may be in, and the schema version of a database with no migration recorded. The tests
// beside them cross each limit far from the edge (a 12345 year, a 'pg_' name), so an off-by-one slipped through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  InvalidArgumentError,
  listRuns,
  migrate,
  openDatabase,
  quoteSchemaName,
  registerRun,
} from '../../lib/index.js';
import { engineTest } from './engines.js';

test('a schema name of 63 characters is accepted and one of 64 is refused (PostgreSQL would cut it to 63)', async () => {
  // NAMEDATALEN is 64: an identifier keeps at most 63 bytes. A 64-character name would be truncated by the server,
  // and db.schema would name a schema that does not exist under that name.
  const longest = 's'.repeat(63);
  assert.equal(quoteSchemaName(longest), `"${longest}"`);
  const tooLong = 's'.repeat(64);
  assert.throws(
    () => quoteSchemaName(tooLong),
    (e: unknown) => e instanceof InvalidArgumentError && e.message.includes(`'${tooLong}'`),
  );
  const db = await openDatabase({ engine: 'pglite', migrate: false });
  try {
    await assert.rejects(db.useSchema(tooLong), InvalidArgumentError);
    assert.equal(db.schema, undefined, 'the refused name is not recorded');
    const made = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE $1', [
      's'.repeat(63) + '%',
    ]);
    assert.equal(made.rows[0].n, 0, 'no schema was created under the cut name');
    await db.useSchema(longest);
    assert.equal(db.schema, longest);
    const r = await db.query<{ s: string }>('SELECT current_schema() AS s');
    assert.equal(r.rows[0].s, longest, 'the connection works in the schema of that very name');
  } finally {
    await db.close();
  }
});

engineTest('registerRun refuses a createdAt in year 10000 (UTC), the first year after 9999', async (db) => {
  const base = { kind: 'k', params: {}, metrics: {}, datasetSha256: null, artifactSha256: null };
  for (const [createdAt, shown] of [
    ['+010000-01-01T00:00:00.000Z', '\\+010000-01-01T00:00:00\\.000Z'],
    // 9999-12-31 23:30 at UTC-1 is 10000-01-01 00:30 UTC.
    ['9999-12-31T23:30:00-01:00', '9999-12-31T23:30:00-01:00'],
  ]) {
    await assert.rejects(registerRun(db, { ...base, createdAt }), (e: unknown) => {
      assert.ok(e instanceof InvalidArgumentError, String(e));
      assert.match(e.message, new RegExp(`^registerRun: createdAt '${shown}' is in year 10000 \\(UTC\\)`));
      return true;
    });
  }
  assert.deepEqual(await listRuns(db), [], 'nothing stored');
});

test('a database whose schema_migrations records nothing is at version 0, on every call', async () => {
  const db = await openDatabase({ engine: 'pglite', migrate: false });
  try {
    // The first call creates schema_migrations and applies no migration; the second finds it there, empty.
    assert.deepEqual(await migrate(db, []), { applied: [], version: 0 });
    assert.deepEqual(await migrate(db, []), { applied: [], version: 0 });
    const r = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    assert.equal(r.rows[0].n, 0);
  } finally {
    await db.close();
  }
});
