import { availableParallelism } from 'node:os';
import { InvalidArgumentError, ModelFormatError, NotFittedError } from '../core/errors.js';
import { checkEstimatorJSON, registerEstimator, type EstimatorJSON } from '../core/estimator.js';
import type { FeatureMatrix } from '../features/feature-matrix.js';
import { GradientBoostedTrees, type GbdtImportanceType } from './gbdt.js';
import { checkColumnNames } from '../features/feature-matrix.js';
import { checkGbdtFitInput, checkGbdtMatrix } from './gbdt-input.js';
import { resolveGbdtOptions, type GbdtOptions } from './gbdt-options.js';
import { runWorkerPool } from './worker-pool.js';
import { sharedFloat64 } from './shared-float64.js';
import { argmaxRows } from './prior-fit-labels.js';

const KIND = 'gbdt-bag';
const VERSION = 1;

/** Options of {@link GbdtBag}. */
export interface GbdtBagOptions {
  /**
   * One forest per seed (each with its own row and feature subsamples, and its own early-stopping rows
   * unless `fit` is given a validation set).
   */
  seeds: number[];
  /** Options of every forest (`seed` is replaced by the member's seed). */
  gbdt?: Omit<GbdtOptions, 'seed'>;
  /**
   * Worker threads that grow forests in parallel (default: min(forests, available cores)); 0 or 1
   * grows them in turn in this thread and makes `fit` synchronous. Results do not depend on it.
   */
  workers?: number;
}

/**
 * Several gradient-boosted forests on the same feature matrix, differing only in their seeds, whose
 * probabilities are averaged (bagging over the randomness of the trees; Breiman 1996). Used inside a
 * PipelineModel, it shares one feature pipeline between the forests, so a prediction transforms the
 * rows once. Forests grow in parallel worker threads when cores allow (then `fit` returns a Promise).
 * A validation set given to `fit` (as PipelineModel passes with a `validation` dataset or a
 * `validationFraction` > 0) goes to every forest; without one, each forest that early-stops holds out its
 * own rows.
 */
export class GbdtBag {
  readonly kind = KIND;
  private readonly opts: GbdtBagOptions;
  private forests: GradientBoostedTrees[] | undefined;

  /** @throws InvalidArgumentError on an empty seed list, a seed that is not a safe integer, or a negative `workers`. */
  constructor(options: GbdtBagOptions) {
    if (!Array.isArray(options.seeds) || options.seeds.length === 0 || !options.seeds.every(Number.isSafeInteger)) {
      throw new InvalidArgumentError('GbdtBag: seeds must be a non-empty array of safe integers');
    }
    if (options.workers !== undefined && !(Number.isInteger(options.workers) && options.workers >= 0)) {
      throw new InvalidArgumentError(`GbdtBag: workers must be an integer >= 0, got ${options.workers}`);
    }
    this.opts = { seeds: [...options.seeds], gbdt: copyGbdtOptions(options.gbdt ?? {}), workers: options.workers };
  }

  /** The options (a copy: changing it does not change the bag). */
  get options(): GbdtBagOptions {
    return { seeds: [...this.opts.seeds], gbdt: copyGbdtOptions(this.opts.gbdt!), workers: this.opts.workers };
  }

  /** True once fitted or loaded. */
  get isFitted(): boolean {
    return this.forests !== undefined;
  }

  /** The fitted forests. @throws NotFittedError. */
  get fittedForests(): readonly GradientBoostedTrees[] {
    if (!this.forests) throw new NotFittedError('GbdtBag');
    return this.forests;
  }

  /**
   * Number of features seen at fit (every forest's): the column count of the feature matrix the bag reads, which
   * also marks it as a matrix classifier, not a dataset-level fit model (see `fitModelProblem`).
   * @throws NotFittedError.
   */
  get numFeatures(): number {
    return this.fittedForests[0].numFeatures;
  }

  /** Class codes 0..k-1 in `predictProba` column order. @throws NotFittedError. */
  get classes(): (string | number)[] {
    return this.fittedForests[0].classes;
  }

  private member(seed: number): GradientBoostedTrees {
    return new GradientBoostedTrees({ ...this.opts.gbdt, seed });
  }

