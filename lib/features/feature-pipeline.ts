import { InvalidArgumentError, ModelFormatError, NotFittedError } from '../core/errors.js';
import {
  checkEstimatorJSON,
  estimatorEntry,
  estimatorFromJSON,
  registerEstimator,
  type EstimatorJSON,
} from '../core/estimator.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import { ArticleFeatures } from './article-features.js';
import { BodyFeatures } from './body-features.js';
import { CategoricalFeatures } from './categorical-features.js';
import { CustomerHistoryFeatures } from './customer-history-features.js';
import { isBlockWriter, type BlockWriter } from './block-writer.js';
import { featureMatrix, type FeatureMatrix } from './feature-matrix.js';
import type { HistoryFeaturesOptions } from './group-history-features.js';
import { SimpleImputer } from './simple-imputer.js';
import type { DatasetTransformer, FeatureInfo, MatrixTransformer } from './transformer.js';

/** Options of {@link FeaturePipeline}. */
export interface FeaturePipelineOptions {
  /** Dataset steps; their outputs are joined side by side in this order. */
  steps: DatasetTransformer[];
  /** Unsupervised matrix transformers applied in order to the joined matrix (imputer, scaler...). */
  post?: MatrixTransformer[];
}

const KIND = 'feature-pipeline';

/**
 * A pipeline of dataset steps then matrix steps that turns a ColumnarDataset into a named
 * FeatureMatrix, and saves and loads as one JSON.
 *
 * `fitTransform(train)` fits every step on the training rows and returns their cross-fitted features
 * (each history step keeps a row's label out of its own features); the matrix steps are fitted on that
 * matrix. `transform(rows)` maps new rows with the statistics of all training rows. `fit(train)` is
 * `fitTransform` with the result dropped (the matrix steps need the training matrix).
 */
export class FeaturePipeline implements DatasetTransformer {
  readonly kind = KIND;
  readonly steps: readonly DatasetTransformer[];
  readonly post: readonly MatrixTransformer[];
  private fitted = false;

  /** @throws InvalidArgumentError without steps, or with a supervised matrix step. */
  constructor(options: FeaturePipelineOptions) {
    if (!options || options.steps.length === 0)
      throw new InvalidArgumentError('FeaturePipeline needs at least one step');
    this.steps = options.steps.slice();
    this.post = (options.post ?? []).slice();
    for (const t of this.post) {
      if (estimatorEntry(t.kind).capabilities.includes('supervised')) {
        throw new InvalidArgumentError(
          `FeaturePipeline: matrix step '${t.kind}' is supervised; only unsupervised ones can follow`,
        );
      }
    }
  }

  /** True once fitted or loaded. */
  get isFitted(): boolean {
    return this.fitted;
  }

  /** Fits all steps on the training rows `ds`. @returns this. @throws as {@link FeaturePipeline.fitTransform}. */
  fit(ds: ColumnarDataset): this {
    this.fitTransform(ds);
    return this;
  }

  /**
   * Fits on the training rows and returns their cross-fitted feature matrix.
   * @throws as the steps do; InvalidArgumentError when two columns of the steps have one name (naming it and the steps).
   */
  fitTransform(ds: ColumnarDataset): FeatureMatrix {
    this.fitted = false;
    let X = joinSteps(this.steps, ds, true);
    for (const t of this.post) X = t.fitTransform(X);
    this.fitted = true;
    return X;
  }

  /** Features of new rows. @throws NotFittedError before fit; otherwise as the steps do. */
  transform(ds: ColumnarDataset): FeatureMatrix {
    if (!this.fitted) throw new NotFittedError('FeaturePipeline');
    let X = joinSteps(this.steps, ds, false);
    for (const t of this.post) X = t.transform(X);
    return X;
  }

  /**
   * Names and meanings of the output columns. Columns added by matrix steps (e.g. missing
   * indicators) are described by the step that made them.
   * @throws NotFittedError before fit.
   */
  featureInfo(): FeatureInfo[] {
    if (!this.fitted) throw new NotFittedError('FeaturePipeline');
    const infos = this.steps.flatMap((s) => s.featureInfo());
    const byName = new Map(infos.map((f) => [f.name, f]));
    const names = this.post.length ? this.post[this.post.length - 1].outputNames : infos.map((f) => f.name);
    const postKinds = this.post.map((t) => t.kind).join(' -> ');
    return names.map((name) => {
      const f = byName.get(name);
      if (f) return postKinds ? { ...f, description: `${f.description} (then ${postKinds})` } : { ...f };
      const base = byName.get(name.replace(/_missing$/, ''));
      return base && name.endsWith('_missing')
        ? { name, description: `1 when ${base.name} was missing (before imputation)`, group: base.group }
        : { name, description: `made by ${postKinds}`, group: 'encoded' };
    });
  }

  /** `{kind, version: 1, steps: [step JSON], post: [step JSON]}`. @throws NotFittedError before fit. */
  toJSON(): EstimatorJSON {
    if (!this.fitted) throw new NotFittedError('FeaturePipeline');
    return { kind: KIND, version: 1, steps: this.steps.map((s) => s.toJSON()), post: this.post.map((t) => t.toJSON()) };
  }

