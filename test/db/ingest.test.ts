import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  ColumnarDataset,
  DataError,
  datasetContentSha256,
  dropIngestedDataset,
  exactDatasetRef,
  findIngestedDataset,
  InvalidArgumentError,
  ingestDataset,
  registerRun,
  listRuns,
  openDatabase,
  Rng,
  listIngestedDatasets,
  loadDataset,
  migrate,
  MIGRATIONS,
  parseFitData,
  readDatasetFromDb,
  type Column,
  type Database,
  type DbResult,
} from '../../lib/index.js';
import { asTableUser, engineTest, HOSTILE, PG_URL, postgresTest, rtrLine, schemaName, writeTemp } from './engines.js';
import { writeTruncatedGzip } from '../data/truncated-gzip-file.js';

// One record per hostile id (as user, item, category and body type), a line that is not JSON, a
// record without a label and one with an unparseable height: 8 rows kept, 2 dropped, 3 problems.
const LINES = [
  ...HOSTILE.map((s, k) =>
    rtrLine({
      fit: ['small', 'fit', 'large'][k % 3],
      user_id: s,
      item_id: `item ${s}`,
      category: s,
      'body type': s,
      size: k + 1,
      height: `5' ${k}"`,
    }),
  ),
  'not json',
  rtrLine({ user_id: 'u', item_id: 'i', size: 4 }),
  rtrLine({ fit: 'fit', user_id: HOSTILE[0], item_id: 'plain', size: 8, height: '5 ft 13' }),
];

async function tableCounts(db: Database): Promise<number[]> {
  const r = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM datasets) a, (SELECT count(*) FROM customers) b, (SELECT count(*) FROM articles) c,
            (SELECT count(*) FROM article_sizes) d, (SELECT count(*) FROM purchases) e`,
  );
  return Object.values(r.rows[0]);
}

engineTest('ingest stores hostile strings intact and reports rejected rows like the reader', async (db, engine) => {
  const path = writeTemp('hostile.jsonl', LINES.join('\n') + '\n');
  const { dataset, report } = await loadDataset(path);
  assert.equal(dataset.length, 9);
  const r = await ingestDataset(db, dataset, report, { batchRows: 4 });
  assert.equal(r.status, 'ingested');
  assert.equal(r.method, engine === 'postgres' ? 'copy' : 'insert');
  assert.deepEqual([r.rows, r.customers, r.articles, r.articleSizes], [9, 8, 9, 9]);
  assert.equal(r.report.rowsDropped, 2);
  assert.deepEqual(
    r.report.examples.map((e) => [e.line, e.field]),
    [
      [9, null],
      [10, 'fit'],
      [11, 'height'],
    ],
  );
  // Every hostile string came back byte for byte, through parameters...
  const back = await db.query<{ customer_id: string }>(
    'SELECT customer_id FROM purchases WHERE customer_id = ANY($1::text[]) ORDER BY row_index',
    [HOSTILE],
  );
  assert.deepEqual([...new Set(back.rows.map((x) => x.customer_id))], HOSTILE);
  // ...and through the dataset reader, equal to the file in every value and in order.
  const ds = await readDatasetFromDb(db, dataset.meta.sha256);
  assert.deepEqual(ds.toRecords(), dataset.toRecords());
  assert.deepEqual(Array.from(ds.lineNumbers), Array.from(dataset.lineNumbers));
  const stored = await db.query<{ load_report: { rowsDropped: number } }>('SELECT load_report FROM datasets');
  assert.equal(stored.rows[0].load_report.rowsDropped, 2);
});

engineTest('re-ingesting the same file changes nothing and says already ingested', async (db) => {
  const path = writeTemp('same.jsonl', LINES.join('\n') + '\n');
  const { dataset, report } = await loadDataset(path);
  const first = await ingestDataset(db, dataset, report);
  const before = await tableCounts(db);
  const again = await loadDataset(path);
  const second = await ingestDataset(db, again.dataset, again.report);
  assert.equal(second.status, 'already-ingested');
  assert.equal(second.datasetId, first.datasetId);
  assert.deepEqual(await tableCounts(db), before);
  assert.deepEqual(before, [1, 8, 9, 9, 9]);
  // A different file (one byte more) is a different dataset.
  const other = await loadDataset(writeTemp('other.jsonl', LINES.join('\n') + '\n\n'));
  assert.equal((await ingestDataset(db, other.dataset, other.report)).status, 'ingested');
  assert.equal((await listIngestedDatasets(db)).length, 2);
});

engineTest(
  'dropping a dataset removes it and what was loaded from it, and nothing of another; runs stay',
  async (db) => {
    const a = await loadDataset(writeTemp('a.jsonl', LINES.join('\n') + '\n'));
    const b = await loadDataset(writeTemp('b.jsonl', LINES.slice(0, 4).join('\n') + '\n'));
    const first = await ingestDataset(db, a.dataset, a.report);
    const afterA = await tableCounts(db);
    const second = await ingestDataset(db, b.dataset, b.report);
    const both = await tableCounts(db);
    await registerRun(db, { kind: 'k', params: {}, metrics: {}, datasetSha256: first.sha256, artifactSha256: null });
    // by sha256 (any case): the first dataset's rows go, the second's stay exactly
    const dropped = await dropIngestedDataset(db, first.sha256.toUpperCase());
    assert.deepEqual(
      [dropped.datasetId, dropped.purchases, dropped.customers, dropped.articles, dropped.articleSizes],
      [first.datasetId, 9, 8, 9, 9],
    );
    assert.deepEqual(await tableCounts(db), [1, ...both.slice(1).map((n, k) => n - afterA[k + 1])]);
    assert.deepEqual(
      (await listIngestedDatasets(db)).map((d) => d.datasetId),
      [second.datasetId],
    );
    assert.equal((await listRuns(db)).length, 1, 'the registered run is kept');
    // again: nothing to drop, and the message lists what is stored
    await assert.rejects(dropIngestedDataset(db, first.datasetId), (e: unknown) => {
      return e instanceof DataError && /no ingested dataset/.test(e.message) && /b\.jsonl/.test(e.message);
    });
    // by id; then the file can be ingested anew
    assert.equal((await dropIngestedDataset(db, second.datasetId)).purchases, 4);
    assert.deepEqual(await tableCounts(db), [0, 0, 0, 0, 0]);
    assert.equal((await ingestDataset(db, a.dataset, a.report)).status, 'ingested');
  },
);

engineTest('a dataset is dropped only by its id or full sha256, never by a name or a prefix', async (db) => {
  const a = await loadDataset(writeTemp('named.jsonl', LINES.join('\n') + '\n'));
  const r = await ingestDataset(db, a.dataset, a.report);
  for (const ref of ['named.jsonl', r.sha256.slice(0, 12), '0', '-1', '1.0', '', ' ', '2147483648']) {
    assert.throws(() => exactDatasetRef(ref), InvalidArgumentError, ref);
    await assert.rejects(dropIngestedDataset(db, ref), InvalidArgumentError, ref);
  }
  assert.equal(exactDatasetRef(' 12 '), 12);
  assert.equal(exactDatasetRef('2147483647'), 2 ** 31 - 1);
  // a sha256 that is not stored is not found, even when a dataset is named like it
  const fake = 'ab'.repeat(32);
  await db.query('UPDATE datasets SET name = $1', [fake]);
  await assert.rejects(
    dropIngestedDataset(db, fake),
    (e: unknown) => e instanceof DataError && e.message.includes(`${r.datasetId} ${r.sha256} ${fake}`),
  );
  assert.equal((await listIngestedDatasets(db)).length, 1);
});

engineTest('a NUL character is rejected with a clear error and nothing is written', async (db) => {
  const path = writeTemp(
    'nul.jsonl',
    [
      rtrLine({ fit: 'fit', user_id: 'ok', item_id: 'a', size: 1 }),
      rtrLine({ fit: 'fit', user_id: 'bad\u0000id', item_id: 'a', size: 2 }),
    ].join('\n'),
  );
  const { dataset, report } = await loadDataset(path);
  await assert.rejects(ingestDataset(db, dataset, report), (e: unknown) => {
    assert.ok(e instanceof DataError);
    assert.match(e.message, /line 2, column 'user_id'.*NUL character \(U\+0000\)/);
    return true;
  });
  assert.deepEqual(await tableCounts(db), [0, 0, 0, 0, 0]);
});

engineTest('a failure inside the ingest transaction rolls everything back', async (db) => {
  const path = writeTemp('fail.jsonl', LINES.join('\n') + '\n');
  const { dataset, report } = await loadDataset(path);
  let calls = 0;
  await assert.rejects(
    ingestDataset(db, dataset, report, {
      batchRows: 2,
      onProgress: () => {
        if (++calls === 2) throw new Error('stop here');
      },
    }),
    /stop here/,
  );
  assert.deepEqual(await tableCounts(db), [0, 0, 0, 0, 0]);
  assert.equal((await ingestDataset(db, dataset, report)).rows, 9, 'the same connection ingests afterwards');
});

const LOADED = ['datasets', 'customers', 'articles', 'article_sizes', 'purchases'];

/**
 * Every key of the loaded tables as the catalog describes it: constraints (type, definition, NOT
 * VALID or not), indexes (definition), the triggers that enforce foreign keys, and NOT NULL columns.
 */
async function keysOf(db: Database): Promise<string[]> {
  const r = await db.query<{ k: string }>(
    `SELECT c.conrelid::regclass::text || ' constraint ' || c.conname || ' ' || c.contype::text || ' ' ||
            pg_get_constraintdef(c.oid) || CASE WHEN c.convalidated THEN '' ELSE ' NOT VALID' END AS k
     FROM pg_constraint c WHERE c.conrelid = ANY ($1::regclass[])
     UNION ALL
     SELECT i.indrelid::regclass::text || ' index ' || pg_get_indexdef(i.indexrelid)
     FROM pg_index i WHERE i.indrelid = ANY ($1::regclass[])
     UNION ALL
     SELECT t.tgrelid::regclass::text || ' trigger of ' || c.conname || ' type ' || t.tgtype || ' enabled ' || t.tgenabled::text
     FROM pg_trigger t JOIN pg_constraint c ON c.oid = t.tgconstraint WHERE t.tgrelid = ANY ($1::regclass[])
     UNION ALL
     SELECT a.attrelid::regclass::text || ' not null ' || a.attname
     FROM pg_attribute a WHERE a.attrelid = ANY ($1::regclass[]) AND a.attnum > 0 AND a.attnotnull AND NOT a.attisdropped
     ORDER BY 1`,
    [LOADED],
  );
  return r.rows.map((x) => x.k);
}

/** Names of the constraints and indexes of `purchases` (what `\d purchases` lists). */
const PURCHASES_KEYS = [
  'purchases constraint purchases_article_size_id_fkey',
  'purchases constraint purchases_dataset_id_article_id_fkey',
  'purchases constraint purchases_dataset_id_customer_id_fkey',
  'purchases constraint purchases_dataset_id_row_index_key',
  'purchases constraint purchases_fit_check',
  'purchases constraint purchases_height_cm_check',
  'purchases constraint purchases_line_check',
  'purchases constraint purchases_pkey',
  'purchases constraint purchases_row_index_check',
  'purchases constraint purchases_weight_kg_check',
  'purchases index purchases_article_idx',
  'purchases index purchases_article_size_idx',
  'purchases index purchases_customer_idx',
  'purchases index purchases_dataset_id_row_index_key',
  'purchases index purchases_pkey',
];

function purchasesKeyNames(keys: string[]): string[] {
  return (
    keys
      // PGlite (PostgreSQL 17+) also lists NOT NULL constraints (contype n); PostgreSQL 15 does not.
      .filter((k) => / (constraint|index) /.test(k) && k.startsWith('purchases ') && !/ constraint \S+ n /.test(k))
      .map((k) =>
        k
          .replace(/^(purchases constraint \S+) .*$/, '$1')
          .replace(/^purchases index CREATE (UNIQUE )?INDEX (\S+) .*$/, 'purchases index $2'),
      )
  );
}

/** `n` seeded RentTheRunway-format lines (`tag` makes the file, and so its sha256, distinct). */
function generatedLines(n: number, seed: number, tag: string): string[] {
  const rng = new Rng(seed);
  const fits = ['small', 'fit', 'large'];
  return Array.from({ length: n }, () =>
    rtrLine({
      fit: fits[rng.int(3)],
      user_id: `${tag}u${rng.int(Math.max(1, n >> 1))}`,
      item_id: `i${rng.int(Math.max(1, n >> 3))}`,
      category: `c${rng.int(5)}`,
      size: 1 + rng.int(12),
      height: `5' ${rng.int(12)}"`,
    }),
  );
}

