// The in-sample metrics `sizefit train` writes to the manifest: every row of a small dataset, a seeded
// sample of a large one, and the same figures as scoring those rows directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogEntry, evaluateProbabilities, loadDataset } from '../../lib/index.js';
import { TRAINING_METRICS_MAX_ROWS, trainingMetricRows, trainingMetrics } from '../../lib/training/training-metrics.js';
import { tempDir } from '../temp-dir.js';

const { dataset } = await loadDataset('sample');

test('trainingMetricRows: every row up to the cap, else a seeded ascending sample of distinct rows', () => {
  assert.deepEqual([...trainingMetricRows(5, 1, 10)], [0, 1, 2, 3, 4]);
  assert.deepEqual([...trainingMetricRows(10, 1, 10)], [...Array(10).keys()]);
  const a = trainingMetricRows(1000, 7, 100);
  assert.equal(a.length, 100);
  for (let i = 1; i < a.length; i++) assert.ok(a[i] > a[i - 1], 'ascending and distinct');
  assert.ok(a[0] >= 0 && a[a.length - 1] < 1000);
  assert.deepEqual([...trainingMetricRows(1000, 7, 100)], [...a], 'same seed, same rows');
  assert.notDeepEqual([...trainingMetricRows(1000, 8, 100)], [...a], 'another seed, other rows');
  assert.equal(trainingMetricRows(TRAINING_METRICS_MAX_ROWS + 1, 0).length, TRAINING_METRICS_MAX_ROWS);
});

test('trainingMetrics scores the sampled rows exactly as evaluating them directly', async () => {
  const model = catalogEntry('logistic').create({ seed: 0 });
  await model.fit(dataset);
  const m = trainingMetrics(model, dataset, 3, 500);
  assert.equal(m.rows, 500);
  const rows = trainingMetricRows(dataset.length, 3, 500);
  const part = dataset.take(rows);
  const direct = evaluateProbabilities(part.categories('fit').codes, model.predictProba(part), { samples: 0 });
  assert.equal(m.avgAuc, direct.avgAuc);
  assert.equal(m.logLoss, direct.logLoss);
  assert.deepEqual([m.aucSmall, m.aucFit, m.aucLarge], [direct.auc.small, direct.auc.fit, direct.auc.large]);

  const all = trainingMetrics(model, dataset, 3);
  assert.equal(all.rows, dataset.length);
  const whole = evaluateProbabilities(dataset.categories('fit').codes, model.predictProba(dataset), { samples: 0 });
  assert.equal(all.avgAuc, whole.avgAuc);
  assert.equal(all.accuracy, whole.accuracy);
});

test('trainingMetrics: a class without rows gives null AUCs instead of an error', async () => {
  const fit = dataset.categories('fit');
  const keep = [...fit.codes.keys()].filter((i) => fit.categories[fit.codes[i]] !== 'large');
  const noLarge = dataset.take(keep);
  const model = catalogEntry('prior').create({ seed: 0 });
  await model.fit(noLarge);
  const m = trainingMetrics(model, noLarge, 0);
  assert.equal(m.rows, noLarge.length);
  assert.equal(m.aucLarge, null);
  assert.equal(m.avgAuc, null);
  assert.ok(m.aucSmall !== null && m.aucFit !== null);
  assert.ok(m.accuracy > 0 && m.accuracy <= 1);
  assert.ok(Number.isFinite(m.logLoss));
});

test('sizefit train writes the in-sample metrics with the number of rows scored', (t) => {
  const dir = join(tempDir(t, 'sizefit-tm-'), 'm');
  const r = spawnSync(
    process.execPath,
    ['lib/dist/cli/main.js', 'train', '--dataset', 'datasets/sample/sample.jsonl', '--model', 'prior', '--out', dir],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\(in-sample, 3,000 rows\)/);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    metrics: { training: Record<string, number> };
  };
  assert.equal(manifest.metrics.training.rows, 3000);
  for (const k of ['avgAuc', 'aucSmall', 'aucFit', 'aucLarge', 'accuracy', 'logLoss'])
    assert.equal(typeof manifest.metrics.training[k], 'number', k);
});

test('sizefit train on data without one class writes the model, with null AUCs in the manifest', (t) => {
  const tmp = tempDir(t, 'sizefit-tm-');
  const data = join(tmp, 'no-large.jsonl');
  const lines = readFileSync('datasets/sample/sample.jsonl', 'utf8').trim().split('\n');
  writeFileSync(data, lines.filter((l) => (JSON.parse(l) as { fit?: string }).fit !== 'large').join('\n') + '\n');
  const dir = join(tmp, 'm');
  const r = spawnSync(
    process.execPath,
    ['lib/dist/cli/main.js', 'train', '--dataset', data, '--model', 'logistic', '--out', dir],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /training avg AUC undefined \(a class has no row\)/);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    metrics: { training: Record<string, number | null> };
  };
  assert.equal(manifest.metrics.training.aucLarge, null);
  assert.equal(manifest.metrics.training.avgAuc, null);
  assert.equal(typeof manifest.metrics.training.aucSmall, 'number');
});
