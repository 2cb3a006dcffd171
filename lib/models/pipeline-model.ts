import { InvalidArgumentError, ModelFormatError, NotFittedError } from '../core/errors.js';
import {
  checkEstimatorJSON,
  estimatorEntry,
  estimatorFromJSON,
  registerEstimator,
  type Estimator,
  type EstimatorJSON,
} from '../core/estimator.js';
import { FIT_CLASSES } from '../core/labels.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import { takeMatrixRows, type FeatureMatrix } from '../features/feature-matrix.js';
import type { DatasetTransformer } from '../features/transformer.js';
import { HoldoutSplit } from '../validation/holdout-split.js';
import type { FitModel, FitModelFitOptions } from './fit-model.js';
import { argmaxRows, fitLabelCodes } from './prior-fit-labels.js';

const KIND = 'pipeline-model';
const VERSION = 1;

/**
 * A classifier of numeric feature matrices (LogisticRegression, GradientBoostedTrees...): `fit(X, y,
 * {validation})` with class codes, `predictProba(X)` n x k row-major with columns in code order.
 */
export interface MatrixClassifier extends Estimator {
  /** Classes in `predictProba` column order. */
  readonly classes: readonly (string | number)[];
  /** Learns from X and class codes y; `validation` rows may be used for early stopping. */
  fit(
    X: FeatureMatrix,
    y: ArrayLike<number>,
    options?: { validation?: { X: FeatureMatrix; y: ArrayLike<number> } },
  ): this | Promise<this>;
  /** Probabilities, n x classes.length, row-major. */
  predictProba(X: FeatureMatrix): Float64Array;
}

/** Options of {@link PipelineModel}. */
export interface PipelineModelOptions {
  /** The feature step (usually `sizeFitFeaturePipeline({seed})`); fitted by the model's `fit`. */
  pipeline: DatasetTransformer;
  /**
   * The matrix classifier, trained on class codes 0 small, 1 fit, 2 large (so built without
   * `classNames`, or with FIT_CLASSES); fitted by the model's `fit`.
   */
  classifier: MatrixClassifier;
  /**
   * Share of the labelled training rows held out (seeded, stratified) as the classifier's validation
   * set, before the pipeline is fitted: the pipeline is fitted on the rest and the held-out rows are
   * transformed like test rows. `'auto'` (default): 0.1 when the classifier early-stops (its
   * `options.earlyStoppingRounds` is > 0, as GradientBoostedTrees', or its `options.gbdt.earlyStoppingRounds`,
   * as GbdtBag's), else 0. A `validation` dataset given to `fit` takes the place of the held-out rows.
   */
  validationFraction?: number | 'auto';
  /** Seed of the held-out rows (default 0). */
  seed?: number;
}

/**
 * A dataset-level fit model made of a feature pipeline and a matrix classifier:
 * `fit(train)` = `pipeline.fitTransform(train)` (cross-fitted history features) then
 * `classifier.fit(X, y)` on the labelled rows; `predictProba(rows)` =
 * `classifier.predictProba(pipeline.transform(rows))`. Unseen customers and articles get the
 * pipeline's prior features, so they never throw. Saved as one JSON that nests both parts.
 */
export class PipelineModel implements FitModel {
  readonly kind = KIND;
  readonly classes: readonly string[] = FIT_CLASSES;
  private readonly opts: PipelineModelOptions;
  private fitted = false;

  /** Stores the parts and options (checked at `fit`). */
  constructor(options: PipelineModelOptions) {
    this.opts = { ...options };
  }

  /** The feature step. */
  get pipeline(): DatasetTransformer {
    return this.opts.pipeline;
  }

  /** The matrix classifier. */
  get classifier(): MatrixClassifier {
    return this.opts.classifier;
  }

  /** True once fitted or loaded. */
  get isFitted(): boolean {
    return this.fitted;
  }

