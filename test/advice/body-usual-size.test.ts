import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdviceHistory,
  ColumnarDataset,
  adviseSize,
  adviseSizes,
  type AdviceHistoryJSON,
  type Column,
} from '../../lib/index.js';
import { BODY_SIZE_SCHEMA, StubFitModel } from './advice-fixtures.js';

const SCHEMA = BODY_SIZE_SCHEMA;

/**
 * 24 customers whose 'fit' purchases are at size (weight - 40) / 5 exactly (sizes 0-22, height and band varying
 * independently), and each also a 'small' purchase 6 sizes above that the regression must leave out. The body-size
 * least squares is then size = -8 + 0.2 weight + 0 height + 0 band.
 */
function history(withWeight = true): ColumnarDataset {
  const rows: { user: string; item: string; size: number; fit: string; w: number; h: number; b: number }[] = [];
  for (let c = 0; c < 24; c++) {
    const size = c;
    const w = 40 + 5 * size;
    const h = 155 + ((c * 7) % 5) * 5;
    const b = 30 + ((c * 5) % 4) * 2;
    for (const item of ['d1', 'd2']) rows.push({ user: `u${c}`, item, size, fit: 'fit', w, h, b });
    rows.push({ user: `u${c}`, item: 'd3', size: size + 6, fit: 'small', w, h, b });
  }
  const dict = (values: string[]): Column => {
    const categories = [...new Set(values)];
    return { type: 'category', categories, codes: Int32Array.from(values, (v) => categories.indexOf(v)) };
  };
  const num = (values: number[]): Column => ({ type: 'number', values: Float64Array.from(values) });
  const cols = new Map<string, Column>([
    ['user_id', dict(rows.map((r) => r.user))],
    ['item_id', dict(rows.map((r) => r.item))],
    ['size', num(rows.map((r) => r.size))],
    ['fit', dict(rows.map((r) => r.fit))],
    ['height_cm', num(rows.map((r) => r.h))],
    ['bust_band', num(rows.map((r) => r.b))],
    ...(withWeight ? [['weight_kg', num(rows.map((r) => r.w))] as [string, Column]] : []),
  ]);
  const schema = SCHEMA.filter((f) => withWeight || f.name !== 'weight_kg');
  return new ColumnarDataset(
    schema,
    cols,
    Int32Array.from(rows, (_, i) => i + 1),
    {
      name: 'train.jsonl',
      source: '/home/someone/private/train.jsonl',
      format: 'test',
      sha256: 'abc',
    },
  );
}

/** The confounded model of the defect: P(fit) rises with the size (max-fit takes the largest), no lean anywhere. */
const model = new StubFitModel((_c, _i, s) => {
  const fit = 0.5 + s / 100;
  return [(1 - fit) / 2, fit, (1 - fit) / 2];
});
const sizes = [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28];
const light = { weight_kg: 50, height_cm: 160, bust_band: 32 }; // estimate 2
const heavy = { weight_kg: 90, height_cm: 160, bust_band: 32 }; // estimate 10

test('the body-size regression is fitted on the fit purchases with a complete body when the history is built', () => {
  const est = new AdviceHistory(history()).bodySize!;
  assert.deepEqual(est.inputs, ['weight_kg', 'height_cm', 'bust_band']);
  assert.equal(est.rows, 48, "the 48 'fit' purchases; the 'small' ones are left out");
  const expected = [-8, 0.2, 0, 0];
  est.coefficients!.forEach((c, j) => assert.ok(Math.abs(c - expected[j]) < 1e-9, `coefficient ${j}: ${c}`));
});

