// trainingManifestInfo: what `sizefit train` records about a trained model, as a library function that notebooks
// use too. Before it, notebook 05 assembled the manifest by hand and left out the size systems, the dataset's content
// sha256 and a neural model's TensorFlow.js layers files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ADVICE_HISTORY_FILE,
  LAYERS_MODEL_FILE,
  LAYERS_WEIGHTS_FILE,
  catalogEntry,
  estimatorEntry,
  initTf,
  loadDataset,
  saveModel,
  trainingManifestInfo,
  type ModelManifest,
} from '../../lib/index.js';
import { runInProcess } from '../cli/run-in-process.js';
import { tempDir } from '../temp-dir.js';

const SEED = 3;

for (const name of ['gbdt', 'neural']) {
  test(`trainingManifestInfo of ${name} gives the manifest \`sizefit train\` writes, but for createdAt`, async (t) => {
    const dir = tempDir(t);
    const cliDir = join(dir, 'cli');
    const r = await runInProcess('train', '--dataset', 'sample', '--model', name, '--seed', `${SEED}`, '--out', cliDir);
    assert.equal(r.code, 0, r.err);
    const written = JSON.parse(readFileSync(join(cliDir, 'manifest.json'), 'utf8')) as ModelManifest;

    const { dataset } = await loadDataset('sample');
    const entry = catalogEntry(name);
    const model = entry.create({ seed: SEED });
    if (estimatorEntry(model.kind).capabilities.includes('tensorflow')) await initTf();
    await model.fit(dataset);
    const info = await trainingManifestInfo(model, dataset, {
      model: entry.name,
      seed: SEED,
      trainingSeconds: written.trainingSeconds,
    });

    assert.ok(info.sizeSystems.length > 0, 'the sample has size systems');
    assert.deepEqual(info.sizeSystems, written.sizeSystems);
    assert.equal(info.dataset.contentSha256, dataset.meta.contentSha256);
    assert.ok(info.dataset.contentSha256 !== undefined, 'the sample file has a content sha256');
    assert.deepEqual(info.dataset, written.dataset);
    assert.deepEqual(info.params, written.params);
    assert.deepEqual(info.metrics, written.metrics);
    const extra = Object.keys(info.extraFiles).sort();
    const layers = name === 'neural' ? [LAYERS_MODEL_FILE, LAYERS_WEIGHTS_FILE] : [];
    assert.deepEqual(extra, [ADVICE_HISTORY_FILE, ...layers].sort());

    // Saved, it is the same manifest: the same fields and the same files, byte for byte (their sha256); but for the
    // neural model's estimator.json, which records its own training wall time (history.seconds).
    const saved = saveModel(join(dir, 'lib'), model, info);
    const comparable = (m: ModelManifest): ModelManifest => {
      const files = { ...m.files };
      if (name === 'neural') delete files['estimator.json'];
      return { ...m, createdAt: '', files };
    };
    assert.deepEqual(comparable(saved), comparable(written));
  });
}
