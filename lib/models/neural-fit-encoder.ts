import type { ColumnarDataset } from '../data/columnar-dataset.js';
import { InvalidArgumentError, ModelFormatError } from '../core/errors.js';
import type { ResolvedNeuralFitOptions } from './neural-fit-options.js';
import { needsScaledMoments, scaledColumnMoments } from '../features/column-moments.js';
import { hasSpread } from '../features/has-spread.js';

/** Standardized values beyond ±this many standard deviations are clipped (ages of 0 or 117, typos). */
const CLIP = 5;

/** The network inputs of n rows, as typed arrays. */
export interface NeuralFitInputs {
  /** Number of rows. */
  n: number;
  /** Customer index per row (0 = unknown). */
  user: Int32Array;
  /** Item index per row (0 = unknown). */
  item: Int32Array;
  /** One index array per categorical feature, in {@link NeuralFitEncoder.categoricalNames} order (0 = unknown or missing). */
  categorical: Int32Array[];
  /** n x (2 k) row-major: k standardized numeric features (0 when missing), then their k missing indicators. */
  numeric: Float32Array;
}

/** A numeric feature's standardization, fitted on the training rows. */
export interface NeuralFitScaler {
  name: string;
  mean: number;
  sd: number;
}

/** The JSON form of a {@link NeuralFitEncoder}. */
export interface NeuralFitEncoderJSON {
  userColumn: string;
  itemColumn: string;
  /** Known customer ids; id k - 1 has index k (index 0 is 'unknown'). */
  users: string[];
  /** Known item ids, likewise. */
  items: string[];
  categorical: { name: string; values: string[] }[];
  numeric: NeuralFitScaler[];
}

/**
 * The preprocessing of {@link NeuralFitModel}: id vocabularies (ids with fewer than `minCount` training rows,
 * missing ids and ids never seen map to index 0, 'unknown') and standard scalers with missing indicators,
 * all fitted on the training rows only.
 */
export class NeuralFitEncoder {
  private readonly userIndex: Map<string, number>;
  private readonly itemIndex: Map<string, number>;
  private readonly catIndex: Map<string, number>[];

  private constructor(private readonly state: NeuralFitEncoderJSON) {
    const index = (values: string[]): Map<string, number> => new Map(values.map((v, i) => [v, i + 1]));
    this.userIndex = index(state.users);
    this.itemIndex = index(state.items);
    this.catIndex = state.categorical.map((c) => index(c.values));
  }

  /**
   * Fits the vocabularies and scalers on `rows` of `data`. Listed feature columns that `data` lacks are left out.
   *
   * @param data - the dataset; @param rows - the training rows' indices; @param o - resolved options.
   * @throws InvalidArgumentError if the user or item column is missing or not categorical, or a listed feature
   * column has the wrong type.
   */
  static fit(data: ColumnarDataset, rows: Int32Array, o: ResolvedNeuralFitOptions): NeuralFitEncoder {
    const vocab = (name: string): string[] => {
      const col = categoryColumn(data, name);
      const counts = new Int32Array(col.categories.length);
      for (const i of rows) if (col.codes[i] >= 0) counts[col.codes[i]]++;
      const out: string[] = [];
      for (const i of rows) {
        const c = col.codes[i];
        if (c >= 0 && counts[c] >= o.minCount) {
          out.push(col.categories[c]);
          counts[c] = -1;
        }
      }
      return out;
    };
    const numeric: NeuralFitScaler[] = [];
    for (const name of o.columns.numeric) {
      if (!data.has(name)) continue;
      const v = numberColumn(data, name);
      let s = 0;
      let m = 0;
      for (const i of rows) {
        const x = v[i];
        if (Number.isNaN(x)) continue;
        if (!Number.isFinite(x)) {
          // The mean would be infinite and every row NaN: refused as the feature pipeline refuses it.
          throw new InvalidArgumentError(`NeuralFitModel: row ${i}, column '${name}' is ${x}`);
        }
        s += x;
        m++;
      }
      let mean = m > 0 ? s / m : 0;
      // Two passes, as StandardScaler: the squared deviations from the mean. The one-pass s2 / m - mean² lost the
      // spread of values far from 0 (1e8 + sin(i), sd 0.707, gave sd 1; 1e9 + 3 sin(i), sd 2.12, gave 51.8).
      let ss = 0;
      for (const i of rows) {
        const x = v[i];
        if (x === x) ss += (x - mean) * (x - mean);
      }
      let sd = m > 0 ? Math.sqrt(ss / m) : 0;
      if (m > 0 && needsScaledMoments(ss)) {
        // Squares beyond the float range (values about 1e154 and beyond) or below it (about 1e-154 and below): the
        // moments of the values divided by their largest |value|, finite, so that the column is scaled (an sd of NaN
        // left it unscaled, infinite as float32).
        const values = Float64Array.from(rows, (i) => v[i]);
        const r = scaledColumnMoments(values, values.length, 1, 0, 0, Number.isFinite(mean) ? mean : undefined);
        mean = r.mean;
        sd = r.sd;
      }
      // Constant up to rounding (relative to the mean, as the other scalers): left unscaled, sd 1.
      numeric.push({ name, mean, sd: hasSpread(sd, mean) ? sd : 1 });
    }
    const categorical = o.columns.categorical
      .filter((name) => data.has(name))
      .map((name) => ({ name, values: vocab(name) }));
    return new NeuralFitEncoder({
      userColumn: o.columns.user,
      itemColumn: o.columns.item,
      users: vocab(o.columns.user),
      items: vocab(o.columns.item),
      categorical,
      numeric,
    });
  }