engineTest('after an ingest the keys are exactly those the migration declares, rebuilt or kept', async (db) => {
  const declared = await keysOf(db);
  assert.deepEqual(purchasesKeyNames(declared), PURCHASES_KEYS);
  assert.ok(declared.some((k) => k.startsWith('purchases trigger of purchases_dataset_id_customer_id_fkey')));
  const a = await loadDataset(writeTemp('a.jsonl', LINES.join('\n') + '\n'));
  const rebuilt = await ingestDataset(db, a.dataset, a.report, { keys: 'rebuild' });
  assert.equal(rebuilt.keys, 'rebuilt');
  assert.deepEqual(await keysOf(db), declared);
  const b = await loadDataset(writeTemp('b.jsonl', LINES.join('\n') + '\n\n'));
  const kept = await ingestDataset(db, b.dataset, b.report, { keys: 'keep' });
  assert.equal(kept.keys, 'kept');
  assert.deepEqual(await keysOf(db), declared);
  // Both ways store the same rows, and the re-created keys are enforced.
  const back = (sha: string) => readDatasetFromDb(db, sha).then((ds) => ds.toRecords());
  assert.deepEqual(await back(a.dataset.meta.sha256), await back(b.dataset.meta.sha256));
  await assert.rejects(
    db.query(
      `INSERT INTO purchases (dataset_id, row_index, line, customer_id, article_id) VALUES ($1, 99, 1, 'nobody', $2)`,
      [rebuilt.datasetId, `item ${HOSTILE[0]}`],
    ),
    (e: { code?: string }) => e.code === '23503',
  );
  await assert.rejects(
    db.query(`INSERT INTO purchases (dataset_id, row_index, line, customer_id, article_id) VALUES ($1, 0, 1, $2, $3)`, [
      rebuilt.datasetId,
      HOSTILE[0],
      `item ${HOSTILE[0]}`,
    ]),
    (e: { code?: string }) => e.code === '23505',
  );
});

