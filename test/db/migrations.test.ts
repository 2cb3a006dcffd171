import assert from 'node:assert/strict';
import {
  DatabaseError,
  InvalidArgumentError,
  MIGRATIONS,
  migrate,
  openDatabase,
  registerRun,
  type Database,
} from '../../lib/index.js';
import { asTableUser, engineTest, PG_URL, postgresTest, schemaName } from './engines.js';

engineTest('migrate is idempotent and records each version once', async (db) => {
  const again = await migrate(db);
  assert.deepEqual(again.applied, []);
  assert.equal(again.version, MIGRATIONS[MIGRATIONS.length - 1].version);
  const r = await db.query<{ n: number }>('SELECT count(*) AS n FROM schema_migrations');
  assert.equal(r.rows[0].n, MIGRATIONS.length);
  assert.equal(typeof r.rows[0].n, 'number', 'int8 comes back as a number on both engines');
  const t = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
  );
  assert.deepEqual(
    t.rows.map((x) => x.table_name),
    ['article_sizes', 'articles', 'customers', 'datasets', 'model_runs', 'purchases', 'schema_migrations'],
  );
});

engineTest('constraints reject an unknown fit label, an orphan purchase and a bad sha256', async (db) => {
  const sha = 'a'.repeat(64);
  const d = await db.query<{ id: number }>(
    `INSERT INTO datasets (sha256, name, source, format, schema, row_count, load_report)
     VALUES ($1, 'x', 'x', 'x', '[]', 0, '{}') RETURNING dataset_id AS id`,
    [sha],
  );
  const id = d.rows[0].id;
  await db.query(`INSERT INTO customers (dataset_id, customer_id) VALUES ($1, 'u')`, [id]);
  await db.query(`INSERT INTO articles (dataset_id, article_id) VALUES ($1, 'a')`, [id]);
  const purchase = (cust: string, fit: string) =>
    db.query(
      `INSERT INTO purchases (dataset_id, row_index, line, customer_id, article_id, fit) VALUES ($1, 0, 1, $2, 'a', $3)`,
      [id, cust, fit],
    );
  await assert.rejects(purchase('u', 'tight'), (e: { code?: string }) => e.code === '23514');
  await assert.rejects(purchase('nobody', 'fit'), (e: { code?: string }) => e.code === '23503');
  await purchase('u', 'fit');
  await assert.rejects(
    db.query(
      `INSERT INTO datasets (sha256, name, source, format, schema, row_count, load_report) VALUES ('XYZ', 'x', 'x', 'x', '[]', 0, '{}')`,
    ),
    (e: { code?: string }) => e.code === '23514',
  );
});

postgresTest('sessions migrating a fresh schema at once all succeed, and it is migrated once', async () => {
  // Before: CREATE SCHEMA IF NOT EXISTS and CREATE TABLE IF NOT EXISTS schema_migrations ran outside the
  // advisory lock, and concurrent ones failed with a duplicate key in the catalog (23505).
  const latest = MIGRATIONS[MIGRATIONS.length - 1].version;
  for (let trial = 0; trial < 5; trial++) {
    const schema = schemaName();
    const dbs: Database[] = [];
    try {
      for (let k = 0; k < 5; k++) dbs.push(await openDatabase({ engine: 'postgres', url: PG_URL, migrate: false }));
      const settled = await Promise.allSettled(
        dbs.map(async (db) => {
          await db.useSchema(schema);
          return migrate(db);
        }),
      );
      const results = settled.map((s) => {
        if (s.status === 'rejected') throw s.reason;
        return s.value;
      });
      // Each migration runs in its own transaction, so two sessions may share the work (one applies 1, another 2):
      // every migration is applied exactly once across the sessions.
      assert.deepEqual(
        results.flatMap((r) => r.applied).sort((a, b) => a - b),
        MIGRATIONS.map((m) => m.version),
      );
      assert.ok(results.every((r) => r.version === latest));
      const n = await dbs[0].query<{ n: number }>('SELECT count(*) AS n FROM schema_migrations');
      assert.equal(n.rows[0].n, MIGRATIONS.length);
    } finally {
      await dbs[0]?.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await Promise.all(dbs.map((d) => d.close()));
    }
  }
});

