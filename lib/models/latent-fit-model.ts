import type { ColumnarDataset } from '../data/columnar-dataset.js';
import { checkEstimatorJSON, registerEstimator, type EstimatorJSON } from '../core/estimator.js';
import { InvalidArgumentError, ModelFormatError, NotFittedError } from '../core/errors.js';
import { FIT_CLASSES, fitCode, type FitLabel } from '../core/labels.js';
import { Rng } from '../core/rng.js';
import { LatentFitCatalog } from './latent-fit-catalog.js';
import { LatentLogisticHead } from './latent-logistic-head.js';
import { resolveLatentFitOptions, type LatentFitOptions, type ResolvedLatentFitOptions } from './latent-fit-options.js';
import {
  articleSizeDirection,
  customerSizeDirection,
  fitRepresentation,
  latentFitParamsFromJSON,
  latentFitParamsToJSON,
  meanRow,
  representationWidth,
  rowScores,
  scoresOf,
  type LatentFitParams,
} from './latent-fit-params.js';
import { trainLatentFit } from './latent-fit-sgd.js';
import { LmnnPrototypeHead } from './lmnn-prototype-head.js';
import { argmaxRows } from './prior-fit-labels.js';

const KIND = 'latent-fit';
const VERSION = 1;

interface FittedLatentFit {
  catalog: LatentFitCatalog;
  params: LatentFitParams;
  head: LatentLogisticHead | LmnnPrototypeHead;
  priors: Float64Array;
}

/** Learned true sizes: one value per customer / article, in the catalog's order, with their ids. */
export interface LatentTrueSizes {
  /** Customer ids, or article item ids. */
  ids: string[];
  /** Catalog size of each article (absent for customers). */
  sizes?: Float64Array;
  /** The true size score: higher = larger (customers: needs larger articles; articles: fits larger customers). */
  values: Float64Array;
}

/**
 * Latent fit models of size and fit feedback: Sembium et al.'s 1-LV ("Recommending Product Sizes to
 * Customers", RecSys 2017) and the K-LV / K-LF models of Misra, Wan & McAuley ("Decomposing Fit
 * Semantics for Product Size Recommendation in Metric Spaces", RecSys 2018), with a logistic-regression
 * head ("-LR") or a metric-learning head ("-ML": LMNN + class prototypes + k-NN).
 *
 * An article is one size of one item. The score `f(c, p) = <w, α ⊕ b_c ⊕ b_p ⊕ φ(u_c, v_p)>` with
 * `φ = u - v` ('lv') or `u ⊙ v` ('lf') is learned by projected SGD on the ordinal hinge loss with two
 * thresholds (see `trainLatentFit`); a high score means the article is too small for the customer
 * (feedback 'small'), a low one too large. The head is fitted on the representation `w ⊙ (b_c ⊕ b_p ⊕ φ)`
 * of a seeded share of the training rows held out from the latent model (option `headHoldout`; our
 * choice: a head fitted on the latent model's own, overfitted rows ranks unseen rows worse) and gives
 * probabilities in {@link FIT_CLASSES} order.
 *
 * Unseen customers take the mean customer vector; an unseen size of a known item is interpolated between
 * the item's nearest known sizes; an unseen item takes the mean article vector; a row whose customer and
 * item are both unseen gets the training class priors. With 'lv', an unseen item, and a size beyond a known
 * item's smallest or largest known size, is placed by its catalog size instead, along the line of the learned
 * article vectors on the catalog sizes (see `fitRepresentation`), so that a smaller size leans 'small'.
 * Presets of the published variants: {@link latentFitPreset}.
 *
 * Deviations: w_α·α is left out of the head's features (constant); see `trainLatentFit` for the
 * initialisation and projection schedule, and {@link LmnnPrototypeHead} for the ML head.
 */
export class LatentFitModel {
  readonly kind = KIND;
  /** The classes in `predictProba` column order. */
  readonly classes: readonly FitLabel[] = FIT_CLASSES;
  private readonly opts: LatentFitOptions;
  private state: FittedLatentFit | undefined;

