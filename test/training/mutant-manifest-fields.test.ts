// trainingManifestInfo's own fields against values stated by hand: the other test compares it with `sizefit train`,
// which calls trainingManifestInfo too, so a field both get wrong (the seed left out of `params`, a size system
// dropped) passed it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogEntry, loadDataset, trainingManifestInfo } from '../../lib/index.js';

const { dataset } = await loadDataset('sample');

test('trainingManifestInfo records the seed in params, before the options of a model that has none', async () => {
  const model = catalogEntry('prior').create({ seed: 3 });
  await model.fit(dataset);
  const info = await trainingManifestInfo(model, dataset, { model: 'prior', seed: 3, trainingSeconds: 0.5 });
  assert.deepEqual(info.params, { seed: 3 });
  assert.equal(info.model, 'prior');
  assert.equal(info.trainingSeconds, 0.5);
  assert.equal(info.dataset.records, dataset.length);
});

test("trainingManifestInfo lists every size system of the rows, sorted, whatever the system's category code", async () => {
  const systems = dataset.categories('size_system');
  const name = (i: number): string | undefined =>
    systems.codes[i] < 0 ? undefined : systems.categories[systems.codes[i]];
  const all = [...new Set(Array.from(systems.codes.keys(), name).filter((s) => s !== undefined))].sort();
  assert.ok(all.length >= 2, 'the sample has several size systems');
  const model = catalogEntry('prior').create({ seed: 0 });
  await model.fit(dataset);
  const info = await trainingManifestInfo(model, dataset, { model: 'prior', seed: 0, trainingSeconds: 1 });
  assert.deepEqual(info.sizeSystems, all);
  // The rows of one system only, each system in turn (the first category, code 0, included).
  for (const s of systems.categories) {
    const rows = [...systems.codes.keys()].filter((i) => name(i) === s);
    if (rows.length === 0) continue;
    const part = dataset.take(rows);
    const one = await trainingManifestInfo(model, part, { model: 'prior', seed: 0, trainingSeconds: 1 });
    assert.deepEqual(one.sizeSystems, [s], s);
  }
});
