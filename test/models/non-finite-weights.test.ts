// A saved model whose learned numbers hold a NaN or an infinity is refused by fromJSON with a ModelFormatError naming
// the field and the position. Before, only a few scalars were checked: such a model loaded (its dry run scores one
// cold-start record, which may not touch the bad value) and answered null probabilities.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ModelFormatError,
  NeuralFitModel,
  estimatorFromJSON,
  generateSynthetic,
  initTf,
  latentFitPreset,
} from '../../lib/index.js';

const { dataset } = generateSynthetic({ seed: 4, customers: 200, articles: 30 });
const lr = latentFitPreset('K-LF-LR', { seed: 1, K: 2, epochs: 3 }).fit(dataset).toJSON();
const ml = latentFitPreset('K-LF-ML', { seed: 1, K: 2, epochs: 3, prototypesPerClass: 5, metricSamplePerClass: 50 })
  .fit(dataset)
  .toJSON();

/** Asserts that `json` with `edit` applied (on a deep copy) is refused naming what `re` matches. */
function refused(json: unknown, edit: (j: Record<string, Record<string, unknown[]>>) => void, re: RegExp): void {
  const j = JSON.parse(JSON.stringify(json)) as Record<string, Record<string, unknown[]>>;
  edit(j);
  assert.throws(
    () => estimatorFromJSON(j),
    (e: unknown) => e instanceof ModelFormatError && re.test(e.message),
    re.source,
  );
}

test('the unedited models load (the refusals below are of single values)', () => {
  estimatorFromJSON(JSON.parse(JSON.stringify(lr)));
  estimatorFromJSON(JSON.parse(JSON.stringify(ml)));
});

test('latent parameters: every value of w, user and article must be finite', () => {
  refused(lr, (j) => (j.params.w[1] = null), /latent-fit: params\.w\[1\] is NaN, not a finite number/);
  refused(lr, (j) => (j.params.user[5] = 'Infinity'), /params\.user\[5\] is Infinity/);
  refused(lr, (j) => (j.params.article[3] = '-Infinity'), /params\.article\[3\] is -Infinity/);
});

test('the cold-start priors: 3 probabilities summing to 1 (before: any 3 numbers, NaN included)', () => {
  const edit = (v: unknown) => (j: Record<string, Record<string, unknown[]>>) => {
    (j as unknown as { priors: unknown[] }).priors[1] = v;
  };
  for (const v of [NaN, Infinity, -0.1, 0.9]) {
    const j = JSON.parse(JSON.stringify(lr)) as Record<string, Record<string, unknown[]>>;
    edit(v)(j);
    assert.throws(
      () => estimatorFromJSON(j),
      (e: unknown) =>
        e instanceof ModelFormatError && /priors must be 3 probabilities in \[0, 1\] summing to 1/.test(e.message),
      String(v),
    );
  }
});

test('logistic head: mean, scale and coef finite, scale > 0', () => {
  refused(lr, (j) => (j.head.mean[0] = null), /head\.mean\[0\] is NaN, not a finite number/);
  refused(lr, (j) => (j.head.scale[1] = 0), /head\.scale\[1\] is 0, not a finite number > 0/);
  refused(lr, (j) => (j.head.coef[2] = 'Infinity'), /head\.coef\[2\] is Infinity, not a finite number/);
});

test('prototype head: mean, scale, L, prototypes, mass and priors finite; scale and mass > 0, priors >= 0', () => {
  refused(ml, (j) => (j.head.mean[0] = null), /head\.mean\[0\] is NaN/);
  refused(ml, (j) => (j.head.scale[0] = -1), /head\.scale\[0\] is -1, not a finite number > 0/);
  refused(ml, (j) => (j.head.L[0] = 'Infinity'), /head\.L\[0\] is Infinity/);
  refused(ml, (j) => (j.head.prototypes[1] = null), /head\.prototypes\[1\] is NaN/);
  refused(ml, (j) => (j.head.mass[0] = 'Infinity'), /head\.mass\[0\] is Infinity, not a finite number > 0/);
  refused(ml, (j) => (j.head.priors[2] = 'Infinity'), /head\.priors\[2\] is Infinity, not a finite number >= 0/);
  refused(ml, (j) => (j.head.priors[0] = -0.5), /head\.priors\[0\] is -0\.5, not a finite number >= 0/);
});

test('neural network: a NaN decoded from a base64 weight is refused, naming the weight', async () => {
  await initTf();
  const model = await new NeuralFitModel({ epochs: 1, hidden: [4], embeddingDim: 2, seed: 1 }).fit(dataset);
  // the encoder's scalers: a mean or sd that is not finite (binary packing keeps NaN and infinities)
  for (const [field, value] of [
    ['mean', Infinity],
    ['sd', Infinity],
    ['mean', NaN],
  ] as const) {
    const j = model.toJSON() as unknown as { encoder: { numeric: Record<string, number>[] } };
    j.encoder.numeric[0][field] = value;
    assert.throws(
      () => NeuralFitModel.fromJSON(j),
      (e: unknown) =>
        e instanceof ModelFormatError && /numeric\[0\] must be \{name, mean finite, sd finite > 0\}/.test(e.message),
      `${field} ${value}`,
    );
  }
  const json = model.toJSON() as unknown as { weights: { name: string; data: string }[] };
  const bytes = Buffer.from(json.weights[0].data, 'base64');
  bytes.writeFloatLE(NaN, 4);
  json.weights[0].data = bytes.toString('base64');
  assert.throws(
    () => NeuralFitModel.fromJSON(json),
    (e: unknown) =>
      e instanceof ModelFormatError &&
      /neural-fit: weights\[0\] \(.+\) value 1 is NaN, not a finite number/.test(e.message),
  );
});
