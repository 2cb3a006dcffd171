/** The `format` field of every sizefit model manifest. */
export const MODEL_ARTIFACT_FORMAT = 'sizefit-model';

/** The newest manifest format version this library writes and reads. */
export const MODEL_ARTIFACT_VERSION = 1;

/** The manifest file of a model directory. */
export const MANIFEST_FILE = 'manifest.json';

/** The estimator JSON of the model (large arrays replaced by references into `weights.bin`). */
export const ESTIMATOR_FILE = 'estimator.json';

/** Large numeric arrays of the model, float64 little-endian. */
export const WEIGHTS_FILE = 'weights.bin';

/** The largest manifest.json read (real ones are a few KiB): a bigger one is refused before it is read. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

/** A file of a model directory, with its checksum. */
export interface ArtifactFile {
  /** sha256 of the file's bytes, hex. */
  sha256: string;
  /** Size in bytes. */
  bytes: number;
  /** What the file holds. */
  role: string;
}

/** Where the training data came from. */
export interface ArtifactDataset {
  name: string;
  format: string;
  /** sha256 of the training file (the dataset fingerprint). */
  sha256: string;
  /**
   * sha256 of the training file's bytes after decompression (`DatasetMeta.contentSha256`: the same for a `.jsonl`
   * file and its `.jsonl.gz` copy), hex. Absent in manifests written before it was recorded, and when the content
   * was not known.
   */
  contentSha256?: string;
  /** Rows used for training. */
  records: number;
}

/**
 * `manifest.json` of a model directory: everything a service needs to decide whether it can load the
 * model, and the checksums that prove the files are the ones written.
 */
export interface ModelManifest {
  format: typeof MODEL_ARTIFACT_FORMAT;
  formatVersion: number;
  /** Estimator kind of the saved model (the registry key used to rebuild it). */
  kind: string;
  /** Catalog name the model was trained as (`best`, `k-lf-lr`...). */
  model: string;
  /** sizefit version that wrote it. */
  libVersion: string;
  /** ISO time of writing. */
  createdAt: string;
  /** Class names in the column order of the model's probabilities. */
  classes: string[];
  dataset: ArtifactDataset;
  /** Size systems of the training data (`size_system` values, or the dataset's implicit system). */
  sizeSystems: string[];
  /** The model's options (seed included). */
  params: Record<string, unknown>;
  /** Names of the features the model computes from a record, when it has a feature pipeline. */
  features: string[];
  /** Metrics measured at training time: `training` (in-sample) and `validation` (rows not trained on), each metric -> value. */
  metrics: Record<string, Record<string, number | number[] | null>>;
  /** Seconds spent training. */
  trainingSeconds: number;
  /** Every other file of the directory, by name. */
  files: Record<string, ArtifactFile>;
}
