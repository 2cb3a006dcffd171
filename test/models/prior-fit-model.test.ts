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
});
