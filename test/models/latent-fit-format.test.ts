// A saved latent-fit model whose head has another class count than 3 was loaded: predictProba then returned n x k
// values (n x 2 read as n x 3 by predict). And variant 'lf' with initScale 0 trained silently as a biases-only
// model: u = v = 0 is a stationary point of the factor product u ⊙ v. Both are refused now, naming the field.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  InvalidArgumentError,
  LatentFitCatalog,
  LatentFitModel,
  ModelFormatError,
  estimatorFromJSON,
  fitRepresentation,
  generateSynthetic,
  latentFitPreset,
} from '../../lib/index.js';

const { dataset } = generateSynthetic({ seed: 1, customers: 150, articles: 40, purchases: 900 });

type HeadJSON = Record<string, unknown> & { dim: number; numClasses: number };

/** Asserts that `json` with its head changed by `edit` (on a deep copy) is refused with `message`. */
function refusedHead(json: unknown, edit: (head: HeadJSON) => void, message: string): void {
  const j = JSON.parse(JSON.stringify(json)) as { head: HeadJSON };
  edit(j.head);
  assert.throws(
    () => LatentFitModel.fromJSON(j),
    (e: unknown) => e instanceof ModelFormatError && e.message === message,
    message,
  );
  assert.throws(() => estimatorFromJSON(j), ModelFormatError);
}

test('fromJSON refuses an LR head with 2 or 4 classes, naming head.numClasses', () => {
  const m = latentFitPreset('K-LF-LR', { seed: 1, K: 2, epochs: 2 }).fit(dataset);
  const json = m.toJSON();
  const q = json.head as HeadJSON;
  const per = q.dim + 1;
  refusedHead(
    json,
    (h) => {
      h.numClasses = 2;
      h.coef = (h.coef as unknown[]).slice(0, 2 * per);
    },
    'latent-fit: head.numClasses is 2, expected 3 (small, fit, large)',
  );
  refusedHead(
    json,
    (h) => {
      h.numClasses = 4;
      h.coef = [...(h.coef as unknown[]), ...new Array<number>(per).fill(0)];
    },
    'latent-fit: head.numClasses is 4, expected 3 (small, fit, large)',
  );
  // The untampered file loads and predicts the same.
  const rows = dataset.take([0, 1, 2, 3]);
  assert.deepEqual(LatentFitModel.fromJSON(JSON.parse(JSON.stringify(json))).predictProba(rows), m.predictProba(rows));
});

test('fromJSON refuses an ML head with 2 classes, naming head.numClasses', () => {
  const m = latentFitPreset('K-LF-ML', {
    seed: 1,
    K: 2,
    epochs: 2,
    prototypesPerClass: 5,
    neighbors: 3,
    metricSamplePerClass: 50,
  }).fit(dataset);
  refusedHead(
    m.toJSON(),
    (h) => {
      // A consistent 2-class head (the head itself loads): class 2's prototypes and prior dropped, the other
      // priors rescaled to sum to 1.
      const pc = h.prototypeClass as number[];
      const keep = pc.flatMap((c, i) => (c < 2 ? [i] : []));
      const protos = h.prototypes as unknown[];
      h.prototypes = keep.flatMap((i) => protos.slice(i * h.dim, (i + 1) * h.dim));
      h.mass = keep.map((i) => (h.mass as unknown[])[i]);
      h.prototypeClass = keep.map((i) => pc[i]);
      const [p0, p1] = h.priors as number[];
      h.priors = [p0 / (p0 + p1), p1 / (p0 + p1)];
      h.numClasses = 2;
    },
    'latent-fit: head.numClasses is 2, expected 3 (small, fit, large)',
  );
});

