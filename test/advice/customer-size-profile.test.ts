import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ColumnarDataset,
  InvalidArgumentError,
  customerSizeProfiles,
  evaluateSyntheticProfiles,
  fitSizeMixture,
  generateSynthetic,
  type Column,
  type FieldSchema,
  type SizeProfileOptions,
} from '../../lib/index.js';
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

test('fitSizeMixture: minSd must be a finite number > 0 and iterations an integer >= 0', () => {
  // Before: minSd 0, negative or NaN gave all-NaN components and a NaN BIC gain without an error.
  for (const minSd of [0, -1, NaN, Infinity]) {
    assert.throws(
      () => fitSizeMixture([5, 5, 5, 9], { minSd }),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.message === `fitSizeMixture: minSd must be a finite number > 0, got ${minSd}`,
      String(minSd),
    );
  }
  for (const iterations of [-5, 1.5, NaN]) {
    assert.throws(
      () => fitSizeMixture([5, 5, 5, 9], { iterations }),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.message === `fitSizeMixture: iterations must be an integer >= 0, got ${iterations}`,
      String(iterations),
    );
  }
  // No iteration: the start, the lower and upper halves (5, 5 | 5, 9) with the floor 0.5 on the first sd.
  const start = fitSizeMixture([5, 5, 5, 9], { iterations: 0 });
  assert.deepEqual(start.two, [
    { weight: 0.5, mean: 5, sd: 0.5 },
    { weight: 0.5, mean: 7, sd: 2 },
  ]);
  assert.ok(Number.isFinite(fitSizeMixture([5, 5, 5, 9], { minSd: 0.01 }).bicGain));
});

test('customerSizeProfiles: every numeric option is checked, the error names the option and the value', () => {
  // One customer with three bare purchases (no feedback, no return status): purchaseWeight is what counts.
  const data = tinyDataset([
    { user: 'a', item: 'i', size: 8, fit: null },
    { user: 'a', item: 'j', size: 8, fit: null },
    { user: 'a', item: 'k', size: 10, fit: null },
  ]);
  // Before: purchaseWeight NaN gave the estimate NaN, -2 and the unchecked options were taken as they came, and
  // minObservations 1 failed with a TypeError on a one-purchase customer.
  const cases: [SizeProfileOptions, string][] = [
    [{ purchaseWeight: NaN }, 'purchaseWeight must be a finite number >= 0, got NaN'],
    [{ purchaseWeight: -2 }, 'purchaseWeight must be a finite number >= 0, got -2'],
    [{ keptWeight: NaN }, 'keptWeight must be a finite number >= 0, got NaN'],
    [{ keptWeight: Infinity }, 'keptWeight must be a finite number >= 0, got Infinity'],
    [{ fitTolerance: -0.5 }, 'fitTolerance must be a finite number >= 0, got -0.5'],
    [{ noise: 0 }, 'noise must be a finite number > 0, got 0'],
    [{ priorSd: Infinity }, 'priorSd must be a finite number > 0, got Infinity'],
    [{ outlier: 1 }, 'outlier must be a number in [0, 1), got 1'],
    [{ level: NaN }, 'level must be a number in (0, 1), got NaN'],
    [{ step: 0 }, 'step must be a finite number > 0, got 0'],
    [{ step: { '(all)': NaN } }, "step['(all)'] must be a finite number > 0, got NaN"],
    [{ multiPerson: { minObservations: 1 } }, 'multiPerson.minObservations must be an integer >= 2, got 1'],
    [{ multiPerson: { minObservations: 2.5 } }, 'multiPerson.minObservations must be an integer >= 2, got 2.5'],
    [{ multiPerson: { minGap: NaN } }, 'multiPerson.minGap must be a finite number >= 0, got NaN'],
    [{ multiPerson: { minWeight: 0.6 } }, 'multiPerson.minWeight must be a number in [0, 0.5], got 0.6'],
    [{ multiPerson: { bicMargin: NaN } }, 'multiPerson.bicMargin must be a finite number, got NaN'],
    [{ purchaseWeight: '1' as unknown as number }, 'purchaseWeight must be a finite number >= 0, got "1" (string)'],
  ];
  for (const [options, message] of cases) {
    assert.throws(
      () => customerSizeProfiles(data, options),
      (e: unknown) => e instanceof InvalidArgumentError && e.message === `customerSizeProfiles: ${message}`,
      message,
    );
  }
  // 0 is settable: bare purchases then carry no evidence and the estimate is the mean of the prior N(8, (3 steps)²)
  // (8 the median size, a step 2) on the grid from 8 - 4 steps to 10 + 4 steps by 0.05 steps.
  const none = customerSizeProfiles(data, { purchaseWeight: 0 }).get('a')!.systems[0].estimate;
  const grid = Array.from({ length: 181 }, (_, g) => g / 10);
  const prior = grid.map((t) => Math.exp(-0.5 * ((t - 8) / 6) ** 2));
  const priorMean = grid.reduce((s, t, g) => s + t * prior[g], 0) / prior.reduce((s, p) => s + p, 0);
  assert.ok(Math.abs(none.size - priorMean) < 1e-9, `estimate ${none.size}, prior mean ${priorMean}`);
  assert.ok(Number.isFinite(customerSizeProfiles(data).get('a')!.systems[0].estimate.size));
});

