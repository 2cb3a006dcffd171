// Categories whose names collide with the names the feature steps make (the one-hot unknown level) still train,
// save, load and predict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogEntry, estimatorFromJSON, parseFitData, type FitModel } from '../../lib/index.js';

const root = join(import.meta.dirname, '..', '..');

test("an occasion literally named '__unknown__' trains, saves and loads with logistic and gbdt", async () => {
  // Before: its one-hot column was named like the unknown-level column, SimpleImputer refused the repeated name,
  // and training failed ("column 56 is named 'rented_for=__unknown__' like an earlier column").
  const lines = readFileSync(join(root, 'datasets', 'sample', 'sample.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .slice(0, 600);
  const text = lines.map((l, i) =>
    i % 5 === 0 ? l.replace(/"rented for": "[^"]*"/, '"rented for": "__unknown__"') : l,
  );
  const { dataset } = parseFitData(text.join('\n') + '\n', { source: 'hostile-occasion' });
  assert.ok(dataset.categories('rented_for').categories.includes('__unknown__'));
  for (const kind of ['logistic', 'gbdt']) {
    const model = await catalogEntry(kind).create({ seed: 0 }).fit(dataset);
    const back = estimatorFromJSON<FitModel>(JSON.parse(JSON.stringify(model.toJSON())));
    assert.deepEqual(Array.from(back.predictProba(dataset)), Array.from(model.predictProba(dataset)), kind);
  }
});
