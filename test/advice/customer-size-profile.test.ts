import { test } from 'node:test';
import assert from 'node:assert/strict';
import { customerSizeProfiles, evaluateSyntheticProfiles, fitSizeMixture, generateSynthetic } from '../../lib/index.js';
import { tinyDataset } from './advice-fixtures.js';

// 20 purchases per account on average, 10% shared accounts (300 of 3000).
const synthetic = generateSynthetic({ seed: 1, customers: 3000, articles: 300, purchases: 60000 });
const profiles = customerSizeProfiles(synthetic.dataset, {
  systemIds: { 'us-numeric': 'women-us', 'eu-numeric': 'women-eu', letter: 'letter' },
});
const ev = evaluateSyntheticProfiles(profiles, synthetic);

test('the 90% interval contains the true size for most single-person customers (>= 80%), error < 0.6 size', () => {
  assert.equal(ev.accounts, 3000);
  assert.ok(ev.estimates > 5000, `estimates ${ev.estimates}`);
  assert.ok(ev.coverage >= 0.8, `coverage ${ev.coverage}`);
  assert.ok(ev.meanAbsError < 0.6, `mean abs error ${ev.meanAbsError}`);
  assert.ok(ev.meanWidth < 2.5, `mean width ${ev.meanWidth}`);
});

test('multi-person detection finds shared accounts far better than chance', () => {
  assert.equal(ev.shared, 300);
  // Chance: precision = base rate 0.1, AUC 0.5.
  assert.ok(ev.detectionPrecision >= 0.7, `precision ${ev.detectionPrecision}`);
  assert.ok(ev.detectionRecall >= 0.3, `recall ${ev.detectionRecall}`);
  assert.ok(ev.detectionAuc >= 0.7, `auc ${ev.detectionAuc}`);
  // A detected account has two modes more than a step apart, lower first, weights summing to 1.
  const shared = [...profiles.values()].find((p) => p.multiPerson)!;
  const sys = shared.systems.find((s) => s.multiPerson)!;
  assert.equal(sys.modes.length, 2);
  assert.ok(sys.modes[1].size > sys.modes[0].size + sys.step);
  assert.ok(Math.abs(sys.modes[0].weight + sys.modes[1].weight - 1) < 1e-12);
});

test('labels and lib/sizes sizes are attached per system', () => {
  const p = [...profiles.values()][0];
  for (const s of p.systems) {
    assert.ok(s.estimate.label !== undefined);
    assert.equal(s.estimate.sizeOf?.label, s.estimate.label === 'XXL' ? '2XL' : s.estimate.label);
  }
});

test('hand-made evidence: fit at 8 and small at 8 move the estimate up; kept items count; intervals order', () => {
  const data = tinyDataset([
    { user: 'a', item: 'i', size: 8, fit: 'fit' },
    { user: 'a', item: 'j', size: 8, fit: 'fit' },
    { user: 'b', item: 'i', size: 8, fit: 'small' },
    { user: 'b', item: 'j', size: 8, fit: 'small' },
    { user: 'c', item: 'i', size: 8, fit: 'large' },
    { user: 'c', item: 'j', size: 8, fit: 'large' },
    { user: 'd', item: 'k', size: 4, fit: 'fit' },
    { user: 'd', item: 'k', size: 12, fit: 'fit' },
  ]);
  const p = customerSizeProfiles(data, { step: 2, outlier: 0 });
  const est = (u: string) => p.get(u)!.systems[0].estimate;
  assert.equal(p.get('a')!.systems[0].system, '(all)');
  assert.ok(Math.abs(est('a').size - 8) < 0.3, `a ${est('a').size}`);
  assert.ok(est('a').interval[0] < 8 && est('a').interval[1] > 8);
  // 'small' at 8 means the true size is above 8 + 0.75 steps; 'large' below 8 - 0.75 steps.
  assert.ok(est('b').size > 9.5 && est('b').interval[0] > 8, `b ${est('b').size}`);
  assert.ok(est('c').size < 6.5 && est('c').interval[1] < 8, `c ${est('c').size}`);
  // Fit at both 4 and 12 (4 steps apart) is contradictory: a wide interval around the middle.
  assert.ok(est('d').interval[1] - est('d').interval[0] > est('a').interval[1] - est('a').interval[0]);
});

test('fitSizeMixture: two clear groups beat one by BIC; one group does not', () => {
  const two = fitSizeMixture([4, 4, 4, 5, 4, 9, 9, 10, 9, 9]);
  assert.ok(two.bicGain > 2, `gain ${two.bicGain}`);
  assert.ok(Math.abs(two.two![0].mean - 4.2) < 0.05 && Math.abs(two.two![1].mean - 9.2) < 0.05);
  assert.deepEqual(Array.from(two.assignment), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  const one = fitSizeMixture([6, 6, 7, 6, 6, 7, 6, 6]);
  assert.ok(one.bicGain < 0, `gain ${one.bicGain}`);
  assert.ok(Math.abs(one.one.mean - 6.25) < 1e-12);
  assert.throws(() => fitSizeMixture([]), /at least one/);
});
