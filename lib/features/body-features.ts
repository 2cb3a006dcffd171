import { InvalidArgumentError, ModelFormatError, NotFittedError } from '../core/errors.js';
import { checkEstimatorJSON, registerEstimator, type EstimatorJSON } from '../core/estimator.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import { featureMatrix, type FeatureMatrix } from './feature-matrix.js';
import { fromSavedOptions } from './saved-options.js';
import type { DatasetTransformer, FeatureInfo } from './transformer.js';

/** Options of {@link BodyFeatures}. */
export interface BodyFeaturesOptions {
  /** Ages outside [min, max] years are treated as missing (default [10, 100]: the data has 0..117). */
  ageRange?: [number, number];
}

const KIND = 'body-features';

/** The body columns read when present, with their meanings. */
const BODY: FeatureInfo[] = [
  ['height_cm', 'height in cm'],
  ['weight_kg', 'weight in kg'],
  ['bmi', 'body-mass index, weight_kg / (height_cm / 100)^2 (needs both columns)'],
  ['bust_band', 'bra band size in inches (the 34 of "34d")'],
  ['cup', 'bra cup as an ordinal number (a = 1, b = 2, ...)'],
  ['hips', 'hips measure as in the data'],
  ['waist', 'waist measure as in the data'],
  ['age', 'age in years; outside ageRange it is missing'],
].map(([name, description]) => ({ name, description, group: 'body' }));

/**
 * Body features of each row: height, weight, BMI, bust band and cup, hips, waist and age, for those
 * canonical columns the fitted dataset has (BMI when it has both height and weight). Missing values
 * stay NaN (impute later in the pipeline), and so is a BMI that is not finite (a height of 0). Uses no labels and
 * no other row.
 */
export class BodyFeatures implements DatasetTransformer {
  readonly kind = KIND;
  readonly ageRange: [number, number];
  private used: string[] | undefined;

  /** @throws InvalidArgumentError if the age range is not increasing. */
  constructor(options: BodyFeaturesOptions = {}) {
    this.ageRange = options.ageRange ?? [10, 100];
    if (!(this.ageRange[0] < this.ageRange[1]))
      throw new InvalidArgumentError('BodyFeatures: ageRange must be [min, max] with min < max');
  }

  /** True once fitted or loaded. */
  get isFitted(): boolean {
    return this.used !== undefined;
  }

  /**
   * Records which body columns `ds` has; they are then required at transform.
   * @returns this
   * @throws InvalidArgumentError on an empty dataset or one without any body column.
   */
  fit(ds: ColumnarDataset): this {
    if (ds.length === 0) throw new InvalidArgumentError(`BodyFeatures: dataset '${ds.meta.name}' has no rows`);
    const has = (c: string): boolean => ds.has(c) && ds.column(c).type === 'number';
    const used = BODY.map((f) => f.name).filter((c) => (c === 'bmi' ? has('height_cm') && has('weight_kg') : has(c)));
    if (used.length === 0) throw new InvalidArgumentError(`BodyFeatures: dataset '${ds.meta.name}' has no body column`);
    this.used = used;
    return this;
  }

  /**
   * The body features of every row of `ds`.
   * @throws NotFittedError before fit; InvalidArgumentError on an empty dataset or a missing column.
   */
  transform(ds: ColumnarDataset): FeatureMatrix {
    if (!this.used) throw new NotFittedError('BodyFeatures');
    if (ds.length === 0) throw new InvalidArgumentError(`BodyFeatures: dataset '${ds.meta.name}' has no rows`);
    const used = this.used;
    const n = ds.length;
    const p = used.length;
    const out = new Float64Array(n * p);
    const [amin, amax] = this.ageRange;
    used.forEach((c, j) => {
      if (c === 'bmi') {
        const h = ds.numbers('height_cm');
        const w = ds.numbers('weight_kg');
        for (let i = 0; i < n; i++) {
          const bmi = w[i] / ((h[i] / 100) * (h[i] / 100));
          // A height of 0 (or one so small, or a weight so large, that the quotient overflows) has no BMI: missing,
          // as the steps after this one take NaN, rather than an infinity they refuse.
          out[i * p + j] = bmi - bmi === 0 ? bmi : NaN;
        }
      } else {
        const v = ds.numbers(c);
        if (c === 'age') for (let i = 0; i < n; i++) out[i * p + j] = v[i] >= amin && v[i] <= amax ? v[i] : NaN;
        else for (let i = 0; i < n; i++) out[i * p + j] = v[i];
      }
    });
    return featureMatrix(out, n, p, used.slice());
  }

  /** `fit(ds)` then `transform(ds)`. */
  fitTransform(ds: ColumnarDataset): FeatureMatrix {
    return this.fit(ds).transform(ds);
  }

  /** The output columns and their meanings. @throws NotFittedError before fit. */
  featureInfo(): FeatureInfo[] {
    if (!this.used) throw new NotFittedError('BodyFeatures');
    return this.used.map((c) => ({ ...BODY.find((f) => f.name === c)! }));
  }

  /** `{kind, version: 1, ageRange, columns}`. @throws NotFittedError before fit. */
  toJSON(): EstimatorJSON {
    if (!this.used) throw new NotFittedError('BodyFeatures');
    return { kind: KIND, version: 1, ageRange: this.ageRange, columns: this.used };
  }

  /**
   * Rebuilds a fitted step.
   * @throws ModelFormatError on a wrong kind or version, a saved `ageRange` the constructor refuses, or `columns`
   *   that `fit` never writes: a column that is not a
   *   body column, repeated or out of the canonical order (height_cm, weight_kg, bmi, ...), naming its index (a
   *   reordered list fed the next step each column under another's name).
   */
  static fromJSON(json: unknown): BodyFeatures {
    const o = checkEstimatorJSON<{ ageRange: [number, number]; columns: unknown }>(json, KIND, [1]);
    const t = fromSavedOptions(KIND, () => new BodyFeatures({ ageRange: o.ageRange }));
    const known = BODY.map((f) => f.name);
    if (!Array.isArray(o.columns) || o.columns.some((c) => !known.includes(c))) {
      throw new ModelFormatError(`${KIND}: columns must be among ${known.join(', ')}`);
    }
    const columns = o.columns as string[];
    for (let k = 1; k < columns.length; k++) {
      if (known.indexOf(columns[k]) <= known.indexOf(columns[k - 1])) {
        throw new ModelFormatError(
          `${KIND}: columns[${k}] '${columns[k]}' ${columns.indexOf(columns[k]) < k ? 'repeats' : `comes after '${columns[k - 1]}'`}: ` +
            `columns must be body columns in the order ${known.join(', ')}, each at most once`,
        );
      }
    }
    t.used = columns.slice();
    return t;
  }
}

registerEstimator(KIND, BodyFeatures.fromJSON, ['dataset-transformer', 'handles-nan']);