  /** The customer id column. */
  get userColumn(): string {
    return this.state.userColumn;
  }

  /** The item id column. */
  get itemColumn(): string {
    return this.state.itemColumn;
  }

  /** Rows in the customer embedding table (known customers + 'unknown'). */
  get userCount(): number {
    return this.state.users.length + 1;
  }

  /** Rows in the item embedding table (known items + 'unknown'). */
  get itemCount(): number {
    return this.state.items.length + 1;
  }

  /** Table sizes of the categorical features (known values + 'unknown'). */
  get categoricalCounts(): number[] {
    return this.state.categorical.map((c) => c.values.length + 1);
  }

  /** The categorical feature columns, in input order. */
  get categoricalNames(): string[] {
    return this.state.categorical.map((c) => c.name);
  }

  /** The numeric feature columns with their scalers, in input order. */
  get scalers(): NeuralFitScaler[] {
    return this.state.numeric.map((s) => ({ ...s }));
  }

  /** Width of the numeric input: 2 per numeric feature (value, missing indicator). */
  get numericWidth(): number {
    return 2 * this.state.numeric.length;
  }

  /**
   * The network inputs of every row of `data`.
   * @throws InvalidArgumentError naming a column the encoder was fitted on that `data` lacks or has with another type.
   */
  encode(data: ColumnarDataset): NeuralFitInputs {
    const n = data.length;
    const lookup = (name: string, index: Map<string, number>): Int32Array => {
      const col = categoryColumn(data, name);
      const table = Int32Array.from(col.categories, (c) => index.get(c) ?? 0);
      return Int32Array.from(col.codes, (c) => (c >= 0 ? table[c] : 0));
    };
    const k = this.state.numeric.length;
    const numeric = new Float32Array(n * 2 * k);
    this.state.numeric.forEach((s, j) => {
      const v = numberColumn(data, s.name);
      for (let i = 0; i < n; i++) {
        const x = v[i];
        if (Number.isNaN(x)) {
          numeric[i * 2 * k + k + j] = 1;
        } else {
          const z = (x - s.mean) / s.sd;
          numeric[i * 2 * k + j] = z > CLIP ? CLIP : z < -CLIP ? -CLIP : z;
        }
      }
    });
    return {
      n,
      user: lookup(this.state.userColumn, this.userIndex),
      item: lookup(this.state.itemColumn, this.itemIndex),
      categorical: this.state.categorical.map((c, j) => lookup(c.name, this.catIndex[j])),
      numeric,
    };
  }

  /** The vocabularies and scalers as JSON. */
  toJSON(): NeuralFitEncoderJSON {
    return JSON.parse(JSON.stringify(this.state)) as NeuralFitEncoderJSON;
  }

