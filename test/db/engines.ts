// Test helpers: run a test body on both engines. PGlite runs everywhere (one instance per test file,
// a schema per test); PostgreSQL runs when SIZEFIT_TEST_DATABASE_URL is set (a connection and a
// schema per test, dropped afterwards), fails when CI=true without it, and otherwise reports itself
// as "not run: no server" (a passing test that says so; never a skipped one).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database, type DbEngine } from '../../lib/index.js';

/** The PostgreSQL test server URL, or undefined. */
export const PG_URL = process.env.SIZEFIT_TEST_DATABASE_URL || undefined;

let pglite: Promise<Database> | undefined;
let counter = 0;

/** A fresh schema name for one test. */
export function schemaName(): string {
  return `sizefit_t_${process.pid}_${Date.now() % 1_000_000}_${counter++}`;
}

async function withEngine(engine: DbEngine, fn: (db: Database) => Promise<void>): Promise<void> {
  const schema = schemaName();
  if (engine === 'pglite') {
    pglite ??= openDatabase({ engine: 'pglite', migrate: false });
    const db = await pglite;
    await db.useSchema(schema);
    await openMigrated(db);
    await fn(db);
    return;
  }
  const db = await openDatabase({ engine: 'postgres', url: PG_URL, schema });
  try {
    await fn(db);
  } finally {
    await db.exec(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
    await db.close();
  }
}

async function openMigrated(db: Database): Promise<void> {
  const { migrate } = await import('../../lib/index.js');
  await migrate(db);
}

/** Defines `title [pglite]` and `title [postgres]`, each running `fn` on a migrated, empty schema. */
export function engineTest(title: string, fn: (db: Database, engine: DbEngine) => Promise<void>): void {
  test(`${title} [pglite]`, () => withEngine('pglite', (db) => fn(db, 'pglite')));
  postgresTest(title, () => withEngine('postgres', (db) => fn(db, 'postgres')));
}

/** A PostgreSQL-only test, with the CI / no-server rules above. */
export function postgresTest(title: string, fn: () => Promise<void>): void {
  if (PG_URL) {
    test(`${title} [postgres]`, fn);
  } else if (process.env.CI === 'true') {
    test(`${title} [postgres]`, () => {
      assert.fail(
        'SIZEFIT_TEST_DATABASE_URL is not set but CI=true: the PostgreSQL tests must run in CI (see .ci/run)',
      );
    });
  } else {
    test(`${title} [postgres: not run: no server]`, (t) => {
      t.diagnostic(
        'not run: no server; set SIZEFIT_TEST_DATABASE_URL=postgresql:///sizefit_test?host=/var/run/postgresql',
      );
    });
  }
}

/** The folders writeTemp made, removed when the test file ends (this module is imported at its top level). */
const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** Writes JSON-lines text to a new temporary file and returns its path. */
export function writeTemp(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sizefit-db-'));
  tempDirs.push(dir);
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** A RentTheRunway-format line. */
export function rtrLine(r: Record<string, unknown>): string {
  return JSON.stringify({ 'rented for': 'party', rating: '10', ...r });
}

/** Four records whose features are computed by hand in sql-features.test.ts (no size system). */
export const HAND_LINES = [
  rtrLine({ fit: 'fit', user_id: 'u1', item_id: 'i1', category: 'dress', size: 8 }),
  rtrLine({ fit: 'small', user_id: 'u1', item_id: 'i2', category: 'top', size: 4 }),
  rtrLine({ fit: 'large', user_id: 'u2', item_id: 'i1', category: 'dress', size: 12 }),
  rtrLine({ fit: 'fit', user_id: 'u3', item_id: 'i1', category: 'dress', size: 8 }),
];

/** Ids and names that break string-built SQL or COPY text: quotes, backslashes, tabs, newlines, unicode, `\N`. */
export const HOSTILE = [
  "o'brien",
  'back\\slash',
  '"quoted"',
  'tab\there',
  'line\nbreak',
  'naïve 🙂 日本',
  '\\N',
  "'); DROP TABLE purchases; --",
];

/**
 * Runs `fn` as a new role that may read and write the tables of `db`'s schema but owns none and may create
 * nothing there (an application role), then switches back and drops the role.
 */
export async function asTableUser<T>(db: Database, fn: () => Promise<T>): Promise<T> {
  const role = `sizefit_t_role_${process.pid}_${counter++}`;
  const schema = db.schema ?? 'public';
  await db.exec(`CREATE ROLE ${role} NOSUPERUSER NOCREATEROLE NOCREATEDB NOINHERIT;
    GRANT USAGE ON SCHEMA ${schema} TO ${role};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role};
    SET ROLE ${role}`);
  try {
    return await fn();
  } finally {
    await db.exec(`RESET ROLE; DROP OWNED BY ${role}; DROP ROLE ${role}`);
  }
}

/** `db` with the SQL texts of its queries recorded in `sql`. */
export function recording(db: Database, sql: string[]): Database {
  return new Proxy(db, {
    get(target, key) {
      if (key === 'query') {
        return (text: string, params?: unknown[]) => {
          sql.push(text);
          return target.query(text, params);
        };
      }
      const v: unknown = Reflect.get(target, key, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
