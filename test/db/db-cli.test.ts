import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  DatabaseError,
  openDatabase,
  readFitDataFile,
  registerRun,
  Rng,
  type Database,
  type OpenDatabaseOptions,
} from '../../lib/index.js';
import { runCli } from '../../lib/cli/run-cli.js';
import type { CommandIO } from '../../lib/cli/command.js';
import { PG_URL, postgresTest, rtrLine, schemaName, writeTemp, HAND_LINES } from './engines.js';
import { tempDir } from '../temp-dir.js';
import { writeTruncatedGzip } from '../data/truncated-gzip-file.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const ROWS = 100_000;

function capture(): CommandIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

/** A seeded RentTheRunway-format file large enough that an ingest takes a while. */
/**
 * Runs `fn` with SIZEFIT_PGLITE_DIR = `dir` as the CLI's default database (DATABASE_URL, PGHOST and PGDATABASE unset),
 * then puts these variables back as they were.
 */
async function withDefaultPgliteDir(dir: string, fn: () => Promise<void>): Promise<void> {
  const saved = Object.fromEntries(
    ['DATABASE_URL', 'PGHOST', 'PGDATABASE', 'SIZEFIT_PGLITE_DIR'].map((k) => [k, process.env[k]]),
  );
  for (const k of Object.keys(saved)) delete process.env[k];
  process.env.SIZEFIT_PGLITE_DIR = dir;
  try {
    await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function bigFile(): string {
  const rng = new Rng(7);
  const fits = ['small', 'fit', 'large'];
  const lines: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    lines.push(
      rtrLine({
        fit: fits[rng.int(3)],
        user_id: `u${rng.int(20_000)}`,
        item_id: `i${rng.int(3_000)}`,
        category: `c${rng.int(20)}`,
        size: 1 + rng.int(30),
      }),
    );
  }
  return writeTemp('big.jsonl', lines.join('\n') + '\n');
}

interface Child {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in a child process; with `killOn`, sends SIGKILL when stderr first shows that text. */
function cli(args: string[], env: Record<string, string>, killOn?: string): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'lib/cli/main.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
      if (killOn !== undefined && stderr.includes(killOn)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

async function counts(options: OpenDatabaseOptions, schema?: string): Promise<number[]> {
  const db: Database = await openDatabase({ ...options, migrate: false });
  try {
    if (schema) await db.exec(`SET search_path TO ${schema}`);
    const r = await db.query<Record<string, number>>(
      `SELECT (SELECT count(*) FROM datasets) a, (SELECT count(*) FROM customers) b, (SELECT count(*) FROM articles) c,
              (SELECT count(*) FROM article_sizes) d, (SELECT count(*) FROM purchases) e`,
    );
    return Object.values(r.rows[0]);
  } finally {
    await db.close();
  }
}

/** Kill mid-ingest, check nothing is left, then ingest for real and re-ingest. */
async function killScenario(
  dbArgs: string[],
  env: Record<string, string>,
  options: OpenDatabaseOptions,
  schema?: string,
): Promise<void> {
  const file = bigFile();
  const killed = await cli(['db', 'ingest', '--dataset', file, '--progress', ...dbArgs], env, 'staged ');
  assert.equal(
    killed.signal,
    'SIGKILL',
    `the ingest ended by itself before the kill (code ${killed.code}): ${killed.stderr}`,
  );
  assert.deepEqual(await counts(options, schema), [0, 0, 0, 0, 0], 'a killed ingest left rows behind');
  const full = await cli(['db', 'ingest', '--dataset', file, ...dbArgs], env);
  assert.equal(full.code, 0, full.stderr);
  assert.match(full.stdout, new RegExp(`ingested\\s+dataset \\d+: ${ROWS.toLocaleString('en-US')} purchases`));
  const [datasets, , , , purchases] = await counts(options, schema);
  assert.deepEqual([datasets, purchases], [1, ROWS]);
  const again = await cli(['db', 'ingest', '--dataset', file, ...dbArgs], env);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /already ingested/);
}

test('a CLI ingest killed with SIGKILL leaves no partial data [pglite data dir]', async (t) => {
  const dir = tempDir(t, 'sizefit-pglite-');
  await killScenario(
    ['--pglite-dir', dir],
    { DATABASE_URL: '', PGHOST: '', PGDATABASE: '' },
    { engine: 'pglite', dataDir: dir },
  );
});

postgresTest('a CLI ingest killed with SIGKILL leaves no partial data', async () => {
  const schema = schemaName();
  const admin = await openDatabase({ engine: 'postgres', url: PG_URL, schema, migrate: false });
  try {
    await killScenario(
      ['--database-url', PG_URL!],
      { PGOPTIONS: `-c search_path=${schema}` },
      { engine: 'postgres', url: PG_URL },
      schema,
    );
  } finally {
    await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
    await admin.close();
  }
});

test('sizefit runs --json lists registered runs; db ingest and db datasets on a PGlite directory', async (t) => {
  const dir = tempDir(t, 'sizefit-pglite-');
  const saved = {
    DATABASE_URL: process.env.DATABASE_URL,
    PGHOST: process.env.PGHOST,
    PGDATABASE: process.env.PGDATABASE,
  };
  for (const k of Object.keys(saved)) delete process.env[k];
  try {
    // A PGlite database without sizefit's tables yet (an empty folder is refused: see below).
    await (await openDatabase({ engine: 'pglite', dataDir: dir, migrate: false })).close();
    const empty = capture();
    assert.equal(await runCli(['runs', '--pglite-dir', dir], empty), 0, empty.stderr.join('\n'));
    assert.match(empty.stdout.join('\n'), /no runs registered/);
    const db = await openDatabase({ dataDir: dir });
    await registerRun(db, {
      kind: 'gbdt-classifier',
      params: { seed: 1 },
      metrics: { auc: 0.75 },
      datasetSha256: null,
      artifactSha256: null,
    });
    await db.close();
    const io = capture();
    assert.equal(await runCli(['runs', '--json', '--pglite-dir', dir], io), 0, io.stderr.join('\n'));
    const runs = JSON.parse(io.stdout[0]);
    assert.equal(runs.length, 1);
    assert.equal(runs[0].kind, 'gbdt-classifier');
    assert.deepEqual(runs[0].metrics, { auc: 0.75 });
    const file = writeTemp('hand.jsonl', HAND_LINES.join('\n') + '\nnot json\n');
    const ing = capture();
    assert.equal(await runCli(['db', 'ingest', '--dataset', file, '--pglite-dir', dir], ing), 0, ing.stderr.join('\n'));
    const text = ing.stdout.join('\n');
    assert.match(text, /ingested\s+dataset 1: 4 purchases, 3 customers, 2 articles, 3 article sizes \(insert/);
    assert.match(text, /rejected\s+1 rows of 5 lines; 1 problems/);
    assert.match(text, /line 5: /);
    const ls = capture();
    assert.equal(await runCli(['db', 'datasets', '--json', '--pglite-dir', dir], ls), 0);
    assert.deepEqual(
      JSON.parse(ls.stdout[0]).map((d: { name: string; rows: number }) => [d.name, d.rows]),
      [['hand.jsonl', 4]],
    );
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
  }
});

test('a database URL that is not postgres:// and an unreachable server get clear errors; train keeps its model', async (t) => {
  const bad = capture();
  assert.equal(await runCli(['runs', '--database-url', 'not a url'], bad), 2);
  assert.match(bad.stderr.join('\n'), /database URL must be a postgres:\/\/ or postgresql:\/\/ URL .*got 'not a url'/);
  // Port 1 refuses connections; the password never appears in the message.
  const url = 'postgresql://someone:s3cret@127.0.0.1:1/nowhere';
  const down = capture();
  assert.equal(await runCli(['runs', '--database-url', url], down), 1);
  const msg = down.stderr.join('\n');
  assert.match(
    msg,
    /cannot connect to PostgreSQL at postgresql:\/\/someone:\*\*\*@127\.0\.0\.1:1\/nowhere: .*ECONNREFUSED/,
  );
  assert.doesNotMatch(msg, /s3cret/);
  // train --register reaches the registry before training: an unreachable server costs no training.
  const out = join(tempDir(t, 'sizefit-reg-'), 'model');
  const train = capture();
  const code = await runCli(
    ['train', '--dataset', 'sample', '--model', 'prior', '--out', out, '--register', '--database-url', url],
    train,
  );
  assert.equal(code, 1);
  assert.match(train.stderr.join('\n'), /cannot connect to PostgreSQL at .*ECONNREFUSED/);
  assert.ok(!existsSync(out), 'nothing trained or written');
  // A password with an unencoded # or / is refused before connecting, and no part of it is shown.
  const raw = capture();
  assert.equal(await runCli(['runs', '--database-url', 'postgresql://u:p@ss:w/o#rd %é@127.0.0.1/db'], raw), 2);
  assert.match(
    raw.stderr.join('\n'),
    /database URL 'postgresql:\/\/\*\*\*@127\.0\.0\.1\/db' holds a '#'.*percent-encode/,
  );
  assert.doesNotMatch(raw.stderr.join('\n'), /p@ss|ss:w|o#rd/);
  // Before: exit 1 after a DNS lookup of the host, and '127.0.0.1:1', the part of the password before '#', shown
  // as the host (the old check only looked for the part after '#').
  const hash = capture();
  assert.equal(await runCli(['runs', '--database-url', 'postgresql://u:p@127.0.0.1:1#w0rd@x/db'], hash), 2);
  assert.match(hash.stderr.join('\n'), /database URL 'postgresql:\/\/\*\*\*@x\/db' holds a '#'/);
  assert.doesNotMatch(hash.stderr.join('\n'), /w0rd|127\.0\.0\.1|p@/);
  // Before: a typo in the scheme printed the whole password ('postgresql:/...' even reached pg and the server).
  for (const typo of [
    '//alice:secret@localhost/db',
    'alice:secret@localhost:5432/db',
    'postgresql:/alice:secret@localhost/db',
    'postgresql//alice:secret@localhost/db',
    'postgresql://alice:p@ss#secret@localhost/db',
  ]) {
    const io = capture();
    assert.equal(await runCli(['runs', '--database-url', typo], io), 2, typo);
    assert.match(io.stderr.join('\n'), /database URL /, typo);
    assert.doesNotMatch(io.stderr.join('\n'), /secret|p@ss/, typo);
  }
  const both = capture();
  assert.equal(await runCli(['runs', '--database-url', url, '--pglite-dir', out], both), 2);
  assert.match(both.stderr.join('\n'), /--database-url and --pglite-dir name two databases/);
});

test('a PGlite directory serves one process at a time; files and foreign directories are refused', async (t) => {
  // Before: two ingests into one directory both reported success and one dataset's rows were lost.
  const dir = tempDir(t, 'sizefit-lock-');
  const first = await openDatabase({ engine: 'pglite', dataDir: dir });
  try {
    await assert.rejects(
      openDatabase({ engine: 'pglite', dataDir: dir }),
      (e: unknown) => e instanceof DatabaseError && new RegExp(`in use by process ${process.pid}`).test(e.message),
    );
  } finally {
    await first.close();
  }
  assert.ok(!existsSync(join(dir, 'sizefit.lock')), 'closing releases the lock');
  // A lock left by a killed process is taken over.
  writeFileSync(join(dir, 'sizefit.lock'), '2147483646\n');
  const again = await openDatabase({ engine: 'pglite', dataDir: dir });
  await again.close();
  const file = writeTemp('not-a-dir', 'x');
  await assert.rejects(
    openDatabase({ engine: 'pglite', dataDir: file }),
    /PGlite data directory .*not-a-dir is a file/,
  );
  const foreign = tempDir(t, 'sizefit-foreign-');
  writeFileSync(join(foreign, 'notes.txt'), 'mine');
  await assert.rejects(
    openDatabase({ engine: 'pglite', dataDir: foreign }),
    /is not a PGlite data directory \(it holds other files and no PG_VERSION\)/,
  );
  assert.deepEqual(readdirSync(foreign), ['notes.txt'], 'nothing created among the user files');
});

test('listings read without migrating; engine errors are one line with the database and SQLSTATE', async (t) => {
  const dir = tempDir(t, 'sizefit-list-');
  await (await openDatabase({ engine: 'pglite', dataDir: dir, migrate: false })).close();
  const ls = capture();
  assert.equal(await runCli(['db', 'datasets', '--pglite-dir', dir], ls), 0, ls.stderr.join('\n'));
  assert.match(ls.stdout.join('\n'), /no datasets ingested/);
  const runs = capture();
  assert.equal(
    await runCli(['runs', '--dataset-sha256', 'ABCDEF012345', '--pglite-dir', dir], runs),
    0,
    runs.stderr.join('\n'),
  );
  assert.match(runs.stdout.join('\n'), /no registered run matches --kind \/ --dataset-sha256/);
  const db = await openDatabase({ engine: 'pglite', dataDir: dir, migrate: false });
  try {
    assert.equal((await db.query(`SELECT to_regclass('datasets')::text AS t`)).rows[0].t, null, 'no DDL ran');
    // A table of that name that is not sizefit's: the listing's query fails in the engine.
    await db.exec('CREATE TABLE datasets (something int)');
  } finally {
    await db.close();
  }
  const broken = capture();
  assert.equal(await runCli(['db', 'datasets', '--pglite-dir', dir], broken), 1);
  const msg = broken.stderr.join('\n');
  assert.match(msg, /^sizefit db: PGlite in .*sizefit-list-.*: .*does not exist \(SQLSTATE 42703\)$/);
  assert.doesNotMatch(msg, /unexpected error|\n\s+at /);
});

test('a dataset name with control characters stays on its line in the listing', async (t) => {
  // Before: a file named with a newline and an ANSI escape split the line and recoloured the terminal.
  const dir = tempDir(t, 'sizefit-names-');
  const file = writeTemp('evil\n\u001b[31m.jsonl', HAND_LINES.join('\n') + '\n');
  const ing = capture();
  assert.equal(await runCli(['db', 'ingest', '--dataset', file, '--pglite-dir', dir], ing), 0, ing.stderr.join('\n'));
  assert.match(ing.stdout.join('\n'), /dataset {3}evil\\u000a\\u001b\[31m\.jsonl \(sha256/);
  const ls = capture();
  assert.equal(await runCli(['db', 'datasets', '--pglite-dir', dir], ls), 0);
  const text = ls.stdout.join('\n');
  assert.equal(text.split('\n').length, 1);
  assert.ok(!text.includes('\u001b'), 'no raw escape character');
  assert.match(text, /evil\\u000a\\u001b\[31m\.jsonl/);
});

test('ingest refuses what PostgreSQL cannot keep as given, naming line and column, and stores nothing', async (t) => {
  const dir = tempDir(t, 'sizefit-text-');
  const cases: [string, RegExp][] = [
    // Two ids differing only in a lone surrogate were merged into one customer (both stored as U+FFFD).
    [
      '{"fit": "fit", "user_id": "\\ud800x", "item_id": "a", "size": 4}\n{"fit": "fit", "user_id": "\\ud801x", "item_id": "a", "size": 4}\n',
      /line 1, column 'user_id': .* contains a lone UTF-16 surrogate/,
    ],
    // An id over the index limit failed in the engine with 'index row size 5016 exceeds btree maximum'.
    [
      JSON.stringify({ fit: 'fit', user_id: 'ab'.repeat(1500), item_id: 'a', size: 4 }) + '\n',
      /is 3000 bytes long; ids and categories are indexed/,
    ],
    ['\n', /no record to ingest/],
  ];
  for (const [text, re] of cases) {
    const io = capture();
    assert.equal(await runCli(['db', 'ingest', '--dataset', writeTemp('bad.jsonl', text), '--pglite-dir', dir], io), 1);
    assert.match(io.stderr.join('\n'), re);
  }
  const ls = capture();
  assert.equal(await runCli(['db', 'datasets', '--json', '--pglite-dir', dir], ls), 0);
  assert.deepEqual(JSON.parse(ls.stdout[0]), []);
});

test('db drop removes a dataset by id or sha256, names it and its counts, and refuses a name (exit 2)', async (t) => {
  const dir = tempDir(t, 'sizefit-drop-');
  const file = writeTemp('hand.jsonl', HAND_LINES.join('\n') + '\n');
  const ing = capture();
  assert.equal(await runCli(['db', 'ingest', '--json', '--dataset', file, '--pglite-dir', dir], ing), 0);
  const { sha256 } = JSON.parse(ing.stdout[0]) as { sha256: string };
  const byName = capture();
  assert.equal(await runCli(['db', 'drop', '--dataset', 'hand.jsonl', '--pglite-dir', dir], byName), 2);
  assert.match(byName.stderr.join('\n'), /"hand\.jsonl" is not a dataset id or a full sha256/);
  const missing = capture();
  assert.equal(await runCli(['db', 'drop', '--dataset', '7', '--pglite-dir', dir], missing), 1);
  // what is stored is listed in the two forms drop takes: the id and the full sha256
  assert.match(
    missing.stderr.join('\n'),
    new RegExp(
      `no ingested dataset with id 7 in the database \\(stored, as id sha256 name: 1 ${sha256} hand\\.jsonl\\)`,
    ),
  );
  const io = capture();
  assert.equal(await runCli(['db', 'drop', '--dataset', sha256, '--pglite-dir', dir], io), 0, io.stderr.join('\n'));
  assert.equal(
    io.stdout.join('\n'),
    `dropped   dataset 1, hand.jsonl (sha256 ${sha256}): 4 purchases, 3 customers, 2 articles, 3 article sizes`,
  );
  const ls = capture();
  assert.equal(await runCli(['db', 'datasets', '--json', '--pglite-dir', dir], ls), 0);
  assert.deepEqual(JSON.parse(ls.stdout[0]), []);
});

test('sizefit runs prints a kind with control characters on its line and stored metrics of any JSON type', async (t) => {
  // Before: the kind's newline and escape reached the terminal, and a metric holding a string crashed the
  // listing with a stack trace (v.toPrecision is not a function).
  const dir = tempDir(t, 'sizefit-runs-');
  const db = await openDatabase({ engine: 'pglite', dataDir: dir });
  try {
    const base = { params: {}, datasetSha256: null, artifactSha256: null };
    await registerRun(db, { ...base, kind: 'evil\u001b[31mRED\nfake-line', metrics: { auc: 0.712345, ll: null } });
    // A row another tool wrote (registerRun refuses such metrics).
    await db.query(
      `INSERT INTO model_runs (kind, params, metrics, lib_version) VALUES ('other', '{}', $1::jsonb, 'x')`,
      [JSON.stringify({ note: 'high\nlow', nested: { a: 1 }, flag: true, 'odd\u0007key': 2 })],
    );
  } finally {
    await db.close();
  }
  const io = capture();
  assert.equal(await runCli(['runs', '--pglite-dir', dir], io), 0, io.stderr.join('\n'));
  const lines = io.stdout.join('\n').split('\n');
  assert.equal(lines.length, 2, lines.join('\n'));
  assert.ok(!/[\u0000-\u001f]/.test(lines.join('')), 'no raw control character');
  // jsonb keeps an object's keys in an order of its own: the metrics are compared as a set.
  const metricsOf = (line: string): string[] =>
    line
      .replace(/^.*artifact - {2}/, '')
      .split(' ')
      .sort();
  assert.match(lines[0], /  evil\\u001b\[31mRED\\u000afake-line  data -  artifact -  /);
  assert.deepEqual(metricsOf(lines[0]), ['auc=0.7123', 'll=null']);
  assert.match(lines[1], /  other  data -  artifact -  /);
  assert.deepEqual(metricsOf(lines[1]), ['flag=true', 'nested={"a":1}', 'note="high\\nlow"', 'odd\\u0007key=2']);
});

test('sizefit db with an unknown subcommand says so once, prefixed once', async () => {
  // Before: "sizefit db: sizefit db: unknown subcommand 'frob'".
  const io = capture();
  assert.equal(await runCli(['db', 'frob'], io), 2);
  const msg = io.stderr.join('\n');
  assert.ok(msg.startsWith("sizefit db: unknown subcommand 'frob'\n"), msg);
  assert.equal(msg.split('sizefit db:').length - 1, 1, msg);
});

/** `db datasets` and `runs --json` of the default database list nothing (exit 0). */
async function assertEmptyListings(): Promise<void> {
  const ls = capture();
  assert.equal(await runCli(['db', 'datasets'], ls), 0, ls.stderr.join('\n'));
  assert.match(ls.stdout.join('\n'), /^no datasets ingested/);
  const runs = capture();
  assert.equal(await runCli(['runs', '--json'], runs), 0, runs.stderr.join('\n'));
  assert.deepEqual(JSON.parse(runs.stdout[0]), []);
}

test('the listings refuse a --pglite-dir that holds no database, an empty folder included, and create nothing', async (t) => {
  // Before: `db datasets --pglite-dir EMPTYDIR` (an existing empty folder) created a database there and listed nothing.
  const root = tempDir(t, 'sizefit-emptydir-');
  const emptyDir = join(root, 'empty');
  const notes = join(root, 'notes');
  mkdirSync(emptyDir);
  mkdirSync(notes);
  writeFileSync(join(notes, 'notes.txt'), 'mine');
  for (const dir of [emptyDir, notes]) {
    for (const argv of [
      ['db', 'datasets', '--pglite-dir', dir],
      ['runs', '--json', '--pglite-dir', dir],
    ]) {
      const before = readdirSync(dir);
      const io = capture();
      assert.equal(await runCli(argv, io), 2, argv.join(' '));
      assert.equal(
        io.stderr.join('\n'),
        `sizefit ${argv[0]}: --pglite-dir ${dir} holds no PGlite database (no PG_VERSION): the listings read an ` +
          'existing database (sizefit db ingest or sizefit db migrate creates one)',
      );
      assert.deepEqual(readdirSync(dir), before, 'nothing created');
    }
  }
  // The default directory, existing and empty: empty listings, nothing created.
  await withDefaultPgliteDir(emptyDir, async () => {
    await assertEmptyListings();
    assert.deepEqual(readdirSync(emptyDir), [], 'nothing created');
  });
});

test('the listings refuse a --pglite-dir that does not exist and create nothing', async (t) => {
  // Before: `db datasets --pglite-dir /tmp/typo-dir` created a 39 MB database there and listed nothing.
  const typo = join(tempDir(t, 'sizefit-typo-'), 'typo-dir');
  for (const argv of [
    ['db', 'datasets', '--pglite-dir', typo],
    ['runs', '--json', '--pglite-dir', typo],
  ]) {
    const io = capture();
    assert.equal(await runCli(argv, io), 2, argv.join(' '));
    assert.equal(
      io.stderr.join('\n'),
      `sizefit ${argv[0]}: --pglite-dir ${typo} does not exist: the listings read an existing database ` +
        '(sizefit db ingest or sizefit db migrate creates one)',
    );
    assert.ok(!existsSync(typo), 'nothing created');
  }
  // The default directory (SIZEFIT_PGLITE_DIR) before anything was stored: empty listings, nothing created.
  await withDefaultPgliteDir(typo, async () => {
    await assertEmptyListings();
    assert.ok(!existsSync(typo), 'nothing created');
  });
});

test('pg URLs that WHATWG URL refuses are accepted; a port out of range gets its own message', async (t) => {
  // Before: both refused as "must be a postgres:// or postgresql:// URL" (exit 2).
  const dir = tempDir(t, 'sizefit-nosocket-');
  const socket = capture();
  const url = `postgresql://alice:s3cret@/db?host=${dir}`;
  assert.equal(await runCli(['db', 'migrate', '--database-url', url], socket), 1);
  assert.match(
    socket.stderr.join('\n'),
    /cannot connect to PostgreSQL at postgresql:\/\/alice:\*\*\*@\/db\?host=.*ENOENT/,
  );
  assert.doesNotMatch(socket.stderr.join('\n'), /s3cret/);
  const port = capture();
  assert.equal(
    await runCli(['db', 'migrate', '--database-url', 'postgresql://alice:s3cret@localhost:99999/db'], port),
    2,
  );
  assert.match(port.stderr.join('\n'), /port 99999 is out of range \(at most 65535\)/);
  assert.doesNotMatch(port.stderr.join('\n'), /s3cret/);
});

test('a password given as a query parameter of the database URL is masked in messages', async () => {
  // Before: ?password= and ?sslpassword= were printed as given. Port 1 refuses connections. What follows a password
  // parameter is masked with it (an unencoded '&' in a password cannot be told from the next parameter); what is
  // before it is shown.
  const io = capture();
  const url = 'postgresql://someone@127.0.0.1:1/nowhere?application_name=x&password=s3cret&sslpassword=k3y';
  assert.equal(await runCli(['runs', '--database-url', url], io), 1);
  const msg = io.stderr.join('\n');
  assert.match(
    msg,
    /cannot connect to PostgreSQL at postgresql:\/\/someone@127\.0\.0\.1:1\/nowhere\?application_name=x&password=\*\*\*: .*ECONNREFUSED/,
  );
  assert.doesNotMatch(msg, /s3cret|k3y/);
});

test('db ingest of the gzip copy of a stored file says already ingested, from which file', async (t) => {
  // Before: the copy was ingested as a second dataset.
  const dir = tempDir(t, 'sizefit-pglite-');
  const text = HAND_LINES.join('\n') + '\n';
  const plain = writeTemp('copy.jsonl', text);
  writeFileSync(`${plain}.gz`, gzipSync(Buffer.from(text, 'utf8')));
  const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
  const first = capture();
  assert.equal(await runCli(['db', 'ingest', '--dataset', plain, '--pglite-dir', dir], first), 0);
  assert.match(first.stdout.join('\n'), /ingested\s+dataset 1: 4 purchases/);
  const io = capture();
  assert.equal(await runCli(['db', 'ingest', '--dataset', `${plain}.gz`, '--pglite-dir', dir], io), 0);
  assert.deepEqual(io.stdout.slice(1), [
    `dataset   copy.jsonl (sha256 ${sha(readFileSync(`${plain}.gz`))})`,
    `already ingested as dataset 1 from another file of the same content (sha256 ${sha(Buffer.from(text, 'utf8'))}): ` +
      'nothing changed (4 purchases)',
  ]);
  const ls = capture();
  assert.equal(await runCli(['db', 'datasets', '--json', '--pglite-dir', dir], ls), 0);
  assert.equal(JSON.parse(ls.stdout[0]).length, 1);
});

test('db ingest refuses a truncated gzip file, naming it, the cut line and the records read, and stores nothing', async (t) => {
  // Before: exit 0 and the lines before the cut stored as a dataset under the truncated file's sha256.
  const dir = tempDir(t, 'sizefit-pglite-');
  const f = writeTruncatedGzip(tempDir(t, 'sizefit-trunc-'));
  const records = (await readFitDataFile(f.cut)).dataset.length;
  const io = capture();
  assert.equal(await runCli(['db', 'ingest', '--dataset', f.cut, '--pglite-dir', dir], io), 1);
  assert.deepEqual(io.stdout, []);
  assert.equal(io.stderr.length, 1);
  assert.ok(
    io.stderr[0].startsWith(
      `sizefit db: ${f.cut} is a truncated gzip: its stream is cut after line ${f.afterLine.toLocaleString('en-US')} ` +
        `(${records.toLocaleString('en-US')} records read`,
    ),
    io.stderr[0],
  );
  assert.match(io.stderr[0], /refusing to ingest part of a file/);
  assert.deepEqual(readdirSync(dir), [], 'refused before any database was opened');
  // the whole file is stored
  const ok = capture();
  assert.equal(await runCli(['db', 'ingest', '--dataset', f.whole, '--pglite-dir', dir, '--json'], ok), 0);
  assert.equal(JSON.parse(ok.stdout[0]).rows, f.lines);
});