/** Rows of one or more customers with a size system and a size label column. */
function withSystems(rows: { user: string; size: number; fit: string | null; system: string; label: string }[]) {
  const dict = (values: string[]): Extract<Column, { type: 'category' }> => {
    const categories = [...new Set(values)];
    return { type: 'category', codes: Int32Array.from(values, (v) => categories.indexOf(v)), categories };
  };
  const schema: FieldSchema[] = ['user_id', 'size', 'fit', 'size_system', 'size_label'].map((name) => ({
    name,
    type: name === 'size' ? 'number' : 'category',
    description: name,
  }));
  const fit = dict(rows.map((r) => r.fit ?? ''));
  const cols = new Map<string, Column>([
    ['user_id', dict(rows.map((r) => r.user))],
    ['size', { type: 'number', values: Float64Array.from(rows, (r) => r.size) }],
    ['fit', { ...fit, codes: fit.codes.map((c, i) => (rows[i].fit === null ? -1 : c)) }],
    ['size_system', dict(rows.map((r) => r.system))],
    ['size_label', dict(rows.map((r) => r.label))],
  ]);
  const meta = { name: 'systems', source: 'test', format: 'test', sha256: '' };
  return new ColumnarDataset(schema, cols, new Int32Array(rows.length), meta);
}

test('step and systemIds are read by their own keys: a system named constructor, toString or __proto__ is no key', () => {
  for (const system of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    const data = withSystems([
      { user: 'u', size: 38, fit: 'fit', system, label: '38' },
      { user: 'u', size: 40, fit: 'small', system, label: '40' },
      { user: 'v', size: 42, fit: 'fit', system, label: '42' },
    ]);
    const estimate = (options: SizeProfileOptions) => {
      const s = customerSizeProfiles(data, options).get('u')!.systems[0];
      return { system: s.system, step: s.step, estimate: s.estimate };
    };
    // Options that name other systems are no options for this one: the default step (the smallest gap, 2).
    const plain = estimate({});
    assert.equal(plain.system, system);
    assert.equal(plain.step, 2);
    assert.ok(Number.isFinite(plain.estimate.size), system);
    assert.deepEqual(estimate({ step: { other: 4 }, systemIds: { other: 'women-eu' } }), plain, system);
    assert.equal(estimate({ systemIds: {} }).estimate.sizeOf, undefined, system);
    // Given as an own key, the system's step and id are used.
    const own = JSON.parse(`{"${system}": 4}`) as Record<string, number>;
    assert.deepEqual(estimate({ step: own }), estimate({ step: 4 }), system);
    const ids = JSON.parse(`{"${system}": "women-eu"}`) as Record<string, string>;
    assert.equal(estimate({ systemIds: ids }).estimate.sizeOf?.system, 'women-eu', system);
  }
  assert.throws(
    () => customerSizeProfiles(withSystems([]), { systemIds: 'women-eu' as unknown as Record<string, string> }),
    (e: unknown) => e instanceof InvalidArgumentError && /systemIds must be an object/.test(e.message),
  );
});

test("a customer's sizes spanning more than 10,000 steps of a system are refused by name, not a RangeError", () => {
  const rows = (sizes: number[], user = 'u1') =>
    sizes.map((size, k) => ({ user, size, fit: 'fit', system: 'x', label: `s${k}` }));
  // A stray size 1e9 with a step of 1 (customer u0 is fine), and a tiny gap (1e-7) that makes the default step tiny.
  for (const data of [
    withSystems([...rows([8, 10], 'u0'), ...rows([0, 1, 1e9])]),
    withSystems(rows([8, 8 + 1e-7, 10])),
  ]) {
    assert.throws(
      () => customerSizeProfiles(data),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.message.includes("customer 'u1'") &&
        e.message.includes("system 'x'") &&
        e.message.includes('option step'),
    );
  }
  // With a step that fits the span, the same sizes give an estimate.
  const ok = customerSizeProfiles(withSystems(rows([8, 8 + 1e-7, 10])), { step: 2 });
  assert.ok(Number.isFinite(ok.get('u1')!.systems[0].estimate.size));
});