test("initScale 0 is refused with variant 'lf' (factors would stay 0) and allowed with 'lv' (factors move)", () => {
  const message =
    "LatentFitModel: option initScale must be > 0 with variant 'lf' (factors started at 0 never move: a biases-only model), got 0";
  for (const make of [
    () => new LatentFitModel({ variant: 'lf', initScale: 0, epochs: 1 }),
    () => latentFitPreset('K-LF-LR', { initScale: 0, epochs: 1 }),
  ]) {
    assert.throws(
      () => make().fit(dataset),
      (e: unknown) => e instanceof InvalidArgumentError && e.message === message,
    );
  }
  // A saved model cannot carry the option either.
  const json = latentFitPreset('K-LF-LR', { seed: 1, K: 2, epochs: 1 }).fit(dataset).toJSON();
  (json.options as Record<string, unknown>).initScale = 0;
  assert.throws(
    () => LatentFitModel.fromJSON(json),
    (e: unknown) => e instanceof ModelFormatError && /invalid options: .*option initScale must be > 0/.test(e.message),
  );
  // 'lv' learns from 0: its difference u − v has a gradient that does not vanish there.
  const lv = latentFitPreset('K-LV-LR', { seed: 1, K: 2, epochs: 3, initScale: 0 }).fit(dataset);
  const p = lv.toJSON().params as { K: number; user: number[] };
  const latent = p.user.filter((_, i) => i % (p.K + 1) !== 0);
  assert.ok(
    latent.some((v) => v !== 0),
    'lv customer factors moved from 0',
  );
});

test('fromJSON refuses ordinal thresholds out of order (b1 > b2), naming the fields and their indices', () => {
  // Before: a saved K-LF with b1 above b2 loaded (training keeps b1 <= b2, merging them when a step crosses them).
  const m = latentFitPreset('K-LF-LR', { seed: 2, K: 2, epochs: 2 }).fit(dataset);
  const [b1, b2] = m.thresholds;
  assert.ok(b1 <= b2, `fit wrote ${b1}, ${b2}`);
  const json = (): { params: { b1: number; b2: number } } => JSON.parse(JSON.stringify(m.toJSON()));
  const swapped = json();
  swapped.params.b1 = b2 + 1;
  swapped.params.b2 = b2;
  const message =
    `latent-fit: thresholds out of order: params.b1 (threshold 0) is ${b2 + 1}, above params.b2 (threshold 1) = ` +
    `${b2}; fit keeps b1 <= b2`;
  assert.throws(
    () => LatentFitModel.fromJSON(swapped),
    (e: unknown) => e instanceof ModelFormatError && e.message === message,
  );
  assert.throws(() => estimatorFromJSON(swapped), ModelFormatError);
  // Equal thresholds (what training writes when a step crosses them) load, and so does the untampered file.
  const equal = json();
  equal.params.b1 = equal.params.b2;
  assert.deepEqual(LatentFitModel.fromJSON(equal).thresholds, [b2, b2]);
  const rows = dataset.take([0, 1, 2]);
  assert.deepEqual(LatentFitModel.fromJSON(json()).predictProba(rows), m.predictProba(rows));
});

test('fromJSON refuses a catalog with a repeated customer, item or article, or a non-finite size, naming the index', () => {
  // Before: each loaded; a repeated id silently sent every row of that customer (item) to one of the copies.
  const m = latentFitPreset('K-LF-LR', { seed: 1, K: 2, epochs: 2 }).fit(dataset);
  type CatalogJSON = { users: string[]; items: string[]; articleItem: number[]; articleSize: number[] };
  const refused = (edit: (c: CatalogJSON) => void, message: string): void => {
    const j = JSON.parse(JSON.stringify(m.toJSON())) as { catalog: CatalogJSON };
    edit(j.catalog);
    assert.throws(
      () => LatentFitModel.fromJSON(j),
      (e: unknown) => e instanceof ModelFormatError && e.message === message,
      message,
    );
    assert.throws(() => estimatorFromJSON(j), ModelFormatError);
  };
  const c = m.toJSON().catalog as CatalogJSON;
  refused(
    (k) => (k.users[3] = k.users[1]),
    `latent-fit: catalog.users[3]: id ${JSON.stringify(c.users[1])} repeats users[1]`,
  );
  refused(
    (k) => (k.items[2] = k.items[0]),
    `latent-fit: catalog.items[2]: id ${JSON.stringify(c.items[0])} repeats items[0]`,
  );
  refused((k) => {
    k.articleItem[4] = k.articleItem[1];
    k.articleSize[4] = k.articleSize[1];
  }, `latent-fit: catalog: article 4 (articleItem[4] = ${c.articleItem[1]}, articleSize[4] = ${c.articleSize[1]}) repeats article 1`);
  // 1e999 in a JSON file parses to Infinity.
  refused(
    (k) => (k.articleSize[2] = JSON.parse('1e999') as number),
    'latent-fit: catalog.articleSize[2] is Infinity, not a finite number',
  );
  refused((k) => (k.articleSize[0] = NaN), 'latent-fit: catalog.articleSize[0] is NaN, not a finite number');
  // The untampered catalog loads.
  const rows = dataset.take([0, 1, 2]);
  assert.deepEqual(
    LatentFitModel.fromJSON(JSON.parse(JSON.stringify(m.toJSON()))).predictProba(rows),
    m.predictProba(rows),
  );
});

