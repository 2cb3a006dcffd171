import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidArgumentError, ModelFormatError, PriorFitModel, estimatorFromJSON } from '../../lib/index.js';
import { datasetFromRecords } from '../features/make-dataset.js';

const data = datasetFromRecords([
  { user_id: 'u1', fit: 'small' },
  { user_id: 'u1', fit: 'fit' },
  { user_id: 'u2', fit: 'fit' },
  { user_id: 'u3', fit: 'large' },
  { user_id: 'u3', fit: null },
]);

describe('PriorFitModel', () => {
  test('predicts the class shares of the labelled training rows for every row', () => {
    const m = new PriorFitModel().fit(data);
    assert.deepEqual([...m.priors], [0.25, 0.5, 0.25]);
    assert.deepEqual([...m.predictProba(data.take([0, 4]))], [0.25, 0.5, 0.25, 0.25, 0.5, 0.25]);
    assert.deepEqual([...m.predict(data.take([2]))], [1]);
  });

  test('pseudoCount smooths the shares: (count + a) / (labelled + 3a)', () => {
    const m = new PriorFitModel({ pseudoCount: 1 }).fit(data);
    const want = [2 / 7, 3 / 7, 2 / 7];
    m.priors.forEach((v, c) => assert.ok(Math.abs(v - want[c]) < 1e-15));
  });

  test('refuses data without labels, a negative pseudoCount and a malformed JSON', () => {
    assert.throws(
      () => new PriorFitModel().fit(datasetFromRecords([{ user_id: 'u', fit: null }])),
      InvalidArgumentError,
    );
    assert.throws(() => new PriorFitModel().fit(datasetFromRecords([{ user_id: 'u' }])), /no label column 'fit'/);
    assert.throws(() => new PriorFitModel({ pseudoCount: -1 }).fit(data), InvalidArgumentError);
    assert.throws(() => PriorFitModel.fromJSON({ kind: 'prior', version: 1, priors: [0.5, 0.6, 0] }), ModelFormatError);
  });

  test('JSON round trip', () => {
    const m = new PriorFitModel({ pseudoCount: 0.5 }).fit(data);
    const back = estimatorFromJSON<PriorFitModel>(JSON.stringify(m.toJSON()));
    assert.deepEqual(back.predictProba(data), m.predictProba(data));
  });

  // Review (models) finding 5: the saved options were never looked at: a pseudoCount of -5 or options "xyz" loaded,
  // and the model failed only when refitted.
  test('fromJSON refuses saved options that fit refuses, naming the option; the options a fit saves load and refit', () => {
    const saved = new PriorFitModel({ pseudoCount: 0.5 }).fit(data).toJSON();
    const cases: [unknown, string][] = [
      [{ pseudoCount: -5 }, 'prior: saved options: pseudoCount must be a finite number >= 0, got -5'],
      [{ pseudoCount: '1' }, 'prior: saved options: pseudoCount must be a finite number >= 0, got "1"'],
      ['xyz', 'prior: options must be an object, got "xyz"'],
      [null, 'prior: options must be an object, got null'],
      [[1], 'prior: options must be an object, got [1]'],
    ];
    for (const [options, message] of cases) {
      assert.throws(
        () => PriorFitModel.fromJSON({ ...saved, options }),
        (e: unknown) => e instanceof ModelFormatError && e.message === message,
        message,
      );
    }
    for (const options of [{}, { pseudoCount: 2 }, undefined]) {
      const back = PriorFitModel.fromJSON({ ...saved, options });
      assert.deepEqual(back.predictProba(data), new PriorFitModel({ pseudoCount: 0.5 }).fit(data).predictProba(data));
      back.fit(data);
    }
  });
});
