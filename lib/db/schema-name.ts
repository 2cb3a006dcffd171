import { InvalidArgumentError } from '../core/errors.js';

/**
 * Checks a schema name and returns it double-quoted for SQL. Schema names are the one identifier
 * lib/db puts into SQL text, so only lower-case letters, digits and `_` (not first) are accepted, and not
 * the prefix `pg_`, which PostgreSQL reserves for system schemas (CREATE SCHEMA refuses it, SQLSTATE 42939).
 * @throws InvalidArgumentError on any other name.
 */
export function quoteSchemaName(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new InvalidArgumentError(
      `schema name '${name}' is not accepted: use lower-case letters, digits and '_' (not first), at most 63 characters`,
    );
  }
  if (name.startsWith('pg_')) {
    throw new InvalidArgumentError(
      `schema name '${name}' is not accepted: the prefix 'pg_' is reserved for PostgreSQL's system schemas`,
    );
  }
  return `"${name}"`;
}