  /** Stores the options (checked at `fit`). See {@link LatentFitOptions}. */
  constructor(options: LatentFitOptions = {}) {
    this.opts = { ...options, columns: options.columns === undefined ? undefined : { ...options.columns } };
  }

  /** The options with defaults filled in. @throws InvalidArgumentError on a bad option. */
  get options(): ResolvedLatentFitOptions {
    return resolveLatentFitOptions(this.opts);
  }

  /** True once `fit` has run or the model was loaded with `fromJSON`. */
  get isFitted(): boolean {
    return this.state !== undefined;
  }

  /**
   * Learns customers, articles and the head from the dataset's user, item, size and fit columns; replaces
   * any earlier fit. Rows with a missing customer, item, size or label are skipped.
   *
   * @param data - the training rows.
   * @param y - optional class codes (0 small, 1 fit, 2 large; -1 = skip) overriding the label column.
   * @returns this
   * @throws InvalidArgumentError on bad options, missing columns, a y of the wrong length, an infinite size (naming the
   *   row), or no usable row.
   */
  fit(data: ColumnarDataset, y?: ArrayLike<number>): this {
    const o = resolveLatentFitOptions(this.opts);
    const labels = readLabels(data, o, y);
    const usable: number[] = [];
    const userCol = data.categories(o.columns.user).codes;
    const itemCol = data.categories(o.columns.item).codes;
    const sizeCol = data.numbers(o.columns.size);
    for (let i = 0; i < data.length; i++) {
      if (labels[i] >= 0 && userCol[i] >= 0 && itemCol[i] >= 0 && !Number.isNaN(sizeCol[i])) {
        // An infinite size would make every true size infinite and every parameter NaN.
        if (!Number.isFinite(sizeCol[i])) {
          throw new InvalidArgumentError(`LatentFitModel: row ${i}, column '${o.columns.size}' is ${sizeCol[i]}`);
        }
        usable.push(i);
      }
    }
    if (usable.length === 0) {
      throw new InvalidArgumentError(
        `LatentFitModel: dataset '${data.meta.name}' has no row with customer, item, size and label`,
      );
    }
    const rng = new Rng(o.seed);
    const splitRng = rng.fork();
    const sgdRng = rng.fork();
    const headRng = rng.fork();
    let latentRows = Int32Array.from(usable);
    let headRows = latentRows;
    const nHead = Math.round(usable.length * o.headHoldout);
    if (o.headHoldout > 0 && nHead >= 3 && usable.length - nHead >= 1) {
      const perm = splitRng.permutation(usable.length);
      headRows = Int32Array.from(perm.subarray(0, nHead), (j) => usable[j]).sort();
      latentRows = Int32Array.from(perm.subarray(nHead), (j) => usable[j]).sort();
    }
    const catalog = LatentFitCatalog.fromDataset(data, latentRows, o);
    const enc = catalog.encode(data.take(latentRows), o);
    const label = Int32Array.from(latentRows, (i) => labels[i]);
    const params = trainLatentFit(catalog, { user: enc.user, article: enc.article, label }, o, sgdRng);
    const headLabel = Int32Array.from(headRows, (i) => labels[i]);
    const rep = fitRepresentation(
      params,
      catalog,
      headRows === latentRows ? enc : catalog.encode(data.take(headRows), o),
      // The head learns from the held-out rows' unseen articles as before (mean row, clamped sizes): learning from
      // their catalog-size rows changed every prediction and was no better (RentTheRunway dev, K-LV-LR: avg AUC
      // 0.661 against 0.663 on a 20% test split of the first 30,000 rows).
      'mean-row',
    );
    const D = representationWidth(params);
    const head =
      o.head === 'lr'
        ? new LatentLogisticHead(o.headL2).fit(rep, D, headLabel, 3)
        : new LmnnPrototypeHead({
            prototypesPerClass: o.prototypesPerClass,
            neighbors: o.neighbors,
            samplePerClass: o.metricSamplePerClass,
            epochs: o.metricEpochs,
          }).fit(rep, D, headLabel, 3, headRng);
    const label0 = Int32Array.from(usable, (i) => labels[i]);
    const priors = new Float64Array(3);
    for (let i = 0; i < label0.length; i++) priors[label0[i]]++;
    for (let c = 0; c < 3; c++) priors[c] /= label0.length;
    this.state = { catalog, params, head, priors };
    return this;
  }