engineTest('auto rebuilds the keys for a load large next to the table and keeps them for a small one', async (db) => {
  const big = await loadDataset(writeTemp('big.jsonl', generatedLines(60, 1, 'big').join('\n') + '\n'));
  assert.equal((await ingestDataset(db, big.dataset, big.report)).keys, 'rebuilt');
  // 60 purchases there, 9 added: more than 4 times as many, so row by row.
  const small = await loadDataset(writeTemp('small.jsonl', LINES.join('\n') + '\n'));
  const r = await ingestDataset(db, small.dataset, small.report);
  assert.deepEqual([r.keys, r.rows], ['kept', 9]);
  // 69 there, 20 added: rebuilt again.
  const mid = await loadDataset(writeTemp('mid.jsonl', generatedLines(20, 2, 'mid').join('\n') + '\n'));
  assert.equal((await ingestDataset(db, mid.dataset, mid.report)).keys, 'rebuilt');
  const [datasets, , , , purchases] = await tableCounts(db);
  assert.deepEqual([datasets, purchases], [3, 89]);
});

engineTest('a row breaking a CHECK while the keys are dropped rolls back the rows and the drops', async (db) => {
  // The CHECKs of the schema are checked before the transaction (see the next test): a CHECK of this test's own,
  // which the rows of size 4 break, fails on the insert into purchases, after the keys of the four tables were
  // dropped.
  await db.exec('ALTER TABLE purchases ADD CONSTRAINT purchases_test_size_check CHECK (size <> 4)');
  const declared = await keysOf(db);
  const { dataset, report } = await loadDataset(writeTemp('check.jsonl', LINES.join('\n') + '\n'));
  await assert.rejects(
    ingestDataset(db, dataset, report, { keys: 'rebuild' }),
    (e: { code?: string; constraint?: string }) => {
      assert.equal(e.code, '23514');
      assert.equal(e.constraint, 'purchases_test_size_check');
      return true;
    },
  );
  assert.deepEqual(await tableCounts(db), [0, 0, 0, 0, 0]);
  assert.deepEqual(await keysOf(db), declared);
  await db.exec('ALTER TABLE purchases DROP CONSTRAINT purchases_test_size_check');
  assert.equal((await ingestDataset(db, dataset, report, { keys: 'rebuild' })).rows, 9);
});

/** `ds` with column `name` replaced: `edit` changes a copy of its codes (category) or values (number). */
function withColumn(
  ds: ColumnarDataset,
  name: string,
  edit: (c: { codes?: Int32Array; values?: Float64Array; categories?: string[] }) => void,
  lineNumbers: Int32Array = ds.lineNumbers,
): ColumnarDataset {
  const columns = new Map(ds.columnNames.map((n) => [n, ds.column(n)]));
  const c = ds.column(name);
  if (c.type === 'category') {
    const copy = { codes: Int32Array.from(c.codes), categories: [...c.categories] };
    edit(copy);
    columns.set(name, { type: 'category', ...copy });
  } else {
    const copy = { values: Float64Array.from(c.values) };
    edit(copy);
    columns.set(name, { type: 'number', ...copy });
  }
  return new ColumnarDataset(ds.schema, columns, lineNumbers, ds.meta);
}

engineTest('values a CHECK of purchases refuses are refused first, naming row, line, column and value', async (db) => {
  // Before: a dataset built in code reached the engine, which failed with its raw "new row for relation
  // "purchases" violates check constraint "purchases_fit_check"" (pg's DatabaseError; a minified class on PGlite).
  const { dataset, report } = await loadDataset(writeTemp('values.jsonl', LINES.join('\n') + '\n'));
  const cases: [ColumnarDataset, string][] = [
    [
      withColumn(dataset, 'fit', (c) => {
        c.categories!.push('Perfect');
        c.codes![4] = c.categories!.length - 1;
      }),
      `row 4 (line 5), column 'fit': "Perfect" is not a fit label (small, fit, large)`,
    ],
    [
      withColumn(dataset, 'height_cm', (c) => (c.values![2] = -5)),
      `row 2 (line 3), column 'height_cm': -5 is not a positive height_cm`,
    ],
    [
      withColumn(dataset, 'weight_kg', (c) => (c.values![7] = 0)),
      `row 7 (line 8), column 'weight_kg': 0 is not a positive weight_kg`,
    ],
    [
      withColumn(dataset, 'review_date', (c) => (c.values![1] = 3_000_000)),
      `row 1 (line 2), column 'review_date': day 3000000 (days since 1970-01-01) is not a date from 0001-01-01 to 9999-12-31`,
    ],
    [
      withColumn(
        dataset,
        'fit',
        () => undefined,
        Int32Array.from(dataset.lineNumbers, (l, i) => (i === 3 ? -1 : l)),
      ),
      'row 3: line number -1 is negative',
    ],
  ];
  for (const [bad, message] of cases) {
    for (const keys of ['rebuild', 'keep'] as const) {
      await assert.rejects(ingestDataset(db, bad, report, { keys }), (e: unknown) => {
        assert.ok(e instanceof DataError, String(e));
        assert.equal(e.message, `dataset 'values.jsonl' ${message}`);
        return true;
      });
      assert.deepEqual(await tableCounts(db), [0, 0, 0, 0, 0]);
    }
  }
  // A fit category that no row uses is no value of the data.
  const unused = withColumn(dataset, 'fit', (c) => c.categories!.push('Perfect'));
  assert.equal((await ingestDataset(db, unused, report)).rows, 9);
});

postgresTest(
  'a server whose encoding cannot hold a character is named, with the value, and nothing is stored',
  async () => {
    // Before: 'character with byte sequence 0xcc 0x81 in encoding "UTF8" has no equivalent in encoding "LATIN1"'
    // (SQLSTATE 22P05), without the database's encoding or the value. This test creates a LATIN1 database.
    const name = `sizefit_t_latin1_${process.pid}_${Date.now() % 1_000_000}`;
    const admin = await openDatabase({ engine: 'postgres', url: PG_URL, migrate: false });
    try {
      await admin.exec(`CREATE DATABASE ${name} ENCODING 'LATIN1' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'`);
      const url = new URL(PG_URL!);
      url.pathname = `/${name}`;
      const db = await openDatabase({ engine: 'postgres', url: url.toString() });
      try {
        const { dataset, report } = await loadDataset(
          writeTemp(
            'accents.jsonl',
            [
              rtrLine({ fit: 'fit', user_id: 'zoë', item_id: 'i1', size: 4 }),
              rtrLine({ fit: 'fit', user_id: 'u2', item_id: 'i1', category: 'dress', size: 4 }),
              rtrLine({ fit: 'fit', user_id: 'u3', item_id: 'i1', category: 'robe \u0301 日本', size: 4 }),
            ].join('\n') + '\n',
          ),
        );
        await assert.rejects(ingestDataset(db, dataset, report), (e: unknown) => {
          assert.ok(e instanceof DataError, String(e));
          assert.match(
            e.message,
            /^dataset 'accents\.jsonl': the database's encoding is LATIN1, which cannot hold every character of the data \(.*has no equivalent in encoding "LATIN1"\); the first: row 2 \(line 3\), column 'category': "robe \u0301 日本"; nothing was stored\. Ingest into a database created with ENCODING 'UTF8'/,
          );
          return true;
        });
        assert.deepEqual(await tableCounts(db), [0, 0, 0, 0, 0]);
      } finally {
        await db.close();
      }
    } finally {
      await admin.exec(`DROP DATABASE IF EXISTS ${name}`);
      await admin.close();
    }
  },
);

