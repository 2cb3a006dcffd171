import type { Database } from './database.js';

/** A foreign key or secondary index of a table, as the catalog declares it (names quoted by the server). */
interface KeyDefinition {
  /** Quoted name: the constraint name, or the (schema-qualified if needed) index name. */
  name: string;
  /** `pg_get_constraintdef` (FOREIGN KEY ... REFERENCES ...) or `pg_get_indexdef` (CREATE INDEX ...). */
  def: string;
}

/** Names of `tables` as `regclass` prints them (quoted, schema-qualified when not on the search path). */
async function tableNames(db: Database, tables: readonly string[]): Promise<string[]> {
  const r = await db.query<{ t: string }>(
    'SELECT t::regclass::text AS t FROM unnest($1::text[]) WITH ORDINALITY AS u(t, o) ORDER BY o',
    [tables],
  );
  return r.rows.map((x) => x.t);
}

/** Constraints of `table` of the given types (`f` foreign key, `p` primary key, `u` unique) no foreign key references. */
async function constraintsOf(db: Database, table: string, types: string): Promise<KeyDefinition[]> {
  const r = await db.query<KeyDefinition>(
    `SELECT quote_ident(k.conname) AS name, pg_get_constraintdef(k.oid) AS def
     FROM pg_constraint k
     WHERE k.conrelid = $1::regclass AND k.contype = ANY ($2::"char"[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = k.conindid AND k.contype <> 'f')
     ORDER BY k.conname`,
    [table, types.split('')],
  );
  return r.rows;
}

/** Indexes of `table` that back no constraint and that no foreign key uses. */
async function plainIndexesOf(db: Database, table: string): Promise<KeyDefinition[]> {
  const r = await db.query<KeyDefinition>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
     ORDER BY c.relname`,
    [table],
  );
  return r.rows;
}

/** One table's dropped keys, to re-create. */
interface TableKeys {
  table: string;
  uniques: KeyDefinition[];
  indexes: KeyDefinition[];
  foreignKeys: KeyDefinition[];
}

async function alter(db: Database, table: string, clauses: string[]): Promise<void> {
  if (clauses.length > 0) await db.exec(`ALTER TABLE ${table} ${clauses.join(', ')}`);
}

/**
 * Runs `fn` with the keys of `tables` dropped, then re-creates them from their catalog definitions,
 * under the same names: PostgreSQL's bulk-load recipe ("Populating a Database": remove indexes and
 * foreign-key constraints, load, re-create them). Dropped and re-created: the foreign keys of the
 * tables, then the indexes that back no constraint, and the primary-key and unique constraints that
 * no remaining foreign key references (a key referenced from a table outside `tables` stays). Each
 * index is then built by one sort (logged page by page, not row by row), each unique key checked by
 * that sort, and each foreign key by one set-based query over the whole table (`ALTER TABLE ... ADD
 * CONSTRAINT ... FOREIGN KEY`), instead of a trigger call per inserted row. Keys are re-created in
 * pg_restore's order: unique keys, indexes, then foreign keys. CHECK and NOT NULL constraints stay
 * in force throughout.
 *
 * Must run inside a transaction (`db.transaction`): DDL is transactional in PostgreSQL, so an error
 * in `fn`, a row violating a re-created key, or a killed client rolls the drops back with the rest,
 * and no other session ever sees a table without its keys. A constraint that was NOT VALID before
 * is re-created NOT VALID (the migrations create none).
 *
 * Locks: dropping a foreign key takes an ACCESS EXCLUSIVE lock on its table and on the table it
 * references (their RI triggers go too), held until the transaction ends: readers of those tables
 * wait for the commit. Take these locks first, in a fixed order, when other transactions write the
 * same tables (see `ingestDataset`), so that no lock is upgraded half-way. An autovacuum
 * worker on one of them is cancelled after `deadlock_timeout` (1 s by default).
 *
 * Cost grows with the rows already in the tables (re-created keys cover every row, not only the new
 * ones): worth it when the load is large next to what the tables hold.
 *
 * Not carried over: comments on the dropped objects and index tablespaces (the migrations set none).
 *
 * @param tables table names, resolved on the search path.
 * @returns what `fn` returned.
 * @throws the engine's error: a failed drop, `fn`'s error, or a key the loaded rows violate
 *   (23503 foreign_key_violation, 23505 unique_violation).
 */
export async function withKeysRebuilt<T>(db: Database, tables: readonly string[], fn: () => Promise<T>): Promise<T> {
  const names = await tableNames(db, tables);
  const keys: TableKeys[] = [];
  for (const table of names)
    keys.push({ table, uniques: [], indexes: [], foreignKeys: await constraintsOf(db, table, 'f') });
  for (const k of keys)
    await alter(
      db,
      k.table,
      k.foreignKeys.map((c) => `DROP CONSTRAINT ${c.name}`),
    );
  // Only now: a key that one of the dropped foreign keys referenced can go too.
  for (const k of keys) {
    k.uniques = await constraintsOf(db, k.table, 'pu');
    k.indexes = await plainIndexesOf(db, k.table);
    await alter(
      db,
      k.table,
      k.uniques.map((c) => `DROP CONSTRAINT ${c.name}`),
    );
    if (k.indexes.length > 0) await db.exec(`DROP INDEX ${k.indexes.map((c) => c.name).join(', ')}`);
  }
  const out = await fn();
  for (const k of keys)
    await alter(
      db,
      k.table,
      k.uniques.map((c) => `ADD CONSTRAINT ${c.name} ${c.def}`),
    );
  for (const k of keys) for (const c of k.indexes) await db.exec(c.def);
  for (const k of keys)
    await alter(
      db,
      k.table,
      k.foreignKeys.map((c) => `ADD CONSTRAINT ${c.name} ${c.def}`),
    );
  return out;
}