  /**
   * Class probabilities, n x 3 row-major in {@link FIT_CLASSES} order; rows sum to 1. Rows whose customer
   * and item are both unseen get the training class priors.
   * @throws NotFittedError; InvalidArgumentError when a column is missing.
   */
  predictProba(data: ColumnarDataset): Float64Array {
    const st = this.fitted();
    if (data.length === 0) throw new InvalidArgumentError(`LatentFitModel: dataset '${data.meta.name}' has no rows`);
    const enc = st.catalog.encode(data, resolveLatentFitOptions(this.opts));
    const P = st.head.predictProba(fitRepresentation(st.params, st.catalog, enc));
    for (let i = 0; i < data.length; i++) if (enc.user[i] < 0 && enc.item[i] < 0) P.set(st.priors, i * 3);
    return P;
  }

  /** The most probable class code per row (0 small, 1 fit, 2 large; ties go to the lower code). @throws NotFittedError. */
  predict(data: ColumnarDataset): Int32Array {
    return argmaxRows(this.predictProba(data), 3);
  }

  /**
   * The learned fit representation of each row, `w ⊙ (b_c ⊕ b_p ⊕ φ)` (n x (K + 2), or n x K without biases).
   * @throws NotFittedError; InvalidArgumentError when a column is missing.
   */
  representation(data: ColumnarDataset): Float64Array {
    const st = this.fitted();
    const o = resolveLatentFitOptions(this.opts);
    return fitRepresentation(st.params, st.catalog, st.catalog.encode(data, o));
  }

  /** The fit score f of each row (> b2: 'small' side, < b1: 'large' side). @throws NotFittedError. */
  scores(data: ColumnarDataset): Float64Array {
    return scoresOf(this.fitted().params, this.representation(data));
  }

  /** The ordinal thresholds `[b1, b2]` of the score. @throws NotFittedError. */
  get thresholds(): [number, number] {
    const p = this.fitted().params;
    return [p.b1, p.b2];
  }

  /** Class shares of the training rows, in {@link FIT_CLASSES} order. @throws NotFittedError. */
  get priors(): Float64Array {
    return this.fitted().priors.slice();
  }

  /**
   * Each customer's learned true size: the customer's part of the score (for 'lf', against the mean article).
   * @throws NotFittedError.
   */
  customerTrueSizes(): LatentTrueSizes {
    const { params, catalog } = this.fitted();
    const dim = params.K + 1;
    const a = customerSizeDirection(params, meanRow(params.article, dim));
    return { ids: catalog.users.slice(), values: rowScores(params.user, a) };
  }

  /**
   * Each article's learned true size: the part of the score it takes away (for 'lf', against the mean
   * customer). With `monotone`, it does not decrease along the sizes of an item.
   * @throws NotFittedError.
   */
  articleTrueSizes(): LatentTrueSizes {
    const { params, catalog } = this.fitted();
    const dim = params.K + 1;
    const a = articleSizeDirection(params, meanRow(params.user, dim));
    return {
      ids: Array.from(catalog.articleItem, (i) => catalog.items[i]),
      sizes: catalog.articleSize.slice(),
      values: rowScores(params.article, a),
    };
  }

  /** `{kind: 'latent-fit', version: 1, options, catalog, params, head, priors}`. @throws NotFittedError. */
  toJSON(): EstimatorJSON {
    const st = this.fitted();
    return {
      kind: KIND,
      version: VERSION,
      options: resolveLatentFitOptions(this.opts),
      catalog: st.catalog.toJSON(),
      params: latentFitParamsToJSON(st.params),
      head: st.head.toJSON(),
      priors: Array.from(st.priors),
    };
  }

