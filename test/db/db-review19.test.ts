// From review 19 of lib/db: a server that never answers no longer hangs a connection for ever; schema texts,
// run kinds and look-up strings PostgreSQL cannot take are refused up front, naming them; an engine error about a
// character on a UTF8 server is not taken for a wrong database encoding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import {
  ColumnarDataset,
  DatabaseError,
  DataError,
  findIngestedDataset,
  ingestDataset,
  InvalidArgumentError,
  listIngestedDatasets,
  listRuns,
  loadDataset,
  PostgresDatabase,
  registerRun,
  type FieldSchema,
} from '../../lib/index.js';
import { runInProcess } from '../cli/run-in-process.js';
import { engineTest, HAND_LINES, writeTemp } from './engines.js';

/** A TCP listener on a free 127.0.0.1 port that accepts connections and never answers. */
async function silentServer(): Promise<{ port: number; close: () => void }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((s) => {
    sockets.push(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

/** What `p` gives within `ms` milliseconds: its value, the error it rejects with, or 'still waiting'. */
async function within<T>(p: Promise<T>, ms: number): Promise<{ value?: T; error?: unknown; hung?: true }> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<{ hung: true }>((resolve) => {
    timer = setTimeout(() => resolve({ hung: true }), ms);
  });
  try {
    return await Promise.race([p.then((value) => ({ value })), hung]);
  } catch (error) {
    return { error };
  } finally {
    clearTimeout(timer);
  }
}

test("PostgresDatabase.connect gives up after the URL's connect_timeout, else PGCONNECT_TIMEOUT, when the server never answers", async () => {
  // Before: pg was given no connectionTimeoutMillis and reads neither connect_timeout nor PGCONNECT_TIMEOUT: the
  // connection waited for ever, printing nothing.
  const silent = await silentServer();
  const saved = process.env.PGCONNECT_TIMEOUT;
  try {
    const t0 = performance.now();
    const url = `postgresql://u:s3cret@127.0.0.1:${silent.port}/x?connect_timeout=1`;
    const r = await within(PostgresDatabase.connect({ url }), 6000);
    assert.equal(r.hung, undefined, 'connect returned within 6 s');
    assert.ok(r.error instanceof DatabaseError, String(r.error));
    assert.match(
      r.error.message,
      new RegExp(
        `^cannot connect to PostgreSQL at postgresql://u:\\*\\*\\*@127\\.0\\.0\\.1:${silent.port}/x\\?connect_timeout=1: ` +
          "no answer within 1 s \\(the URL's connect_timeout;",
      ),
    );
    assert.ok(performance.now() - t0 < 4000);
    // Without connect_timeout in the URL, PGCONNECT_TIMEOUT limits the wait.
    process.env.PGCONNECT_TIMEOUT = '1';
    const e = await within(PostgresDatabase.connect({ url: `postgresql://u@127.0.0.1:${silent.port}/x` }), 6000);
    assert.equal(e.hung, undefined, 'connect returned within 6 s');
    assert.ok(e.error instanceof DatabaseError && /no answer within 1 s \(PGCONNECT_TIMEOUT;/.test(e.error.message));
    // A timeout that is not a whole number of seconds is refused, naming it (the password masked).
    await assert.rejects(
      PostgresDatabase.connect({ url: `postgresql://u:pw@127.0.0.1:${silent.port}/x?connect_timeout=1.5` }),
      (err: unknown) =>
        err instanceof InvalidArgumentError &&
        /connect_timeout of database URL 'postgresql:\/\/u:\*\*\*@.*' must be a whole number of seconds.*"1\.5"/.test(
          err.message,
        ),
    );
    process.env.PGCONNECT_TIMEOUT = 'soon';
    await assert.rejects(
      PostgresDatabase.connect({ url: `postgresql://u@127.0.0.1:${silent.port}/x` }),
      /PGCONNECT_TIMEOUT must be a whole number of seconds/,
    );
  } finally {
    if (saved === undefined) delete process.env.PGCONNECT_TIMEOUT;
    else process.env.PGCONNECT_TIMEOUT = saved;
    silent.close();
  }
});

test('sizefit db datasets against a server that never answers fails after connect_timeout, naming the server', async () => {
  // Before: the command hung with nothing printed (the reviewer's repro: rc 124 under `timeout 12`).
  const silent = await silentServer();
  try {
    const url = `postgresql://u@127.0.0.1:${silent.port}/x?connect_timeout=1`;
    const r = await within(runInProcess('db', 'datasets', '--database-url', url), 6000);
    assert.equal(r.hung, undefined, 'the command returned within 6 s');
    assert.equal(r.value?.code, 1);
    assert.match(r.value!.err, new RegExp(`cannot connect to PostgreSQL at .*:${silent.port}/.*no answer within 1 s`));
  } finally {
    silent.close();
  }
});

/** The HAND_LINES dataset with `edit` applied to the schema of its column `user_id`. */
async function withUserIdSchema(edit: Partial<FieldSchema>) {
  const { dataset: ds, report } = await loadDataset(writeTemp('hand.jsonl', HAND_LINES.join('\n') + '\n'));
  const schema = ds.schema.map((f) => (f.name === 'user_id' ? { ...f, ...edit } : f));
  const columns = new Map(ds.columnNames.map((n) => [n, ds.column(n)]));
  return { ds: new ColumnarDataset(schema, columns, ds.lineNumbers, ds.meta), report };
}

engineTest(
  'ingestDataset refuses a schema description or unit PostgreSQL cannot store, naming the column',
  async (db) => {
    // Before: a NUL gave "the database's encoding is UTF8 ... recreate the database as UTF8" (22P05 read as an
    // encoding problem), a lone surrogate the engine's raw 22P02 "invalid input syntax for type json".
    const cases: [Partial<FieldSchema>, RegExp][] = [
      [
        { description: 'a\u0000b' },
        /^dataset 'hand\.jsonl', schema of column 'user_id', description: "a\\u0000b" contains a NUL character/,
      ],
      [
        { description: 'a\ud800b' },
        /^dataset 'hand\.jsonl', schema of column 'user_id', description: "a\\ud800b" contains a lone UTF-16 surrogate/,
      ],
      [{ unit: '\udc00cm' }, /^dataset 'hand\.jsonl', schema of column 'user_id', unit: "\\udc00cm" contains a lone/],
    ];
    for (const [edit, message] of cases) {
      const { ds, report } = await withUserIdSchema(edit);
      await assert.rejects(
        ingestDataset(db, ds, report),
        (e: unknown) => e instanceof DataError && message.test(e.message),
      );
    }
    assert.deepEqual(await listIngestedDatasets(db), []);
    // Paired surrogates (an emoji) and other Unicode are stored and read back as they are.
    const { ds, report } = await withUserIdSchema({ description: 'client 🙂 naïve', unit: '日本' });
    const r = await ingestDataset(db, ds, report);
    const stored = (await findIngestedDataset(db, r.datasetId)).schema.find((f) => f.name === 'user_id');
    assert.deepEqual([stored?.description, stored?.unit], ['client 🙂 naïve', '日本']);
  },
);

engineTest('an engine error about a character on a UTF8 database is not reported as a wrong encoding', async (db) => {
  // Before: any 22P05 or 22021 became "the database's encoding is UTF8, which cannot hold every character ...
  // Ingest into a database created with ENCODING 'UTF8'", advice that cannot help on a UTF8 database. (A database
  // of another encoding still gets that message: see ingest.test.ts, which creates a LATIN1 database.)
  const { ds, report } = await withUserIdSchema({});
  for (const code of ['22P05', '22021']) {
    const engineError = Object.assign(new Error(`an engine error ${code}`), { code, severity: 'ERROR' });
    const onProgress = (): void => {
      throw engineError;
    };
    await assert.rejects(ingestDataset(db, ds, report, { onProgress }), (e: unknown) => e === engineError);
  }
  assert.deepEqual(await listIngestedDatasets(db), []);
});

engineTest('registerRun refuses a kind too long for its index, naming its length', async (db) => {
  // Before: a 3,200-character kind reached the btree index model_runs_kind_idx: raw SQLSTATE 54000.
  const base = { params: {}, metrics: {}, datasetSha256: null, artifactSha256: null };
  await assert.rejects(
    registerRun(db, { ...base, kind: 'k'.repeat(3200) }),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      /^registerRun: kind "k{60}…" is 3200 bytes long; kinds are indexed and may hold at most 2000 bytes/.test(
        e.message,
      ),
  );
  // Counted in UTF-8 bytes: 1,001 'é' are 2,002 bytes; 1,000 of them, 2,000 bytes, are stored.
  await assert.rejects(registerRun(db, { ...base, kind: 'é'.repeat(1001) }), /is 2002 bytes long/);
  const ok = await registerRun(db, { ...base, kind: 'é'.repeat(1000) });
  assert.equal(ok.kind, 'é'.repeat(1000));
  assert.deepEqual(
    (await listRuns(db)).map((r) => r.id),
    [ok.id],
  );
});

engineTest('listRuns and findIngestedDataset refuse a NUL or a lone surrogate, naming the argument', async (db) => {
  // Before: the NUL reached PostgreSQL (raw SQLSTATE 22021); a lone surrogate listed no run, silently.
  for (const kind of ['a\u0000b', 'a\ud800']) {
    await assert.rejects(
      listRuns(db, { kind }),
      (e: unknown) =>
        e instanceof InvalidArgumentError && /^listRuns: kind "a\\u(0000b|d800)" contains/.test(e.message),
    );
  }
  for (const ref of ['a\u0000', '\udfffname']) {
    await assert.rejects(
      findIngestedDataset(db, ref),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        /^dataset "(a\\u0000|\\udfffname)" contains .*: it is not the sha256, id or name of a stored dataset$/.test(
          e.message,
        ),
    );
  }
  // Ordinary look-ups are unchanged.
  assert.deepEqual(await listRuns(db, { kind: 'k' }), []);
  await assert.rejects(findIngestedDataset(db, 'no such'), DataError);
});
