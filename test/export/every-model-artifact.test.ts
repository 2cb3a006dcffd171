// Every model of the catalog, trained on the bundled sample, survives saveModel/loadModel and predicts
// exactly the same values afterwards (the service depends on this). Each is saved with the files `sizefit train`
// writes beside it (the advice history, a neural model's TensorFlow.js layers files), which the loader's refusal of
// unlisted files must accept.
import { after as afterAll, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ADVICE_HISTORY_FILE,
  ADVICE_HISTORY_ROLE,
  AdviceHistory,
  generateSample,
  initTf,
  layersModelFiles,
  loadAdviceHistory,
  loadModel,
  modelCatalog,
  saveModel,
} from '../../lib/index.js';

const { dataset } = generateSample();
const train = dataset.take(Array.from({ length: 2400 }, (_, i) => i));
const rows = dataset.take(Array.from({ length: 600 }, (_, i) => 2400 + i));
const tmp = mkdtempSync(join(tmpdir(), 'sizefit-every-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

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
      // As `sizefit train` writes them (lib/cli/train-command.ts).
      extraFiles: {
        [ADVICE_HISTORY_FILE]: { data: JSON.stringify(new AdviceHistory(train).toJSON()), role: ADVICE_HISTORY_ROLE },
        ...(await layersModelFiles(model)),
      },
    });
    const { model: loaded, manifest } = await loadModel(dir);
    assert.ok(loadAdviceHistory(dir) instanceof AdviceHistory);
    // Every entry of the directory is the manifest, a listed file or a folder of listed files.
    const listed = new Set(['manifest.json', ...Object.keys(manifest.files)]);
    for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      assert.ok(listed.has(f) || [...listed].some((l) => l.startsWith(f + '/')), `${f} is listed`);
    }
    assert.equal(manifest.model, entry.name);
    assert.equal(loaded.kind, model.kind);
    const after = loaded.predictProba(rows);
    assert.equal(after.length, rows.length * 3);
    for (let i = 0; i < before.length; i++) assert.equal(after[i], before[i], `value ${i}`);
  });
}
