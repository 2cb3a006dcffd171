// The BIC of fitSizeMixture from its definition; the strict / inclusive thresholds of multi-person detection in
// customerSizeProfiles (bicGain must exceed bicMargin, the smaller mode must hold at least minWeight); the evidence of
// kept and returned units without feedback (found by mutation testing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ColumnarDataset, customerSizeProfiles, fitSizeMixture, type Column } from '../../lib/index.js';
import { tinyDataset, type TinyRow } from './advice-fixtures.js';

test('fitSizeMixture: bicGain = -2 ll1 + 2 ln n - (-2 ll2 + 5 ln n), from a case solved by hand', () => {
  // 0, 0, 10, 10: one normal N(5, 5^2), ll1 = -2 ln 2π - 2 - 4 ln 5; two components N(0, 0.5^2) and N(10, 0.5^2)
  // (the minSd floor) of weight 1/2, each value at its own mean (the other is 20 sd away, e^-200): ll2 = -2 ln 2π.
  // bicGain = 4 + 8 ln 5 + 2 ln 4 - 5 ln 4 = 4 + 8 ln 5 - 3 ln 4.
  const mix = fitSizeMixture([0, 0, 10, 10]);
  assert.ok(Math.abs(mix.one.sd - 5) < 1e-12);
  assert.deepEqual(
    mix.two!.map((c) => [c.mean, c.sd, c.weight]),
    [
      [0, 0.5, 0.5],
      [10, 0.5, 0.5],
    ],
  );
  const want = 4 + 8 * Math.log(5) - 3 * Math.log(4);
  assert.ok(Math.abs(mix.bicGain - want) < 1e-9, `bicGain ${mix.bicGain}, want ${want}`);
});

// Sizes 4, 4, 4, 4, 12 in steps of 2, every purchase a fit: implied sizes 2, 2, 2, 2, 6, two modes 4 steps apart,
// the smaller holding about a fifth.
const rows: TinyRow[] = [4, 4, 4, 4, 12].map((size, k) => ({ user: 'acc', item: `i${k}`, size, fit: 'fit' }));
const data = tinyDataset(rows);
const mix = fitSizeMixture([2, 2, 2, 2, 6]);
const profile = (multiPerson: { bicMargin?: number; minWeight: number }) =>
  customerSizeProfiles(data, { step: 2, multiPerson }).get('acc')!;

test('customerSizeProfiles: a BIC gain exactly equal to bicMargin is not two people; just above it is', () => {
  assert.ok(mix.bicGain > 2, `bicGain ${mix.bicGain}`);
  // minWeight 0.1: the smaller mode's weight comes out a hair under 0.2 (EM's responsibilities are never exactly 0).
  const at = (bicMargin?: number) => profile({ minWeight: 0.1, bicMargin });
  assert.equal(at().systems[0].bicGain, mix.bicGain);
  assert.equal(at().multiPerson, true, 'default bicMargin 2');
  assert.equal(at(mix.bicGain).multiPerson, false, 'gain = margin');
  assert.equal(at(mix.bicGain - 1e-9).multiPerson, true, 'gain > margin');
});

test('customerSizeProfiles: a smaller mode holding exactly minWeight is a person; a hair more is required, not', () => {
  const w = Math.min(mix.two![0].weight, mix.two![1].weight);
  assert.ok(Math.abs(w - 0.2) < 1e-6, `weight ${w}`);
  const at = profile({ minWeight: w });
  assert.equal(at.multiPerson, true, 'weight = minWeight');
  assert.deepEqual(
    at.systems[0].modes.map((m) => m.observations),
    [4, 1],
  );
  assert.equal(profile({ minWeight: w + 1e-9 }).multiPerson, false, 'weight < minWeight');
});

test('customerSizeProfiles: a kept unit without feedback is evidence of fit; a returned one counts not at all', () => {
  // Seven other customers at size 10 put the system's median at 10; k kept three units of size 20, r returned three
  // and r1 returned one, none with feedback.
  const rows = [
    ...Array.from({ length: 7 }, (_, k) => ({ user: `o${k}`, size: 10, returned: 0 })),
    ...Array.from({ length: 3 }, () => ({ user: 'k', size: 20, returned: 0 })),
    ...Array.from({ length: 3 }, () => ({ user: 'r', size: 20, returned: 1 })),
    { user: 'r1', size: 20, returned: 1 },
  ];
  const users = [...new Set(rows.map((r) => r.user))];
  const data = new ColumnarDataset(
    [
      { name: 'user_id', type: 'category', description: 'customer' },
      { name: 'size', type: 'number', description: 'size' },
      { name: 'fit', type: 'category', description: 'fit feedback' },
      { name: 'returned', type: 'number', description: '1 when returned' },
    ],
    new Map<string, Column>([
      ['user_id', { type: 'category', categories: users, codes: Int32Array.from(rows, (r) => users.indexOf(r.user)) }],
      ['size', { type: 'number', values: Float64Array.from(rows, (r) => r.size) }],
      ['fit', { type: 'category', categories: [], codes: new Int32Array(rows.length).fill(-1) }],
      ['returned', { type: 'number', values: Float64Array.from(rows, (r) => r.returned) }],
    ]),
    Int32Array.from(rows, (_, i) => i + 1),
    { name: 'returns.jsonl', source: 'returns.jsonl', format: 'test', sha256: 'abc' },
  );
  const size = (options: { keptWeight?: number }) => {
    const p = customerSizeProfiles(data, { step: 2, ...options });
    return (u: string) => p.get(u)!.systems[0].estimate.size;
  };
  const at = size({});
  // Returned units carry no evidence: one or three of them give the same posterior (the prior on the same grid).
  assert.equal(at('r'), at('r1'));
  // Kept units pull the estimate towards the size kept, from where the prior alone leaves it.
  assert.ok(Math.abs(at('k') - 20) < Math.abs(at('r') - 20) - 1, `kept ${at('k')}, returned ${at('r')}`);
  // At keptWeight 0 a kept unit is no evidence either.
  const none = size({ keptWeight: 0 });
  assert.equal(none('k'), none('r'));
});
