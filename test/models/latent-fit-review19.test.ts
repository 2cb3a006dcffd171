// Before: an article the model had not learned took the mean article row, whatever the size bought, so a known
// customer got the same probabilities for sizes 0 to 8 of a new item (99% 'large' even for size 0), and every size
// of a known item beyond its known sizes got the end size's probabilities. With 'lv' (the article side is a true
// size) such an article is now placed by its catalog size; rows of learned articles are unchanged, and so is 'lf'.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  LatentFitCatalog,
  LatentFitModel,
  fitRepresentation,
  latentFitParamsFromJSON,
  latentFitPreset,
  type ResolvedLatentFitOptions,
} from '../../lib/index.js';
import { fitDataset, latentSynthetic } from './latent-fit-data.js';

const data = latentSynthetic(7);
const sizes = [0, 2, 4, 6, 8];

/** P(small) and P(large) of customer `user` buying each of `sizes` of `item`. */
function smallLarge(m: LatentFitModel, user: string, item: string): { small: number[]; large: number[] } {
  const P = m.predictProba(fitDataset(sizes.map((size) => ({ user, item, size, fit: null }))));
  return { small: sizes.map((_, i) => P[3 * i]), large: sizes.map((_, i) => P[3 * i + 2]) };
}

function assertStrictlyMonotone(values: number[], direction: 1 | -1, what: string): void {
  for (let i = 1; i < values.length; i++) {
    assert.ok(
      direction * (values[i] - values[i - 1]) > 0,
      `${what}: size ${sizes[i - 1]} -> ${sizes[i]}: ${values[i - 1]} -> ${values[i]} (${values.join(', ')})`,
    );
  }
}

for (const preset of ['1-LV-LR', 'K-LV-LR'] as const) {
  test(`${preset}: a known customer buying an unseen item leans 'small' for a smaller size, 'large' for a larger one`, () => {
    const m = latentFitPreset(preset, { seed: 3, K: preset === '1-LV-LR' ? 1 : 4 }).fit(data.train);
    const { small, large } = smallLarge(m, 'u0', 'brand-new');
    assertStrictlyMonotone(small, -1, `${preset} P(small)`);
    assertStrictlyMonotone(large, 1, `${preset} P(large)`);
    // u0 (true size 2.4) buying size 0 of an average item: too small; size 8: too large.
    assert.ok(small[0] > 0.5 && large[4] > 0.5, `size 0: P(small) ${small[0]}; size 8: P(large) ${large[4]}`);
    // The line comes from the saved parameters: a reloaded model predicts the same.
    const again = LatentFitModel.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    assert.deepEqual(smallLarge(again, 'u0', 'brand-new'), { small, large });
  });
}

test("'lv': a size beyond a known item's known sizes moves with the size; known articles keep their rows", () => {
  // Item i0 is learned in size 4 only: sizes 0, 2, 6, 8 of it are unseen articles of a known item.
  const sizeCol = data.train.numbers('size');
  const itemCol = data.train.categories('item_id');
  const keep = [...Array(data.train.length).keys()].filter(
    (r) => itemCol.categories[itemCol.codes[r]] !== 'i0' || sizeCol[r] === 4,
  );
  const train = data.train.take(Int32Array.from(keep));
  const m = latentFitPreset('1-LV-LR', { seed: 3 }).fit(train);
  const { small, large } = smallLarge(m, 'u0', 'i0');
  assertStrictlyMonotone(small, -1, 'P(small)');
  assertStrictlyMonotone(large, 1, 'P(large)');
  // Rows of learned articles keep the representation they had ('mean-row' is the placement before); the others move.
  const j = m.toJSON() as unknown as { options: ResolvedLatentFitOptions; catalog: unknown; params: unknown };
  const catalog = LatentFitCatalog.fromJSON(j.catalog);
  const params = latentFitParamsFromJSON(j.params, catalog.numUsers, catalog.numArticles, 'test');
  const rows = data.test.take(Int32Array.from({ length: 400 }, (_, i) => i));
  const enc = catalog.encode(rows, j.options);
  const now = m.representation(rows);
  const before = fitRepresentation(params, catalog, enc, 'mean-row');
  let learned = 0;
  let moved = 0;
  for (let r = 0; r < rows.length; r++) {
    if (enc.article[r] >= 0) {
      learned++;
      assert.equal(now[r], before[r], `row ${r}`);
    } else if (now[r] !== before[r]) moved++;
  }
  assert.ok(learned > 300 && moved > 0, `${learned} rows of learned articles, ${moved} others moved`);
});

test("'lf' is unchanged: an unseen item takes the mean article row at every size", () => {
  const m = latentFitPreset('K-LF-LR', { seed: 3, K: 3, epochs: 3 }).fit(data.train);
  const { small, large } = smallLarge(m, 'u0', 'brand-new');
  for (let i = 1; i < sizes.length; i++) {
    assert.equal(small[i], small[0]);
    assert.equal(large[i], large[0]);
  }
});

test("'lv' without a usable size keeps the mean article row: a missing or infinite size of an unseen item", () => {
  const m = latentFitPreset('1-LV-LR', { seed: 3 }).fit(data.train);
  const rep = m.representation(
    fitDataset([NaN, Infinity, -Infinity].map((size) => ({ user: 'u0', item: 'brand-new', size, fit: null }))),
  );
  assert.ok(rep.every(Number.isFinite));
  assert.equal(rep[1], rep[0]);
  assert.equal(rep[2], rep[0]);
});
