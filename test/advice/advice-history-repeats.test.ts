// advice-history.json with a repeated customer id, article id or article size is refused at load, naming the file
// and the entry: before, it loaded, and a customer's or an article's history went missing or was mixed up, and every
// request for an article with a repeated size was answered 400 "size 0 repeats" (the server's file blamed on the
// caller). toJSON never writes a repeat, -0 and 0 included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  ADVICE_HISTORY_FILE,
  ADVICE_HISTORY_ROLE,
  AdviceHistory,
  ModelFormatError,
  PriorFitModel,
  loadAdviceHistory,
  loadDataset,
  saveModel,
  type AdviceHistoryJSON,
} from '../../lib/index.js';
import { tinyDataset } from './advice-fixtures.js';
import { tempDir } from '../temp-dir.js';

const tiny = tinyDataset([
  { user: 'ann', item: 'd1', size: 8, fit: 'fit', category: 'dress', height: 165 },
  { user: 'ann', item: 'd2', size: 10, fit: 'small', category: 'dress' },
  { user: 'bo', item: 'd1', size: 4, fit: 'fit', category: 'dress', height: 180 },
  { user: 'bo', item: 't1', size: 2, fit: 'large', category: 'top' },
  { user: 'ann', item: 'd1', size: 10, fit: 'large', category: 'dress' },
]);

/** A copy of the tiny history's JSON with `edit` applied (not through JSON text: -0 stays -0). */
function edited(edit: (j: AdviceHistoryJSON) => void): AdviceHistoryJSON {
  const j = structuredClone(new AdviceHistory(tiny).toJSON());
  edit(j);
  return j;
}

test('fromJSON refuses a repeated customer id, article id or size of an article, naming it', () => {
  const j = new AdviceHistory(tiny).toJSON();
  assert.deepEqual(j.customers.ids, ['ann', 'bo']);
  assert.deepEqual(j.articles.ids, ['d1', 'd2', 't1']);
  assert.deepEqual(j.articles.sizes, [[4, 8, 10], [10], [2]]);
  AdviceHistory.fromJSON(j);
  const cases: [(j: AdviceHistoryJSON) => void, RegExp][] = [
    [(x) => (x.customers.ids[1] = 'ann'), /^advice history: customers\.ids\[1\] "ann" repeats$/],
    [(x) => (x.articles.ids[2] = 'd1'), /^advice history: articles\.ids\[2\] "d1" repeats$/],
    [(x) => (x.articles.sizes[0] = [4, 4, 10]), /^advice history: articles\.sizes\[0\]\[1\] \(size 4\) repeats$/],
    [(x) => (x.articles.sizes[0] = [-0, 0, 10]), /^advice history: articles\.sizes\[0\]\[1\] \(size 0\) repeats$/],
    [(x) => (x.articles.sizes[0] = [4, 10, 8]), /articles\.sizes\[0\]\[2\] \(size 8\) is below the size before it/],
  ];
  for (const [edit, re] of cases) {
    assert.throws(
      () => AdviceHistory.fromJSON(edited(edit)),
      (e: unknown) => e instanceof ModelFormatError && re.test(e.message),
      re.source,
    );
  }
});

test('toJSON writes each id and each size of an article once, ascending; -0 and 0 are one size', async () => {
  // An article bought in size -0 (as a file may write it) and 0: one size, and the history round-trips.
  const zeros = tinyDataset([
    { user: 'ann', item: 'd1', size: -0, fit: 'fit' },
    { user: 'bo', item: 'd1', size: 0, fit: 'small' },
    { user: 'cy', item: 'd1', size: 2, fit: 'large' },
  ]);
  const h = new AdviceHistory(zeros);
  assert.deepEqual(h.toJSON().articles.sizes, [[0, 2]]);
  assert.deepEqual(AdviceHistory.fromJSON(structuredClone(h.toJSON())).articleSizes('d1'), [0, 2]);
  assert.deepEqual(AdviceHistory.fromJSON(JSON.parse(JSON.stringify(h.toJSON()))).articleSizes('d1'), [0, 2]);

  const { dataset } = await loadDataset('sample');
  const j = new AdviceHistory(dataset).toJSON();
  assert.equal(new Set(j.customers.ids).size, j.customers.ids.length);
  assert.equal(new Set(j.articles.ids).size, j.articles.ids.length);
  for (const s of j.articles.sizes) for (let k = 1; k < s.length; k++) assert.ok(s[k - 1] < s[k], String(s));
  AdviceHistory.fromJSON(JSON.parse(JSON.stringify(j)));
});

test('loadAdviceHistory names advice-history.json for a repeated size (the checksums recomputed)', async (t) => {
  const { dataset } = await loadDataset('sample');
  const history = new AdviceHistory(dataset).toJSON();
  const a = history.articles.sizes.findIndex((s) => s.length >= 2);
  assert.ok(a >= 0, 'an article with two sizes');
  history.articles.sizes[a][1] = history.articles.sizes[a][0];
  const dir = join(tempDir(t, 'sizefit-history-repeats-'), 'model');
  saveModel(dir, new PriorFitModel().fit(dataset), {
    model: 'prior',
    dataset: { name: 'sample', format: dataset.meta.format, sha256: dataset.meta.sha256, records: dataset.length },
    extraFiles: { [ADVICE_HISTORY_FILE]: { data: JSON.stringify(history), role: ADVICE_HISTORY_ROLE } },
  });
  // saveModel signs the history as given (its sha256 matches): only the content check can refuse it.
  assert.throws(
    () => loadAdviceHistory(dir),
    (e: unknown) =>
      e instanceof ModelFormatError &&
      e.file === join(dir, ADVICE_HISTORY_FILE) &&
      new RegExp(`articles\\.sizes\\[${a}\\]\\[1\\] \\(size [0-9.]+\\) repeats`).test(e.message),
  );
});
