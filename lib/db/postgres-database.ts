import { userInfo } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client, ClientConfig, TypeParser } from 'pg';
import { DatabaseError, InvalidArgumentError } from '../core/errors.js';
import { BaseDatabase } from './base-database.js';
import type { DbResult } from './database.js';

const INT8_OID = 20;

/** Options of {@link PostgresDatabase.connect}. */
export interface PostgresOptions {
  /**
   * A connection URL (`postgresql://user@host/db`, `postgresql:///db?host=/var/run/postgresql`); when
   * omitted, pg reads the standard variables PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD. Its
   * `connect_timeout` parameter (whole seconds, as in libpq; 0 waits for ever) limits the wait for the server;
   * without it PGCONNECT_TIMEOUT does, else 30 s.
   */
  url?: string;
}

/**
 * How long {@link PostgresDatabase.connect} waits for the server to accept and answer (seconds), unless the URL's
 * `connect_timeout` or PGCONNECT_TIMEOUT says otherwise.
 */
const DEFAULT_CONNECT_TIMEOUT_SECONDS = 30;

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
   * @throws InvalidArgumentError when `url` is not a postgres:// or postgresql:// URL that pg reads as written (a
   *   `#`, `/` or `?` left unencoded in a password; a port out of range...), or its `connect_timeout` (else
   *   PGCONNECT_TIMEOUT) is not a whole number of seconds; DatabaseError naming the server (without the password)
   *   when the connection fails (e.g. ECONNREFUSED, "role ... does not exist", or no answer within the connect
   *   timeout: a server that accepts the connection and never answers, a port whose packets are dropped).
   */
  static async connect(options: PostgresOptions = {}): Promise<PostgresDatabase> {
    if (options.url !== undefined) checkPostgresUrl(options.url);
    // pg reads neither the URL's connect_timeout nor PGCONNECT_TIMEOUT (only its own connectionTimeoutMillis): without
    // a limit, a server that never answers would hang the caller for ever, printing nothing.
    const timeout = connectTimeoutSeconds(options.url);
    const mod = await import('pg');
    const pg = mod.default ?? mod;
    const getTypeParser = (oid: number, format?: string): TypeParser =>
      oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format);
    // Like libpq (psql), default to the OS user name: pg falls back to $USER only, which may be unset
    // (a URL without a user, such as postgresql:///db?host=/var/run/postgresql, leaves the default in use).
    if (!pg.defaults.user) pg.defaults.user = userInfo().username;
    const config: ClientConfig = {
      ...(options.url === undefined ? {} : { connectionString: options.url }),
      application_name: 'sizefit',
      types: { getTypeParser },
      // setTimeout fires at once past 2^31 - 1 ms (about 24.8 days): wait that long at most.
      connectionTimeoutMillis: Math.min(timeout.seconds * 1000, 2 ** 31 - 1),
    };
    const client = new pg.Client(config);
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
        : timeout.seconds > 0 && /^timeout expired$|connection timeout/i.test(msg)
          ? `no answer within ${timeout.seconds} s (${timeout.from}; a larger connect_timeout in the URL, or ` +
            `PGCONNECT_TIMEOUT without one, waits longer): ${msg}`
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

/**
 * The connect timeout in whole seconds (0: none) and where it comes from: the `connect_timeout` parameter of `url`,
 * else PGCONNECT_TIMEOUT, else {@link DEFAULT_CONNECT_TIMEOUT_SECONDS}. As in libpq, an empty value is no value and a
 * value of 0 or less waits for ever.
 * @throws InvalidArgumentError naming the parameter or variable when it is not a whole number.
 */
function connectTimeoutSeconds(url: string | undefined): { seconds: number; from: string } {
  const fromUrl = url === undefined ? null : readAsPg(url).searchParams.get('connect_timeout');
  const [text, from] =
    fromUrl !== null && fromUrl.trim() !== ''
      ? [fromUrl, "the URL's connect_timeout"]
      : process.env.PGCONNECT_TIMEOUT !== undefined && process.env.PGCONNECT_TIMEOUT.trim() !== ''
        ? [process.env.PGCONNECT_TIMEOUT, 'PGCONNECT_TIMEOUT']
        : [String(DEFAULT_CONNECT_TIMEOUT_SECONDS), 'the default'];
  if (!/^\s*[+-]?[0-9]+\s*$/.test(text) || !Number.isSafeInteger(Number(text))) {
    const where =
      from === 'PGCONNECT_TIMEOUT' ? 'PGCONNECT_TIMEOUT' : `connect_timeout of database URL '${redactPassword(url!)}'`;
    throw new InvalidArgumentError(
      `${where} must be a whole number of seconds (0 waits for ever), got ${JSON.stringify(text)}`,
    );
  }
  return { seconds: Math.max(0, Number(text)), from };
}

/** @throws InvalidArgumentError naming what is wrong (the password masked) unless pg reads `url` as it is written. */
function checkPostgresUrl(url: string): void {
  const problem = postgresUrlProblem(url);
  if (problem !== undefined) throw new InvalidArgumentError(problem.replace('{url}', () => `'${redactPassword(url)}'`));
}

