import { availableParallelism } from 'node:os';
import { InvalidArgumentError, ModelFormatError, NotFittedError } from '../core/errors.js';
import { checkEstimatorJSON, registerEstimator, type EstimatorJSON } from '../core/estimator.js';
import type { FeatureMatrix } from '../features/feature-matrix.js';
import { GradientBoostedTrees, type GbdtImportanceType } from './gbdt.js';
import { resolveGbdtOptions, type GbdtOptions } from './gbdt-options.js';
import { runInWorker } from './run-in-worker.js';
import { argmaxRows } from './prior-fit-labels.js';

const KIND = 'gbdt-bag';
const VERSION = 1;

/** Options of {@link GbdtBag}. */
export interface GbdtBagOptions {
  /** One forest per seed (each with its own early-stopping rows, row and feature subsamples). */
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
 */
export class GbdtBag {
  readonly kind = KIND;
  readonly options: Readonly<GbdtBagOptions>;
  private forests: GradientBoostedTrees[] | undefined;

  /** @throws InvalidArgumentError on an empty seed list or a negative `workers`. */
  constructor(options: GbdtBagOptions) {
    if (!Array.isArray(options.seeds) || options.seeds.length === 0 || !options.seeds.every(Number.isInteger)) {
      throw new InvalidArgumentError('GbdtBag: seeds must be a non-empty array of integers');
    }
    if (options.workers !== undefined && !(Number.isInteger(options.workers) && options.workers >= 0)) {
      throw new InvalidArgumentError(`GbdtBag: workers must be an integer >= 0, got ${options.workers}`);
    }
    this.options = { seeds: [...options.seeds], gbdt: { ...(options.gbdt ?? {}) }, workers: options.workers };
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

  /** Class codes 0..k-1 in `predictProba` column order. @throws NotFittedError. */
  get classes(): (string | number)[] {
    return this.fittedForests[0].classes;
  }

  private member(seed: number): GradientBoostedTrees {
    return new GradientBoostedTrees({ ...this.options.gbdt, seed });
  }

  /**
   * Grows one forest per seed on `X`, `y` (each carves its own early-stopping rows when it early-stops),
   * replacing any earlier fit.
   * @returns this, or a Promise of this when forests grow in worker threads.
   * @throws what GradientBoostedTrees.fit throws (bad shapes, labels, options).
   */
  fit(X: FeatureMatrix, y: ArrayLike<number>): this | Promise<this> {
    const seeds = this.options.seeds;
    const workers = Math.min(seeds.length, this.options.workers ?? Math.max(1, availableParallelism()));
    if (workers <= 1) {
      this.forests = seeds.map((s) => this.member(s).fit(X, y));
      return this;
    }
    resolveGbdtOptions({ ...this.options.gbdt, seed: seeds[0] }); // bad options throw here, before any worker starts
    const labels = Int32Array.from(y);
    const job = (seed: number) => ({
      options: { ...this.options.gbdt, seed },
      data: X.data,
      n: X.n,
      p: X.p,
      names: X.names,
      y: labels,
    });
    const forests: GradientBoostedTrees[] = new Array<GradientBoostedTrees>(seeds.length);
    // The workers take every forest but the last; this thread grows the last one meanwhile (it would
    // otherwise only wait), so 3 forests on 2 cores take about 1.5 forests' time instead of 2.
    const last = seeds.length - 1;
    let next = 0;
    const run = async (): Promise<void> => {
      while (next < last) {
        const k = next++;
        const json = await runInWorker('gbdt-bag-worker', job(seeds[k]), `forest ${k + 1} (seed ${seeds[k]})`);
        forests[k] = GradientBoostedTrees.fromJSON(json);
      }
    };
    const pool = Promise.all(Array.from({ length: Math.min(workers, last) }, run));
    let own: GradientBoostedTrees;
    try {
      own = this.member(seeds[last]).fit(X, y);
    } catch (e) {
      return pool.then(
        () => Promise.reject(e),
        () => Promise.reject(e),
      );
    }
    return pool.then(() => {
      forests[last] = own;
      this.forests = forests;
      return this;
    });
  }

  /** Mean of the forests' probabilities, n x k. @throws NotFittedError; what the forests throw on bad input. */
  predictProba(X: FeatureMatrix): Float64Array {
    const forests = this.fittedForests;
    let out: Float64Array | undefined;
    for (const f of forests) {
      const P = f.predictProba(X);
      if (out === undefined) out = P;
      else for (let i = 0; i < out.length; i++) out[i] += P[i];
    }
    for (let i = 0; i < out!.length; i++) out![i] /= forests.length;
    return out!;
  }

  /** The most probable class code of each row. */
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
      options: { seeds: this.options.seeds, gbdt: this.options.gbdt },
      forests: this.fittedForests.map((f) => f.toJSON()),
    };
  }

  /** Rebuilds a fitted bag from {@link toJSON}'s output. @throws ModelFormatError. */
  static fromJSON(json: unknown): GbdtBag {
    const o = checkEstimatorJSON<{ options: GbdtBagOptions; forests: unknown }>(json, KIND, [VERSION]);
    let bag: GbdtBag;
    try {
      bag = new GbdtBag(o.options);
    } catch (e) {
      throw new ModelFormatError(`${KIND}: options: ${(e as Error).message}`);
    }
    if (!Array.isArray(o.forests) || o.forests.length !== bag.options.seeds.length) {
      throw new ModelFormatError(`${KIND}: forests must be an array of ${bag.options.seeds.length} forests`);
    }
    bag.forests = o.forests.map((f) => GradientBoostedTrees.fromJSON(f));
    return bag;
  }
}

registerEstimator(KIND, GbdtBag.fromJSON, ['classifier', 'supervised', 'handles-nan', 'stochastic']);
