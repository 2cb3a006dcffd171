import { InvalidArgumentError, ModelFormatError } from '../core/errors.js';
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
 *
 * Output names are distinct, so that no consumer that matches columns by name reads one as another. A value is
 * a number, so `<name>=<value>` (or `<name>=__unknown__`) of two columns can only be one name when the columns
 * have one name: `fit` refuses input columns that share a name and would so give an output name twice (always
 * under `unknown`; under `ignore` and `error`, when they share a value).
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

  /** @throws InvalidArgumentError (from `fit`) when two input columns would give one output name. */
  protected fitState(X: FeatureMatrix): FittedShape {
    const levels = learnLevels(X, this.givenCategories, 'OneHotEncoder');
    const outputNames = this.namesFor(X.names, levels, (j, k, name) => {
      throw new InvalidArgumentError(
        `OneHotEncoder: columns ${k} and ${j} are both named '${X.names[j]}' and would both give the output ` +
          `column '${name}'; give the input columns distinct names`,
      );
    });
    this.levels = levels;
    this.maps = levelMaps(levels);
    return { inputNames: X.names.slice(), outputNames };
  }

  /**
   * The output names, `<name>=<value>` per level and `<name>=__unknown__` under `unknown`, column by column.
   * @param repeated - called (to throw) when input column j gives an output name that column k < j gave.
   */
  private namesFor(
    names: string[],
    levels: number[][],
    repeated: (j: number, k: number, name: string) => never,
  ): string[] {
    const out: string[] = [];
    const from = new Map<string, number>();
    const add = (name: string, j: number): void => {
      const k = from.get(name);
      if (k !== undefined) repeated(j, k, name);
      from.set(name, j);
      out.push(name);
    };
    names.forEach((name, j) => {
      for (const v of levels[j]) add(`${name}=${v}`, j);
      if (this.unseen === 'unknown') add(`${name}=__unknown__`, j);
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
   * @throws ModelFormatError on a wrong kind, version or shape, a saved `unseen` policy the constructor refuses, or
   *   names that give an output name twice, which fit refuses ("one-hot-encoder: names[1] 'a' gives the output name
   *   'a=1' that names[0] gives too").
   */
  static fromJSON(json: unknown): OneHotEncoder {
    const o = readEncoderJSON(json, KIND);
    const t = fromSavedOptions(KIND, () => new OneHotEncoder({ unseen: o.unseen, categories: o.categories }));
    t.levels = o.levels;
    t.maps = levelMaps(t.levels);
    const shape = restoreShape(o.names, t.levels.length, KIND);
    const outputNames = t.namesFor(shape.inputNames, t.levels, (j, k, name) => {
      throw new ModelFormatError(
        `${KIND}: names[${j}] '${shape.inputNames[j]}' gives the output name '${name}' that names[${k}] gives too`,
      );
    });
    t.shape = { inputNames: shape.inputNames, outputNames };
    return t;
  }
}

registerEstimator(KIND, OneHotEncoder.fromJSON, ['transformer']);