test('usual-shift: unseen customers with light and heavy bodies get the sizes their bodies estimate', () => {
  const h = new AdviceHistory(history());
  const [a, b] = adviseSizes(
    model,
    h,
    [
      { customer: 'new1', item: 'd1', sizes, body: light },
      { customer: 'new2', item: 'd1', sizes, body: heavy },
    ],
    { rule: 'usual-shift' },
  );
  // Before: both fell back to max-fit and got 28, the largest size, whatever the body.
  assert.equal(a.size, 2);
  assert.equal(b.size, 10);
  assert.equal(a.source, 'model');
  assert.ok(Math.abs(a.estimatedUsualSize! - 2) < 1e-9);
  assert.match(
    a.reason,
    /^usual size estimated from the body: 2 \(2\.0 from weight_kg 50, height_cm 160 and bust_band 32, the nearest available size\); the usual size 2/,
  );
  // Rounded to the nearest available size: 9.6 is 10 among odd gaps, 13 rounds to 12 or 14 by distance.
  const odd = adviseSize(
    model,
    h,
    { customer: 'new3', item: 'd1', sizes: [4, 8, 12, 16], body: { ...light, weight_kg: 105 } },
    { rule: 'usual-shift' },
  );
  assert.equal(odd.size, 12, 'estimate 13: 12 is nearer than 16');
  // The lean at the estimated size moves it, as for a usual size.
  const leansSmall = new StubFitModel((_c, _i, s) => (s === 10 ? [0.6, 0.35, 0.05] : [0.1, 0.8, 0.1]));
  const moved = adviseSize(
    leansSmall,
    h,
    { customer: 'new2', item: 'd1', sizes, body: heavy },
    { rule: 'usual-shift' },
  );
  assert.equal(moved.size, 12);
  assert.match(moved.reason, /^usual size estimated from the body: 10 .*between sizes 10 and 12/);
  // max-fit and known customers are unchanged.
  assert.equal(adviseSize(model, h, { customer: 'new1', item: 'd1', sizes, body: light }).size, 28);
  const known = adviseSize(model, h, { customer: 'u3', item: 'd1', sizes, body: heavy }, { rule: 'usual-shift' });
  assert.equal(known.size, 4, "u3's usual size (median of 3, 3, 9: 3) nearest the larger, 4");
  assert.equal(known.estimatedUsualSize, undefined);
});

test('usual-shift: a request missing a body input falls back to max-fit, the reason names the field', () => {
  const h = new AdviceHistory(history());
  const a = adviseSize(
    model,
    h,
    { customer: 'new', item: 'd1', sizes, body: { height_cm: 160, bust_band: 32 } },
    { rule: 'usual-shift' },
  );
  assert.equal(a.size, 28);
  assert.match(
    a.reason,
    /^the customer has no usual size and none is estimated from the body \(the request gives no weight_kg\), so rule max-fit: highest P\(fit\) 0\.78 at 28/,
  );
  const none = adviseSize(
    model,
    h,
    { customer: 'new', item: 'd1', sizes, body: { height_cm: 160 } },
    { rule: 'usual-shift' },
  );
  assert.match(none.reason, /the request gives no weight_kg or bust_band/);
});

test('data without a body column (ModCloth has no weight): no regression, max-fit with the reason', () => {
  const h = new AdviceHistory(history(false));
  assert.equal(h.bodySize!.coefficients, null);
  const body = { height_cm: 160, bust_band: 32 };
  const a = adviseSize(model, h, { customer: 'new', item: 'd1', sizes, body }, { rule: 'usual-shift' });
  assert.equal(a.size, 28);
  assert.match(a.reason, /\(the training data has no weight_kg column\), so rule max-fit/);
  assert.deepEqual(AdviceHistory.fromJSON(JSON.parse(JSON.stringify(h.toJSON()))).bodySize, h.bodySize);
});