engineTest(
  'a database migrated by migration 1 as it was before 8901c5f is brought to the current schema',
  async (db) => {
    // Before: commit 8901c5f edited migration 1 in place, so databases migrated earlier kept a key from purchases
    // to datasets and an index on (dataset_id, category), and migrate said they were current.
    const keys = async (): Promise<string[]> =>
      (
        await db.query<{ k: string }>(
          `SELECT conname AS k FROM pg_constraint WHERE conrelid = 'purchases'::regclass AND contype <> 'n'
         UNION ALL SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = 'purchases'::regclass ORDER BY 1`,
        )
      ).rows.map((r) => r.k);
    const current = await keys();
    // Migration 1 as it was before 8901c5f: the current one plus what that commit removed from it (and without
    // what later migrations add).
    await db.exec(`DELETE FROM schema_migrations WHERE version > 1;
    ALTER TABLE datasets DROP COLUMN content_sha256;
    ALTER TABLE model_runs DROP COLUMN dataset_content_sha256;
    ALTER TABLE purchases ADD FOREIGN KEY (dataset_id) REFERENCES datasets ON DELETE CASCADE;
    CREATE INDEX purchases_category_idx ON purchases (dataset_id, category);`);
    assert.deepEqual(
      (await keys()).filter((k) => !current.includes(k)),
      ['purchases_category_idx', 'purchases_dataset_id_fkey'],
    );
    const r = await migrate(db);
    assert.deepEqual(r, { applied: [2, 3, 4], version: 4 });
    assert.deepEqual(await keys(), current);
  },
);

engineTest('migration 4 keeps the runs stored before and fills the content hash known for their file', async (db) => {
  // Before: runs recorded the sha256 of their file only. A database at version 3 with runs on a gzip file that is
  // stored as a dataset, on the plain copy of another stored dataset, on an unknown file and on none.
  const sha = (c: string): string => c.repeat(64);
  await db.exec(`DELETE FROM schema_migrations WHERE version = 4;
    DROP INDEX model_runs_dataset_content_idx;
    ALTER TABLE model_runs DROP COLUMN dataset_content_sha256;`);
  for (const [file, content] of [
    [sha('a'), sha('b')],
    [sha('c'), sha('c')],
  ]) {
    await db.query(
      `INSERT INTO datasets (sha256, content_sha256, name, source, format, schema, row_count, load_report)
       VALUES ($1, $2, 'x', 'x', 'x', '[]', 0, '{}')`,
      [file, content],
    );
  }
  const files = [sha('a'), sha('b'), sha('c'), sha('d'), null];
  for (const [k, file] of files.entries()) {
    await db.query(
      `INSERT INTO model_runs (kind, params, metrics, dataset_sha256, created_at, lib_version)
       VALUES ($1, '{"p":1}', '{"m":0.5}', $2, '2024-01-01', '0.1.0')`,
      [`run ${k}`, file],
    );
  }
  const before = (await db.query('SELECT * FROM model_runs ORDER BY run_id')).rows;
  assert.deepEqual(await migrate(db), { applied: [4], version: 4 });
  const after = (await db.query<Record<string, unknown>>('SELECT * FROM model_runs ORDER BY run_id')).rows;
  assert.deepEqual(
    after.map(({ dataset_content_sha256: _, ...rest }) => rest),
    before,
  );
  assert.deepEqual(
    after.map((r) => r.dataset_content_sha256),
    [sha('b'), sha('b'), sha('c'), null, null],
  );
});

engineTest(
  'a role that may use the tables but create nothing migrates a migrated database: nothing to do',
  async (db) => {
    // Before: migrate ran CREATE TABLE IF NOT EXISTS schema_migrations every time, which such a role may not run:
    // "permission denied for schema ..." (SQLSTATE 42501) with nothing pending, so it could not open the database.
    const latest = MIGRATIONS[MIGRATIONS.length - 1].version;
    await asTableUser(db, async () => {
      assert.deepEqual(await migrate(db), { applied: [], version: latest });
      const run = await registerRun(db, {
        kind: 'k',
        params: {},
        metrics: {},
        datasetSha256: null,
        artifactSha256: null,
      });
      assert.equal(typeof run.id, 'number');
      // A pending migration still needs the right to create it, and says so.
      const pending = { version: latest + 1, name: 'one more table', sql: 'CREATE TABLE one_more (a integer)' };
      await assert.rejects(migrate(db, [...MIGRATIONS, pending]), (e: { code?: string }) => e.code === '42501');
    });
    // Without a schema_migrations table, migrate creates it as before.
    await db.exec('DROP TABLE schema_migrations');
    const again = await migrate(db, [{ version: 1, name: 'nothing', sql: 'SELECT 1' }]);
    assert.deepEqual(again, { applied: [1], version: 1 });
  },
);

