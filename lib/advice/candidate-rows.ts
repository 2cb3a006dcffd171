import { InvalidArgumentError } from '../core/errors.js';
import { printable, shownValue } from '../core/printable.js';
import { ColumnarDataset, type Column } from '../data/columnar-dataset.js';
import type { AdviceHistory } from './advice-history.js';

/** One customer x article question: which of these sizes? */
export interface CandidateRequest {
  /** Customer (account) id; may be unseen in the history. */
  customer: string;
  /** Article id; may be unseen in the history. */
  item: string;
  /** The available sizes, as values of the history's size column. */
  sizes: readonly number[];
  /**
   * Body and profile fields given explicitly (column name → value; `null` = missing). They replace the values
   * copied from the customer's history. A field must be a column of the history, and neither the history's customer,
   * article or size column (`customer`, `item` and `sizes` give those) nor an outcome of the purchase (`fit`,
   * `returned`, `return_reason`): see {@link checkRequestBody}.
   */
  body?: Readonly<Record<string, number | string | null>>;
  /**
   * Day of the question (days since 1970-01-01), written to the history's `review_date` column when it has one, so
   * models with time features (customer recency, timeline) see when it is asked; without it the date is missing.
   */
  date?: number;
}

/** Which columns describe the customer and which the article when candidate rows are built. */
export interface CandidateRowOptions {
  /** Customer columns copied from the customer's latest row with a value; default {@link DEFAULT_CUSTOMER_COLUMNS}. */
  customerColumns?: readonly string[];
  /** Article columns copied from the article's latest row; default {@link DEFAULT_ARTICLE_COLUMNS}. */
  articleColumns?: readonly string[];
}

/** Body and profile columns of the RentTheRunway, ModCloth and synthetic formats. */
export const DEFAULT_CUSTOMER_COLUMNS: readonly string[] = [
  'height_cm',
  'weight_kg',
  'bust_band',
  'cup',
  'cup_label',
  'age',
  'body_type',
  'bra_size',
  'bust',
  'waist',
  'hips',
  'shoe_size',
  'shoe_width',
];

/** The date column of the RentTheRunway, ModCloth and synthetic formats, set from {@link CandidateRequest.date}. */
export const ADVICE_DATE_COLUMN = 'review_date';

/** Article columns of the RentTheRunway, ModCloth and synthetic formats. */
export const DEFAULT_ARTICLE_COLUMNS: readonly string[] = ['category', 'brand', 'size_system'];

/**
 * Columns of a purchase's outcome, which the model predicts or which follow from it (the fit felt, whether the unit
 * was returned, and why): never given in a request.
 */
export const PURCHASE_OUTCOME_COLUMNS: readonly string[] = ['fit', 'returned', 'return_reason'];

/**
 * The columns {@link checkRequestBody} refuses in a request body whatever their value: the history's customer,
 * article and size columns (the request's `customer`, `item` and `sizes` give those) and the
 * {@link PURCHASE_OUTCOME_COLUMNS}. A caller that takes bodies from whole records (a line of a dataset file) drops
 * these.
 */
export function requestGivenColumns(history: AdviceHistory): ReadonlySet<string> {
  const { user, item, size } = history.columns;
  return new Set([user, item, size, ...PURCHASE_OUTCOME_COLUMNS]);
}

/**
 * Checks the `body` of request `i` against the history: an object (or undefined) whose every key is a column of the
 * history, other than the columns the request itself gives (the history's customer, article and size columns) and
 * the outcome columns ({@link PURCHASE_OUTCOME_COLUMNS}: `fit`, `returned`, `return_reason`), with a value of the
 * column's type (a number, a string for a categorical column, or null).
 * @throws InvalidArgumentError naming the request and the field.
 */
export function checkRequestBody(history: AdviceHistory, body: unknown, i: number): void {
  if (body === undefined) return;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidArgumentError(
      `request ${i}: body must be an object of fields, got ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}`,
    );
  }
  const data = history.data;
  const { user, item, size } = history.columns;
  for (const [column, value] of Object.entries(body)) {
    const field = `request ${i}: body field '${printable(column)}'`;
    const own =
      column === user
        ? "customer id column: the request's customer"
        : column === item
          ? "article id column: the request's item"
          : column === size
            ? "size column: the request's sizes"
            : undefined;
    if (own !== undefined) throw new InvalidArgumentError(`${field} is the history's ${own} gives it`);
    if (PURCHASE_OUTCOME_COLUMNS.includes(column))
      throw new InvalidArgumentError(`${field} is an outcome of the purchase, not a customer field`);
    if (!data.has(column)) throw new InvalidArgumentError(`${field} is not a column of '${printable(data.meta.name)}'`);
    const type = data.column(column).type;
    if (value !== null && type === 'number' && typeof value !== 'number')
      throw new InvalidArgumentError(`${field} is numeric, got ${shownValue(value)}`);
    if (value !== null && type === 'category' && typeof value !== 'string')
      throw new InvalidArgumentError(`${field} is categorical, got ${shownValue(value)}`);
  }
}

/**
 * Checks that request `i` is an object with a string `customer` and `item`, an array `sizes` (what every request
 * needs; the sizes' values are checked where they are used) and, when given, a `date` that is a finite number (checked
 * whether or not the history has a date column, and whether or not the request is scored).
 * @throws InvalidArgumentError naming the request and the field.
 */
