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

/** Options of {@link OneHotEncoder}. */
export interface OneHotEncoderOptions {
  /**
   * Unseen categories at transform time: `error` throws, `ignore` gives an all-zero row block,
   * `unknown` sets an extra `<name>=__unknown__` column that is 1 only for unseen values (default).
   */
  unseen?: UnseenPolicy;
  /** Explicit category values per column, in output order (default: sorted distinct values at fit). */
  categories?: number[][];
}

const KIND = 'one-hot-encoder';

/**
 * One-hot encoding of category codes: each input column (numeric category values, e.g. the codes of
 * a CategoryColumn with -1 for missing, which is then a category of its own) becomes one 0/1 column
 * per category, named `<name>=<value>`. NaN is refused: encode missing as its own code.
 */
export class OneHotEncoder extends BaseMatrixTransformer {
  readonly kind = KIND;
  protected readonly allowsNaN = false;
  readonly unseen: UnseenPolicy;
  private readonly givenCategories: number[][] | undefined;
  private levels: number[][] = [];
  private maps: Map<number, number>[] = [];

  /** @throws InvalidArgumentError on an unknown `unseen` policy. */
  constructor(options: OneHotEncoderOptions = {}) {
    super();
    this.unseen = checkUnseenPolicy(options.unseen ?? 'unknown', 'OneHotEncoder');
    this.givenCategories = options.categories?.map((c) => c.slice());
  }

  /** The categories of each input column, in output order. @throws NotFittedError before fit. */
  get categories(): number[][] {
    this.fitted();
    return this.levels.map((l) => l.slice());
  }

  protected fitState(X: FeatureMatrix): FittedShape {
    this.levels = learnLevels(X, this.givenCategories, 'OneHotEncoder');
    this.maps = levelMaps(this.levels);
    return { inputNames: X.names.slice(), outputNames: this.namesFor(X.names) };
  }

  private namesFor(names: string[]): string[] {
    const out: string[] = [];
    names.forEach((name, j) => {
      for (const v of this.levels[j]) out.push(`${name}=${v}`);
      if (this.unseen === 'unknown') out.push(`${name}=__unknown__`);
    });
    return out;
  }

  protected transformInto(X: FeatureMatrix, out: Float64Array, q: number): void {
    const { n, p, data } = X;
    const extra = this.unseen === 'unknown' ? 1 : 0;
    for (let i = 0; i < n; i++) {
      let off = i * q;
      for (let j = 0; j < p; j++) {
        const k = this.maps[j].get(data[i * p + j]);
        const width = this.levels[j].length;
        if (k !== undefined) out[off + k] = 1;
        else if (this.unseen === 'unknown') out[off + width] = 1;
        else if (this.unseen === 'error') throw unseenError('OneHotEncoder', i, X.names[j], data[i * p + j]);
        off += width + extra;
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
  static fromJSON(json: unknown): OneHotEncoder {
    const o = readEncoderJSON(json, KIND);
    const t = fromSavedOptions(KIND, () => new OneHotEncoder({ unseen: o.unseen, categories: o.categories }));
    t.levels = o.levels;
    t.maps = levelMaps(t.levels);
    const shape = restoreShape(o.names, t.levels.length, KIND);
    t.shape = { inputNames: shape.inputNames, outputNames: t.namesFor(shape.inputNames) };
    return t;
  }
}

registerEstimator(KIND, OneHotEncoder.fromJSON, ['transformer']);
