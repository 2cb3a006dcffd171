import type { LayersModel } from '@tensorflow/tfjs';
import { ModelFormatError } from '../core/errors.js';
import type { Tf } from '../core/tf-backend.js';
import type { NeuralFitLayersArtifacts } from './neural-fit-artifacts.js';

/**
 * Disposes a network's weights. `LayersModel.dispose` frees a layer's weights only when its reference count
 * drops to 0, and layers shared with the training model (applied twice) would keep theirs.
 */
export function disposeNetwork(model: LayersModel): void {
  const variables = model.weights.map((w) => w.read());
  model.dispose();
  for (const v of variables) if (!v.isDisposed) v.dispose();
}

/** A ModelFormatError about `file` of the layers format, carrying TensorFlow.js's own error as its cause. */
function layersError(file: string, what: string, cause: unknown): ModelFormatError {
  const err = new ModelFormatError(
    `neural-fit: ${what}: ${cause instanceof Error ? cause.message : String(cause)}`,
    file,
  );
  err.cause = cause;
  return err;
}

/**
 * The network of TF.js layers artifacts (`modelTopology` and `weightSpecs`, the content of model.json, and
 * `weightData`, the bytes of weights.bin), loaded as `tf.loadLayersModel(tf.io.fromMemory(...))` loads it, in
 * steps whose failures are told apart and leave no tensor behind: the topology is built, the weights decoded
 * by their specs, and set by name (strictly: every weight of the topology, no other).
 * @throws ModelFormatError naming the file (model.json; with weights.bin when the weight bytes do not match the
 *   specs) and keeping TensorFlow.js's message in the text and the error as `cause`: a topology TensorFlow.js
 *   cannot build, weight specs that do not match the topology's weights (a missing, extra or renamed weight, or
 *   another shape), or weight data of another size than the specs describe.
 */
export async function loadLayersNetwork(tf: Tf, artifacts: NeuralFitLayersArtifacts): Promise<LayersModel> {
  let net: LayersModel;
  try {
    const config = { modelTopology: artifacts.modelTopology } as Parameters<Tf['models']['modelFromJSON']>[0];
    net = await tf.models.modelFromJSON(config);
  } catch (e) {
    throw layersError('model.json', 'TensorFlow.js cannot build the layers model of modelTopology', e);
  }
  let decoded = false;
  try {
    // tidy disposes the decoded weight tensors, on success as after a throw (setting a weight takes a reference
    // of its own), as tf.loadLayersModel disposes them.
    tf.tidy(() => {
      const weights = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
      decoded = true;
      net.loadWeights(weights, true);
    });
  } catch (e) {
    disposeNetwork(net);
    throw decoded
      ? layersError('model.json', "the weights of weightsManifest do not match modelTopology's weights", e)
      : layersError('model.json', "weights.bin does not hold the weights model.json's weightsManifest describes", e);
  }
  return net;
}
