import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ColumnarDataset, InvalidArgumentError, evaluateHeldOutAdvice, type Column } from '../../lib/index.js';
import { BODY_SIZE_SCHEMA, StubFitModel } from './advice-fixtures.js';

const SCHEMA = BODY_SIZE_SCHEMA;

interface Row {
  user: string;
  item: string;
  size: number;
  fit: string;
  w: number | null;
  h: number | null;
  b: number | null;
}

function dataset(rows: Row[], name: string): ColumnarDataset {
  const dict = (values: string[]): Column => {
    const categories = [...new Set(values)];
    return { type: 'category', categories, codes: Int32Array.from(values, (v) => categories.indexOf(v)) };
  };
  const num = (values: (number | null)[]): Column => ({
    type: 'number',
    values: Float64Array.from(values, (v) => v ?? NaN),
  });
  const cols = new Map<string, Column>([
    ['user_id', dict(rows.map((r) => r.user))],
    ['item_id', dict(rows.map((r) => r.item))],
    ['size', num(rows.map((r) => r.size))],
    ['fit', dict(rows.map((r) => r.fit))],
    ['weight_kg', num(rows.map((r) => r.w))],
    ['height_cm', num(rows.map((r) => r.h))],
    ['bust_band', num(rows.map((r) => r.b))],
  ]);
  return new ColumnarDataset(
    SCHEMA,
    cols,
    Int32Array.from(rows, (_, i) => i + 1),
    { name, source: name, format: 'test', sha256: 'abc' },
  );
}

/**
 * 24 customers u0-u23 whose size is (weight - 40) / 5 (sizes 0-23; height and band vary independently), each buying
 * articles d1 and d2 in that size with feedback `fit`: the body-size regression is size = -8 + 0.2 weight, and both
 * articles offer sizes 0-23.
 */
function train(): ColumnarDataset {
  const rows: Row[] = [];
  for (let c = 0; c < 24; c++) {
    const [w, h, b] = [40 + 5 * c, 155 + ((c * 7) % 5) * 5, 30 + ((c * 5) % 4) * 2];
    for (const item of ['d1', 'd2']) rows.push({ user: `u${c}`, item, size: c, fit: 'fit', w, h, b });
  }
  return dataset(rows, 'train');
}

/** Held-out rows: two of seen customers, five of unseen ones (their size from their weight as in training). */
function heldOut(): ColumnarDataset {
  return dataset(
    [
      // seen: usual size 3 (the row's own weight 200 must not be used), exact
      { user: 'u3', item: 'd1', size: 3, fit: 'fit', w: 200, h: 160, b: 32 },
      // seen: usual size 10, took 9 and it was small: 10 is larger ✓
      { user: 'u10', item: 'd2', size: 9, fit: 'small', w: 90, h: 160, b: 32 },
      // unseen, weight 75 → estimate 7: exact
      { user: 'n1', item: 'd1', size: 7, fit: 'fit', w: 75, h: 160, b: 32 },
      // unseen, weight 100 → 12, took 11 small: larger ✓
      { user: 'n2', item: 'd2', size: 11, fit: 'small', w: 100, h: 170, b: 34 },
      // unseen, weight 65 → 5, took 6 large: smaller ✓
      { user: 'n3', item: 'd1', size: 6, fit: 'large', w: 65, h: 165, b: 30 },
      // unseen, weight 80 → 8, took 10 fit: neither exact nor within one
      { user: 'n4', item: 'd1', size: 10, fit: 'fit', w: 80, h: 160, b: 36 },
      // unseen without any body value: still no advice
      { user: 'n5', item: 'd2', size: 4, fit: 'fit', w: null, h: null, b: null },
    ],
    'test',
  );
}

/** No lean anywhere: under usual-shift the advice is the (estimated) usual size. */
const flat = (): StubFitModel => new StubFitModel(() => [0.2, 0.6, 0.2]);
const options = { rule: 'usual-shift', minFitProbability: 0 } as const;

