import { InvalidArgumentError } from '../core/errors.js';

/** A numeric column: `NaN` marks a missing value. */
export interface NumberColumn {
  type: 'number';
  values: Float64Array;
}

/** A dictionary-coded categorical column: `codes[i]` indexes `categories`, -1 marks a missing value. */
export interface CategoryColumn {
  type: 'category';
  codes: Int32Array;
  categories: string[];
}

/** A column of a {@link ColumnarDataset}. */
export type Column = NumberColumn | CategoryColumn;

/** What a field means: name, type, unit and a one-line description. */
export interface FieldSchema {
  name: string;
  type: 'number' | 'category' | 'date';
  /** Unit of a numeric field (`cm`, `kg`, `days since 1970-01-01`...). */
  unit?: string;
  description: string;
  /** For ordered categories: the categories are in this order. */
  ordered?: boolean;
}

/** Where a dataset came from. */
export interface DatasetMeta {
  /** Registry name (`renttherunway`, `modcloth`, `sample`) or the file name. */
  name: string;
  /** File path or `generated`. */
  source: string;
  /** Detected or declared format (`renttherunway`, `modcloth`, `sizefit-sample`...). */
  format: string;
  /** sha256 of the source file's bytes (hex), or of the generator's options for generated data. */
  sha256: string;
  /**
   * The content hash: sha256 of the source's bytes after gzip decompression (hex), computed in the same pass that
   * read them (`readFitDataFile`, `parseFitData`). A plain file's (or a string's) is its `sha256`; a `.jsonl` file
   * and its `.jsonl.gz` copy have the same one and different `sha256`. Absent when the content is not known: the
   * rows of a truncated gzip stream (no whole content to hash), and metas built in code (generated synthetic data,
   * a dataset read back from the database or an advice history, a caller's own). A meta copied with another
   * `sha256` (other data) must drop or replace it, or it still names the first data's content.
   */
  contentSha256?: string;
}

/**
 * A table held as typed arrays: numbers in Float64Array (NaN missing), categories dictionary-coded
 * in Int32Array (-1 missing). Rows keep the 1-based line number they came from.
 */
export class ColumnarDataset {
  readonly length: number;
  readonly schema: readonly FieldSchema[];
  readonly meta: DatasetMeta;
  /** 1-based source line of each row (0 when the row was generated). */
  readonly lineNumbers: Int32Array;
  private readonly cols: Map<string, Column>;

  /**
   * @throws InvalidArgumentError when a schema field has no column, a column's kind does not match its field's type
   * (a `number` or `date` field needs a number column, a `category` field a category column), a column's length
   * differs from `lineNumbers.length`, or a category code is below -1 or past the end of its `categories` (naming
   * the column and the row).
   */
  constructor(
    schema: readonly FieldSchema[],
    columns: Map<string, Column>,
    lineNumbers: Int32Array,
    meta: DatasetMeta,
  ) {
    this.length = lineNumbers.length;
    for (const f of schema) {
      const c = columns.get(f.name);
      if (!c) throw new InvalidArgumentError(`schema field '${f.name}' has no column`);
      const want = f.type === 'category' ? 'category' : 'number';
      if (c.type !== want) {
        throw new InvalidArgumentError(
          `column '${f.name}' is a ${String(c.type)} column, but its schema type '${f.type}' needs a ${want} column`,
        );
      }
      const len = c.type === 'number' ? c.values.length : c.codes.length;
      if (len !== this.length) {
        throw new InvalidArgumentError(`column '${f.name}' has ${len} rows, expected ${this.length}`);
      }
      if (c.type === 'category') {
        // O(rows) per category column: about 9 ms for the dev file's 154k rows, in take() as well (less than 0.1% of
        // a model fit, which takes a few times).
        const codes = c.codes;
        const top = c.categories.length;
        for (let i = 0; i < len; i++) {
          const k = codes[i];
          if (k < -1 || k >= top) {
            throw new InvalidArgumentError(
              `column '${f.name}' row ${i}: category code ${k} is not -1 (missing)${top > 0 ? ` or 0 to ${top - 1}` : ''} (${top} categories)`,
            );
          }
        }
      }
    }
    this.schema = schema;
    this.cols = columns;
    this.lineNumbers = lineNumbers;
    this.meta = meta;
  }

  /** Names of the columns, in schema order. */
  get columnNames(): string[] {
    return this.schema.map((f) => f.name);
  }

