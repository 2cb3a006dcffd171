// `sizefit train` serialises a trained model once: trainingManifestInfo makes its toJSON (for `params`) and hands it
// to saveModel, which writes it instead of serialising the model again (a second toJSON of `best` took 0.8 s).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InvalidArgumentError,
  catalogEntry,
  loadDataset,
  loadModel,
  saveModel,
  trainingManifestInfo,
} from '../../lib/index.js';

const { dataset } = await loadDataset('sample');

test('trainingManifestInfo then saveModel call the model’s toJSON once, and the directory predicts as the model', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sizefit-once-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const model = catalogEntry('logistic').create({ seed: 2 });
  await model.fit(dataset);
  const toJSON = model.toJSON.bind(model);
  let calls = 0;
  model.toJSON = () => {
    calls++;
    return toJSON();
  };
  const info = await trainingManifestInfo(model, dataset, { model: 'logistic', seed: 2, trainingSeconds: 1 });
  saveModel(join(dir, 'm'), model, info);
  assert.equal(calls, 1);
  const written = JSON.parse(readFileSync(join(dir, 'm', 'manifest.json'), 'utf8')) as { params: unknown };
  assert.deepEqual(written.params, info.params);
  const { model: loaded } = await loadModel(join(dir, 'm'));
  assert.deepEqual(Array.from(loaded.predictProba(dataset)), Array.from(model.predictProba(dataset)));
});

test('saveModel refuses an estimatorJson of another kind than the model, and writes nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sizefit-once-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const prior = catalogEntry('prior').create({ seed: 0 });
  await prior.fit(dataset);
  const logistic = catalogEntry('logistic').create({ seed: 0 });
  await logistic.fit(dataset);
  const info = await trainingManifestInfo(prior, dataset, { model: 'prior', seed: 0, trainingSeconds: 1 });
  assert.throws(
    () => saveModel(join(dir, 'm'), logistic, info),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message.includes(`estimatorJson is of kind '${prior.kind}'`) &&
      e.message.includes(`'${logistic.kind}'`),
  );
  assert.throws(() => readFileSync(join(dir, 'm', 'manifest.json')));
});
