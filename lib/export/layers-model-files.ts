import type { FitModel } from '../models/fit-model.js';

/** Where a neural model's TensorFlow.js layers files go inside a model directory. */
export const LAYERS_MODEL_FILE = 'tfjs/model.json';
/** The weights file of {@link LAYERS_MODEL_FILE} (named by its `weightsManifest`). */
export const LAYERS_WEIGHTS_FILE = 'tfjs/weights.bin';

interface LayersArtifacts {
  modelTopology: unknown;
  weightSpecs: unknown[];
  weightData: ArrayBuffer | ArrayBuffer[];
}

/**
 * The TensorFlow.js layers-format files of a model that has a TF.js network (`toLayersArtifacts()`, as
 * NeuralFitModel): `tfjs/model.json` in the standard format (`modelTopology` + `weightsManifest`
 * pointing at `weights.bin`) and `tfjs/weights.bin`, so the standard `tf.loadLayersModel` loads the
 * network from the model directory. Other models get no files.
 * @returns file name -> bytes and role, for `saveModel`'s `extraFiles`.
 */
export async function layersModelFiles(
  model: FitModel,
): Promise<Record<string, { data: Uint8Array | string; role: string }>> {
  const m = model as unknown as { toLayersArtifacts?: () => Promise<LayersArtifacts> };
  if (typeof m.toLayersArtifacts !== 'function') return {};
  const a = await m.toLayersArtifacts();
  const parts = Array.isArray(a.weightData) ? a.weightData : [a.weightData];
  const weights = Buffer.concat(parts.map((p) => Buffer.from(p)));
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'sizefit',
    convertedBy: null,
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
  };
  return {
    [LAYERS_MODEL_FILE]: {
      data: JSON.stringify(modelJson),
      role: 'TensorFlow.js layers model (tf.loadLayersModel); preprocessing is in estimator.json',
    },
    [LAYERS_WEIGHTS_FILE]: { data: weights, role: 'weights of tfjs/model.json' },
  };
}
