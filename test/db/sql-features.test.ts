import assert from 'node:assert/strict';
import {
  ArticleFeatures,
  CustomerHistoryFeatures,
  ingestDataset,
  loadDataset,
  sqlArticleFeatures,
  sqlCustomerHistoryFeatures,
  type FeatureMatrix,
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
