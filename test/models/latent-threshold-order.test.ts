// The latent models' ordinal thresholds stay ordered when no row holds them apart (a crossed pair cannot be saved).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimatorFromJSON, LatentFitModel, latentFitPreset } from '../../lib/index.js';
import { fitDataset, latentSynthetic } from '../models/latent-fit-data.js';

test('thresholds stay ordered (b1 <= b2) when there is no "fit" row to hold them apart, and the model saves', () => {
  const data = latentSynthetic(7);
  const fitCol = data.train.column('fit') as { codes: Int32Array; categories: string[] };
  const keep: number[] = [];
  for (let i = 0; i < data.train.length; i++) if (fitCol.categories[fitCol.codes[i]] !== 'fit') keep.push(i);
  const train = data.train.take(keep);
  for (const preset of ['1-LV-LR', 'K-LF-LR'] as const) {
    const m = latentFitPreset(preset, { seed: 3, K: preset === '1-LV-LR' ? undefined : 4 }).fit(train);
    const [b1, b2] = m.thresholds;
    assert.ok(b1 <= b2, `${preset}: b1 ${b1} > b2 ${b2}`);
    const back = estimatorFromJSON<LatentFitModel>(JSON.parse(JSON.stringify(m.toJSON())));
    assert.deepEqual(back.thresholds, m.thresholds);
  }
  void fitDataset;
});