export function checkRequestShape(r: unknown, i: number): void {
  if (r === null || typeof r !== 'object' || Array.isArray(r))
    throw new InvalidArgumentError(`request ${i} must be an object, got ${shownValue(r)}`);
  const { customer, item, sizes } = r as Partial<CandidateRequest>;
  if (typeof customer !== 'string')
    throw new InvalidArgumentError(`request ${i}: customer must be a string id, got ${shownValue(customer)}`);
  if (typeof item !== 'string')
    throw new InvalidArgumentError(`request ${i}: item must be a string id, got ${shownValue(item)}`);
  if (!Array.isArray(sizes))
    throw new InvalidArgumentError(`request ${i}: sizes must be an array of numbers, got ${shownValue(sizes)}`);
  const { date } = r as Partial<CandidateRequest>;
  if (date !== undefined && !(typeof date === 'number' && Number.isFinite(date)))
    throw new InvalidArgumentError(`request ${i}: date ${shownValue(date)} is not a finite number`);
}

/** Candidate rows and where each request's rows start. */
export interface CandidateRows {
  /** One row per request x size, with the history's schema; columns other than ids, size, customer and article fields are missing. */
  dataset: ColumnarDataset;
  /** `start[r]` is the first row of request `r`; its rows follow in the order of `requests[r].sizes`. */
  start: Int32Array;
}

/**
 * Builds the rows a {@link FitModel} scores for size advice: for each request, one row per available size,
 * with the customer's id and body fields (the latest non-missing value of each from their history, replaced by
 * `request.body`), the article's id and fields (from its latest row) and the size. Unseen ids and new
 * category values are appended to the dictionaries, so a model sees them as unknown (its cold-start path).
 *
 * @returns the rows (same schema and meta as the history) and the first row of each request.
 * @throws InvalidArgumentError when a request is refused by {@link checkRequestShape} (not an object with string ids and
 *   an array of sizes, a date that is not a finite number), a size is not a finite number, or a body field is refused
 *   by {@link checkRequestBody} (not a column, a column the request gives itself, an outcome, a value of the wrong
 *   type).
 */
export function buildCandidateRows(
  history: AdviceHistory,
  requests: readonly CandidateRequest[],
  options: CandidateRowOptions = {},
): CandidateRows {
  const data = history.data;
  const { user, item, size } = history.columns;
  const customerCols = (options.customerColumns ?? DEFAULT_CUSTOMER_COLUMNS).filter((c) => data.has(c));
  const articleCols = (options.articleColumns ?? DEFAULT_ARTICLE_COLUMNS).filter((c) => data.has(c));
  const start = new Int32Array(requests.length);
  let n = 0;
  if (!Array.isArray(requests as unknown))
    throw new InvalidArgumentError(`requests must be an array of requests, got ${shownValue(requests)}`);
  requests.forEach((r, i) => {
    checkRequestShape(r, i);
    checkRequestBody(history, r.body, i);
    start[i] = n;
    for (const s of r.sizes) {
      if (!Number.isFinite(s)) throw new InvalidArgumentError(`request ${i}: size ${s} is not a finite number`);
    }
    n += r.sizes.length;
  });

  // Output columns, all missing at first.
  const out = new Map<string, Column>();
  const dicts = new Map<string, { categories: string[]; index: Map<string, number> | undefined }>();
  for (const name of data.columnNames) {
    const c = data.column(name);
    if (c.type === 'number') out.set(name, { type: 'number', values: new Float64Array(n).fill(NaN) });
    else {
      const categories = c.categories.slice();
      out.set(name, { type: 'category', codes: new Int32Array(n).fill(-1), categories });
      dicts.set(name, { categories, index: undefined });
    }
  }
  const codeOf = (column: string, value: string): number => {
    const d = dicts.get(column)!;
    if (d.index === undefined) d.index = new Map(d.categories.map((c, k) => [c, k]));
    let k = d.index.get(value);
    if (k === undefined) {
      k = d.categories.length;
      d.categories.push(value);
      d.index.set(value, k);
    }
    return k;
  };
  const setValue = (column: string, from: number, to: number, value: number | string | null): void => {
    const c = out.get(column);
    if (c === undefined)
      throw new InvalidArgumentError(`body field '${column}' is not a column of '${data.meta.name}'`);
    if (c.type === 'number') {
      if (value !== null && typeof value !== 'number')
        throw new InvalidArgumentError(`body field '${column}' is numeric, got '${value}'`);
      c.values.fill(value ?? NaN, from, to);
    } else {
      if (value !== null && typeof value !== 'string')
        throw new InvalidArgumentError(`body field '${column}' is categorical, got ${value}`);
      c.codes.fill(value === null ? -1 : codeOf(column, value), from, to);
    }
  };
  const latest = (rows: readonly number[], column: string): number | string | null => {
    for (let k = rows.length - 1; k >= 0; k--) {
      const v = data.value(column, rows[k]);
      if (v !== null) return v;
    }
    return null;
  };

  requests.forEach((r, i) => {
    const from = start[i];
    const to = from + r.sizes.length;
    if (to === from) return;
    setValue(user, from, to, r.customer);
    setValue(item, from, to, r.item);
    const cRows = history.customerRows(r.customer);
    for (const c of customerCols) setValue(c, from, to, latest(cRows, c));
    const aRows = history.articleRows(r.item);
    for (const c of articleCols) setValue(c, from, to, latest(aRows, c));
    // The date was checked with the request's shape.
    if (r.date !== undefined && out.has(ADVICE_DATE_COLUMN)) setValue(ADVICE_DATE_COLUMN, from, to, r.date);
    if (r.body !== undefined) for (const [c, v] of Object.entries(r.body)) setValue(c, from, to, v);
    const sizeCol = out.get(size) as { values: Float64Array };
    r.sizes.forEach((s, k) => (sizeCol.values[from + k] = s));
  });

  const dataset = new ColumnarDataset(data.schema, out, new Int32Array(n), data.meta);
  return { dataset, start };
}