/** How to write a password with delimiters, for messages. */
const ENCODE_HINT = 'percent-encode @ # / ? % : and spaces in a user name or password (# as %23, / as %2F...)';

/**
 * Why `url` is refused as a connection URL, with `{url}` where the (masked) URL goes, or undefined when pg reads it
 * as written. pg 8 reads a URL as pg-connection-string does (see {@link readAsPg}), so this accepts what pg
 * accepts (an empty host before `?host=/socket`, a user name only, `@` in a password), and refuses what pg would
 * read otherwise than meant: a scheme other than `postgres://` / `postgresql://` (pg takes `//h/db`, `u:pw@h/db`
 * and `postgresql:/h/db` as other URLs), a `#` (a fragment, which pg drops: an unencoded `#` in a password cuts it
 * there), and an `@` after the host that most likely ends a password (an unencoded `/` or `?` in a password ends the
 * host part early: pg would take the rest of the password for the host, port or database; see
 * {@link cutPasswordSuspected} for when an `@` in the path is taken for part of the database name).
 */
function postgresUrlProblem(url: string): string | undefined {
  if (!/^postgres(?:ql)?:\/\//i.test(url)) {
    return (
      'database URL must be a postgres:// or postgresql:// URL (postgresql://user@host:5432/db, or ' +
      `postgresql:///db?host=/var/run/postgresql; ${ENCODE_HINT}), got {url}`
    );
  }
  if (url.includes('#')) {
    return `database URL {url} holds a '#', which starts a URL fragment that pg ignores: ${ENCODE_HINT}`;
  }
  const start = url.indexOf('//') + 2;
  const authority = /^[^/?]*/.exec(url.slice(start))![0];
  const rest = url.slice(start + authority.length);
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  const keys =
    q < 0
      ? []
      : rest
          .slice(q + 1)
          .split('&')
          .map((kv) => kv.split('=')[0]);
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const port = /^(?:\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(hostPort)?.[1];
  if (cutPasswordSuspected(authority, port, path) || keys.some((k) => k.includes('@'))) {
    return `database URL {url} has an '@' after the host (a password holding / or ?): ${ENCODE_HINT}`;
  }
  if (port !== undefined && port !== '') {
    // Not shown: text that is not a port may be a password given without '@host'.
    if (!/^[0-9]+$/.test(port)) return `database URL {url}: the port is not a number (${ENCODE_HINT})`;
    if (Number(port) > 65535) return `database URL {url}: port ${port} is out of range (at most 65535)`;
  }
  try {
    readAsPg(url);
  } catch {
    return `database URL {url} is not a URL pg can read: ${ENCODE_HINT}`;
  }
  return undefined;
}

/**
 * Whether an `@` in `path` (from the `/` after the authority to the query) is most likely the end of a password
 * that an unencoded `/` cut short, rather than part of the database name. pg reads such an `@` as part of the
 * database name; but in `postgresql://user:pa/ss@host/db` it would then take `user` for the host and `pa` for the
 * port. Without a `:` in the authority there is no password to have been cut (`postgresql:///my@db?host=...`,
 * `postgresql://u@h/my@db`). With one, the `@` is taken as the database name's when the authority reads as a host
 * and a port number (`postgresql://localhost:5432/my@db`, `postgresql://u:pw@h:5432/my@db`) and what follows the
 * `@` holds no `/` or `:` (the `host/db` or `host:port` of a cut password, as in `postgresql://u:5432/x@h/db`).
 * Still read as a database name, and so not refused: a cut password of digits in a URL without a database
 * (`postgresql://u:5432/x@h`), which cannot be told from `postgresql://localhost:5432/my@db`.
 * @param port the text after the `:` of the authority's host part (after its last `@`), if any.
 */
function cutPasswordSuspected(authority: string, port: string | undefined, path: string): boolean {
  const at = path.indexOf('@');
  if (at < 0 || !authority.includes(':')) return false;
  const hostAndPort = port === undefined || /^[0-9]*$/.test(port);
  return !hostAndPort || /[/:]/.test(path.slice(at + 1));
}

/**
 * `url` as pg-connection-string 2 (pg 8) parses it: spaces and stray `%` percent-encoded, then WHATWG `URL` against
 * `postgres://base`, retried with a placeholder host when the host is empty (`postgresql://u:pw@/db?host=/socket`).
 * @throws TypeError when pg could not parse it either.
 */
function readAsPg(url: string): URL {
  const text = / |%[^a-f0-9]|%[a-f0-9][^a-f0-9]/i.test(url) ? encodeURI(url).replace(/%25(\d\d)/g, '%$1') : url;
  try {
    return new URL(text, 'postgres://base');
  } catch {
    return new URL(text.replace('@/', '@___DUMMY___/'), 'postgres://base');
  }
}

/** `text` with each of `ranges` ([start, end) offsets, which may overlap) replaced by `***`. */
function maskRanges(text: string, ranges: [number, number][]): string {
  const sorted = ranges.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let out = '';
  let at = 0;
  for (const [a, b] of sorted) {
    if (b <= at) continue;
    if (a >= at) out += `${text.slice(at, a)}***`;
    at = b;
  }
  return out + text.slice(at);
}

/**
 * Whether `name`, a query parameter's name as written, is `password` or `sslpassword` to pg or to a reader: ASCII
 * tabs and newlines removed (the WHATWG URL parser that pg uses drops them anywhere in a URL, so `?pass<TAB>word=` is
 * `password` to pg), percent-escapes decoded (`?pass%77ord=`), in any case (pg reads `password` only; masking the
 * value of a `PASSWORD` parameter is harmless).
 */
function isPasswordParameter(name: string): boolean {
  let key = name.replace(/[\t\n\r]/g, '');
  try {
    key = decodeURIComponent(key);
  } catch {
    // a malformed escape: keep the name as written
  }
  return /^(?:ssl)?password$/i.test(key);
}

/**
 * Where the value of the first `password` or `sslpassword` parameter (see {@link isPasswordParameter}) of
 * `url.slice(from)` starts, or -1. `separator` is the pattern of what starts a parameter.
 */
function passwordValueStart(url: string, from: number, separator: string): number {
  for (const m of url.slice(from).matchAll(new RegExp(`${separator}([^=&#?]*)=`, 'g'))) {
    if (isPasswordParameter(m[1])) return from + m.index! + m[0].length;
  }
  return -1;
}

/**
 * `url` with its secrets replaced by `***` (for messages), whatever its shape. For a URL pg reads as written
 * (see {@link PostgresDatabase.connect}): the password of the user information, and all from the value of the first
 * `password` or `sslpassword` query parameter (pg reads both) to the end. An unencoded `&` in a password value
 * cannot be told from the start of another parameter (pg reads `?password=pa&sslmode=require` as the password 'pa'
 * and an sslmode, but it may be the password 'pa&sslmode=require' written unencoded), so no parameter after it is
 * shown; the scheme, user, host, port, database and the parameters before it are. For anything else (a typo in the
 * scheme, a password with an unencoded `#`, `/` or `?`...), where what pg or a reader would take for the password is
 * in doubt: all between `//` (or the start) and the last `@`, all after a `#` that follows it, all from the value of
 * the first password parameter after any `?` or `&`, and without any `@`, text after the last `:` that is not a port
 * number. In the key/value form (`host=h password=secret user=u`, where whitespace not escaped by a backslash ends an
 * unquoted value: `password=se\ cret` is 'se cret'): the password's value, quoted or not.
 */
export function redactPassword(url: string): string {
  const ranges: [number, number][] = [];
  for (const m of url.matchAll(/(?:^|\s)(?:ssl)?password\s*=\s*('(?:[^'\\]|\\.)*'?|(?:\\.|\S)*)/gi)) {
    const end = m.index! + m[0].length;
    ranges.push([end - m[1].length, end]);
  }
  const slashes = url.indexOf('//');
  if (postgresUrlProblem(url) === undefined) {
    const start = slashes + 2;
    const end = start + /^[^/?]*/.exec(url.slice(start))![0].length;
    const at = url.lastIndexOf('@', end - 1);
    const colon = url.indexOf(':', start);
    if (at >= start && colon >= 0 && colon < at) ranges.push([colon + 1, at]);
    // Only the query's parameters: a password in the user information may hold '&password='. After the query's
    // '?', only '&' separates parameters (pg reads `?password=pa?host=x` as the password 'pa?host=x').
    const query = url.indexOf('?', end);
    const value = query < 0 ? -1 : passwordValueStart(url, query, '(?:^\\?|&)');
    if (value >= 0) ranges.push([value, url.length]);
    return maskRanges(url, ranges);
  }
  // Any '?' or '&' may start a password parameter here (masking a value pg does not read is harmless): in
  // `postgresql://u:p?w@h/db?password=x`, malformed, pg reads a parameter 'w@h/db?password' but 'x' is masked.
  const value = passwordValueStart(url, 0, '[?&]');
  if (value >= 0) ranges.push([value, url.length]);
  const at = url.lastIndexOf('@');
  if (at >= 0) ranges.push([slashes >= 0 && slashes < at ? slashes + 2 : 0, at]);
  else {
    const colon = url.lastIndexOf(':');
    const tail = colon < 0 ? '' : /^[^/?#]*/.exec(url.slice(colon + 1))![0];
    if (colon > slashes && !/^[0-9]*$/.test(tail)) ranges.push([colon + 1, colon + 1 + tail.length]);
  }
  // A '#' before the last '@' is inside what was masked; one after it may cut a password parameter.
  const hash = url.indexOf('#', at + 1);
  if (hash >= 0) ranges.push([hash + 1, url.length]);
  return maskRanges(url, ranges);
}