  /**
   * Grows one forest per seed on `X`, `y`, replacing any earlier fit.
   *
   * Early stopping (the `gbdt.earlyStoppingRounds` option): with `fitOptions.validation`, every forest,
   * in this thread or a worker, scores those rows after each round, keeps their log-loss in `evalHistory`
   * and early-stops on it, as {@link GradientBoostedTrees.fit} does with a validation set; without one,
   * each forest that early-stops holds out its own `validationFraction` of `X`, drawn with its seed. With a
   * validation set the forests differ only in their row and feature subsamples (`baggingFraction`,
   * `featureFraction`) and in the bin-edge sample of more than `binSampleSize` rows; without those they are equal.
   * @param fitOptions - `validation`: labelled rows with the columns of `X` (as PipelineModel passes them).
   * @returns this, or a Promise of this when forests grow in worker threads.
   * @throws what GradientBoostedTrees.fit throws (bad shapes, a missing or bad label, options; a validation set
   * with another feature count or other column names). With worker threads, bad options and input throw here
   * before any worker starts; a forest that fails later rejects the Promise at once, stopping the other workers.
   */
  fit(X: FeatureMatrix, y: ArrayLike<number>, fitOptions: GbdtBagFitOptions = {}): this | Promise<this> {
    const seeds = this.opts.seeds;
    const workers = Math.min(seeds.length, this.opts.workers ?? Math.max(1, availableParallelism()));
    const validation = fitOptions.validation;
    const memberOptions = validation === undefined ? {} : { validation };
    if (workers <= 1) {
      this.forests = seeds.map((s) => this.member(s).fit(X, y, memberOptions));
      return this;
    }
    // What a forest checks is checked here, before any worker starts: bad options, a bad matrix, a missing or bad
    // label (of the training or the validation rows) throw at once, as without workers.
    const o = resolveGbdtOptions({ ...this.opts.gbdt, seed: seeds[0] });
    const input = checkGbdtFitInput(X, y, o.classNames, validation);
    // The matrices go to the workers in shared memory, read by all of them without a copy each.
    const data = sharedFloat64(X.data);
    const val =
      validation === undefined
        ? undefined
        : {
            data: sharedFloat64(validation.X.data),
            n: validation.X.n,
            p: validation.X.p,
            names: validation.X.names,
            y: input.validationY!,
          };
    const job = (seed: number) => ({
      options: { ...this.opts.gbdt, seed },
      data,
      n: X.n,
      p: X.p,
      names: X.names,
      y: input.y,
      ...(val === undefined ? {} : { validation: val }),
    });
    // The workers take every forest but the last; this thread grows the last one meanwhile (it would
    // otherwise only wait), so 3 forests on 2 cores take about 1.5 forests' time instead of 2.
    const last = seeds.length - 1;
    return runWorkerPool({
      worker: 'gbdt-bag-worker',
      jobs: last,
      workers,
      job: (k) => ({ data: job(seeds[k]), what: `forest ${k + 1} (seed ${seeds[k]})` }),
      result: (json) => GradientBoostedTrees.fromJSON(json),
      own: () => this.member(seeds[last]).fit(X, y, memberOptions),
    }).then((forests) => {
      this.forests = forests;
      return this;
    });
  }

  /**
   * Mean of the forests' probabilities, n x k. X's columns must carry the fitted names in the fitted order
   * (a matrix with the default names `x0..x{p-1}`, or a bag fitted on one, is read by position).
   * @throws NotFittedError; InvalidArgumentError on an empty X, a wrong feature count, or a column name
   * that differs from the fitted one ("GbdtBag: column 0 is 'weight_kg'; it was fitted on 'height_cm'").
   */
  predictProba(X: FeatureMatrix): Float64Array {
    const forests = this.fittedForests;
    checkGbdtMatrix(X, 'X', forests[0].numFeatures);
    checkColumnNames(X.names, forests[0].featureNames, 'GbdtBag');
    let out: Float64Array | undefined;
    for (const f of forests) {
      const P = f.predictProba(X);
      if (out === undefined) out = P;
      else for (let i = 0; i < out.length; i++) out[i] += P[i];
    }
    for (let i = 0; i < out!.length; i++) out![i] /= forests.length;
    return out!;
  }

  /** The most probable class code of each row. @throws as {@link predictProba}. */
  predict(X: FeatureMatrix): Int32Array {
    return argmaxRows(this.predictProba(X), this.classes.length);
  }

