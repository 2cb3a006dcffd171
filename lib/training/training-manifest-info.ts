import type { ColumnarDataset } from '../data/columnar-dataset.js';
import type { FitModel } from '../models/fit-model.js';
import { AdviceHistory } from '../advice/advice-history.js';
import { ADVICE_HISTORY_FILE, ADVICE_HISTORY_ROLE } from '../advice/load-advice-history.js';
import { trainingMetrics, type TrainingMetrics } from './training-metrics.js';
import { layersModelFiles } from '../export/layers-model-files.js';
import type { ArtifactDataset } from '../export/model-manifest.js';
import type { SaveModelInfo } from '../export/save-model.js';

/** Options of {@link trainingManifestInfo}. */
export interface TrainingManifestOptions {
  /** Catalog name the model was made from (`best`, `gbdt`...), recorded as the manifest's `model`. */
  model: string;
  /** The seed the model was created with: recorded in `params`, and the seed of the rows scored for `metrics.training`. */
  seed: number;
  /** Seconds spent training, recorded as given. */
  trainingSeconds: number;
}

/**
 * What {@link trainingManifestInfo} returns: {@link SaveModelInfo} with every field a trained model's manifest records,
 * and the model's `estimatorJson`, so that `saveModel` does not serialise it again.
 */
export interface TrainingManifestInfo extends SaveModelInfo {
  dataset: ArtifactDataset;
  sizeSystems: string[];
  params: Record<string, unknown>;
  /** `training`: the in-sample metrics (`trainingMetrics`); `validation`: the model's own, when it has them. */
  metrics: { training: TrainingMetrics & Record<string, number | null>; validation?: Record<string, number> };
  trainingSeconds: number;
  extraFiles: Record<string, { data: Uint8Array | string; role: string }>;
}

/** Size systems of a dataset: its `size_system` values, or the implicit numeric system of its format. */
function datasetSizeSystems(ds: ColumnarDataset): string[] {
  if (ds.has('size_system')) {
    const c = ds.categories('size_system');
    const seen = new Set<number>();
    for (const k of c.codes) if (k >= 0) seen.add(k);
    return [...seen].map((k) => c.categories[k]).sort();
  }
  return [`${ds.meta.format}-size`];
}

/**
 * The information `sizefit train` gives {@link saveModel} for a model trained on every row of `dataset`: the catalog
 * name, the dataset block (name, format, file sha256, content sha256 when known, records), the size systems of the
 * data, the parameters (`seed` and the model's options), the in-sample training metrics (`trainingMetrics`:
 * at most `TRAINING_METRICS_MAX_ROWS` rows, drawn with `seed`) and the model's validation metrics, the training time,
 * and the extra files: the advice history of the training rows (for size recommendations) and, for a model with a
 * TensorFlow.js network, its layers files. Add `overwrite` to the result when needed.
 *
 * @param model - a model fitted on `dataset`.
 * @param dataset - the rows it was trained on.
 * @returns the info, whose `metrics.training` the caller may also print.
 * @throws as `model.predictProba` (an unfitted model...) and `model.toJSON`.
 */
export async function trainingManifestInfo(
  model: FitModel,
  dataset: ColumnarDataset,
  options: TrainingManifestOptions,
): Promise<TrainingManifestInfo> {
  const { seed } = options;
  const training = trainingMetrics(model, dataset, seed);
  // Made once: its options are the manifest's params, and saveModel writes it (a second toJSON of best took 0.8 s).
  const estimatorJson = model.toJSON();
  const validation = (model as unknown as { validationMetrics?: Record<string, number> }).validationMetrics;
  return {
    model: options.model,
    dataset: {
      name: dataset.meta.name,
      format: dataset.meta.format,
      sha256: dataset.meta.sha256,
      // The content hash (the sha256 of the decompressed bytes), found as the file was read: evaluate knows a plain
      // copy of a `.gz` training file by it, and the run registry finds a run on a `.gz` file by the sha256 of
      // its plain copy.
      ...(dataset.meta.contentSha256 !== undefined ? { contentSha256: dataset.meta.contentSha256 } : {}),
      records: dataset.length,
    },
    sizeSystems: datasetSizeSystems(dataset),
    params: { seed, ...((estimatorJson as { options?: Record<string, unknown> }).options ?? {}) },
    metrics: {
      training: { ...training },
      ...(validation ? { validation } : {}),
    },
    trainingSeconds: options.trainingSeconds,
    extraFiles: {
      [ADVICE_HISTORY_FILE]: { data: JSON.stringify(new AdviceHistory(dataset).toJSON()), role: ADVICE_HISTORY_ROLE },
      ...(await layersModelFiles(model)),
    },
    estimatorJson,
  };
}
