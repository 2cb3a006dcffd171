// A saved NeuralFitModel edited one way must be refused the same way by each of its loaders.
import assert from 'node:assert/strict';
import {
  ModelFormatError,
  NeuralFitModel,
  estimatorFromJSON,
  getTf,
  type NeuralFitLayersArtifacts,
} from '../../lib/index.js';

/**
 * Asserts that the model saved as `json` and as `artifacts`, both edited by `edit`, is refused by fromJSON, by the
 * registry and by fromLayersArtifacts with the ModelFormatError `neural-fit: ${message}`, leaving no tensor behind.
 */
export async function assertNeuralLoadsRefused<S>(
  json: unknown,
  artifacts: NeuralFitLayersArtifacts,
  edit: (saved: S) => void,
  message: string,
): Promise<void> {
  const tf = getTf();
  const before = tf.memory().numTensors;
  const refused = (e: unknown): boolean => {
    assert.ok(e instanceof ModelFormatError, `${message}: ${String(e)}`);
    assert.equal(e.message, `neural-fit: ${message}`);
    return true;
  };
  const j = structuredClone(json) as S;
  edit(j);
  assert.throws(() => NeuralFitModel.fromJSON(j), refused, message);
  assert.throws(() => estimatorFromJSON(JSON.stringify(j)), refused, message);
  const pre = structuredClone(artifacts.preprocessing) as unknown as S;
  edit(pre);
  await assert.rejects(
    NeuralFitModel.fromLayersArtifacts({
      ...artifacts,
      preprocessing: pre as unknown as typeof artifacts.preprocessing,
    }),
    refused,
    message,
  );
  assert.equal(tf.memory().numTensors, before, `${message}: no tensor left by the refused loads`);
}