  /**
   * Rebuilds a fitted pipeline; each step through the estimator registry.
   * @throws ModelFormatError on a wrong kind, version, or a step of the wrong family.
   */
  static fromJSON(json: unknown): FeaturePipeline {
    const o = checkEstimatorJSON<{ steps: unknown; post: unknown }>(json, KIND, [1]);
    if (!Array.isArray(o.steps) || !Array.isArray(o.post))
      throw new ModelFormatError(`${KIND}: steps and post must be arrays`);
    const load = (x: unknown, tag: 'dataset-transformer' | 'transformer'): unknown => {
      const e = estimatorFromJSON(x);
      if (!estimatorEntry(e.kind).capabilities.includes(tag))
        throw new ModelFormatError(`${KIND}: step '${e.kind}' is not a ${tag}`);
      return e;
    };
    let p: FeaturePipeline;
    try {
      p = new FeaturePipeline({
        steps: o.steps.map((s) => load(s, 'dataset-transformer') as DatasetTransformer),
        post: o.post.map((s) => load(s, 'transformer') as MatrixTransformer),
      });
    } catch (e) {
      // The constructor's checks (no step, a supervised step) mean a bad file here, not a bad call.
      if (e instanceof InvalidArgumentError) throw new ModelFormatError(`${KIND}: ${e.message}`);
      throw e;
    }
    p.fitted = true;
    return p;
  }
}

/**
 * The steps' outputs for `ds` side by side (as hstackMatrices would join them): dense blocks are
 * copied, block writers (the one-hot block) write their non-zero cells straight into the joined matrix.
 */
function joinSteps(steps: readonly DatasetTransformer[], ds: ColumnarDataset, fit: boolean): FeatureMatrix {
  const n = ds.length;
  const parts: { dense?: FeatureMatrix; writer?: BlockWriter; names: string[] }[] = steps.map((s) => {
    if (isBlockWriter(s)) {
      if (fit) s.fit(ds);
      return { writer: s, names: s.blockNames() };
    }
    const X = fit ? s.fitTransform(ds) : s.transform(ds);
    if (X.n !== n) throw new InvalidArgumentError(`cannot join matrices of ${n} and ${X.n} rows`);
    return { dense: X, names: X.names };
  });
  if (fit) refuseRepeatedNames(steps, parts);
  const names = parts.flatMap((b) => b.names);
  const p = names.length;
  const data = new Float64Array(n * p);
  let off = 0;
  for (const { dense, writer, names: bn } of parts) {
    if (writer) writer.writeBlock(ds, data, p, off);
    else if (dense) {
      const bp = dense.p;
      const src = dense.data;
      for (let i = 0; i < n; i++) {
        const s = i * bp;
        const d = i * p + off;
        for (let j = 0; j < bp; j++) data[d + j] = src[s + j];
      }
    }
    off += bn.length;
  }
  return featureMatrix(data, n, p, names);
}

/**
 * Refuses, at fit, steps whose columns repeat a name (two steps giving one column, or a step giving one twice): the
 * classifiers after a pipeline check their columns by name, and two columns of one name could be read as each other.
 * @throws InvalidArgumentError naming the column and the steps (by position and kind).
 */
function refuseRepeatedNames(steps: readonly DatasetTransformer[], parts: readonly { names: string[] }[]): void {
  const from = new Map<string, number>();
  parts.forEach(({ names }, k) => {
    for (const name of names) {
      const j = from.get(name);
      if (j !== undefined) {
        const which =
          j === k
            ? `step ${k} (${steps[k].kind}) gives the column '${name}' twice`
            : `steps ${j} (${steps[j].kind}) and ${k} (${steps[k].kind}) both give the column '${name}'`;
        throw new InvalidArgumentError(`FeaturePipeline: ${which}; the columns of a pipeline must have distinct names`);
      }
      from.set(name, k);
    }
  });
}

registerEstimator(KIND, FeaturePipeline.fromJSON, [
  'dataset-transformer',
  'supervised',
  'stochastic',
  'cross-fitted',
  'handles-nan',
]);

/** Options of {@link sizeFitFeaturePipeline}. */
export interface SizeFitFeaturePipelineOptions extends HistoryFeaturesOptions {
  /** Add the one-hot block of category, body_type and rented_for (default true). */
  categorical?: boolean;
  /** Impute missing values with the median and add missing indicators (default true). */
  impute?: boolean;
}

/**
 * The standard size-and-fit pipeline: body, customer history and article features (plus the one-hot
 * categorical block), then median imputation with missing indicators.
 * @param options - priors, cross-fitting and seed of the history steps (see HistoryFeaturesOptions).
 */
export function sizeFitFeaturePipeline(options: SizeFitFeaturePipelineOptions = {}): FeaturePipeline {
  const steps: DatasetTransformer[] = [
    new BodyFeatures(),
    new CustomerHistoryFeatures(options),
    new ArticleFeatures(options),
  ];
  if (options.categorical ?? true) steps.push(new CategoricalFeatures());
  const post: MatrixTransformer[] =
    (options.impute ?? true) ? [new SimpleImputer({ strategy: 'median', addIndicator: true })] : [];
  return new FeaturePipeline({ steps, post });
}
