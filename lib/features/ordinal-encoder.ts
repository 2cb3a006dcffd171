import { registerEstimator, type EstimatorJSON } from '../core/estimator.js';
import { BaseMatrixTransformer, restoreShape, type FittedShape } from './base-transformer.js';
import {
  checkUnseenPolicy,
  learnLevels,
  levelMaps,
  encoderJSON,
  readEncoderJSON,
  unseenError,
  type UnseenPolicy,
} from './category-levels.js';
import type { FeatureMatrix } from './feature-matrix.js';
import { fromSavedOptions } from './saved-options.js';

/** Options of {@link OrdinalEncoder}. */
export interface OrdinalEncoderOptions {
  /**
   * Unseen categories at transform time: `error` throws, `ignore` gives NaN (missing), `unknown`
   * gives the code K, one past the last known category of the column (default).
   */
  unseen?: UnseenPolicy;
  /** Explicit category values per column, in code order (default: sorted distinct values at fit). */
  categories?: number[][];
}

const KIND = 'ordinal-encoder';

/**
 * Ordinal encoding: each category value becomes its index 0..K-1 in the column's category list
 * (the given order, or ascending value). NaN is refused.
 */
export class OrdinalEncoder extends BaseMatrixTransformer {
  readonly kind = KIND;
  protected readonly allowsNaN = false;
  readonly unseen: UnseenPolicy;
  private readonly givenCategories: number[][] | undefined;
  private levels: number[][] = [];
  private maps: Map<number, number>[] = [];

  /** @throws InvalidArgumentError on an unknown `unseen` policy. */
  constructor(options: OrdinalEncoderOptions = {}) {
    super();
    this.unseen = checkUnseenPolicy(options.unseen ?? 'unknown', 'OrdinalEncoder');
    this.givenCategories = options.categories?.map((c) => c.slice());
  }

  /** The categories of each column in code order. @throws NotFittedError before fit. */
  get categories(): number[][] {
    this.fitted();
    return this.levels.map((l) => l.slice());
  }

  protected fitState(X: FeatureMatrix): FittedShape {
    this.levels = learnLevels(X, this.givenCategories, 'OrdinalEncoder');
    this.maps = levelMaps(this.levels);
    return { inputNames: X.names.slice(), outputNames: X.names.slice() };
  }

  protected transformInto(X: FeatureMatrix, out: Float64Array, q: number): void {
    for (let i = 0; i < X.n; i++) {
      for (let j = 0; j < q; j++) {
        const v = X.data[i * q + j];
        const k = this.maps[j].get(v);
        if (k !== undefined) out[i * q + j] = k;
        else if (this.unseen === 'unknown') out[i * q + j] = this.levels[j].length;
        else if (this.unseen === 'ignore') out[i * q + j] = NaN;
        else throw unseenError('OrdinalEncoder', i, X.names[j], v);
      }
    }
  }

  /**
   * `{kind, version: 1, unseen, categories, names, levels}`, `categories` being the constructor's
   * (null when not given), so a refit of the loaded encoder keeps them. @throws NotFittedError before fit.
   */
  toJSON(): EstimatorJSON {
    const s = this.fitted();
    return encoderJSON(KIND, {
      unseen: this.unseen,
      categories: this.givenCategories,
      names: s.inputNames,
      levels: this.levels,
    });
  }

  /**
   * Rebuilds a fitted encoder (with its given categories, if any).
   * @throws ModelFormatError on a wrong kind, version or shape, or a saved `unseen` policy the constructor refuses.
   */
  static fromJSON(json: unknown): OrdinalEncoder {
    const o = readEncoderJSON(json, KIND);
    const t = fromSavedOptions(KIND, () => new OrdinalEncoder({ unseen: o.unseen, categories: o.categories }));
    t.levels = o.levels;
    t.maps = levelMaps(t.levels);
    t.shape = restoreShape(o.names, t.levels.length, KIND);
    return t;
  }
}

registerEstimator(KIND, OrdinalEncoder.fromJSON, ['transformer']);