test('the saved history keeps no path of the training file; version 3 round trip keeps the regression', () => {
  const h = new AdviceHistory(history());
  const j = h.toJSON();
  const text = JSON.stringify(j);
  assert.equal(j.version, 3);
  assert.deepEqual(j.dataset, { name: 'train.jsonl', format: 'test', sha256: 'abc' });
  assert.ok(!text.includes('/home/someone'), 'no absolute path');
  assert.ok(!text.includes('private'), 'no directory name');
  const r = AdviceHistory.fromJSON(JSON.parse(text));
  assert.deepEqual(r.bodySize, h.bodySize);
  assert.equal(r.data.meta.source, 'train.jsonl', 'the name stands for the source');
  assert.deepEqual(r.toJSON(), j);
  const requests = [
    { customer: 'new1', item: 'd1', sizes, body: light },
    { customer: 'new2', item: 'd2', sizes, body: heavy },
    { customer: 'u5', item: 'd1', sizes },
  ];
  assert.deepEqual(
    adviseSizes(model, r, requests, { rule: 'usual-shift' }),
    adviseSizes(model, h, requests, { rule: 'usual-shift' }),
  );
  // A tampered regression is refused naming the field.
  for (const [edit, re] of [
    [(x: AdviceHistoryJSON) => delete x.bodySize, /bodySize is missing/],
    [(x: AdviceHistoryJSON) => (x.bodySize!.coefficients = [1, 2]), /bodySize\.coefficients is \[1,2\], not 4 finite/],
    [(x: AdviceHistoryJSON) => (x.bodySize!.inputs = ['height_cm']), /bodySize\.inputs is \["height_cm"\]/],
    [(x: AdviceHistoryJSON) => (x.bodySize!.rows = -1), /bodySize\.rows is -1/],
  ] as const) {
    const x = JSON.parse(text) as AdviceHistoryJSON;
    edit(x);
    assert.throws(() => AdviceHistory.fromJSON(x), re);
  }
});

test('a body estimate whose choice is not advised (low confidence) is still given, and the reason starts with it', () => {
  const h = new AdviceHistory(history());
  // Before: estimatedUsualSize was dropped and the reason said only that the choice was not likely enough.
  const a = adviseSize(
    model,
    h,
    { customer: 'new1', item: 'd1', sizes, body: light },
    { rule: 'usual-shift', minFitProbability: 0.999 },
  );
  assert.equal(a.noAdvice, 'low-confidence');
  assert.ok(Math.abs(a.estimatedUsualSize! - 2) < 1e-9);
  assert.match(
    a.reason,
    /^usual size estimated from the body: 2 \(2\.0 from weight_kg 50, height_cm 160 and bust_band 32, the nearest available size\); /,
  );
});

test('coefficients that overflow for a body give no estimate (max-fit, saying why), not the smallest size', () => {
  const j = new AdviceHistory(history()).toJSON();
  j.bodySize!.coefficients = [0, 1e308, 1e308, 0];
  const r = AdviceHistory.fromJSON(JSON.parse(JSON.stringify(j)));
  const e = r.estimateUsualSize(heavy);
  assert.ok(Number.isNaN(e.size));
  assert.match(e.why!, /no finite size/);
  const [a] = adviseSizes(model, r, [{ customer: 'new1', item: 'd1', sizes, body: heavy }], { rule: 'usual-shift' });
  assert.equal(a.estimatedUsualSize, undefined);
  assert.match(a.reason, /none is estimated from the body \(the body regression gives no finite size/);
});

test('an advice history of version 2 with a source path loads and falls back to max-fit, saying why', () => {
  const j = new AdviceHistory(history()).toJSON();
  const old = { ...j, version: 2, dataset: { ...j.dataset, source: '/abs/path/train.jsonl' } } as AdviceHistoryJSON;
  delete old.bodySize;
  const r = AdviceHistory.fromJSON(JSON.parse(JSON.stringify(old)));
  assert.equal(r.bodySize, undefined);
  assert.equal(r.data.meta.source, '/abs/path/train.jsonl');
  const a = adviseSize(model, r, { customer: 'new', item: 'd1', sizes, body: light }, { rule: 'usual-shift' });
  assert.equal(a.size, 28);
  assert.match(a.reason, /the advice history is of an older version \(1 or 2\).*so rule max-fit: highest P\(fit\)/);
  // A version 2 file with a regression is not one this library wrote.
  assert.throws(() => AdviceHistory.fromJSON({ ...old, bodySize: j.bodySize }), /bodySize is not a field of version 2/);
});
