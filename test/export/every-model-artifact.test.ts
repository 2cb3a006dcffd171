// Every model of the catalog, trained on the bundled sample, survives saveModel/loadModel and predicts
// exactly the same values afterwards (the service depends on this).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSample, initTf, loadModel, modelCatalog, saveModel } from '../../lib/index.js';

const { dataset } = generateSample();
const train = dataset.take(Array.from({ length: 2400 }, (_, i) => i));
const rows = dataset.take(Array.from({ length: 600 }, (_, i) => 2400 + i));
const tmp = mkdtempSync(join(tmpdir(), 'sizefit-every-'));

for (const entry of modelCatalog()) {
  test(`${entry.name}: saved and loaded, it predicts exactly the same values`, { timeout: 300_000 }, async () => {
    await initTf();
    const model = entry.create({ seed: 7 });
    await model.fit(train);
    const before = model.predictProba(rows);
    const dir = join(tmp, entry.name);
    saveModel(dir, model, {
      model: entry.name,
      dataset: { name: 'sample', format: dataset.meta.format, sha256: dataset.meta.sha256, records: train.length },
    });
    const { model: loaded, manifest } = await loadModel(dir);
    assert.equal(manifest.model, entry.name);
    assert.equal(loaded.kind, model.kind);
    const after = loaded.predictProba(rows);
    assert.equal(after.length, rows.length * 3);
    for (let i = 0; i < before.length; i++) assert.equal(after[i], before[i], `value ${i}`);
  });
}