engineTest('the same file read another way is refused, not "already ingested"; read the same way it is', async (db) => {
  // Before: ingesting datasets/sample/sample.jsonl by path (15 columns), then by the registry name 'sample' (20:
  // the registry adds brand, size_system, size_label, return_reason, returned) said "already ingested", and the
  // five columns were never stored; no dataset 'sample' existed.
  const byPath = await loadDataset(new URL('../../datasets/sample/sample.jsonl', import.meta.url).pathname);
  const byName = await loadDataset('sample');
  assert.equal(byPath.dataset.meta.sha256, byName.dataset.meta.sha256, 'one file');
  const first = await ingestDataset(db, byPath.dataset, byPath.report);
  const before = await tableCounts(db);
  await assert.rejects(ingestDataset(db, byName.dataset, byName.report), (e: unknown) => {
    assert.ok(e instanceof DataError, String(e));
    assert.equal(
      e.message,
      `dataset 'sample': its file (sha256 ${first.sha256}) is stored as dataset ${first.datasetId} 'sample.jsonl', ` +
        'read another way (stored: 15 columns, this reading 20; this reading adds brand (category), ' +
        'size_system (category), size_label (category), return_reason (category), returned (number)); nothing ' +
        `was changed. To store this reading instead, drop dataset ${first.datasetId} first (sizefit db drop ` +
        `--dataset ${first.datasetId}; registered runs are kept)`,
    );
    return true;
  });
  assert.deepEqual(await tableCounts(db), before);
  // The same reading again: already ingested, under the name it was stored with.
  const again = await ingestDataset(db, byPath.dataset, byPath.report);
  assert.deepEqual([again.status, again.datasetId, again.name], ['already-ingested', first.datasetId, 'sample.jsonl']);
  // Dropped, the file is stored as the registry reads it, with all 20 columns.
  await dropIngestedDataset(db, first.datasetId);
  const second = await ingestDataset(db, byName.dataset, byName.report);
  assert.deepEqual([second.status, second.name], ['ingested', 'sample']);
  const back = await readDatasetFromDb(db, 'sample');
  assert.deepEqual(back.columnNames, byName.dataset.columnNames);
  const brand = back.column('brand');
  assert.ok(brand.type === 'category' && brand.codes.every((k) => k >= 0), 'brand stored');
});

engineTest('text starting with U+FEFF comes back exactly: two such ids stay two', async (db) => {
  // Before: PGlite dropped the leading U+FEFF of each text value read back (TextDecoder), so the customers
  // '\ufeffu1' and 'u1' read back as one; PostgreSQL was right.
  const { dataset, report } = await loadDataset(
    writeTemp(
      '\ufeffbom.jsonl',
      [
        rtrLine({ fit: 'small', user_id: '\ufeffu1', item_id: '\ufeffi1', category: '\ufeffdress', size: 4 }),
        rtrLine({ fit: 'large', user_id: 'u1', item_id: 'i1', category: 'dress', size: 8 }),
      ].join('\n') + '\n',
    ),
  );
  const r = await ingestDataset(db, dataset, report);
  assert.deepEqual([r.customers, r.articles], [2, 2]);
  const back = await readDatasetFromDb(db, '\ufeffbom.jsonl');
  for (const name of ['user_id', 'item_id', 'category']) {
    const c = back.column(name);
    assert.ok(c.type === 'category');
    assert.deepEqual(
      Array.from(c.codes, (k) => c.categories[k]),
      name === 'user_id' ? ['\ufeffu1', 'u1'] : name === 'item_id' ? ['\ufeffi1', 'i1'] : ['\ufeffdress', 'dress'],
      name,
    );
  }
  assert.deepEqual(
    (await listIngestedDatasets(db)).map((d) => d.name),
    ['\ufeffbom.jsonl'],
  );
  const run = await registerRun(db, {
    kind: '\ufeffk',
    params: {},
    metrics: {},
    datasetSha256: null,
    artifactSha256: null,
    libVersion: '\ufeff1',
  });
  assert.deepEqual([run.kind, run.libVersion], ['\ufeffk', '\ufeff1']);
  assert.deepEqual(
    (await listRuns(db)).map((x) => [x.kind, x.libVersion]),
    [['\ufeffk', '\ufeff1']],
  );
});

postgresTest('concurrent ingests on separate connections queue behind the rebuild instead of deadlocking', async () => {
  const schema = schemaName();
  const dbs: Database[] = [];
  try {
    for (let k = 0; k < 3; k++) dbs.push(await openDatabase({ engine: 'postgres', url: PG_URL, schema }));
    const declared = await keysOf(dbs[0]);
    const files = await Promise.all(
      [0, 1, 2].map((k) =>
        loadDataset(writeTemp(`c${k}.jsonl`, generatedLines(3000, 10 + k, `c${k}`).join('\n') + '\n')),
      ),
    );
    const modes = ['rebuild', 'rebuild', 'keep'] as const;
    const results = await Promise.all(
      files.map((f, k) => ingestDataset(dbs[k], f.dataset, f.report, { keys: modes[k] })),
    );
    assert.deepEqual(
      results.map((r) => [r.status, r.keys, r.rows]),
      [
        ['ingested', 'rebuilt', 3000],
        ['ingested', 'rebuilt', 3000],
        ['ingested', 'kept', 3000],
      ],
    );
    assert.deepEqual((await tableCounts(dbs[0]))[4], 9000);
    assert.deepEqual(await keysOf(dbs[0]), declared);
  } finally {
    await dbs[0]?.exec(`DROP SCHEMA ${schema} CASCADE`);
    await Promise.all(dbs.map((d) => d.close()));
  }
});

/**
 * `db` as seen by an ingest that loses its second batch of staged rows (the second multi-row INSERT on
 * PGlite, the second COPY chunk on PostgreSQL), as a bug in the batching would.
 */
function losingSecondBatch(db: Database): Database {
  let inserts = 0;
  const wrap = (inner: Database): Database => ({
    engine: inner.engine,
    schema: inner.schema,
    query<R>(sql: string, params?: readonly unknown[]): Promise<DbResult<R>> {
      if (sql.startsWith('INSERT INTO sizefit_ingest_staging') && ++inserts === 2) {
        return Promise.resolve({ rows: [], rowCount: 0, fields: [] });
      }
      return inner.query<R>(sql, params);
    },
    exec: (sql) => inner.exec(sql),
    transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
    async copyFrom(sql, chunks) {
      async function* withoutSecond(): AsyncGenerator<string> {
        let k = 0;
        for await (const c of chunks) if (++k !== 2) yield c;
      }
      return inner.copyFrom(sql, withoutSecond());
    },
    useSchema: (name) => inner.useSchema(name),
    close: () => inner.close(),
  });
  return wrap(db);
}

engineTest(
  'batchRows must be a positive whole number, and an ingest that staged too few rows stores nothing',
  async (db) => {
    // Before: NaN stored a dataset row without purchases (then "already ingested" for good), 0 looped forever.
    const { dataset, report } = await loadDataset(writeTemp('batch.jsonl', LINES.join('\n') + '\n'));
    for (const batchRows of [NaN, 0, -1, 1.5, Infinity]) {
      await assert.rejects(
        ingestDataset(db, dataset, report, { batchRows }),
        (e: unknown) =>
          e instanceof InvalidArgumentError &&
          e.message === `ingestDataset: batchRows must be a positive whole number, got ${batchRows}`,
      );
    }
    assert.deepEqual(await tableCounts(db), [0, 0, 0, 0, 0]);
    await assert.rejects(
      ingestDataset(losingSecondBatch(db), dataset, report, { batchRows: 2 }),
      (e: unknown) => e instanceof DataError && /: 7 rows of 9 were staged; nothing was stored$/.test(e.message),
    );
    assert.deepEqual(await tableCounts(db), [0, 0, 0, 0, 0]);
    const r = await ingestDataset(db, dataset, report, { batchRows: 1 });
    assert.deepEqual([r.status, r.rows], ['ingested', 9]);
  },
);