  /** True when the dataset has a column of that name. */
  has(name: string): boolean {
    return this.cols.has(name);
  }

  /** The column `name`. @throws InvalidArgumentError if there is none. */
  column(name: string): Column {
    const c = this.cols.get(name);
    if (!c)
      throw new InvalidArgumentError(
        `dataset '${this.meta.name}' has no column '${name}' (has: ${this.columnNames.join(', ')})`,
      );
    return c;
  }

  /** The values of numeric column `name` (NaN = missing). @throws InvalidArgumentError if not numeric. */
  numbers(name: string): Float64Array {
    const c = this.column(name);
    if (c.type !== 'number') throw new InvalidArgumentError(`column '${name}' is categorical, not numeric`);
    return c.values;
  }

  /** Categorical column `name`. @throws InvalidArgumentError if not categorical. */
  categories(name: string): CategoryColumn {
    const c = this.column(name);
    if (c.type !== 'category') throw new InvalidArgumentError(`column '${name}' is numeric, not categorical`);
    return c;
  }

  /**
   * Value of row `i` in column `name` as a plain JS value (string, number or null when missing).
   * @throws InvalidArgumentError when `i` is not a row or `name` not a column.
   */
  value(name: string, i: number): string | number | null {
    this.checkRow(i, 'value');
    const c = this.column(name);
    if (c.type === 'number') {
      const v = c.values[i];
      return Number.isNaN(v) ? null : v;
    }
    const k = c.codes[i];
    return k < 0 ? null : c.categories[k];
  }

  /** Share of missing values per column. */
  missingRates(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const f of this.schema) {
      const c = this.cols.get(f.name)!;
      let m = 0;
      if (c.type === 'number') for (let i = 0; i < this.length; i++) m += Number.isNaN(c.values[i]) ? 1 : 0;
      else for (let i = 0; i < this.length; i++) m += c.codes[i] < 0 ? 1 : 0;
      out[f.name] = this.length ? m / this.length : 0;
    }
    return out;
  }

  /** @throws InvalidArgumentError unless `i` is a row index (an integer in [0, length)). */
  private checkRow(i: number, what: string, at?: number): void {
    if (!(Number.isInteger(i) && i >= 0 && i < this.length)) {
      throw new InvalidArgumentError(
        `${what}: ${at !== undefined ? `index ${at} is ` : ''}${i}, not a row of '${this.meta.name}' (0 to ${this.length - 1})`,
      );
    }
  }

  /**
   * A new dataset with the rows at `indices`, in that order (categories keep their dictionaries).
   * @throws InvalidArgumentError naming the first index that is not a row (out of range, negative, fractional).
   */
  take(indices: ArrayLike<number>): ColumnarDataset {
    const n = indices.length;
    for (let i = 0; i < n; i++) this.checkRow(indices[i], 'take', i);
    const cols = new Map<string, Column>();
    for (const [name, c] of this.cols) {
      if (c.type === 'number') {
        const v = new Float64Array(n);
        for (let i = 0; i < n; i++) v[i] = c.values[indices[i]];
        cols.set(name, { type: 'number', values: v });
      } else {
        const k = new Int32Array(n);
        for (let i = 0; i < n; i++) k[i] = c.codes[indices[i]];
        cols.set(name, { type: 'category', codes: k, categories: c.categories });
      }
    }
    const lines = new Int32Array(n);
    for (let i = 0; i < n; i++) lines[i] = this.lineNumbers[indices[i]];
    return new ColumnarDataset(this.schema, cols, lines, this.meta);
  }

  /**
   * Rows `start` to `end` (exclusive, clipped to the length) as plain objects, one own key per column (for
   * display and light exploration; slow on large data).
   * @throws InvalidArgumentError when start or end is not an integer or start is negative.
   */
  toRecords(start = 0, end = this.length): Record<string, string | number | null>[] {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0) {
      throw new InvalidArgumentError(`toRecords: start and end must be integers with start >= 0, got ${start}, ${end}`);
    }
    const out: Record<string, string | number | null>[] = [];
    for (let i = start; i < Math.min(end, this.length); i++) {
      // Object.fromEntries defines own properties, so a column named `__proto__` stays a key of the record.
      out.push(Object.fromEntries(this.schema.map((f) => [f.name, this.value(f.name, i)])));
    }
    return out;
  }
}
