import { InvalidArgumentError, ModelFormatError, NotFittedError } from '../core/errors.js';
import {
  checkEstimatorJSON,
  decodeNumbers,
  encodeNumbers,
  registerEstimator,
  type EstimatorJSON,
} from '../core/estimator.js';
import { FIT_CLASSES } from '../core/labels.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import type { FitModel, FitModelFitOptions } from './fit-model.js';
import { argmaxRows, fitLabelCodes } from './prior-fit-labels.js';

const KIND = 'prior';
const VERSION = 1;

/** Options of {@link PriorFitModel}. */
export interface PriorFitModelOptions {
  /** Pseudo-count added to every class before taking shares (default 0: the plain shares). */
  pseudoCount?: number;
}

/**
 * The baseline fit model: every row gets the class shares of the training labels,
 * (count_c + pseudoCount) / (labelled rows + 3 pseudoCount). Its average AUC is 0.5 by construction;
 * it is the floor every other model must beat. Rows with a missing label are ignored in `fit`.
 */
export class PriorFitModel implements FitModel {
  readonly kind = KIND;
  readonly classes: readonly string[] = FIT_CLASSES;
  private readonly opts: PriorFitModelOptions;
  private shares: Float64Array | undefined;

  /** Stores the options (checked at `fit`). */
  constructor(options: PriorFitModelOptions = {}) {
    this.opts = { ...options };
  }

  /** True once fitted or loaded. */
  get isFitted(): boolean {
    return this.shares !== undefined;
  }

  /** The fitted class probabilities in FIT_CLASSES order. @throws NotFittedError. */
  get priors(): Float64Array {
    return this.fitted().slice();
  }

  /**
   * Counts the labels of `data`'s `fit` column; replaces any earlier fit.
   * @returns this
   * @throws InvalidArgumentError without a `fit` column, without a labelled row, or on a negative pseudoCount.
   */
  fit(data: ColumnarDataset, options: FitModelFitOptions = {}): this {
    void options;
    const problem = optionsProblem(this.opts);
    if (problem !== undefined) throw new InvalidArgumentError(`PriorFitModel: ${problem}`);
    const a = this.opts.pseudoCount ?? 0;
    const y = fitLabelCodes(data, 'PriorFitModel');
    const counts = new Float64Array(3);
    let total = 0;
    for (let i = 0; i < y.length; i++) {
      if (y[i] >= 0) {
        counts[y[i]]++;
        total++;
      }
    }
    if (total === 0) throw new InvalidArgumentError(`PriorFitModel: dataset '${data.meta.name}' has no labelled row`);
    this.shares = counts.map((c) => (c + a) / (total + 3 * a));
    return this;
  }

  /**
   * The fitted shares for every row, n x 3.
   * @throws NotFittedError; InvalidArgumentError on an empty dataset.
   */
  predictProba(data: ColumnarDataset): Float64Array {
    const s = this.fitted();
    if (data.length === 0) throw new InvalidArgumentError('PriorFitModel: the dataset has no rows');
    const out = new Float64Array(data.length * 3);
    for (let i = 0; i < data.length; i++) out.set(s, i * 3);
    return out;
  }

  /** The most probable class code per row (the same for every row). @throws as {@link predictProba}. */
  predict(data: ColumnarDataset): Int32Array {
    return argmaxRows(this.predictProba(data), 3);
  }

  /** `{kind: 'prior', version: 1, options, priors}`. @throws NotFittedError. */
  toJSON(): EstimatorJSON {
    return { kind: KIND, version: VERSION, options: { ...this.opts }, priors: encodeNumbers(this.fitted()) };
  }

  /**
   * Rebuilds a fitted model. The saved options get the checks of `fit` (a model that loads also refits).
   * @throws ModelFormatError on a wrong kind or version, options that are not an object or that `fit` refuses (a
   *   pseudoCount that is not a finite number >= 0), or priors that are not 3 probabilities summing to 1.
   */
  static fromJSON(json: unknown): PriorFitModel {
    const o = checkEstimatorJSON<{ options: unknown; priors: unknown }>(json, KIND, [VERSION]);
    if (o.options !== undefined) {
      if (typeof o.options !== 'object' || o.options === null || Array.isArray(o.options)) {
        throw new ModelFormatError(`${KIND}: options must be an object, got ${JSON.stringify(o.options)}`);
      }
      const problem = optionsProblem(o.options as PriorFitModelOptions);
      if (problem !== undefined) throw new ModelFormatError(`${KIND}: saved options: ${problem}`);
    }
    const pr = decodeNumbers(o.priors, `${KIND}: priors`);
    const sum = pr.reduce((s, v) => s + v, 0);
    if (pr.length !== 3 || pr.some((v) => !(v >= 0 && v <= 1)) || Math.abs(sum - 1) > 1e-9)
      throw new ModelFormatError(`${KIND}: priors must be 3 probabilities summing to 1`);
    const m = new PriorFitModel((o.options ?? {}) as PriorFitModelOptions);
    m.shares = pr;
    return m;
  }

  private fitted(): Float64Array {
    if (this.shares === undefined) throw new NotFittedError('PriorFitModel');
    return this.shares;
  }
}

registerEstimator(KIND, PriorFitModel.fromJSON, ['classifier', 'supervised']);

/** What `fit` refuses in the options (undefined when they are valid): a pseudoCount that is not a finite number >= 0. */
function optionsProblem(o: PriorFitModelOptions): string | undefined {
  const a = o.pseudoCount ?? 0;
  if (typeof a !== 'number' || !(a >= 0) || !Number.isFinite(a)) {
    return `pseudoCount must be a finite number >= 0, got ${typeof a === 'number' ? a : JSON.stringify(a)}`;
  }
  return undefined;
}