engineTest('keys other than rebuild, keep or auto are refused before anything is stored', async (db) => {
  // Before: any other value ('rebuilt', 'Keep', '') acted as 'auto' without a word.
  const { dataset, report } = await loadDataset(writeTemp('keys.jsonl', LINES.join('\n') + '\n'));
  for (const [keys, shown] of [
    ['rebuilt', '"rebuilt"'],
    ['Keep', '"Keep"'],
    ['', '""'],
    [42, '42'],
  ] as const) {
    await assert.rejects(
      ingestDataset(db, dataset, report, { keys: keys as unknown as 'auto' }),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.message === `ingestDataset: keys must be 'rebuild', 'keep', 'auto', got ${shown}`,
      String(keys),
    );
  }
  assert.deepEqual(await tableCounts(db), [0, 0, 0, 0, 0]);
  const r = await ingestDataset(db, dataset, report, { keys: 'keep' });
  assert.deepEqual([r.status, r.keys], ['ingested', 'kept']);
});

/** `n` characters of seeded random text (64 symbols: an index does not compress it). */
function randomText(n: number, seed: number): string {
  const rng = new Rng(seed);
  const symbols = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_';
  return Array.from({ length: n }, () => symbols[rng.int(64)]).join('');
}

engineTest('a size system too long for the index of article sizes is refused naming line and column', async (db) => {
  // Before: 'index row size ... exceeds btree maximum' (54000) from the engine, without line or column.
  const parse = (itemId: string, sizeSystem: string) =>
    parseFitData(
      [
        rtrLine({ fit: 'fit', user_id: 'u1', item_id: 'i1', size: 4, size_system: 'US' }),
        rtrLine({ fit: 'fit', user_id: 'u2', item_id: itemId, size: 4, size_system: sizeSystem }),
      ].join('\n'),
      { name: 'systems', extraFields: { size_system: 'category' } },
    );
  for (const [itemId, system, bytes] of [
    ['i1', randomText(10_700, 1), 10_700],
    [randomText(2000, 2), randomText(501, 3), 501],
  ] as const) {
    const { dataset, report } = parse(itemId, system);
    await assert.rejects(ingestDataset(db, dataset, report), (e: unknown) => {
      assert.ok(e instanceof DataError, String(e));
      assert.match(
        e.message,
        new RegExp(`^dataset 'systems' line 2, column 'size_system': ".*" is ${bytes} bytes long; `),
      );
      return true;
    });
    assert.deepEqual(await tableCounts(db), [0, 0, 0, 0, 0]);
  }
  // The longest article id with the longest size system fits in the index.
  const { dataset, report } = parse(randomText(2000, 4), randomText(500, 5));
  assert.deepEqual((await ingestDataset(db, dataset, report)).articleSizes, 2);
});

engineTest(
  'an extra number too large for a double is refused naming line and column, not stored as null',
  async (db) => {
    const { dataset, report } = parseFitData(
      [
        rtrLine({ fit: 'fit', user_id: 'u1', item_id: 'i1', size: 4, score: '2' }),
        rtrLine({ fit: 'fit', user_id: 'u2', item_id: 'i1', size: 4, score: '3' }),
      ].join('\n'),
      { name: 'huge', extraFields: { score: 'number' } },
    );
    // The reader reports a number past the largest double and leaves it missing; a dataset made in code can still
    // hold Infinity, which ingest must refuse rather than store as null.
    dataset.numbers('score')[1] = Infinity;
    await assert.rejects(
      ingestDataset(db, dataset, report),
      (e: unknown) =>
        e instanceof DataError &&
        /^dataset 'huge' line 2, column 'score': the number is too large to store \(it reads as Infinity\)/.test(
          e.message,
        ),
    );
    assert.deepEqual(await tableCounts(db), [0, 0, 0, 0, 0]);
  },
);