engineTest('a schema name starting with pg_ is refused before PostgreSQL sees it', async (db) => {
  // Before: 'pg_mine' passed the check and CREATE SCHEMA failed with the engine's 42939 "unacceptable schema name".
  for (const name of ['pg_mine', 'pg_catalog', 'pg_']) {
    await assert.rejects(db.useSchema(name), (e: unknown) => {
      assert.ok(e instanceof InvalidArgumentError, String(e));
      assert.equal(
        e.message,
        `schema name '${name}' is not accepted: the prefix 'pg_' is reserved for PostgreSQL's system schemas`,
      );
      return true;
    });
  }
  // Names that only contain pg_ stay accepted.
  const other = `my_pg_${schemaName()}`;
  await db.useSchema(other);
  assert.equal(db.schema, other);
  await db.exec(`DROP SCHEMA ${other} CASCADE`);
});

postgresTest(
  'a role that may only use an existing schema works in it; a schema it may not create is named',
  async () => {
    // Before: useSchema always ran CREATE SCHEMA IF NOT EXISTS, which PostgreSQL refuses without the right to create
    // schemas in the database even when the schema exists: a raw "permission denied for database" (42501), not
    // sizefit's error, and the role could not open its schema at all.
    const schema = schemaName();
    const db = await openDatabase({ engine: 'postgres', url: PG_URL, schema });
    try {
      await asTableUser(db, async () => {
        const r = await db.query<{ c: boolean }>(`SELECT has_database_privilege(current_database(), 'CREATE') AS c`);
        assert.equal(r.rows[0].c, false, 'the role may not create schemas');
        await db.useSchema(schema);
        assert.equal(db.schema, schema);
        assert.deepEqual(await migrate(db), { applied: [], version: MIGRATIONS[MIGRATIONS.length - 1].version });
        const missing = `${schema}_new`;
        await assert.rejects(db.useSchema(missing), (e: unknown) => {
          assert.ok(e instanceof DatabaseError, String(e));
          assert.match(e.message, new RegExp(`^postgres: cannot create schema '${missing}': .*\\(SQLSTATE 42501\\)`));
          return true;
        });
        assert.equal(db.schema, schema, 'the schema in use is unchanged');
      });
    } finally {
      await db.exec(`DROP SCHEMA ${schema} CASCADE`);
      await db.close();
    }
  },
);

engineTest('useSchema inside a transaction is refused: a rollback would leave db.schema naming another', async (db) => {
  // Before: useSchema ran inside the caller's transaction; when it rolled back, PostgreSQL reverted the search path
  // (and the new schema) while db.schema kept the new name.
  const before = db.schema;
  const other = schemaName();
  await assert.rejects(
    db.transaction(async (tx) => {
      await tx.useSchema(other);
    }),
    (e: unknown) => {
      assert.ok(e instanceof InvalidArgumentError, String(e));
      assert.match(e.message, new RegExp(`useSchema\\('${other}'\\) inside a transaction`));
      return true;
    },
  );
  assert.equal(db.schema, before);
  const r = await db.query<{ s: string; n: number }>(
    `SELECT current_schema() AS s, (SELECT count(*) FROM pg_namespace WHERE nspname = $1) AS n`,
    [other],
  );
  assert.deepEqual(r.rows[0], { s: before, n: 0 });
});

engineTest('migrate refuses a server older than PostgreSQL 15, naming its version, and applies nothing', async (db) => {
  // Before: migration 1 (UNIQUE NULLS NOT DISTINCT, PostgreSQL 15) failed on an older server with a bare syntax
  // error. The server here is 15 or later: its version is answered as 14.10 by a wrapper.
  const old = new Proxy(db, {
    get(target, key) {
      if (key === 'query') {
        return (text: string, params?: unknown[]) =>
          /server_version_num/.test(text)
            ? Promise.resolve({ rows: [{ num: '140010', version: '14.10' }], rowCount: 1, fields: [] })
            : target.query(text, params);
      }
      const v: unknown = Reflect.get(target, key, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  const latest = MIGRATIONS[MIGRATIONS.length - 1].version;
  const pending = { version: latest + 1, name: 'one more table', sql: 'CREATE TABLE one_more (a integer)' };
  await assert.rejects(migrate(old, [...MIGRATIONS, pending]), (e: unknown) => {
    assert.ok(e instanceof DatabaseError, String(e));
    assert.match(e.message, /PostgreSQL 14\.10; sizefit's database schema needs PostgreSQL 15 or later/);
    return true;
  });
  const t = await db.query<{ t: string | null }>(`SELECT to_regclass('one_more')::text AS t`);
  assert.equal(t.rows[0].t, null, 'nothing applied');
  // With nothing pending there is nothing to check: the database was migrated on a server that could.
  assert.deepEqual(await migrate(old), { applied: [], version: latest });
  // The real server passes the check.
  assert.deepEqual(await migrate(db, [...MIGRATIONS, pending]), { applied: [latest + 1], version: latest + 1 });
});
