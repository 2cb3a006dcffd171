import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  ArticleFeatures,
  ColumnarDataset,
  CustomerHistoryFeatures,
  ingestDataset,
  InvalidArgumentError,
  loadDataset,
  sqlArticleFeatures,
  sqlCustomerHistoryFeatures,
  type Column,
  type FeatureMatrix,
  type LoadReport,
} from '../../lib/index.js';
import { engineTest, HAND_LINES, writeTemp } from './engines.js';

function assertClose(sql: FeatureMatrix, mem: FeatureMatrix, tol = 1e-9): void {
  assert.deepEqual(sql.names, mem.names);
  assert.equal(sql.n, mem.n);
  for (let k = 0; k < mem.data.length; k++) {
    const a = sql.data[k];
    const b = mem.data[k];
    const where = `row ${Math.floor(k / mem.p)}, ${mem.names[k % mem.p]}`;
    if (Number.isNaN(b)) assert.ok(Number.isNaN(a), `${where}: SQL ${a}, in memory NaN`);
    else assert.ok(Math.abs(a - b) <= tol, `${where}: SQL ${a}, in memory ${b}`);
  }
}

engineTest('SQL history features equal the in-memory fit+transform on the sample (size systems)', async (db) => {
  const { dataset, report } = await loadDataset('sample');
  assert.ok(dataset.has('size_system'));
  await ingestDataset(db, dataset, report);
  for (const opts of [{}, { priorStrength: 3, sizePriorStrength: 0 }]) {
    assertClose(
      await sqlCustomerHistoryFeatures(db, dataset.meta.sha256, opts),
      new CustomerHistoryFeatures(opts).fit(dataset).transform(dataset),
    );
    assertClose(
      await sqlArticleFeatures(db, dataset.meta.sha256, opts),
      new ArticleFeatures(opts).fit(dataset).transform(dataset),
    );
  }
});

engineTest('SQL history features match hand-computed values and the in-memory path (no size system)', async (db) => {
  // Global labels: 1 small, 2 fit, 1 large -> rates 1/4, 1/2, 1/4; sizes 8, 4, 12, 8 -> mean 8, variance 8.
  const { dataset, report } = await loadDataset(writeTemp('hand.jsonl', HAND_LINES.join('\n')));
  await ingestDataset(db, dataset, report);
  const cu = await sqlCustomerHistoryFeatures(db, dataset.meta.name);
  const at = (X: FeatureMatrix, i: number, name: string) => X.data[i * X.p + X.names.indexOf(name)];
  // u1: sizes 8, 4 (s1 12, s2 80), one small, one fit; m = 10, a = 1.
  const mean = (12 + 8) / 3;
  assert.ok(Math.abs(at(cu, 0, 'cust_size_mean') - mean) < 1e-12);
  const ss = 80 - 2 * mean * 12 + 2 * mean * mean;
  assert.ok(Math.abs(at(cu, 0, 'cust_size_sd') - Math.sqrt((ss + 8) / 3)) < 1e-12);
  assert.ok(Math.abs(at(cu, 0, 'cust_rate_small') - (1 + 10 * 0.25) / 12) < 1e-12);
  assert.equal(at(cu, 0, 'cust_n'), 2);
  assert.ok(Math.abs(at(cu, 1, 'cust_size_diff') - (4 - mean)) < 1e-12);
  const ar = await sqlArticleFeatures(db, dataset.meta.sha256);
  // dress (rows 0, 2, 3): no small, one large; i1 = the same rows; (i1, 8) = rows 0, 3.
  const catS = 2.5 / 13;
  const itS = (10 * catS) / 13;
  assert.ok(Math.abs(at(ar, 0, 'cat_rate_small') - catS) < 1e-12);
  assert.ok(Math.abs(at(ar, 0, 'cat_rate_large') - 3.5 / 13) < 1e-12);
  assert.ok(Math.abs(at(ar, 0, 'item_rate_small') - itS) < 1e-12);
  assert.equal(at(ar, 0, 'itemsize_n'), 2);
  assert.ok(Math.abs(at(ar, 0, 'itemsize_rate_small') - (10 * itS) / 12) < 1e-12);
  assertClose(cu, new CustomerHistoryFeatures().fit(dataset).transform(dataset));
  assertClose(ar, new ArticleFeatures().fit(dataset).transform(dataset));
});

/** Two purchases of customer u and article i built in code (the readers refuse such sizes): sizes `sizes`. */
function sizedDataset(name: string, sizes: [number, number]): ColumnarDataset {
  const category = (codes: number[], categories: string[]) => ({
    type: 'category' as const,
    codes: Int32Array.from(codes),
    categories,
  });
  const columns = new Map<string, Column>([
    ['user_id', category([0, 0], ['u'])],
    ['item_id', category([0, 0], ['i'])],
    ['fit', category([0, 1], ['fit', 'small'])],
    ['size', { type: 'number', values: Float64Array.from(sizes) }],
  ]);
  const schema = [...columns].map(([field, c]) => ({ name: field, type: c.type, description: field }));
  const sha256 = createHash('sha256').update(name).digest('hex');
  return new ColumnarDataset(schema, columns, Int32Array.from([1, 2]), {
    name,
    source: 'code',
    format: 'code',
    sha256,
  });
}

/** A load report for the datasets built in code (ingest only stores it). */
const REPORT = {
  totalLines: 2,
  rowsKept: 2,
  rowsDropped: 0,
  problems: 0,
  problemCounts: {},
  examples: [],
} as unknown as LoadReport;

engineTest('SQL history features on sizes whose squares overflow say so as the in-memory features do', async (db) => {
  // Before: the engine's bare "value out of range: overflow" (SQLSTATE 22003), where CustomerHistoryFeatures throws
  // an InvalidArgumentError naming the column, the customer and the row.
  const ds = sizedDataset('huge sizes', [1e200, 2]);
  assert.throws(() => new CustomerHistoryFeatures().fit(ds), InvalidArgumentError);
  await ingestDataset(db, ds, REPORT);
  await assert.rejects(sqlCustomerHistoryFeatures(db, 'huge sizes'), (e: unknown) => {
    assert.ok(e instanceof InvalidArgumentError, String(e));
    assert.equal(
      e.message,
      `sqlCustomerHistoryFeatures: dataset 'huge sizes', column 'size': the sizes (up to 1e+200, row 0, customer "u") ` +
        'are too large: the sum of their squares is beyond the float range (about 1.8e308)',
    );
    return true;
  });
  // Ordinary sizes with a prior strength that overflows: the priors are named.
  const ordinary = sizedDataset('ordinary sizes', [1e10, 2]);
  await ingestDataset(db, ordinary, REPORT);
  await assert.rejects(
    sqlCustomerHistoryFeatures(db, 'ordinary sizes', { sizePriorStrength: 1e300 }),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message ===
        `sqlCustomerHistoryFeatures: dataset 'ordinary sizes', column 'size': a value computed from the sizes (up to ` +
          '10000000000, row 0, customer "u") and the priors (priorStrength 10, sizePriorStrength 1e+300) is beyond ' +
          'the float range (about 1.8e308)',
  );
  const ok = await sqlCustomerHistoryFeatures(db, 'ordinary sizes');
  assert.equal(ok.n, 2);
});
