// Latent fit models ('lv') start their first latent dimension from the standardised catalog sizes. Before, sizes of
// about 1e200 gave an infinite sd (every article started at 0), and sizes near 1.7e308 an infinite mean: every
// parameter became NaN, the fit succeeded and its saved model did not load ("params.w[3] is NaN"). The size moments
// are now computed without overflow, so the start, hence the whole fit, does not depend on the sizes' unit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ColumnarDataset, estimatorFromJSON, latentFitPreset, type LatentFitModel } from '../../lib/index.js';
import { latentSynthetic } from './latent-fit-data.js';

const data = latentSynthetic(11);

/** `ds` with its sizes multiplied by `f`. */
function withSizes(ds: ColumnarDataset, f: number): ColumnarDataset {
  const cols = new Map(ds.columnNames.map((c) => [c, ds.column(c)]));
  cols.set('size', { type: 'number', values: ds.numbers('size').map((v) => v * f) });
  return new ColumnarDataset(ds.schema, cols, ds.lineNumbers, ds.meta);
}

test("'lv' models fitted on sizes of about 1e200 or 1e306 save, load and predict as on the sizes themselves", () => {
  for (const preset of ['1-LV-LR', 'K-LV-LR'] as const) {
    const make = (): LatentFitModel => latentFitPreset(preset, { seed: 5, K: 2, epochs: 3 });
    const reference = make().fit(data.train).predictProba(data.test);
    for (const f of [1e200, 1e306]) {
      const train = withSizes(data.train, f);
      const test_ = withSizes(data.test, f);
      const m = make().fit(train);
      const P = m.predictProba(test_);
      const back = estimatorFromJSON<LatentFitModel>(JSON.parse(JSON.stringify(m.toJSON())));
      assert.deepEqual(back.predictProba(test_), P, `${preset}, sizes x ${f}`);
      for (let k = 0; k < P.length; k++) {
        assert.ok(Math.abs(P[k] - reference[k]) < 1e-6, `${preset}, sizes x ${f}, row ${Math.floor(k / 3)}: ${P[k]}`);
      }
    }
  }
});