  /**
   * Fits the pipeline on the training rows (minus the held-out validation rows, if any) and the
   * classifier on their features; replaces any earlier fit. Rows with a missing label are passed to
   * the pipeline (they carry customer and article information) but not to the classifier.
   *
   * @returns this; a Promise of this when the classifier's `fit` is asynchronous (GbdtBag growing its
   * forests in worker threads), so callers that take any classifier should `await` it.
   * @throws InvalidArgumentError without a `fit` column, without labelled rows, on a bad option; and
   * what the parts throw.
   */
  fit(data: ColumnarDataset, options: FitModelFitOptions = {}): this | Promise<this> {
    const { pipeline, classifier } = this.opts;
    if (!pipeline || !classifier) throw new InvalidArgumentError('PipelineModel: needs a pipeline and a classifier');
    const seed = this.opts.seed ?? 0;
    const y = fitLabelCodes(data, 'PipelineModel');
    let fraction = this.opts.validationFraction ?? 'auto';
    if (fraction === 'auto') fraction = earlyStops(classifier) ? 0.1 : 0;
    if (!(fraction >= 0 && fraction < 1))
      throw new InvalidArgumentError(`PipelineModel: validationFraction must be in [0, 1), got ${fraction}`);
    this.fitted = false;
    let trainDs = data;
    let valDs: ColumnarDataset | undefined = options.validation;
    if (valDs === undefined && fraction > 0) {
      const { train, held } = heldOutRows(y, fraction, seed, 'PipelineModel');
      trainDs = data.take(train);
      valDs = data.take(held);
    }
    options.log?.(`PipelineModel: features of ${trainDs.length} training rows`);
    const X = pipeline.fitTransform(trainDs);
    const { X: Xl, y: yl } = labelledRows(X, fitLabelCodes(trainDs, 'PipelineModel'));
    if (Xl.n === 0) throw new InvalidArgumentError(`PipelineModel: dataset '${data.meta.name}' has no labelled row`);
    let validation: { X: FeatureMatrix; y: Int32Array } | undefined;
    if (valDs !== undefined) {
      const v = labelledRows(pipeline.transform(valDs), fitLabelCodes(valDs, 'PipelineModel'));
      if (v.X.n > 0) validation = v;
    }
    options.log?.(
      `PipelineModel: ${classifier.kind} on ${Xl.n} x ${Xl.p}` + (validation ? `, validation ${validation.X.n}` : ''),
    );
    const done = (): this => {
      const bad = classCountProblem(classifier);
      if (bad !== undefined) throw new InvalidArgumentError(`PipelineModel: the classifier ${bad}`);
      this.fitted = true;
      return this;
    };
    const r = validation ? classifier.fit(Xl, yl, { validation }) : classifier.fit(Xl, yl);
    // A classifier that trains in worker threads (GbdtBag) returns a Promise: so does fit then.
    return r instanceof Promise ? r.then(done) : done();
  }

  /**
   * Probabilities of small, fit, large for every row, n x 3 (a class the classifier never saw gets 0).
   * @throws NotFittedError; InvalidArgumentError on an empty dataset or a missing column the pipeline needs.
   */
  predictProba(data: ColumnarDataset): Float64Array {
    if (!this.fitted) throw new NotFittedError('PipelineModel');
    if (data.length === 0) throw new InvalidArgumentError('PipelineModel: the dataset has no rows');
    const P = this.opts.classifier.predictProba(this.opts.pipeline.transform(data));
    const k = this.opts.classifier.classes.length;
    if (k === 3) return P;
    const out = new Float64Array(data.length * 3);
    for (let i = 0; i < data.length; i++) for (let c = 0; c < k; c++) out[i * 3 + c] = P[i * k + c];
    return out;
  }

  /**
   * Names of the feature columns the pipeline computes (the classifier's input columns), or [] when the pipeline does
   * not describe them (it has no `featureInfo`). `saveModel` lists them in the manifest.
   * @throws NotFittedError.
   */
  featureNames(): string[] {
    if (!this.fitted) throw new NotFittedError('PipelineModel');
    const p = this.opts.pipeline as unknown as { featureInfo?: () => { name: string }[] };
    return typeof p.featureInfo === 'function' ? p.featureInfo().map((f) => f.name) : [];
  }

  /** The most probable class code per row (0 small, 1 fit, 2 large). @throws as {@link predictProba}. */
  predict(data: ColumnarDataset): Int32Array {
    return argmaxRows(this.predictProba(data), 3);
  }

  /** `{kind: 'pipeline-model', version: 1, options: {validationFraction, seed}, pipeline, classifier}`. @throws NotFittedError. */
  toJSON(): EstimatorJSON {
    if (!this.fitted) throw new NotFittedError('PipelineModel');
    return {
      kind: KIND,
      version: VERSION,
      options: { validationFraction: this.opts.validationFraction ?? 'auto', seed: this.opts.seed ?? 0 },
      pipeline: this.opts.pipeline.toJSON(),
      classifier: this.opts.classifier.toJSON(),
    };
  }

