import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import {
  datasetContentSha256,
  ingestDataset,
  InvalidArgumentError,
  libVersion,
  listRuns,
  loadDataset,
  registerRun,
  type Database,
} from '../../lib/index.js';
import { engineTest, HAND_LINES, HOSTILE, recording, writeTemp } from './engines.js';

const SHA = 'ab'.repeat(32);

engineTest('registerRun stores a run and listRuns returns it, JSON and strings intact', async (db) => {
  const a = await registerRun(db, {
    kind: 'gbdt-classifier',
    params: { maxDepth: 6, names: HOSTILE, nested: { lr: 0.1 } },
    metrics: { auc: 0.8125, logLoss: Infinity },
    datasetSha256: SHA,
    artifactSha256: null,
    createdAt: '2024-01-02T03:04:05.678Z',
  });
  assert.equal(typeof a.id, 'number');
  assert.equal(a.createdAt, '2024-01-02T03:04:05.678Z');
  assert.equal(a.libVersion, libVersion());
  assert.deepEqual(a.metrics, { auc: 0.8125, logLoss: null });
  const b = await registerRun(db, {
    kind: 'logistic',
    params: {},
    metrics: {},
    datasetSha256: null,
    artifactSha256: SHA,
  });
  const runs = await listRuns(db);
  assert.deepEqual(
    runs.map((r) => r.id),
    [a.id, b.id],
  );
  assert.deepEqual(runs[0].params, { maxDepth: 6, names: HOSTILE, nested: { lr: 0.1 } });
  assert.deepEqual(
    (await listRuns(db, { kind: 'logistic' })).map((r) => r.id),
    [b.id],
  );
  assert.deepEqual(
    (await listRuns(db, { datasetSha256: SHA })).map((r) => r.kind),
    ['gbdt-classifier'],
  );
  assert.deepEqual(
    (await listRuns(db, { limit: 1 })).map((r) => r.id),
    [b.id],
  );
});

engineTest('registerRun rejects NUL, bad checksums and an empty kind', async (db) => {
  const base = { kind: 'k', params: {}, metrics: {}, datasetSha256: null, artifactSha256: null };
  await assert.rejects(registerRun(db, { ...base, params: { s: 'a\u0000b' } }), InvalidArgumentError);
  await assert.rejects(registerRun(db, { ...base, datasetSha256: 'XYZ' }), InvalidArgumentError);
  await assert.rejects(registerRun(db, { ...base, kind: '' }), InvalidArgumentError);
  // A literal backslash followed by u0000 is ordinary text, not NUL.
  const ok = await registerRun(db, { ...base, params: { s: '\\u0000' } });
  assert.deepEqual(ok.params, { s: '\\u0000' });
  assert.equal((await listRuns(db)).length, 1);
});

engineTest(
  'registerRun names what PostgreSQL cannot store and metrics that are not numbers; listRuns checks limit',
  async (db) => {
    // Before: a lone surrogate in kind was stored as U+FFFD, one in params failed with the engine's 22P02,
    // a string metric was stored (and crashed `sizefit runs`), limit -1 failed with the engine's 2201W.
    const base = { kind: 'k', params: {}, metrics: {}, datasetSha256: null, artifactSha256: null };
    const refused: [Parameters<typeof registerRun>[1], RegExp][] = [
      [{ ...base, kind: 'k\ud800' }, /^registerRun: kind "k\\ud800" contains a lone UTF-16 surrogate/],
      [{ ...base, kind: 'k\u0000' }, /^registerRun: kind "k\\u0000" contains a NUL character/],
      [{ ...base, params: { note: 'bad \udc00 text' } }, /^registerRun: params\.note: .* lone UTF-16 surrogate/],
      [{ ...base, params: { list: ['ok', 'x\ud800'] } }, /^registerRun: params\.list\[1\]: .* lone UTF-16 surrogate/],
      [{ ...base, params: { ['k\ud800']: 1 } }, /^registerRun: params: the key "k\\ud800" contains a lone/],
      [{ ...base, metrics: { ['a\ud800']: 1 } }, /^registerRun: metrics: the key "a\\ud800" contains a lone/],
      [
        { ...base, metrics: { note: 'high' as unknown as number } },
        /^registerRun: metric "note" must be a number or null, got "high"$/,
      ],
      [
        { ...base, metrics: { nested: { a: 1 } as unknown as number } },
        /metric "nested" must be a number or null, got an object$/,
      ],
      [{ ...base, metrics: { flag: true as unknown as number } }, /metric "flag" must be a number or null, got true$/],
    ];
    for (const [run, message] of refused) {
      await assert.rejects(
        registerRun(db, run),
        (e: unknown) => e instanceof InvalidArgumentError && message.test(e.message),
      );
    }
    assert.deepEqual(await listRuns(db), [], 'nothing stored');
    const ok = await registerRun(db, { ...base, kind: 'k 🙂', metrics: { auc: 0.5, missing: null } });
    assert.deepEqual([ok.kind, ok.metrics], ['k 🙂', { auc: 0.5, missing: null }]);
    for (const limit of [-1, 0, 1.5, NaN]) {
      await assert.rejects(
        listRuns(db, { limit }),
        (e: unknown) =>
          e instanceof InvalidArgumentError &&
          e.message === `listRuns: limit must be a positive whole number, got ${limit}`,
      );
    }
    assert.deepEqual(
      (await listRuns(db, { limit: 5 })).map((r) => r.id),
      [ok.id],
    );
  },
);