  /** Mean over the forests of their feature importance. */
  featureImportance(type: GbdtImportanceType = 'gain'): Float64Array {
    const forests = this.fittedForests;
    const out = new Float64Array(forests[0].featureImportance(type).length);
    for (const f of forests) {
      const v = f.featureImportance(type);
      for (let j = 0; j < out.length; j++) out[j] += v[j] / forests.length;
    }
    return out;
  }

  /** Options and forests. @throws NotFittedError. */
  toJSON(): EstimatorJSON {
    return {
      kind: KIND,
      version: VERSION,
      options: { seeds: [...this.opts.seeds], gbdt: copyGbdtOptions(this.opts.gbdt!) },
      forests: this.fittedForests.map((f) => f.toJSON()),
    };
  }

  /**
   * Rebuilds a fitted bag from {@link toJSON}'s output.
   * @throws ModelFormatError on bad options, a forest count other than the seed count, a forest that does
   * not load (naming it: "gbdt-bag: forests[1]: gbdt: ..."), or forests that disagree with forest 0 on their
   * class count, classes, feature count or feature names ("gbdt-bag: forests[1] has 2 classes (forests[0] has 3)").
   */
  static fromJSON(json: unknown): GbdtBag {
    const o = checkEstimatorJSON<{ options: GbdtBagOptions; forests: unknown }>(json, KIND, [VERSION]);
    let bag: GbdtBag;
    try {
      bag = new GbdtBag(o.options);
    } catch (e) {
      throw new ModelFormatError(`${KIND}: options: ${(e as Error).message}`);
    }
    if (!Array.isArray(o.forests) || o.forests.length !== bag.opts.seeds.length) {
      throw new ModelFormatError(`${KIND}: forests must be an array of ${bag.opts.seeds.length} forests`);
    }
    const forests = o.forests.map((f, i) => {
      try {
        return GradientBoostedTrees.fromJSON(f);
      } catch (e) {
        if (e instanceof ModelFormatError) throw new ModelFormatError(`${KIND}: forests[${i}]: ${e.message}`);
        throw e;
      }
    });
    checkSameShape(forests);
    bag.forests = forests;
    return bag;
  }
}

registerEstimator(KIND, GbdtBag.fromJSON, ['classifier', 'supervised', 'handles-nan', 'stochastic']);

/** Options of one {@link GbdtBag.fit} call. */
export interface GbdtBagFitOptions {
  /** Validation rows every forest early-stops on (and records `evalHistory` for) instead of holding out its own. */
  validation?: { X: FeatureMatrix; y: ArrayLike<number> };
}

/** A copy of forest options that shares nothing with them (`classNames` is the only array). */
function copyGbdtOptions(g: Omit<GbdtOptions, 'seed'>): Omit<GbdtOptions, 'seed'> {
  return Array.isArray(g.classNames) ? { ...g, classNames: g.classNames.slice() } : { ...g };
}

/**
 * Checks that every loaded forest has forest 0's class count, classes, feature count and feature names
 * (their probabilities are averaged column by column, on one matrix).
 * @throws ModelFormatError naming the first forest and field that differ.
 */
function checkSameShape(forests: GradientBoostedTrees[]): void {
  const f0 = forests[0];
  const names0 = JSON.stringify(f0.featureNames ?? null);
  const classes0 = JSON.stringify(f0.classes);
  for (let i = 1; i < forests.length; i++) {
    const f = forests[i];
    const at = `${KIND}: forests[${i}] has`;
    if (f.classes.length !== f0.classes.length)
      throw new ModelFormatError(`${at} ${f.classes.length} classes (forests[0] has ${f0.classes.length})`);
    if (JSON.stringify(f.classes) !== classes0)
      throw new ModelFormatError(`${at} classes ${JSON.stringify(f.classes)} (forests[0] has ${classes0})`);
    if (f.numFeatures !== f0.numFeatures)
      throw new ModelFormatError(`${at} ${f.numFeatures} features (forests[0] has ${f0.numFeatures})`);
    const names = JSON.stringify(f.featureNames ?? null);
    if (names !== names0) throw new ModelFormatError(`${at} featureNames ${names} (forests[0] has ${names0})`);
  }
}