  /**
   * Rebuilds a fitted model from {@link LatentFitModel.toJSON} output.
   * @throws ModelFormatError naming what is wrong.
   */
  static fromJSON(json: unknown): LatentFitModel {
    const o = checkEstimatorJSON<{
      options: unknown;
      catalog: unknown;
      params: unknown;
      head: unknown;
      priors: unknown;
    }>(json, KIND, [VERSION]);
    let options: ResolvedLatentFitOptions;
    try {
      options = resolveLatentFitOptions(o.options as LatentFitOptions);
    } catch (e) {
      throw new ModelFormatError(`${KIND}: invalid options: ${(e as Error).message}`);
    }
    const catalog = LatentFitCatalog.fromJSON(o.catalog, `${KIND}: catalog`);
    const params = latentFitParamsFromJSON(o.params, catalog.numUsers, catalog.numArticles, KIND);
    if (params.K !== options.K || params.variant !== options.variant || params.biases !== options.biases) {
      throw new ModelFormatError(`${KIND}: params (K, variant, biases) disagree with the options`);
    }
    const head =
      options.head === 'lr'
        ? LatentLogisticHead.fromJSON(o.head, `${KIND}: head`)
        : LmnnPrototypeHead.fromJSON(o.head, `${KIND}: head`);
    // The heads have checked numClasses against their arrays; predictProba fills n x 3 rows (FIT_CLASSES).
    const headClasses = (o.head as { numClasses: number }).numClasses;
    if (headClasses !== FIT_CLASSES.length) {
      throw new ModelFormatError(
        `${KIND}: head.numClasses is ${headClasses}, expected ${FIT_CLASSES.length} (${FIT_CLASSES.join(', ')})`,
      );
    }
    if (head.dim !== representationWidth(params)) {
      throw new ModelFormatError(
        `${KIND}: head expects ${head.dim} features, the representation has ${representationWidth(params)}`,
      );
    }
    const pr = o.priors;
    if (
      !Array.isArray(pr) ||
      pr.length !== 3 ||
      pr.some((v) => typeof v !== 'number' || !(v >= 0 && v <= 1)) ||
      Math.abs((pr as number[]).reduce((a, b) => a + b, 0) - 1) > 1e-9
    ) {
      throw new ModelFormatError(`${KIND}: priors must be 3 probabilities in [0, 1] summing to 1`);
    }
    const model = new LatentFitModel(options);
    model.state = { catalog, params, head, priors: Float64Array.from(pr as number[]) };
    return model;
  }

  private fitted(): FittedLatentFit {
    if (this.state === undefined) throw new NotFittedError('LatentFitModel');
    return this.state;
  }
}

registerEstimator(KIND, LatentFitModel.fromJSON, ['classifier', 'supervised', 'stochastic']);

function readLabels(data: ColumnarDataset, o: ResolvedLatentFitOptions, y: ArrayLike<number> | undefined): Int32Array {
  const n = data.length;
  if (y !== undefined) {
    if (y.length !== n) throw new InvalidArgumentError(`LatentFitModel: y has ${y.length} labels for ${n} rows`);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = y[i];
      if (v !== -1 && v !== 0 && v !== 1 && v !== 2) {
        throw new InvalidArgumentError(
          `LatentFitModel: y[${i}] = ${v} is not a class code (0 small, 1 fit, 2 large, -1 skip)`,
        );
      }
      out[i] = v;
    }
    return out;
  }
  if (!data.has(o.columns.label)) {
    throw new InvalidArgumentError(
      `LatentFitModel: dataset '${data.meta.name}' has no label column '${o.columns.label}' and no y was given`,
    );
  }
  const col = data.categories(o.columns.label);
  const codeOf = Int32Array.from(col.categories, (c) => fitCode(c));
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = col.codes[i] < 0 ? -1 : codeOf[col.codes[i]];
  return out;
}