postgresTest('a drop another session made meanwhile is reported as such, not as a drop', async () => {
  // Before: the second of two concurrent drops of one dataset deleted nothing and printed "dropped" too.
  const schema = schemaName();
  const [a, b, watcher] = [
    await openDatabase({ engine: 'postgres', url: PG_URL, schema }),
    await openDatabase({ engine: 'postgres', url: PG_URL, schema }),
    await openDatabase({ engine: 'postgres', url: PG_URL, schema }),
  ];
  try {
    const { dataset, report } = await loadDataset(writeTemp('dropped.jsonl', LINES.join('\n') + '\n'));
    const { datasetId } = await ingestDataset(a, dataset, report);
    const bPid = (await b.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    // Session a drops the dataset and has not committed yet when b's drop starts.
    await a.query('BEGIN');
    await a.query('DELETE FROM datasets WHERE dataset_id = $1', [datasetId]);
    const second = dropIngestedDataset(b, datasetId).then(
      (d) => d,
      (e: unknown) => e,
    );
    const waiting = async (): Promise<boolean> =>
      (
        await watcher.query<{ w: string | null }>('SELECT wait_event_type AS w FROM pg_stat_activity WHERE pid = $1', [
          bPid,
        ])
      ).rows[0]?.w === 'Lock';
    while (!(await waiting())) {
      // b has not reached the dataset's row lock yet
    }
    await a.query('COMMIT');
    const outcome = await second;
    assert.ok(outcome instanceof DataError, `b reported ${JSON.stringify(outcome)}`);
    assert.match(
      outcome.message,
      new RegExp(`^dataset ${datasetId} \\(sha256 ${dataset.meta.sha256}\\) was dropped by another session meanwhile`),
    );
    // Two drops at once: one drops, the other says the dataset is gone.
    const again = await ingestDataset(a, dataset, report);
    const both = await Promise.allSettled([
      dropIngestedDataset(a, again.datasetId),
      dropIngestedDataset(b, again.datasetId),
    ]);
    assert.deepEqual(both.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    const failed = both.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.ok(failed?.reason instanceof DataError, String(failed?.reason));
    assert.deepEqual(await tableCounts(a), [0, 0, 0, 0, 0]);
  } finally {
    await a.exec(`DROP SCHEMA ${schema} CASCADE`);
    await Promise.all([a, b, watcher].map((d) => d.close()));
  }
});

/** `text` as a plain JSON-lines file and as its gzip copy, side by side; their paths and the sha256 of each. */
function plainAndGzip(name: string, text: string): { plain: string; gz: string; plainSha: string; gzSha: string } {
  const plain = writeTemp(`${name}.jsonl`, text);
  const gz = `${plain}.gz`;
  const bytes = gzipSync(Buffer.from(text, 'utf8'));
  writeFileSync(gz, bytes);
  const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
  return { plain, gz, plainSha: sha(Buffer.from(text, 'utf8')), gzSha: sha(bytes) };
}

engineTest('a file and its gzip copy are one dataset, in either order; their sha256s stay their own', async (db) => {
  // Before: the .jsonl.gz copy of an ingested .jsonl file was ingested again as a second dataset (and the other
  // way round): datasets were keyed by the sha256 of the compressed bytes only.
  const f = plainAndGzip('same', LINES.join('\n') + '\n');
  const plain = await loadDataset(f.plain);
  const gz = await loadDataset(f.gz);
  // meta.sha256 is each file's, as runs and model manifests record it
  assert.deepEqual([plain.dataset.meta.sha256, gz.dataset.meta.sha256], [f.plainSha, f.gzSha]);
  const first = await ingestDataset(db, plain.dataset, plain.report);
  assert.deepEqual(
    [first.status, first.sha256, first.storedSha256, first.contentSha256],
    ['ingested', f.plainSha, f.plainSha, f.plainSha],
  );
  const before = await tableCounts(db);
  const second = await ingestDataset(db, gz.dataset, gz.report);
  assert.deepEqual(
    [second.status, second.datasetId, second.name, second.sha256, second.storedSha256, second.contentSha256],
    ['already-ingested', first.datasetId, 'same.jsonl', f.gzSha, f.plainSha, f.plainSha],
  );
  assert.deepEqual(await tableCounts(db), before);
  assert.deepEqual(before, [1, 8, 9, 9, 9]);
  // The other order: the gzip file stored first, its content hash found by inflating it.
  await dropIngestedDataset(db, first.datasetId);
  const gzFirst = await ingestDataset(db, gz.dataset, gz.report);
  assert.deepEqual([gzFirst.status, gzFirst.storedSha256, gzFirst.contentSha256], ['ingested', f.gzSha, f.plainSha]);
  const plainAgain = await ingestDataset(db, plain.dataset, plain.report);
  assert.deepEqual(
    [plainAgain.status, plainAgain.datasetId, plainAgain.sha256, plainAgain.storedSha256],
    ['already-ingested', gzFirst.datasetId, f.plainSha, f.gzSha],
  );
  assert.deepEqual(await tableCounts(db), before);
  // Listed with both hashes; found, and read back equal, by the plain file's sha256 (its content hash).
  const listed = await listIngestedDatasets(db);
  assert.deepEqual(
    listed.map((d) => [d.datasetId, d.sha256, d.contentSha256]),
    [[gzFirst.datasetId, f.gzSha, f.plainSha]],
  );
  assert.deepEqual((await readDatasetFromDb(db, f.plainSha)).toRecords(), plain.dataset.toRecords());
  // Other content, compressed too: another dataset.
  const other = plainAndGzip('other', LINES.join('\n') + '\n\n');
  const otherGz = await loadDataset(other.gz);
  const r = await ingestDataset(db, otherGz.dataset, otherGz.report);
  assert.deepEqual([r.status, r.contentSha256], ['ingested', other.plainSha]);
  assert.equal((await listIngestedDatasets(db)).length, 2);
});

engineTest('the gzip copy of a stored file, read another way, is refused naming the stored dataset', async (db) => {
  const f = plainAndGzip('read', LINES.join('\n') + '\n');
  const plain = await loadDataset(f.plain);
  const first = await ingestDataset(db, plain.dataset, plain.report);
  const before = await tableCounts(db);
  const gz = await loadDataset(f.gz, { extraFields: { score: 'number' } });
  await assert.rejects(ingestDataset(db, gz.dataset, gz.report), (e: unknown) => {
    assert.ok(e instanceof DataError, String(e));
    assert.ok(
      e.message.startsWith(
        `dataset 'read.jsonl.gz': its content (sha256 of the decompressed bytes ${f.plainSha}) is stored as dataset ` +
          `${first.datasetId} 'read.jsonl' from another file (sha256 ${f.plainSha}), read another way (stored: `,
      ),
      e.message,
    );
    assert.match(e.message, /this reading adds score \(number\).*drop dataset \d+ first/);
    return true;
  });
  assert.deepEqual(await tableCounts(db), before);
});

engineTest('datasets stored before migration 3 keep working; their content hash is filled when known', async (db) => {
  const a = plainAndGzip('legacy-plain', LINES.join('\n') + '\n');
  const b = plainAndGzip('legacy-gz', LINES.slice(0, 5).join('\n') + '\n');
  const c = plainAndGzip('legacy-both', LINES.slice(0, 3).join('\n') + '\n');
  const load = async (p: string) => loadDataset(p);
  const [aPlain, aGz, bPlain, bGz, cPlain, cGz] = await Promise.all(
    [a.plain, a.gz, b.plain, b.gz, c.plain, c.gz].map(load),
  );
  const ids = [];
  for (const x of [aPlain, bGz, cPlain]) ids.push((await ingestDataset(db, x.dataset, x.report)).datasetId);
  // A database at version 2: no content_sha256 column. The listings read it without migrating.
  await db.exec(`DELETE FROM schema_migrations WHERE version = 3; ALTER TABLE datasets DROP COLUMN content_sha256`);
  // 'legacy-both': its gzip copy was stored too before migration 3 (two datasets of one content).
  const cGzId = (
    await db.query<{ id: number }>(
      `INSERT INTO datasets (sha256, name, source, format, schema, row_count, load_report)
       SELECT $1, name, source, format, schema, row_count, load_report FROM datasets WHERE dataset_id = $2
       RETURNING dataset_id AS id`,
      [c.gzSha, ids[2]],
    )
  ).rows[0].id;
  assert.deepEqual(
    (await listIngestedDatasets(db)).map((d) => d.contentSha256),
    [null, null, null, null],
  );
  assert.deepEqual(await migrate(db), { applied: [3], version: MIGRATIONS[MIGRATIONS.length - 1].version });
  const counts = await tableCounts(db);
  // A plain file stored then: its gzip copy is recognised (its content hash is the stored sha256), and filled in.
  const r1 = await ingestDataset(db, aGz.dataset, aGz.report);
  assert.deepEqual(
    [r1.status, r1.datasetId, r1.storedSha256, r1.contentSha256],
    ['already-ingested', ids[0], a.plainSha, a.plainSha],
  );
  // A gzip file stored then: unknown until it is ingested again, then its plain copy is recognised.
  const r2 = await ingestDataset(db, bGz.dataset, bGz.report);
  assert.deepEqual([r2.status, r2.datasetId, r2.contentSha256], ['already-ingested', ids[1], b.plainSha]);
  const r3 = await ingestDataset(db, bPlain.dataset, bPlain.report);
  assert.deepEqual([r3.status, r3.datasetId, r3.storedSha256], ['already-ingested', ids[1], b.gzSha]);
  // Both copies stored then: each stays itself, one of them takes the content hash, nothing fails.
  const r4 = await ingestDataset(db, cGz.dataset, cGz.report);
  const r5 = await ingestDataset(db, cPlain.dataset, cPlain.report);
  assert.deepEqual(
    [r4.status, r4.datasetId, r5.status, r5.datasetId],
    ['already-ingested', cGzId, 'already-ingested', ids[2]],
  );
  assert.deepEqual([r4.contentSha256, r5.contentSha256], [c.plainSha, null]);
  assert.deepEqual(await tableCounts(db), counts);
  assert.deepEqual(
    (await listIngestedDatasets(db)).map((d) => [d.datasetId, d.contentSha256]),
    [
      [ids[0], a.plainSha],
      [ids[1], b.plainSha],
      [ids[2], null],
      [cGzId, c.plainSha],
    ],
  );
});

engineTest('a name finds the latest dataset of that name, whichever of them has a content hash', async (db) => {
  // Before: by name, an older dataset with a content hash was found instead of a newer one without (its hash
  // compared false, the NULL sorted after it), as in a database from migration 2 where only the older one was
  // ingested again after migrating.
  const older = await loadDataset(writeTemp('same-name.jsonl', LINES.join('\n') + '\n'));
  const newer = await loadDataset(writeTemp('same-name.jsonl', LINES.slice(0, 4).join('\n') + '\n'));
  const o = await ingestDataset(db, older.dataset, older.report);
  const n = await ingestDataset(db, newer.dataset, newer.report);
  assert.ok(n.datasetId > o.datasetId && o.rows !== n.rows, `${o.datasetId} ${n.datasetId}`);
  const found = async (ref: string): Promise<number> => (await findIngestedDataset(db, ref)).datasetId;
  for (const withoutHash of [n.datasetId, o.datasetId]) {
    // Each its own content hash, then one of them without (as stored before migration 3).
    for (const d of [o, n]) {
      await db.query('UPDATE datasets SET content_sha256 = $2 WHERE dataset_id = $1', [
        d.datasetId,
        d.datasetId === withoutHash ? null : d.contentSha256,
      ]);
    }
    assert.deepEqual(
      (await listIngestedDatasets(db)).map((d) => d.contentSha256 === null),
      [withoutHash === o.datasetId, withoutHash === n.datasetId],
    );
    assert.equal(await found('same-name.jsonl'), n.datasetId, `without a content hash: ${withoutHash}`);
    assert.equal((await readDatasetFromDb(db, 'same-name.jsonl')).length, newer.dataset.length);
    // By sha256, each is found itself.
    assert.equal(await found(o.sha256), o.datasetId);
    assert.equal(await found(n.sha256), n.datasetId);
  }
});

postgresTest('a file and its gzip copy ingested at once by two sessions make one dataset', async () => {
  // The second insert meets the unique content hash of the first (23505) and reports the stored dataset.
  const schema = schemaName();
  const dbs: Database[] = [];
  try {
    for (let k = 0; k < 2; k++) dbs.push(await openDatabase({ engine: 'postgres', url: PG_URL, schema }));
    const f = plainAndGzip('race', generatedLines(3000, 7, 'race').join('\n') + '\n');
    const files = [await loadDataset(f.plain), await loadDataset(f.gz)];
    for (const keys of ['rebuild', 'keep'] as const) {
      const results = await Promise.all(files.map((x, k) => ingestDataset(dbs[k], x.dataset, x.report, { keys })));
      assert.deepEqual(results.map((r) => r.status).sort(), ['already-ingested', 'ingested'], keys);
      assert.equal(results[0].datasetId, results[1].datasetId, keys);
      assert.ok(
        results.every((r) => r.contentSha256 === f.plainSha && r.rows === 3000),
        keys,
      );
      const [datasets, , , , purchases] = await tableCounts(dbs[0]);
      assert.deepEqual([datasets, purchases], [1, 3000], keys);
      await dropIngestedDataset(dbs[0], results[0].datasetId);
    }
  } finally {
    await dbs[0]?.exec(`DROP SCHEMA ${schema} CASCADE`);
    await Promise.all(dbs.map((d) => d.close()));
  }
});

engineTest(
  'the content hash stored is the one found as the file was read: the file is not read again; code-built data has none',
  async (db) => {
    // Before: ingest read meta.source a second time to hash its content, and stored none when the file had changed
    // or was gone since it was read (or was a pipe, or the data a string).
    const f = plainAndGzip('changed', LINES.join('\n') + '\n');
    const gz = await loadDataset(f.gz);
    assert.equal(gz.dataset.meta.contentSha256, f.plainSha);
    writeFileSync(f.gz, gzipSync(Buffer.from(LINES.slice(0, 2).join('\n') + '\n', 'utf8')));
    rmSync(f.gz);
    assert.equal(await datasetContentSha256(gz.dataset.meta), f.plainSha);
    const r = await ingestDataset(db, gz.dataset, gz.report);
    assert.deepEqual([r.status, r.rows, r.contentSha256], ['ingested', 9, f.plainSha]);
    const again = await ingestDataset(db, gz.dataset, gz.report);
    assert.deepEqual([again.status, again.datasetId], ['already-ingested', r.datasetId]);
    // Parsed from a string: the text is its own content, as a plain file's is; found as that same content.
    const mem = parseFitData(LINES.join('\n') + '\n', { name: 'in-memory' });
    assert.equal(await datasetContentSha256(mem.dataset.meta), mem.dataset.meta.sha256);
    assert.equal(mem.dataset.meta.sha256, f.plainSha);
    const m = await ingestDataset(db, mem.dataset, mem.report);
    assert.deepEqual([m.status, m.datasetId, m.storedSha256], ['already-ingested', r.datasetId, f.gzSha]);
    // Built in code: no content hash; stored without one, and found again by its sha256.
    const built = datasetOf('built', { user_id: ['u1', 'u2'], item_id: ['i1', 'i1'], size: [4, 6] });
    assert.equal(await datasetContentSha256(built.meta), null);
    const b = await ingestDataset(db, built, NO_PROBLEMS);
    assert.deepEqual([b.status, b.contentSha256], ['ingested', null]);
    assert.deepEqual(
      [(await ingestDataset(db, built, NO_PROBLEMS)).status, (await ingestDataset(db, built, NO_PROBLEMS)).datasetId],
      ['already-ingested', b.datasetId],
    );
    // A content hash that is not a hex sha256 is refused before anything is stored.
    const odd = new ColumnarDataset(
      built.schema,
      new Map(built.columnNames.map((n) => [n, built.column(n)])),
      built.lineNumbers,
      {
        ...built.meta,
        sha256: createHash('sha256').update('odd').digest('hex'),
        contentSha256: 'F'.repeat(64),
      },
    );
    const counts = await tableCounts(db);
    await assert.rejects(
      ingestDataset(db, odd, NO_PROBLEMS),
      (e: unknown) => e instanceof DataError && /contentSha256 'F{64}' is not a hex sha256/.test(e.message),
    );
    assert.deepEqual(await tableCounts(db), counts);
  },
);

engineTest('ingestDataset refuses the rows of a truncated gzip file and stores nothing', async (db) => {
  // Before: the rows before the cut were stored as a dataset under the truncated file's sha256 (only the CLI refused).
  const f = writeTruncatedGzip(dirname(writeTemp('x.txt', '')));
  const { dataset, report } = await loadDataset(f.cut);
  assert.ok(dataset.length > 0, 'the reader keeps the rows before the cut');
  await assert.rejects(ingestDataset(db, dataset, report), (e: unknown) => {
    assert.ok(e instanceof DataError, String(e));
    assert.equal(
      e.message,
      `${f.cut} is a truncated gzip: its stream is cut after line ${f.afterLine.toLocaleString('en-US')} ` +
        `(${dataset.length.toLocaleString('en-US')} records read, ${f.inflatedBytes.toLocaleString('en-US')} bytes ` +
        `of text); refusing to ingest dataset '${dataset.meta.name}' from part of a file: download or copy the whole ` +
        `file again (\`sizefit data stats --dataset ${f.cut}\` shows what can be read)`,
    );
    return true;
  });
  assert.deepEqual(await tableCounts(db), [0, 0, 0, 0, 0]);
  const whole = await loadDataset(f.whole);
  assert.equal((await ingestDataset(db, whole.dataset, whole.report)).status, 'ingested');
});

/** A dataset built in code: `columns` maps a name to its values (strings: categorical, numbers: numeric; null: none). */
function datasetOf(name: string, columns: Record<string, (string | number | null)[]>): ColumnarDataset {
  const names = Object.keys(columns);
  const n = columns[names[0]].length;
  const map = new Map<string, Column>();
  const schema = names.map((k) => {
    const values = columns[k];
    if (values.some((v) => typeof v === 'number')) {
      map.set(k, { type: 'number', values: Float64Array.from(values, (v) => (v === null ? NaN : Number(v))) });
      return { name: k, type: 'number' as const, description: k };
    }
    const categories = [...new Set(values.filter((v): v is string => v !== null))];
    map.set(k, {
      type: 'category',
      categories,
      codes: Int32Array.from(values, (v) => (v === null ? -1 : categories.indexOf(v as string))),
    });
    return { name: k, type: 'category' as const, description: k };
  });
  const sha256 = createHash('sha256').update(name).digest('hex');
  return new ColumnarDataset(
    schema,
    map,
    Int32Array.from({ length: n }, (_, i) => i + 1),
    {
      name,
      source: '<memory>',
      format: 'renttherunway',
      sha256,
    },
  );
}

const NO_PROBLEMS = parseFitData('', { name: 'none' }).report;

engineTest('extra columns named __proto__, constructor or toString are stored and read back as given', async (db) => {
  // Before: the extra jsonb was built in a plain object, so a column named __proto__ was never stored (the
  // assignment set the object's prototype), and reading back took a missing key from Object.prototype:
  // toString came back as "function toString() { [native code] }" where the row had none.
  const columns = {
    user_id: ['u1', 'u2', 'u3'],
    item_id: ['i1', 'i1', 'i2'],
    ['__proto__']: ['a', 'b', null], // a computed key: an own property, not the prototype
    constructor: [null, 'c', null],
    toString: ['t', null, null],
    valueOf: [3, null, 0],
    hasOwnProperty: [null, null, null],
  };
  const ds = datasetOf('proto', columns);
  assert.deepEqual(ds.columnNames, Object.keys(columns));
  const r = await ingestDataset(db, ds, NO_PROBLEMS);
  assert.equal(r.rows, 3);
  const stored = await db.query<{ extra: Record<string, unknown> }>('SELECT extra FROM purchases ORDER BY row_index');
  assert.deepEqual(
    stored.rows.map((x) => Object.entries(x.extra).sort()),
    [
      [
        ['__proto__', 'a'],
        ['toString', 't'],
        ['valueOf', 3],
      ],
      [
        ['__proto__', 'b'],
        ['constructor', 'c'],
      ],
      [['valueOf', 0]],
    ],
  );
  const back = await readDatasetFromDb(db, r.datasetId);
  const values = (d: ColumnarDataset, name: string): (string | number | null)[] => {
    const c = d.column(name);
    return c.type === 'number'
      ? Array.from(c.values, (v) => (Number.isNaN(v) ? null : v))
      : Array.from(c.codes, (k) => (k < 0 ? null : c.categories[k]));
  };
  for (const name of Object.keys(columns)) assert.deepEqual(values(back, name), values(ds, name), name);
});

engineTest(
  'a row without a user_id or item_id is refused naming row, line and column; nothing is stored',
  async (db) => {
    // Before: the rows were staged, then the engine refused them with its raw not-null error (SQLSTATE 23502),
    // naming neither the dataset nor the row.
    const missingUser = datasetOf('no-user', { user_id: ['u1', 'u2', null], item_id: ['i1', 'i1', 'i2'] });
    const missingItem = datasetOf('no-item', { user_id: ['u1', 'u2', 'u3'], item_id: ['i1', null, 'i2'] });
    const cases: [ColumnarDataset, string][] = [
      [missingUser, `dataset 'no-user' row 2 (line 3), column 'user_id': the id is missing`],
      [missingItem, `dataset 'no-item' row 1 (line 2), column 'item_id': the id is missing`],
    ];
    // A file read with keepMissingIds keeps its record without a user_id.
    const kept = await loadDataset(
      writeTemp(
        'kept.jsonl',
        [
          rtrLine({ fit: 'fit', user_id: 'u1', item_id: 'i1', size: 4 }),
          rtrLine({ fit: 'fit', item_id: 'i1', size: 4 }),
        ].join('\n') + '\n',
      ),
      { keepMissingIds: true },
    );
    assert.equal(kept.dataset.length, 2);
    cases.push([kept.dataset, `dataset 'kept.jsonl' row 1 (line 2), column 'user_id': the id is missing`]);
    for (const [ds, message] of cases) {
      for (const keys of ['rebuild', 'keep'] as const) {
        await assert.rejects(ingestDataset(db, ds, NO_PROBLEMS, { keys }), (e: unknown) => {
          assert.ok(e instanceof DataError, String(e));
          assert.equal(
            e.message,
            `${message}; every row needs one to be stored (rows read with keepMissingIds cannot be ingested)`,
          );
          return true;
        });
      }
    }
    assert.deepEqual(await tableCounts(db), [0, 0, 0, 0, 0]);
  },
);

engineTest(
  'a role that may write the tables but owns none ingests with the keys kept; rebuild is refused',
  async (db) => {
    // Before: keys 'auto' chose to rebuild (an empty table) and failed with "must be owner of table customers"
    // (SQLSTATE 42501) from ALTER TABLE.
    const declared = await keysOf(db);
    const { dataset, report } = await loadDataset(writeTemp('role.jsonl', LINES.join('\n') + '\n'));
    await asTableUser(db, async () => {
      await assert.rejects(ingestDataset(db, dataset, report, { keys: 'rebuild' }), (e: unknown) => {
        assert.ok(e instanceof InvalidArgumentError, String(e));
        assert.match(
          e.message,
          /^ingestDataset: keys 'rebuild' alters customers, articles, article_sizes, purchases, which role "sizefit_t_role_\d+_\d+" does not own: ingest with keys 'keep' or 'auto'/,
        );
        return true;
      });
      assert.deepEqual(await tableCounts(db), [0, 0, 0, 0, 0]);
      const r = await ingestDataset(db, dataset, report);
      assert.deepEqual([r.status, r.keys, r.rows], ['ingested', 'kept', 9]);
    });
    assert.deepEqual(await keysOf(db), declared);
    // The owner still rebuilds.
    const other = await loadDataset(writeTemp('owner.jsonl', LINES.slice(0, 3).join('\n') + '\n'));
    assert.equal((await ingestDataset(db, other.dataset, other.report, { keys: 'rebuild' })).keys, 'rebuilt');
  },
);

postgresTest(
  'a dataset dropped between the lookup and the counts is ingested again, not reported with 0 rows',
  async () => {
    // Before: the lookup and the counts were separate statements; a drop committed between them made ingest say
    // "already-ingested" with 0 rows, for a dataset no longer stored.
    const schema = schemaName();
    const [a, b] = [
      await openDatabase({ engine: 'postgres', url: PG_URL, schema }),
      await openDatabase({ engine: 'postgres', url: PG_URL, schema }),
    ];
    try {
      const { dataset, report } = await loadDataset(writeTemp('race.jsonl', LINES.join('\n') + '\n'));
      const first = await ingestDataset(a, dataset, report);
      // Session a as an ingest sees it: right after its lookup by sha256 found the dataset, b drops it.
      let found = false;
      let dropped = false;
      const wrap = (inner: Database): Database => ({
        engine: inner.engine,
        schema: inner.schema,
        async query<R>(sql: string, params?: readonly unknown[]): Promise<DbResult<R>> {
          if (found && !dropped) {
            dropped = true;
            await dropIngestedDataset(b, first.datasetId);
          }
          const r = await inner.query<R>(sql, params);
          if (/FROM datasets WHERE sha256 = \$1/.test(sql) && r.rowCount > 0) found = true;
          return r;
        },
        exec: (sql) => inner.exec(sql),
        transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
        copyFrom: (sql, chunks) => inner.copyFrom(sql, chunks),
        useSchema: (name) => inner.useSchema(name),
        close: () => inner.close(),
      });
      const again = await ingestDataset(wrap(a), dataset, report);
      assert.ok(dropped, 'the drop happened between the lookup and the counts');
      assert.deepEqual([again.status, again.rows, again.customers], ['ingested', 9, 8]);
      assert.notEqual(again.datasetId, first.datasetId);
      assert.deepEqual(
        (await listIngestedDatasets(a)).map((d) => d.datasetId),
        [again.datasetId],
      );
      assert.deepEqual(await tableCounts(a), [1, 8, 9, 9, 9]);
    } finally {
      await a.exec(`DROP SCHEMA ${schema} CASCADE`);
      await Promise.all([a, b].map((d) => d.close()));
    }
  },
);