  /**
   * Rebuilds an encoder from {@link NeuralFitEncoder.toJSON} output.
   * @throws ModelFormatError naming the malformed field; naming the field and the value, a value listed twice in
   *   `users`, `items` or a categorical feature's `values` (every row of it would map onto one of the copies), or a
   *   column read twice: `userColumn`, `itemColumn` and the `name`s of `categorical` and `numeric` must all differ
   *   (a numeric column listed twice would feed the network its value in place of another feature's).
   */
  static fromJSON(json: unknown, where = 'neural-fit encoder'): NeuralFitEncoder {
    const o = json as Partial<NeuralFitEncoderJSON> | null;
    if (typeof o !== 'object' || o === null) throw new ModelFormatError(`${where}: must be an object`);
    const strings = (v: unknown, what: string): string[] => {
      if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) {
        throw new ModelFormatError(`${where}: ${what} must be an array of strings`);
      }
      return [...(v as string[])];
    };
    if (typeof o.userColumn !== 'string' || typeof o.itemColumn !== 'string') {
      throw new ModelFormatError(`${where}: userColumn and itemColumn must be strings`);
    }
    if (!Array.isArray(o.categorical) || !Array.isArray(o.numeric)) {
      throw new ModelFormatError(`${where}: categorical and numeric must be arrays`);
    }
    const categorical = o.categorical.map((c: unknown, j) => {
      const cc = c as { name?: unknown; values?: unknown };
      if (typeof cc?.name !== 'string') throw new ModelFormatError(`${where}: categorical[${j}].name must be a string`);
      return { name: cc.name, values: strings(cc.values, `categorical[${j}].values`) };
    });
    const numeric = o.numeric.map((s: unknown, j) => {
      const ss = s as Partial<NeuralFitScaler>;
      if (
        typeof ss?.name !== 'string' ||
        typeof ss.mean !== 'number' ||
        !Number.isFinite(ss.mean) ||
        typeof ss.sd !== 'number' ||
        !(ss.sd > 0 && ss.sd < Infinity)
      ) {
        throw new ModelFormatError(`${where}: numeric[${j}] must be {name, mean finite, sd finite > 0}`);
      }
      return { name: ss.name, mean: ss.mean, sd: ss.sd };
    });
    const users = strings(o.users, 'users');
    const items = strings(o.items, 'items');
    const once = (values: string[], what: string, noun: string): void => {
      const first = new Map<string, number>();
      values.forEach((v, i) => {
        const j = first.get(v);
        if (j !== undefined) {
          throw new ModelFormatError(`${where}: ${what}[${i}]: ${noun} ${JSON.stringify(v)} repeats ${what}[${j}]`);
        }
        first.set(v, i);
      });
    };
    once(users, 'users', 'id');
    once(items, 'items', 'id');
    categorical.forEach((c, j) => once(c.values, `categorical[${j}].values`, 'value'));
    const columns: [string, string][] = [
      ['userColumn', o.userColumn],
      ['itemColumn', o.itemColumn],
      ...categorical.map((c, j): [string, string] => [`categorical[${j}].name`, c.name]),
      ...numeric.map((c, j): [string, string] => [`numeric[${j}].name`, c.name]),
    ];
    const firstColumn = new Map<string, string>();
    for (const [field, name] of columns) {
      const earlier = firstColumn.get(name);
      if (earlier !== undefined) {
        throw new ModelFormatError(`${where}: ${field}: column ${JSON.stringify(name)} repeats ${earlier}`);
      }
      firstColumn.set(name, field);
    }
    return new NeuralFitEncoder({
      userColumn: o.userColumn,
      itemColumn: o.itemColumn,
      users,
      items,
      categorical,
      numeric,
    });
  }
}

function categoryColumn(data: ColumnarDataset, name: string): { codes: Int32Array; categories: string[] } {
  if (!data.has(name))
    throw new InvalidArgumentError(`NeuralFitModel: dataset '${data.meta.name}' has no column '${name}'`);
  const col = data.column(name);
  if (col.type !== 'category') {
    throw new InvalidArgumentError(
      `NeuralFitModel: column '${name}' of dataset '${data.meta.name}' must be categorical`,
    );
  }
  return col;
}

function numberColumn(data: ColumnarDataset, name: string): Float64Array {
  if (!data.has(name))
    throw new InvalidArgumentError(`NeuralFitModel: dataset '${data.meta.name}' has no column '${name}'`);
  const col = data.column(name);
  if (col.type !== 'number') {
    throw new InvalidArgumentError(`NeuralFitModel: column '${name}' of dataset '${data.meta.name}' must be numeric`);
  }
  return col.values;
}
