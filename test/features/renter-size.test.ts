import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  InvalidArgumentError,
  ModelFormatError,
  NotFittedError,
  RenterSizeFeatures,
  Rng,
  estimatorFromJSON,
} from '../../lib/index.js';
import { datasetFromRecords, featureAt, syntheticRentals, withLabels } from './make-dataset.js';

const get = featureAt;
const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-9, `${a} != ${b}`);

// u1 usually takes 10 (sizes 10, 10, 8 of article A); u2 takes 4 and 6 (6 of article A).
const train = datasetFromRecords([
  { user_id: 'u1', item_id: 'A', size: 8, fit: 'fit' }, // offset 8 - mean(10, 10) = -2
  { user_id: 'u1', item_id: 'B', size: 10, fit: 'fit' }, // offset 10 - mean(10, 8) = 1
  { user_id: 'u1', item_id: 'C', size: 10, fit: 'small' }, // offset 1
  { user_id: 'u2', item_id: 'A', size: 6, fit: 'large' }, // offset 6 - 4 = 2
  { user_id: 'u2', item_id: 'B', size: 4, fit: 'fit' }, // offset 4 - 6 = -2
  { user_id: 'u3', item_id: 'A', size: 12, fit: 'fit' }, // no other row: no offset
]);

test('RenterSizeFeatures: article offsets from its renters’ usual sizes, hand-computed', () => {
  const t = new RenterSizeFeatures({ offsetStrength: 1 }).fit(train);
  const fresh = datasetFromRecords([
    { user_id: 'u1', item_id: 'A', size: 12 },
    { user_id: 'u9', item_id: 'B', size: 6 },
    { user_id: 'u2', item_id: 'Z', size: 6 },
  ]);
  const X = t.transform(fresh);
  // A: offsets -2 and 2 (u3 has no other row), shrunk with 1 pseudo-row: 0 / 3.
  close(get(X, 0, 'renter_size_offset'), 0);
  assert.equal(get(X, 0, 'renter_offset_n'), 2);
  // u1's mean over all training rows is 28 / 3.
  close(get(X, 0, 'size_vs_renter_offset'), 12 - 28 / 3 - 0);
  // B: offsets 1 and -2: -1 / 3. An unseen customer has no usual size.
  close(get(X, 1, 'renter_size_offset'), -1 / 3);
  assert.ok(Number.isNaN(get(X, 1, 'size_vs_renter_offset')));
  // An unseen article: the prior offset 0 and count 0.
  assert.equal(get(X, 2, 'renter_size_offset'), 0);
  assert.equal(get(X, 2, 'renter_offset_n'), 0);
  close(get(X, 2, 'size_vs_renter_offset'), 6 - 5);
  assert.deepEqual(
    t.featureInfo().map((f) => f.name),
    X.names,
  );
});

test('RenterSizeFeatures: a training row leaves itself out of its customer’s and article’s sums', () => {
  const Z = new RenterSizeFeatures({ offsetStrength: 1 }).fitTransform(train);
  // Row 0 (u1, A, size 8): A's other offsets are 2 (u2) -> 2 / 2; u1's other sizes 10, 10.
  close(get(Z, 0, 'renter_size_offset'), 1);
  assert.equal(get(Z, 0, 'renter_offset_n'), 1);
  close(get(Z, 0, 'size_vs_renter_offset'), 8 - 10 - 1);
  // Row 5 (u3, A): no other row of u3 and no own offset; A's offsets -2 and 2.
  close(get(Z, 5, 'renter_size_offset'), 0);
  assert.equal(get(Z, 5, 'renter_offset_n'), 2);
  assert.ok(Number.isNaN(get(Z, 5, 'size_vs_renter_offset')));
  // Reading itself would differ.
  assert.notDeepEqual(new RenterSizeFeatures({ offsetStrength: 1 }).fit(train).transform(train).data, Z.data);
});

test('RenterSizeFeatures: equals a direct computation of its definition on synthetic data', () => {
  const ds = syntheticRentals(300, { users: 40, items: 8, categories: 3, seed: 4 });
  const M = 5;
  const Z = new RenterSizeFeatures({ offsetStrength: M }).fitTransform(ds);
  const user = (i: number): string => String(ds.value('user_id', i));
  const item = (i: number): string => String(ds.value('item_id', i));
  const size = ds.numbers('size');
  const usual = (i: number, without: number[]): number => {
    const others = Array.from({ length: ds.length }, (_, q) => q).filter(
      (q) => user(q) === user(i) && !without.includes(q),
    );
    return others.length ? others.reduce((s, q) => s + size[q], 0) / others.length : NaN;
  };
  for (let r = 0; r < ds.length; r += 13) {
    // Offsets of the article's other rows q, each against its customer's rows other than q (r included).
    const offs = Array.from({ length: ds.length }, (_, q) => q)
      .filter((q) => q !== r && item(q) === item(r))
      .map((q) => size[q] - usual(q, [q]))
      .filter((v) => !Number.isNaN(v));
    const off = offs.reduce((s, v) => s + v, 0) / (offs.length + M);
    close(get(Z, r, 'renter_size_offset'), off);
    assert.equal(get(Z, r, 'renter_offset_n'), offs.length);
    const u = usual(r, [r]);
    if (Number.isNaN(u)) assert.ok(Number.isNaN(get(Z, r, 'size_vs_renter_offset')));
    else close(get(Z, r, 'size_vs_renter_offset'), size[r] - u - off);
  }
});

test('RenterSizeFeatures: never reads a label; JSON round trip; tampered sums are refused', () => {
  const ds = syntheticRentals(200, { users: 30, items: 6, categories: 3, seed: 8 });
  const shuffled = withLabels(ds, new Rng(2).shuffle(ds.categories('fit').codes.slice()));
  assert.deepEqual(new RenterSizeFeatures().fitTransform(shuffled), new RenterSizeFeatures().fitTransform(ds));
  const t = new RenterSizeFeatures({ offsetStrength: 2 }).fit(ds);
  const json = JSON.parse(JSON.stringify(t.toJSON()));
  const back = estimatorFromJSON<RenterSizeFeatures>(json);
  assert.ok(back instanceof RenterSizeFeatures);
  assert.equal(back.offsetStrength, 2);
  assert.deepEqual(back.transform(ds), t.transform(ds));
  const bad = (patch: Record<string, unknown>, what: RegExp): void =>
    assert.throws(
      () => RenterSizeFeatures.fromJSON({ ...json, ...patch }),
      (e: unknown) => e instanceof ModelFormatError && what.test(e.message),
    );
  bad({ version: 2 }, /version/);
  bad({ userSums: json.userSums.slice(1) }, /userSums must hold/);
  const counts = json.itemSums.slice();
  counts[1] = 0.5;
  bad({ itemSums: counts }, /itemSums\[0\] is not a finite sum and a count/);
  bad({ items: null }, /items is missing/);
  // A bad option is refused as when constructing (loadModel reports it as a ModelFormatError of the file).
  assert.throws(() => RenterSizeFeatures.fromJSON({ ...json, offsetStrength: -1 }), /offsetStrength must be/);
});

test('RenterSizeFeatures: missing columns and options', () => {
  assert.throws(() => new RenterSizeFeatures().transform(train), NotFittedError);
  assert.throws(() => new RenterSizeFeatures({ offsetStrength: NaN }), InvalidArgumentError);
  const noSize = datasetFromRecords([{ user_id: 'u', item_id: 'a' }], 'no-size');
  assert.throws(() => new RenterSizeFeatures().fit(noSize), /dataset 'no-size' has no column 'size'/);
});
