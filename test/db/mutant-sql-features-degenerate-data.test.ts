// The SQL history features on data where a formula meets its edge case, checked against the in-memory features
// (their definition): a dataset with no fit label at all (every rate falls back to 1/3), and sizes all equal to 0.1,
// whose variance E[x^2] - E[x]^2 comes out a hair below 0 in floating point (-1.7e-18 for three of them) and is
// clamped to 0, as sizeMoments does.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  ArticleFeatures,
  ColumnarDataset,
  CustomerHistoryFeatures,
  ingestDataset,
  parseFitData,
  sqlArticleFeatures,
  sqlCustomerHistoryFeatures,
  type Column,
  type FeatureMatrix,
} from '../../lib/index.js';
import { engineTest } from './engines.js';

const NO_PROBLEMS = parseFitData('', { name: 'none' }).report;

function assertClose(sql: FeatureMatrix, mem: FeatureMatrix, tol = 1e-9): void {
  assert.deepEqual(sql.names, mem.names);
  assert.equal(sql.n, mem.n);
  for (let k = 0; k < mem.data.length; k++) {
    const [a, b] = [sql.data[k], mem.data[k]];
    const where = `row ${Math.floor(k / mem.p)}, ${mem.names[k % mem.p]}`;
    if (Number.isNaN(b)) assert.ok(Number.isNaN(a), `${where}: SQL ${a}, in memory NaN`);
    else assert.ok(Math.abs(a - b) <= tol, `${where}: SQL ${a}, in memory ${b}`);
  }
}

const category = (codes: number[], categories: string[]): Column => ({
  type: 'category',
  categories,
  codes: Int32Array.from(codes),
});

/** Rows of customers `users` buying item `i1` (category `dress`) in `sizes`, with fit labels `fits` (null: none). */
function dataset(name: string, users: string[], sizes: number[], fits: (string | null)[]): ColumnarDataset {
  const labels = [...new Set(fits.filter((f): f is string => f !== null))];
  const userList = [...new Set(users)];
  const columns = new Map<string, Column>([
    [
      'user_id',
      category(
        users.map((u) => userList.indexOf(u)),
        userList,
      ),
    ],
    [
      'item_id',
      category(
        users.map(() => 0),
        ['i1'],
      ),
    ],
    [
      'category',
      category(
        users.map(() => 0),
        ['dress'],
      ),
    ],
    [
      'fit',
      category(
        fits.map((f) => (f === null ? -1 : labels.indexOf(f))),
        labels,
      ),
    ],
    ['size', { type: 'number', values: Float64Array.from(sizes) }],
  ]);
  const schema = [...columns].map(([field, c]) => ({ name: field, type: c.type, description: field }));
  return new ColumnarDataset(
    schema,
    columns,
    Int32Array.from(users, (_, i) => i + 1),
    {
      name,
      source: 'code',
      format: 'code',
      sha256: createHash('sha256').update(name).digest('hex'),
    },
  );
}

engineTest('with no fit label in the dataset every SQL rate is 1/3, as in memory', async (db) => {
  const ds = dataset('unlabelled', ['u1', 'u1', 'u2'], [4, 6, 8], [null, null, null]);
  await ingestDataset(db, ds, NO_PROBLEMS);
  for (const opts of [{}, { priorStrength: 0 }]) {
    const sql = await sqlCustomerHistoryFeatures(db, 'unlabelled', opts);
    assertClose(sql, new CustomerHistoryFeatures(opts).fit(ds).transform(ds));
    for (const name of ['cust_rate_small', 'cust_rate_fit', 'cust_rate_large']) {
      const j = sql.names.indexOf(name);
      assert.ok(j >= 0, name);
      for (let i = 0; i < sql.n; i++) assert.ok(Math.abs(sql.data[i * sql.p + j] - 1 / 3) < 1e-12, `${name} row ${i}`);
    }
    assertClose(await sqlArticleFeatures(db, 'unlabelled', opts), new ArticleFeatures(opts).fit(ds).transform(ds));
  }
});

engineTest('sizes all equal to 0.1 have a size spread of 0, not the engine error of a negative root', async (db) => {
  const [s1, s2] = [0.1 + 0.1 + 0.1, 0.1 * 0.1 + 0.1 * 0.1 + 0.1 * 0.1];
  assert.ok(s2 / 3 - (s1 / 3) * (s1 / 3) < 0, 'the variance rounds below 0 in floating point');
  const ds = dataset('tenths', ['u1', 'u1', 'u1'], [0.1, 0.1, 0.1], ['fit', 'small', 'fit']);
  await ingestDataset(db, ds, NO_PROBLEMS);
  const sql = await sqlCustomerHistoryFeatures(db, 'tenths');
  assertClose(sql, new CustomerHistoryFeatures().fit(ds).transform(ds));
  assertClose(await sqlArticleFeatures(db, 'tenths'), new ArticleFeatures().fit(ds).transform(ds));
  const sd = sql.names.indexOf('cust_size_sd');
  assert.ok(sd >= 0);
  for (let i = 0; i < sql.n; i++) {
    const v = sql.data[i * sql.p + sd];
    assert.ok(Number.isNaN(v) || (v >= 0 && v < 1e-6), `row ${i}: cust_size_sd ${v}`);
  }
});
