// Options of the feature steps, at construction and in saved JSON. Before: a seed of 1.5 was accepted by the history
// steps and the target encoder (and saved) although their folds need a safe integer; and a saved option that the
// constructor refuses (a negative prior strength, nFolds 1; an encoder's unseen 'bogus', a discretizer's nBins 1)
// escaped fromJSON as an InvalidArgumentError, a bad call, though fromJSON promises ModelFormatError for a bad file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ArticleFeatures,
  BinDiscretizer,
  BodyFeatures,
  CustomerHistoryFeatures,
  CustomerRecencyFeatures,
  InvalidArgumentError,
  ModelFormatError,
  OneHotEncoder,
  OrdinalEncoder,
  RelativeSizeFeatures,
  RenterSizeFeatures,
  TargetEncoder,
  estimatorFromJSON,
  gbdtFeaturePipeline,
  matrixFromRows,
  type EstimatorJSON,
} from '../../lib/index.js';
import { syntheticRentals } from './make-dataset.js';

const ds = syntheticRentals(200, { users: 40, items: 8, categories: 3, seed: 5 });

test('Feature steps refuse a seed that is not a safe integer at construction, naming the step', () => {
  const makers: [string, (seed: number) => unknown][] = [
    ['CustomerHistoryFeatures', (seed) => new CustomerHistoryFeatures({ seed })],
    ['ArticleFeatures', (seed) => new ArticleFeatures({ seed })],
    ['RelativeSizeFeatures', (seed) => new RelativeSizeFeatures({ seed })],
    ['CustomerRecencyFeatures', (seed) => new CustomerRecencyFeatures({ seed })],
    ['TargetEncoder', (seed) => new TargetEncoder({ seed })],
    ['CustomerHistoryFeatures', (seed) => gbdtFeaturePipeline({ seed })],
  ];
  for (const [who, make] of makers) {
    for (const seed of [1.5, NaN, Infinity, 2 ** 60]) {
      assert.throws(
        () => make(seed),
        (e: unknown) =>
          e instanceof InvalidArgumentError && e.message === `${who}: seed must be a safe integer, got ${seed}`,
        `${who} seed ${seed}`,
      );
    }
    // Any safe integer is a seed, negative ones too.
    make(-7);
  }
  assert.equal(new CustomerRecencyFeatures({ seed: -7 }).seed, -7);
});

/** A deep copy of `json` with `field` set to `value`. */
function withOption(json: EstimatorJSON, field: string, value: unknown): unknown {
  return { ...(JSON.parse(JSON.stringify(json)) as object), [field]: value };
}

test('fromJSON turns a saved option that the constructor refuses into a ModelFormatError naming the kind and option', () => {
  const fitted: [string, EstimatorJSON][] = [
    ['body-features', new BodyFeatures().fit(ds).toJSON()],
    ['customer-history-features', new CustomerHistoryFeatures().fit(ds).toJSON()],
    ['article-features', new ArticleFeatures().fit(ds).toJSON()],
    ['relative-size-features', new RelativeSizeFeatures().fit(ds).toJSON()],
    ['customer-recency-features', new CustomerRecencyFeatures().fit(ds).toJSON()],
    ['renter-size-features', new RenterSizeFeatures().fit(ds).toJSON()],
    ['target-encoder', new TargetEncoder().fit(matrixFromRows([[0], [1], [1]], ['c']), [1, 2, 3]).toJSON()],
    ['one-hot-encoder', new OneHotEncoder().fit(matrixFromRows([[0], [1], [1]], ['c'])).toJSON()],
    ['ordinal-encoder', new OrdinalEncoder().fit(matrixFromRows([[0], [1], [1]], ['c'])).toJSON()],
    ['bin-discretizer', new BinDiscretizer({ nBins: 3 }).fit(matrixFromRows([[0], [1], [2], [3]], ['c'])).toJSON()],
  ];
  const cases: Record<string, [string, unknown, string][]> = {
    'body-features': [['ageRange', [50, 10], 'ageRange must be [min, max]']],
    'customer-history-features': [
      ['priorStrength', -1, 'priorStrength must be >= 0'],
      ['nFolds', 1, 'nFolds must be >= 2'],
      ['crossFit', 'x', "crossFit must be 'kfold' or 'loo'"],
      ['seed', 1.5, 'seed must be a safe integer'],
    ],
    'article-features': [['sizePriorStrength', -1, 'sizePriorStrength must be >= 0']],
    'relative-size-features': [
      ['feedbackShift', 'a', 'feedbackShift must be a finite number'],
      ['seed', 1.5, 'seed must be a safe integer'],
    ],
    'customer-recency-features': [
      ['timeScaleDays', 0, 'timeScaleDays must be a positive number'],
      ['seed', 1.5, 'seed must be a safe integer'],
    ],
    'renter-size-features': [['offsetStrength', -1, 'offsetStrength must be a finite number >= 0']],
    'target-encoder': [
      ['smoothing', -1, 'smoothing must be >= 0'],
      ['seed', 1.5, 'seed must be a safe integer'],
    ],
    'one-hot-encoder': [['unseen', 'bogus', "unseen must be 'error', 'ignore' or 'unknown', got 'bogus'"]],
    'ordinal-encoder': [['unseen', 'bogus', "unseen must be 'error', 'ignore' or 'unknown', got 'bogus'"]],
    'bin-discretizer': [
      ['nBins', 1, 'nBins must be an integer >= 2, got 1'],
      ['strategy', 'kmeans', "unknown strategy 'kmeans'"],
    ],
  };
  for (const [kind, json] of fitted) {
    // The saved JSON loads as it is: the cases below fail on the option alone.
    assert.equal((estimatorFromJSON(JSON.parse(JSON.stringify(json))) as { kind: string }).kind, kind);
    for (const [field, value, says] of cases[kind]) {
      assert.throws(
        () => estimatorFromJSON(withOption(json, field, value)),
        (e: unknown) => e instanceof ModelFormatError && e.message.startsWith(`${kind}: `) && e.message.includes(says),
        `${kind} ${field} = ${JSON.stringify(value)}`,
      );
    }
  }
});
