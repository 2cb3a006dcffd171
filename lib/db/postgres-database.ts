import { userInfo } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client, TypeParser } from 'pg';
import { DatabaseError, InvalidArgumentError } from '../core/errors.js';
import { BaseDatabase } from './base-database.js';
import type { DbResult } from './database.js';

const INT8_OID = 20;

/** Options of {@link PostgresDatabase.connect}. */
export interface PostgresOptions {
  /**
   * A connection URL (`postgresql://user@host/db`, `postgresql:///db?host=/var/run/postgresql`); when
   * omitted, pg reads the standard variables PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD.
   */
  url?: string;
}

/**
 * A PostgreSQL server connection through `pg` (one client). int8 values (`count(*)`, bigint ids) are
 * parsed as JS numbers, like PGlite returns them (exact up to 2^53). Bulk loads use COPY through
 * pg-copy-streams.
 */
export class PostgresDatabase extends BaseDatabase {
  readonly engine = 'postgres' as const;
  private readonly client: Client;

  private constructor(client: Client) {
    super();
    this.client = client;
  }

  /**
   * Connects. `pg` is loaded on first use.
   * @throws InvalidArgumentError when `url` is not a postgres:// or postgresql:// URL; DatabaseError naming
   * the server (without the password) when the connection fails (e.g. ECONNREFUSED, or "role ... does not exist").
   */
  static async connect(options: PostgresOptions = {}): Promise<PostgresDatabase> {
    if (options.url !== undefined) checkPostgresUrl(options.url);
    const mod = await import('pg');
    const pg = mod.default ?? mod;
    const getTypeParser = (oid: number, format?: string): TypeParser =>
      oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format);
    // Like libpq (psql), default to the OS user name: pg falls back to $USER only, which may be unset
    // (a URL without a user, such as postgresql:///db?host=/var/run/postgresql, leaves the default in use).
    if (!pg.defaults.user) pg.defaults.user = userInfo().username;
    const client = new pg.Client({
      ...(options.url === undefined ? {} : { connectionString: options.url }),
      application_name: 'sizefit',
      types: { getTypeParser },
    });
    // An idle client whose server goes away emits 'error'; the next query reports it instead.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (e) {
      // Close the half-open connection: a server waiting for a password would keep this process alive
      // until its authentication_timeout (60 s).
      await client.end().catch(() => undefined);
      const where = options.url === undefined ? 'from the PG* variables' : `at ${redactPassword(options.url)}`;
      const msg = (e as Error).message;
      const hint = /client password must be a string/.test(msg)
        ? 'the server asks for a password and none was given (in the URL or PGPASSWORD)'
        : msg;
      throw new DatabaseError(`cannot connect to PostgreSQL ${where}: ${hint}`, { cause: e });
    }
    return new PostgresDatabase(client);
  }

  async query<R = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<DbResult<R>> {
    const r = await this.client.query(sql, params);
    return {
      rows: r.rows as R[],
      rowCount: r.rowCount ?? r.rows.length,
      fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
    };
  }

  async exec(sql: string): Promise<void> {
    await this.client.query(sql);
  }

  async copyFrom(sql: string, chunks: AsyncIterable<string> | Iterable<string>): Promise<number> {
    const { from } = await import('pg-copy-streams');
    const stream = this.client.query(from(sql));
    await pipeline(Readable.from(chunks), stream);
    return stream.rowCount;
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

/** @throws InvalidArgumentError unless `url` parses as a postgres:// or postgresql:// URL. */
function checkPostgresUrl(url: string): void {
  let protocol = '';
  try {
    protocol = new URL(url).protocol;
  } catch {
    // not a URL at all
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new InvalidArgumentError(
      `database URL must be a postgres:// or postgresql:// URL (postgresql://user@host:5432/db; percent-encode ` +
        `@ # / % : in a password), got '${redactPassword(url)}'`,
    );
  }
}

/** A `password` or `sslpassword` query parameter (pg reads both from a connection URL), up to its value. */
const PASSWORD_PARAMETER = /([?&](?:ssl)?password=)[^&#]*/gi;

/**
 * `url` with its secrets replaced by `***` (for messages): the password of the user information, the values
 * of `password` and `sslpassword` query parameters, and any fragment.
 */
export function redactPassword(url: string): string {
  try {
    const u = new URL(url);
    // A '#' in an unencoded password starts a fragment: the rest of the password would be shown there.
    if (u.hash !== '') u.hash = '#***';
    if (u.password !== '') u.password = '***';
    // Replaced in the text: setting searchParams would re-encode the other parameters (host=/var/run/...).
    if (u.search !== '') u.search = u.search.replace(PASSWORD_PARAMETER, '$1***');
    return u.toString();
  } catch {
    // Not a URL (often: a password with @, # or / left unencoded): mask what stands between the scheme's
    // user name and the last @ before the host, and the password parameters.
    return url
      .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:).*@/i, '$1***@')
      .replace(/([?&](?:ssl)?password=)[^&]*/gi, '$1***');
  }
}
