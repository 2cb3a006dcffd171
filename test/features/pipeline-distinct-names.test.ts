// A FeaturePipeline's columns have distinct names: the classifiers after it check columns by name, and two columns of
// one name (the same step listed twice, or two steps giving one column) could be read as each other.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BodyFeatures, CategoricalFeatures, FeaturePipeline, InvalidArgumentError } from '../../lib/index.js';
import { syntheticRentals } from './make-dataset.js';

const ds = syntheticRentals(200, { users: 30, items: 10, categories: 4, seed: 5 });

test('FeaturePipeline refuses, at fit, two steps that give one column, naming the column and both steps', () => {
  const p = new FeaturePipeline({ steps: [new BodyFeatures(), new CategoricalFeatures(), new BodyFeatures()] });
  assert.throws(
    () => p.fitTransform(ds),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      /FeaturePipeline: steps 0 \(body-features\) and 2 \(body-features\) both give the column '[^']+'/.test(e.message),
  );
  assert.equal(p.isFitted, false);
  assert.throws(() => p.fit(ds), InvalidArgumentError);
});

test('FeaturePipeline refuses a step that gives one column twice, and keeps pipelines of distinct columns', () => {
  // CategoricalFeatures on a column listed twice names its blocks distinctly now; a step of repeated names is made
  // here by hand.
  const body = new BodyFeatures();
  const twice = {
    kind: 'twice',
    fit: () => twice,
    transform: (d: typeof ds) => {
      const X = body.transform(d);
      return { ...X, names: X.names.map((_, j) => (j < 2 ? 'same' : X.names[j])) };
    },
    fitTransform: (d: typeof ds) => {
      body.fit(d);
      return twice.transform(d);
    },
    featureInfo: () => [],
    toJSON: () => ({ kind: 'twice', version: 1 }),
  };
  const p = new FeaturePipeline({ steps: [twice as unknown as BodyFeatures] });
  assert.throws(
    () => p.fitTransform(ds),
    /FeaturePipeline: step 0 \(twice\) gives the column 'same' twice; the columns of a pipeline must have distinct names/,
  );
  const ok = new FeaturePipeline({ steps: [new BodyFeatures(), new CategoricalFeatures()] });
  const X = ok.fitTransform(ds);
  assert.equal(new Set(X.names).size, X.p);
  assert.deepEqual(ok.transform(ds).names, X.names);
});