test('fromJSON refuses a catalog item with no article, naming it; an item without articles predicts as an unseen one', () => {
  // Before: the model loaded, and the unseen-size interpolation read the article range of that item (empty) past
  // its end: the next item's article for a middle item, an index past the end for the last one (NaN rows with the
  // LR head, a confident wrong row with the ML head, whose NaN distances sent every vote to prototype 0).
  const m = latentFitPreset('K-LF-LR', { seed: 1, K: 2, epochs: 2 }).fit(dataset);
  const j = JSON.parse(JSON.stringify(m.toJSON())) as { catalog: { items: string[] } };
  const last = j.catalog.items.length;
  j.catalog.items.push('ghost');
  const message = `latent-fit: catalog.items[${last}]: item "ghost" has no article (no articleItem is ${last})`;
  assert.throws(
    () => LatentFitModel.fromJSON(j),
    (e: unknown) => e instanceof ModelFormatError && e.message === message,
    message,
  );
  assert.throws(() => estimatorFromJSON(j), ModelFormatError);

  // A catalog built by hand may still hold such items: their rows take the mean article row, as an unseen item's.
  // Items a (sizes 1, 3), b (none, in the middle), c (size 10), d (none, last).
  const catalog = new LatentFitCatalog(['u'], ['a', 'b', 'c', 'd'], Int32Array.of(0, 0, 2), Float64Array.of(1, 3, 10));
  const params = {
    variant: 'lv' as const,
    K: 1,
    biases: true,
    alpha: 0,
    w: Float64Array.of(1, 1, 1, 1),
    user: Float64Array.of(0.5, 2),
    article: Float64Array.of(1, 4, 2, 5, -3, 9),
    b1: -1,
    b2: 1,
  };
  const rows = (item: number) => ({
    user: Int32Array.of(0),
    article: Int32Array.of(-1),
    item: Int32Array.of(item),
    size: Float64Array.of(2),
  });
  // 'mean-row': the mean article row [0, 6]; representation [w1 b_c, w2 b_p, w3 (u - v)] = [0.5, 0, 2 - 6].
  const meanRowUnseen = Array.from(fitRepresentation(params, catalog, rows(-1), 'mean-row'));
  assert.deepEqual(meanRowUnseen, [0.5, 0, -4]);
  for (const item of [1, 3]) {
    assert.deepEqual(Array.from(fitRepresentation(params, catalog, rows(item), 'mean-row')), meanRowUnseen);
  }
  // By default ('lv'), the row on the least-squares line of the article rows on the catalog sizes 1, 3, 10 (mean
  // 14/3, sum of squares 402/9): slopes -23 / (402/9) (b_p) and 25 / (402/9) (v); size 2 is 8/3 below the mean.
  const unseen = Array.from(fitRepresentation(params, catalog, rows(-1)));
  const bp = (-8 / 3) * (-207 / 402);
  const v = 6 + (-8 / 3) * (225 / 402);
  [0.5, bp, 2 - v].forEach((x, d) => assert.ok(Math.abs(unseen[d] - x) < 1e-12, `column ${d}: ${unseen[d]} vs ${x}`));
  for (const item of [1, 3]) assert.deepEqual(Array.from(fitRepresentation(params, catalog, rows(item))), unseen);
  // Size 2 of item a, halfway between its sizes 1 and 3: the midpoint of their rows, [1.5, 4.5], either way.
  for (const mode of ['catalog-size', 'mean-row'] as const) {
    assert.deepEqual(Array.from(fitRepresentation(params, catalog, rows(0), mode)), [0.5, 1.5, 2 - 4.5]);
  }
});
