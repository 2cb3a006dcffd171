import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, evaluateSyntheticFlags, generateSynthetic, sampleGamma, sizeFlags } from '../../lib/index.js';
import { tinyDataset } from './advice-fixtures.js';

const synthetic = generateSynthetic({ seed: 1, customers: 3000, articles: 300, purchases: 60000 });

test('flags recover the synthetic articles with true offsets ±1 (precision >= 0.85, recall >= 0.9)', () => {
  const flags = sizeFlags(synthetic.dataset, { seed: 3 });
  assert.equal(flags.length, new Set(synthetic.truth.rows.article).size);
  const ev = evaluateSyntheticFlags(flags, synthetic.truth);
  assert.ok(ev.positives >= 30, `positives ${ev.positives}`);
  assert.ok(ev.precision >= 0.85, `precision ${ev.precision}`);
  assert.ok(ev.recall >= 0.9, `recall ${ev.recall}`);
  // Articles that are true to size (offset 0) are rarely flagged.
  const byId = new Map(synthetic.truth.articles.map((a) => [a.itemId, a]));
  const neutral = flags.filter((f) => byId.get(f.item)!.offset === 0);
  const wrong = neutral.filter((f) => f.flag !== 'true-to-size').length / neutral.length;
  assert.ok(wrong < 0.2, `flagged neutral share ${wrong}`);
});

test('the evidence: counts, shrunken posterior and the interval excluding the category baseline', () => {
  const rows = [];
  // Category "dress": 3 articles; a1 runs small (8 small of 10), a2 and a3 mostly fit.
  for (let k = 0; k < 10; k++)
    rows.push({ user: `u${k}`, item: 'a1', size: 8, fit: k < 8 ? 'small' : 'fit', category: 'dress' });
  for (let k = 0; k < 20; k++)
    rows.push({
      user: `v${k}`,
      item: 'a2',
      size: 8,
      fit: k < 2 ? 'small' : k < 4 ? 'large' : 'fit',
      category: 'dress',
    });
  for (let k = 0; k < 20; k++)
    rows.push({ user: `w${k}`, item: 'a3', size: 8, fit: k < 1 ? 'small' : 'fit', category: 'dress' });
  rows.push({ user: 'x', item: 'a4', size: 8, fit: 'small', category: 'dress' });
  const data = tinyDataset(rows);
  const flags = sizeFlags(data, { priorStrength: 10, interval: 'normal', baseline: 'pooled' });
  const [a1, a2, a3, a4] = flags;
  // Category rates (51 labelled: 12 small, 37 fit, 2 large), the prior mixed with one pseudo-count at the overall rates.
  const over = [13 / 54, 38 / 54, 3 / 54];
  const prior = [12, 37, 2].map((c, k) => (c + over[k]) / 52);
  assert.ok(Math.abs(a1.categoryRates.small - prior[0]) < 1e-12);
  assert.deepEqual(a1.counts, { small: 8, fit: 2, large: 0 });
  assert.ok(Math.abs(a1.posterior.small - (10 * prior[0] + 8) / 20) < 1e-12);
  assert.ok(Math.abs(a1.tendency - ((10 * prior[0] + 8) / 20 - (10 * prior[2]) / 20)) < 1e-12);
  assert.ok(Math.abs(a1.baseline - (prior[0] - prior[2])) < 1e-12);
  assert.equal(a1.flag, 'runs-small');
  assert.ok(a1.interval[0] > a1.baseline);
  assert.equal(a2.flag, 'true-to-size');
  assert.equal(a3.flag, 'true-to-size');
  // One sale is shrunk to the category: no flag.
  assert.equal(a4.flag, 'true-to-size');
  assert.ok(a4.posterior.small < 0.5 && a4.posterior.small > prior[0]);
  // The Monte Carlo interval agrees with the normal approximation to ~0.03 here.
  const mc = sizeFlags(data, { priorStrength: 10, draws: 20000, seed: 1, baseline: 'pooled' });
  assert.ok(Math.abs(mc[1].interval[0] - a2.interval[0]) < 0.03 && Math.abs(mc[1].interval[1] - a2.interval[1]) < 0.03);
  assert.ok(Math.abs(mc[0].probabilityAbove - a1.probabilityAbove) < 0.02);
  // minSales withholds flags on thin articles.
  assert.equal(sizeFlags(data, { minSales: 11, interval: 'normal' })[0].flag, 'true-to-size');
  assert.throws(() => sizeFlags(data, { level: 1 }), /level/);
});

test('Gamma draws have mean and variance equal to the shape (shapes 0.4, 1, 7.5)', () => {
  const rng = new Rng(5);
  for (const a of [0.4, 1, 7.5]) {
    const n = 40000;
    let s = 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const g = sampleGamma(rng, a);
      s += g;
      ss += g * g;
    }
    const mean = s / n;
    const variance = ss / n - mean * mean;
    assert.ok(Math.abs(mean - a) < 4 * Math.sqrt(a / n), `shape ${a}: mean ${mean}`);
    assert.ok(Math.abs(variance - a) < 0.06 * a + 0.02, `shape ${a}: variance ${variance}`);
  }
  assert.throws(() => sampleGamma(rng, 0), /shape/);
});
