// The normal prior of customerSizeProfiles is centred on the system's median size, and of an even count of sizes on the
// lower of the two middle values (as its docs say): a customer whose rows carry no evidence gets that centre back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ColumnarDataset, customerSizeProfiles, type Column } from '../../lib/index.js';

/** Customers o0..o{n-1} kept one unit each of the given sizes; 'r' returned one unit of size `returned`, no feedback. */
function returns(sizes: number[], returned: number): ColumnarDataset {
  const rows = [
    ...sizes.map((size, k) => ({ user: `o${k}`, size, returned: 0 })),
    { user: 'r', size: returned, returned: 1 },
  ];
  const users = rows.map((r) => r.user);
  return new ColumnarDataset(
    [
      { name: 'user_id', type: 'category', description: 'customer' },
      { name: 'size', type: 'number', description: 'size' },
      { name: 'fit', type: 'category', description: 'fit feedback' },
      { name: 'returned', type: 'number', description: '1 when returned' },
    ],
    new Map<string, Column>([
      ['user_id', { type: 'category', categories: users, codes: Int32Array.from(rows, (_, i) => i) }],
      ['size', { type: 'number', values: Float64Array.from(rows, (r) => r.size) }],
      ['fit', { type: 'category', categories: [], codes: new Int32Array(rows.length).fill(-1) }],
      ['returned', { type: 'number', values: Float64Array.from(rows, (r) => r.returned) }],
    ]),
    Int32Array.from(rows, (_, i) => i + 1),
    { name: 'returns.jsonl', source: 'returns.jsonl', format: 'test', sha256: 'abc' },
  );
}

test('customerSizeProfiles: the prior is centred on the median size, the lower middle value of an even count', () => {
  // The system's sizes include r's own 6. 2, 4, 6, 10, 12: median 6. 2, 4, 6, 10, 12, 14: lower middle 6, upper 10.
  // 2, 4, 6, 12, 14, 16: lower 6, upper 12. r's returned unit carries no evidence, so r's estimate is the prior's
  // mean (the prior, centred among the sizes seen, is not cut by the grid).
  for (const [sizes, centre] of [
    [[2, 4, 10, 12], 6],
    [[2, 4, 10, 12, 14], 6],
    [[2, 4, 12, 14, 16], 6],
  ] as [number[], number][]) {
    const r = customerSizeProfiles(returns(sizes, 6), { step: 2 }).get('r');
    assert.ok(r !== undefined, `a profile for r (${sizes})`);
    const est = r.systems[0].estimate.size;
    assert.ok(Math.abs(est - centre) < 0.05, `sizes ${sizes} + 6: estimate ${est}, want ${centre}`);
  }
});