test('held-out advice with body: unseen customers are advised from their own body and scored apart', () => {
  const model = flat();
  const ev = evaluateHeldOutAdvice(model, train(), heldOut(), { ...options, body: true });
  assert.equal(ev.rows, 7);
  assert.equal(ev.unseenRows, 5);
  assert.deepEqual(ev.modelUnseen, {
    advised: 4, // n5 has no body value
    fitRows: 2,
    exact: 0.5,
    withinOne: 0.5,
    smallRows: 1,
    smallDirection: 1,
    largeRows: 1,
    largeDirection: 1,
    agreement: 3 / 4,
  });
  assert.deepEqual(ev.modelSeen, {
    advised: 2,
    fitRows: 1,
    exact: 1,
    withinOne: 1,
    smallRows: 1,
    smallDirection: 1,
    largeRows: 0,
    largeDirection: NaN,
    agreement: 1,
  });
  assert.equal(ev.model.advised, 6);
  assert.equal(ev.model.agreement, 5 / 6);
  assert.equal(ev.articleModeUnseen!.advised, 5);
  // The usual-size baseline has nothing for unseen customers, so the like-for-like scores are the seen rows'.
  assert.equal(ev.usualSize.advised, 2);
  assert.equal(ev.modelCommon.advised, 2);
  // Unseen customers' rows carry the held-out row's body; seen customers' rows their training body, not the row's.
  const weights = new Map(model.lastRows.map((r) => [r.user_id, r.weight_kg]));
  assert.deepEqual([...weights.entries()].sort(), [
    ['n1', 75],
    ['n2', 100],
    ['n3', 65],
    ['n4', 80],
    ['u10', 90],
    ['u3', 55],
  ]);
});

test('held-out advice without body (the default) is unchanged: unseen customers get no model advice', () => {
  const before = evaluateHeldOutAdvice(flat(), train(), heldOut(), options);
  assert.deepEqual(evaluateHeldOutAdvice(flat(), train(), heldOut(), { ...options, body: false }), before);
  assert.equal(before.model.advised, 2);
  assert.deepEqual(Object.keys(before).sort(), [
    'articleMode',
    'articleModeCommon',
    'model',
    'modelCommon',
    'rows',
    'usualSize',
    'usualSizeCommon',
  ]);
  // The seen customers' scores are the same with body.
  const withBody = evaluateHeldOutAdvice(flat(), train(), heldOut(), { ...options, body: true });
  assert.deepEqual(withBody.modelSeen, before.model);
  assert.deepEqual(withBody.usualSize, before.usualSize);
  assert.deepEqual(withBody.articleMode, before.articleMode);
});

test('held-out advice: a body option that is not a boolean is an InvalidArgumentError', () => {
  assert.throws(
    () => evaluateHeldOutAdvice(flat(), train(), heldOut(), { body: 'yes' as unknown as boolean }),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      /^evaluateHeldOutAdvice: body must be true or false, got "yes" \(string\)$/.test(e.message),
  );
});

test('held-out advice with body: a customer column typed differently in train and test is an InvalidArgumentError', () => {
  const ds = heldOut();
  const schema = SCHEMA.map((f) => (f.name === 'bust_band' ? { ...f, type: 'category' as const } : f));
  const cols = new Map<string, Column>(ds.columnNames.map((c) => [c, ds.column(c)]));
  cols.set('bust_band', { type: 'category', categories: ['32'], codes: new Int32Array(ds.length).fill(0) });
  const mixed = new ColumnarDataset(schema, cols, ds.lineNumbers, ds.meta);
  assert.throws(
    () => evaluateHeldOutAdvice(flat(), train(), mixed, { ...options, body: true }),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message ===
        "evaluateHeldOutAdvice: customer column 'bust_band' is numeric in the training data but categorical in the held-out data",
  );
  // Without body the column is not read.
  assert.equal(evaluateHeldOutAdvice(flat(), train(), mixed, options).rows, 7);
});