  /**
   * Rebuilds a fitted model; both parts through the estimator registry.
   * @throws ModelFormatError on a wrong kind or version, a part of the wrong family, or a classifier with
   *   other than 1 to 3 classes (the rule of `fit`).
   */
  static fromJSON(json: unknown): PipelineModel {
    const o = checkEstimatorJSON<{ options: unknown; pipeline: unknown; classifier: unknown }>(json, KIND, [VERSION]);
    const pipeline = estimatorFromJSON(o.pipeline);
    if (!estimatorEntry(pipeline.kind).capabilities.includes('dataset-transformer'))
      throw new ModelFormatError(`${KIND}: pipeline '${pipeline.kind}' is not a dataset-transformer`);
    const classifier = estimatorFromJSON(o.classifier);
    if (!estimatorEntry(classifier.kind).capabilities.includes('classifier'))
      throw new ModelFormatError(`${KIND}: classifier '${classifier.kind}' is not a classifier`);
    // More than 3 columns would spill into the next row's probabilities in predictProba.
    const bad = classCountProblem(classifier as MatrixClassifier);
    if (bad !== undefined) throw new ModelFormatError(`${KIND}: classifier '${classifier.kind}' ${bad}`);
    const opts = (o.options ?? {}) as Partial<PipelineModelOptions>;
    const m = new PipelineModel({
      pipeline: pipeline as DatasetTransformer,
      classifier: classifier as MatrixClassifier,
      validationFraction: opts.validationFraction,
      seed: opts.seed,
    });
    m.fitted = true;
    return m;
  }
}

registerEstimator(KIND, PipelineModel.fromJSON, ['classifier', 'supervised', 'handles-nan', 'stochastic']);

/**
 * Why a fitted classifier cannot give the columns small, fit, large (codes 0..k-1 with k <= 3), or undefined
 * when it can: `predictProba` copies its k columns into the first k of each n x 3 row.
 */
function classCountProblem(classifier: MatrixClassifier): string | undefined {
  const classes: unknown = classifier.classes;
  if (!Array.isArray(classes)) return 'has no classes array';
  if (classes.length < 1 || classes.length > 3)
    return `has ${classes.length} classes, not 1 to 3 (${FIT_CLASSES.join(', ')})`;
  return undefined;
}

/**
 * True when the classifier declares early stopping: `options.earlyStoppingRounds > 0` (GradientBoostedTrees), or
 * `options.gbdt.earlyStoppingRounds > 0` for a classifier made of forests that share those options (GbdtBag).
 */
function earlyStops(classifier: MatrixClassifier): boolean {
  const options = (classifier as unknown as { options?: { earlyStoppingRounds?: unknown; gbdt?: unknown } }).options;
  const positive = (rounds: unknown): boolean => typeof rounds === 'number' && rounds > 0;
  const gbdt = options?.gbdt as { earlyStoppingRounds?: unknown } | undefined;
  return positive(options?.earlyStoppingRounds) || (typeof gbdt === 'object' && positive(gbdt?.earlyStoppingRounds));
}

/**
 * A seeded stratified split of the labelled rows: `held` gets round(fraction x n_c) rows of each class,
 * `train` the rest plus every unlabelled row (both ascending).
 * @throws InvalidArgumentError when either side would have no labelled row.
 */
export function heldOutRows(
  y: Int32Array,
  fraction: number,
  seed: number,
  who: string,
): { train: Int32Array; held: Int32Array } {
  const labelled: number[] = [];
  for (let i = 0; i < y.length; i++) if (y[i] >= 0) labelled.push(i);
  if (labelled.length < 2) throw new InvalidArgumentError(`${who}: needs at least 2 labelled rows to hold some out`);
  const yl = Int32Array.from(labelled, (i) => y[i]);
  let fold;
  try {
    fold = new HoldoutSplit({ testFraction: fraction, strategy: 'stratified', seed }).split(labelled.length, yl)[0];
  } catch (e) {
    throw new InvalidArgumentError(
      `${who}: cannot hold out ${fraction} of ${labelled.length} labelled rows: ${(e as Error).message}`,
    );
  }
  const isHeld = new Uint8Array(y.length);
  for (const q of fold.test) isHeld[labelled[q]] = 1;
  const train: number[] = [];
  const held: number[] = [];
  for (let i = 0; i < y.length; i++) (isHeld[i] ? held : train).push(i);
  return { train: Int32Array.from(train), held: Int32Array.from(held) };
}

/** The rows of X with a label (y >= 0) and their labels. */
function labelledRows(X: FeatureMatrix, y: Int32Array): { X: FeatureMatrix; y: Int32Array } {
  let all = true;
  for (let i = 0; i < y.length; i++) if (y[i] < 0) all = false;
  if (all) return { X, y };
  const rows: number[] = [];
  for (let i = 0; i < y.length; i++) if (y[i] >= 0) rows.push(i);
  return { X: takeMatrixRows(X, rows), y: Int32Array.from(rows, (i) => y[i]) };
}
