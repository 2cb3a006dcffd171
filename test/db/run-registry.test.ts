import assert from 'node:assert/strict';
import { InvalidArgumentError, libVersion, listRuns, registerRun } from '../../lib/index.js';
import { engineTest, HOSTILE } from './engines.js';

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