engineTest('registerRun refuses times outside 0001-9999 and values JSON cannot hold, naming them', async (db) => {
  // Before: a createdAt in year 0, BC or after 9999 (which Date.parse accepts) failed with the engine's
  // "date/time field value out of range" or "time zone displacement out of range", and a BigInt in params
  // with JSON.stringify's TypeError "Do not know how to serialize a BigInt".
  const base = { kind: 'k', params: {}, metrics: {}, datasetSha256: null, artifactSha256: null };
  const circular: Record<string, unknown> = { a: 1 };
  circular.self = circular;
  const refused: [Parameters<typeof registerRun>[1], RegExp][] = [
    [
      { ...base, createdAt: '0000-06-01T00:00:00Z' },
      /^registerRun: createdAt '0000-06-01T00:00:00Z' is in year 0 \(UTC\): give a time from 0001-01-01 to 9999-12-31$/,
    ],
    [
      { ...base, createdAt: '-000050-01-01T00:00:00Z' },
      /^registerRun: createdAt '-000050-01-01T00:00:00Z' is in year -50 /,
    ],
    [
      { ...base, createdAt: '+012345-01-01T00:00:00Z' },
      /^registerRun: createdAt '\+012345-01-01T00:00:00Z' is in year 12345 /,
    ],
    [{ ...base, createdAt: '0001-01-01T00:30:00+01:00' }, /is in year 0 \(UTC\)/],
    [{ ...base, createdAt: 'yesterday' }, /^registerRun: createdAt 'yesterday' is not a date$/],
    // Before: Date.parse rolled a day the month lacks over, and 2024-02-30 was stored as 2024-03-01.
    [
      { ...base, createdAt: '2024-02-30T00:00:00Z' },
      /^registerRun: createdAt '2024-02-30T00:00:00Z' is not a calendar date: 2024-02 has no day 30$/,
    ],
    [{ ...base, createdAt: '2023-02-29' }, /^registerRun: createdAt '2023-02-29' is not a calendar date/],
    [{ ...base, createdAt: '2024-04-31T10:00:00+02:00' }, /'2024-04-31T10:00:00\+02:00' is not a calendar date/],
    [
      { ...base, params: { a: 10n } },
      /^registerRun: params\.a: 10n is a BigInt, which JSON cannot hold; give a number or a string$/,
    ],
    [
      { ...base, params: { grid: [{ depth: 3 }, { depth: 4n }] } },
      /^registerRun: params\.grid\[1\]\.depth: 4n is a BigInt/,
    ],
    [{ ...base, params: circular }, /^registerRun: params cannot be stored as JSON: Converting circular structure/],
    [
      { ...base, metrics: { n: 5n as unknown as number } },
      /^registerRun: metric "n" must be a number or null, got 5n \(a BigInt\)$/,
    ],
  ];
  for (const [run, message] of refused) {
    await assert.rejects(registerRun(db, run), (e: unknown) => {
      assert.ok(e instanceof InvalidArgumentError, String(e));
      assert.match(e.message, message);
      return true;
    });
  }
  assert.deepEqual(await listRuns(db), [], 'nothing stored');
  // The first and last millisecond of the years PostgreSQL and listRuns's text both take come back as given.
  for (const createdAt of ['0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
    assert.equal((await registerRun(db, { ...base, createdAt })).createdAt, createdAt);
  }
  // A leap day, and a time whose offset puts it on another UTC day, are real days.
  assert.equal((await registerRun(db, { ...base, createdAt: '2024-02-29' })).createdAt, '2024-02-29T00:00:00.000Z');
  const late = await registerRun(db, { ...base, createdAt: '2024-02-29T23:30:00-01:00' });
  assert.equal(late.createdAt, '2024-03-01T00:30:00.000Z');
});

/** `lines` as a JSON-lines file and its gzip copy, loaded: each file's sha256 (`meta.sha256`) and its content hash. */
async function plainAndGzip(name: string, lines: string[]) {
  const plain = writeTemp(`${name}.jsonl`, lines.join('\n') + '\n');
  writeFileSync(`${plain}.gz`, gzipSync(Buffer.from(lines.join('\n') + '\n', 'utf8')));
  const [p, g] = [await loadDataset(plain), await loadDataset(`${plain}.gz`)];
  return {
    plain: p,
    gz: g,
    plainSha: p.dataset.meta.sha256,
    gzSha: g.dataset.meta.sha256,
    content: (await datasetContentSha256(g.dataset.meta))!,
  };
}

const ids = async (db: Database, datasetSha256: string): Promise<number[]> =>
  (await listRuns(db, { datasetSha256 })).map((r) => r.id);

engineTest(
  'runs on a file and on its gzip copy are runs on the same data: listRuns finds them by either',
  async (db) => {
    // Before: a run recorded only the sha256 of its file's bytes, so the run on the .jsonl.gz copy of a .jsonl file was
    // not found by the .jsonl file's sha256 (nor the other way round): the same data looked like two datasets.
    const base = { kind: 'k', params: {}, metrics: {}, artifactSha256: null };
    const f = await plainAndGzip('same', HAND_LINES);
    assert.notEqual(f.plainSha, f.gzSha);
    assert.equal(f.content, f.plainSha, 'the content hash of the gzip copy is the sha256 of the plain file');
    const onPlain = await registerRun(db, {
      ...base,
      datasetSha256: f.plainSha,
      datasetContentSha256: await datasetContentSha256(f.plain.dataset.meta),
    });
    const onGz = await registerRun(db, { ...base, datasetSha256: f.gzSha, datasetContentSha256: f.content });
    assert.deepEqual(
      [onPlain.datasetContentSha256, onGz.datasetContentSha256, onGz.datasetSha256],
      [f.plainSha, f.plainSha, f.gzSha],
    );
    // A run on other data, and one on no file.
    const other = await plainAndGzip('other', HAND_LINES.slice(0, 3));
    const onOther = await registerRun(db, { ...base, datasetSha256: other.gzSha, datasetContentSha256: other.content });
    await registerRun(db, { ...base, datasetSha256: null });
    assert.deepEqual(await ids(db, f.plainSha), [onPlain.id, onGz.id]);
    assert.deepEqual(await ids(db, f.gzSha), [onPlain.id, onGz.id]);
    assert.deepEqual(await ids(db, other.plainSha), [onOther.id]);
    // Registered with the file's sha256 only (as a model manifest has it): the content hash known for that file.
    const again = await registerRun(db, { ...base, datasetSha256: f.gzSha });
    assert.equal(again.datasetContentSha256, f.plainSha);
    assert.deepEqual(await ids(db, f.plainSha), [onPlain.id, onGz.id, again.id]);
    // A run on a gzip file whose content hash was not given, before and after that file is ingested.
    const third = await plainAndGzip('third', HAND_LINES.slice(1));
    const early = await registerRun(db, { ...base, datasetSha256: third.gzSha });
    assert.equal(early.datasetContentSha256, null);
    assert.deepEqual(await ids(db, third.plainSha), []);
    await ingestDataset(db, third.gz.dataset, third.gz.report);
    const late = await registerRun(db, { ...base, datasetSha256: third.gzSha });
    assert.equal(late.datasetContentSha256, third.plainSha);
    assert.deepEqual(await ids(db, third.plainSha), [early.id, late.id]);
    assert.equal((await listRuns(db, { datasetSha256: third.gzSha }))[0].datasetContentSha256, third.plainSha);
    await assert.rejects(
      registerRun(db, { ...base, datasetSha256: f.gzSha, datasetContentSha256: 'F'.repeat(64) }),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        /^registerRun: datasetContentSha256 must be a lower-case hex sha256 or null/.test(e.message),
    );
  },
);

const hex = (i: number): string => i.toString(16).padStart(64, '0');

engineTest(
  'on a migrated database listRuns and registerRun read the content-hash columns themselves, which indexes serve',
  async (db) => {
    // Before: both read model_runs.dataset_content_sha256 and datasets.content_sha256 through to_jsonb(row), which
    // no index serves: a listing by sha256 and every registerRun read (and copied) each stored run. Checked on the SQL
    // the module sends (no to_jsonb) and on the plan PostgreSQL makes of the listing over 20,000 runs (an index scan
    // on model_runs, no sequential one); neither depends on timing.
    await db.exec(`INSERT INTO model_runs (kind, params, metrics, dataset_sha256, dataset_content_sha256, lib_version)
      SELECT 'k', '{}', '{}', lpad(to_hex(i), 64, '0'), lpad(to_hex(i + 100000), 64, '0'), 'x'
      FROM generate_series(1, 20000) i;
      ANALYZE model_runs; ANALYZE datasets`);
    const sql: string[] = [];
    const spy = recording(db, sql);
    const base = { kind: 'k', params: {}, metrics: {}, artifactSha256: null };
    // A run on a gzip copy of run 7's data: the content hash known for its file is registered with it.
    const a = await registerRun(spy, { ...base, datasetSha256: hex(7), datasetContentSha256: hex(100007) });
    const b = await registerRun(spy, { ...base, datasetSha256: hex(7) });
    assert.equal(b.datasetContentSha256, hex(100007));
    const listed = await listRuns(spy, { datasetSha256: hex(100007) });
    assert.deepEqual(
      listed.slice(1).map((r) => r.id),
      [a.id, b.id],
    );
    assert.deepEqual([listed.length, listed[0].datasetSha256], [3, hex(7)]);
    assert.ok(sql.length > 0);
    for (const text of sql) assert.doesNotMatch(text, /to_jsonb/, text);
    const plan = (await db.query<Record<string, string>>(`EXPLAIN ${sql.at(-1)}`, [null, hex(100007), null])).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    assert.match(plan, /Index (Only )?Scan (using|on) model_runs_dataset_content_idx/, plan);
    assert.doesNotMatch(plan, /Seq Scan on model_runs/, plan);
  },
);

engineTest(
  'listRuns reads a database not yet migrated to versions 4 and 3: no content hash, runs found by file',
  async (db) => {
    const base = { kind: 'k', params: {}, metrics: {}, artifactSha256: null };
    const run = await registerRun(db, { ...base, datasetSha256: SHA });
    await registerRun(db, { ...base, datasetSha256: 'cd'.repeat(32) });
    await db.exec(
      `DELETE FROM schema_migrations WHERE version = 4; ALTER TABLE model_runs DROP COLUMN dataset_content_sha256`,
    );
    const found = await listRuns(db, { datasetSha256: SHA });
    assert.deepEqual(
      found.map((r) => [r.id, r.datasetSha256, r.datasetContentSha256]),
      [[run.id, SHA, null]],
    );
    await db.exec(`DELETE FROM schema_migrations WHERE version = 3; ALTER TABLE datasets DROP COLUMN content_sha256`);
    assert.deepEqual(await listRuns(db, { datasetSha256: SHA }), found);
    assert.equal((await listRuns(db)).length, 2);
  },
);

engineTest('listRuns takes a dataset sha256 in either case, or its first 12 or more hex digits', async (db) => {
  // Before: only the full lower-case sha256 matched; the 12 digits `sizefit runs` shows and the upper-case hash
  // listed nothing.
  const base = { kind: 'k', params: {}, metrics: {}, artifactSha256: null };
  const twinA = `0123456789ab${'c'.repeat(52)}`;
  const twinB = `0123456789ab${'d'.repeat(52)}`;
  const a = await registerRun(db, { ...base, datasetSha256: twinA });
  const b = await registerRun(db, { ...base, datasetSha256: twinB });
  const c = await registerRun(db, { ...base, datasetSha256: 'fe'.repeat(32) });
  // A run on a gzip file with its content hash, and one on the plain copy: one dataset.
  const gz = await registerRun(db, { ...base, datasetSha256: 'aa'.repeat(32), datasetContentSha256: 'bb'.repeat(32) });
  const plain = await registerRun(db, { ...base, datasetSha256: 'bb'.repeat(32) });
  const ids = async (datasetSha256: string): Promise<number[]> =>
    (await listRuns(db, { datasetSha256 })).map((r) => r.id);
  for (const sha of ['fe'.repeat(32), 'FE'.repeat(32), 'fe'.repeat(6), 'FeFeFeFeFeFe', `${'fe'.repeat(31)}f`]) {
    assert.deepEqual(await ids(sha), [c.id], sha);
  }
  assert.deepEqual(await ids('0123456789abc'), [a.id]);
  assert.deepEqual(await ids(`0123456789AB${'D'.repeat(20)}`), [b.id]);
  for (const sha of ['bb'.repeat(6), 'aa'.repeat(6), 'bb'.repeat(32), 'AA'.repeat(32)]) {
    assert.deepEqual(await ids(sha), [gz.id, plain.id], sha);
  }
  assert.deepEqual(await ids('9'.repeat(12)), [], 'a prefix of no sha256');
  assert.deepEqual(await ids('9'.repeat(64)), []);
  await assert.rejects(
    listRuns(db, { datasetSha256: '0123456789ab' }),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message ===
        `listRuns: datasetSha256 '0123456789ab' starts more than one sha256 (${twinA}, ${twinB}): give more of its digits`,
  );
  for (const bad of ['fe'.repeat(5) + 'f', 'abc', '', `${'fe'.repeat(32)}0`, `'${'0'.repeat(12)}`, '0123456789ab%']) {
    await assert.rejects(
      listRuns(db, { datasetSha256: bad }),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.message ===
          `listRuns: datasetSha256: ${JSON.stringify(bad)} is not a sha256: give its 64 hex digits, or at least the ` +
            'first 12 as the listings show them',
      bad,
    );
  }
});
