import { InvalidArgumentError, ModelFormatError } from '../core/errors.js';
import { printable } from '../core/printable.js';
import { FIT_CLASSES } from '../core/labels.js';
import { ColumnarDataset, type Column, type DatasetMeta, type FieldSchema } from '../data/columnar-dataset.js';
import { DEFAULT_ARTICLE_COLUMNS, DEFAULT_CUSTOMER_COLUMNS } from './candidate-rows.js';
import { fitCodes } from './fit-codes.js';
import {
  addNormalEquation,
  BODY_SIZE_DIM,
  BODY_SIZE_INPUTS,
  NORMAL_EQUATIONS_WIDTH,
  solveBodySizeRegression,
  type ScaledNormalEquations,
} from '../features/body-size-regression.js';

/** Column names {@link AdviceHistory} reads. */
export interface AdviceColumns {
  /** Customer (account) id column; default `user_id`. */
  user?: string;
  /** Article id column; default `item_id`. */
  item?: string;
  /** Size column (numbers on the shop's scale); default `size`. */
  size?: string;
}

/** The `kind` of {@link AdviceHistoryJSON}. */
export const ADVICE_HISTORY_KIND = 'advice-history';
/**
 * The {@link AdviceHistoryJSON} version this library writes, and the newest it reads. Version 2 added the purchases
 * without a customer id (`purchases.withoutCustomer`, which version 1 left out). Version 3 adds the body-size
 * regression (`bodySize`, see {@link BodySizeEstimate}) and stores the dataset without its `source` path (the name,
 * format and sha256 only, as the model manifest names it), so that a model directory's bytes do not depend on where the
 * training file was. Versions 1 and 2 still load: they have no regression (`bodySize` is undefined), and their
 * `dataset.source` is kept as stored.
 */
export const ADVICE_HISTORY_VERSION = 3;

/**
 * The body-size regression of an {@link AdviceHistory}: least squares of size on an intercept and
 * {@link BODY_SIZE_INPUTS} (`size ~ 1 + weight_kg + height_cm + bust_band`, the regression of `RelativeSizeFeatures`,
 * solved with `solveBodySizeRegression`), fitted on the purchases labelled `fit` whose size and three body values are
 * all known. `adviseSizes` reads it as the usual size of an unseen customer whose request gives the three body values
 * (rule `usual-shift`).
 */
export interface BodySizeEstimate {
  /** The inputs after the intercept, always {@link BODY_SIZE_INPUTS}. */
  inputs: readonly string[];
  /** Intercept then one coefficient per input; null when there is no regression (`why` says why). */
  coefficients: readonly number[] | null;
  /** The purchases fitted on. */
  rows: number;
  /** Why there is no regression (set when `coefficients` is null). */
  why?: string;
}

/** The `dataset` of an {@link AdviceHistoryJSON}: without `source` from version 3 on (a file path). */
export type AdviceHistoryDatasetJSON = Pick<DatasetMeta, 'name' | 'format' | 'sha256'> & { source?: string };

/** A column of {@link AdviceHistoryJSON}: numbers (`null` missing) or dictionary codes (-1 missing). */
export type AdviceHistoryColumnJSON =
  { type: 'number'; values: (number | null)[] } | { type: 'category'; categories: string[]; codes: number[] };

/**
 * The compact serialized form of an {@link AdviceHistory} (`advice-history.json` of a model directory). Columnar:
 * customers in first-seen order, each with the latest non-missing value of every body field and the count of
 * their purchases; purchases grouped by customer (in data order within a customer), then those without a customer
 * id (in data order), each the article (index into `articles.ids`), the size, the fit label code (0 small, 1 fit,
 * 2 large, -1 missing) and the returned flag when the data has one; articles with their latest fields (category,
 * brand, size system), the sizes seen (ascending), their labels and the most common size.
 */
export interface AdviceHistoryJSON {
  kind: typeof ADVICE_HISTORY_KIND;
  version: number;
  /**
   * The dataset the history was built from: its name (registry name or file name), format and sha256; versions 1 and 2
   * also have its `source` (the path of the file read, as given).
   */
  dataset: AdviceHistoryDatasetJSON;
  columns: Required<AdviceColumns>;
  /** Schema of the original data: a restored history has every field (those not stored are all missing). */
  schema: FieldSchema[];
  customers: {
    ids: string[];
    /** Purchases of each customer, in `ids` order. */
    purchases: number[];
    /** Latest non-missing value of each body field, one per customer. */
    fields: Record<string, AdviceHistoryColumnJSON>;
  };
  articles: {
    ids: string[];
    /** Latest non-missing value of each article field, one per article. */
    fields: Record<string, AdviceHistoryColumnJSON>;
    /** Distinct sizes seen per article, ascending. */
    sizes: number[][];
    /** The size label of each of `sizes` (latest seen; `null` unknown), when the data has a size-label column. */
    sizeLabels?: (string | null)[][];
    /** Most common size per article (the smaller on a tie; `null` when none). */
    modeSize: (number | null)[];
  };
  purchases: {
    /** Index into `articles.ids` (-1: missing article). */
    item: number[];
    size: (number | null)[];
    /** Fit label code (0 small, 1 fit, 2 large, -1 missing), when the data has a `fit` column. */
    fit?: number[];
    /** 1 returned, 0 kept, `null` unknown, when the data has a `returned` column. */
    returned?: (number | null)[];
    /**
     * How many purchases, the last of the lists, have no customer id (versions 2 and 3, where it is required; version 1
     * has none). They count for their article: {@link AdviceHistory.hasArticle}, its rows and fields.
     */
    withoutCustomer?: number;
  };
  /** The body-size regression (version 3, where it is required; older versions have none). */
  bodySize?: BodySizeEstimate;
}

/** Why a history restored from a version 1 or 2 file has no body-size regression. */
const OLDER_HISTORY =
  'the advice history is of an older version (1 or 2), saved without the body regression: retrain the model to get it';

/** The size-label column name an {@link AdviceHistory} reads for {@link AdviceHistory.articleSizeLabels}. */
const SIZE_LABEL = 'size_label';

/**
 * An index of past purchases for advice: the rows of each customer and of each article, and the sizes seen
 * for each article. Built once from a dataset (the training rows) and shared by recommendations and
 * evaluations; `toJSON()` / {@link AdviceHistory.fromJSON} carry it in a model directory (see
 * {@link loadAdviceHistory}).
 */
export class AdviceHistory {
  /** The indexed rows. */
  readonly data: ColumnarDataset;
  /** The column names in use. */
  readonly columns: Required<AdviceColumns>;
  private readonly userRows = new Map<string, number[]>();
  private readonly itemRows = new Map<string, number[]>();
  /** Per article: distinct sizes, their labels and the mode (computed on first use, or restored from JSON). */
  private readonly articleInfo = new Map<string, { sizes: number[]; labels: (string | null)[]; mode: number }>();
  private bodySizeEstimate: BodySizeEstimate | undefined;

  /**
   * @param data - past purchases with customer, article and size columns.
   * @throws InvalidArgumentError when a named column is absent or of the wrong type, or the customer and article
   *   columns are one column.
   */
  constructor(data: ColumnarDataset, columns: AdviceColumns = {}) {
    this.data = data;
    this.columns = { user: columns.user ?? 'user_id', item: columns.item ?? 'item_id', size: columns.size ?? 'size' };
    if (this.columns.user === this.columns.item) {
      throw new InvalidArgumentError(
        `AdviceHistory: the customer and article columns are both '${printable(this.columns.user)}'`,
      );
    }
    const users = data.categories(this.columns.user);
    const items = data.categories(this.columns.item);
    data.numbers(this.columns.size);
    const push = (map: Map<string, number[]>, key: string, i: number): void => {
      const rows = map.get(key);
      if (rows === undefined) map.set(key, [i]);
      else rows.push(i);
    };
    for (let i = 0; i < data.length; i++) {
      if (users.codes[i] >= 0) push(this.userRows, users.categories[users.codes[i]], i);
      if (items.codes[i] >= 0) push(this.itemRows, items.categories[items.codes[i]], i);
    }
    this.bodySizeEstimate = fitBodySize(data, this.columns.size);
  }

  /**
   * The body-size regression ({@link BodySizeEstimate}), fitted when the history was built; `undefined` for a history
   * restored from a file of version 1 or 2, which has none.
   */
  get bodySize(): BodySizeEstimate | undefined {
    return this.bodySizeEstimate;
  }

  /**
   * A usual size estimated from body values by {@link AdviceHistory.bodySize} (not rounded to any article's sizes).
   * @param body - body values by column name (`weight_kg`, `height_cm`, `bust_band`; others are ignored).
   * @returns the estimate, or why there is none: the history has no regression (a file of an older version, data
   *   without the body columns, too few rows) or `body` lacks one of the inputs (`missing` names those it lacks).
   */
  estimateUsualSize(body: Readonly<Record<string, number | string | null | undefined>> | undefined): {
    size: number;
    why?: string;
    missing?: string[];
  } {
    const est = this.bodySizeEstimate;
    if (est === undefined) return { size: NaN, why: OLDER_HISTORY };
    if (est.coefficients === null) return { size: NaN, why: est.why ?? 'the history has no body regression' };
    const values = BODY_SIZE_INPUTS.map((c) => body?.[c]);
    const missing = BODY_SIZE_INPUTS.filter((_, j) => !(typeof values[j] === 'number' && Number.isFinite(values[j])));
    if (missing.length > 0) {
      return { size: NaN, why: `the request gives no ${listedWith(missing, 'or')}`, missing };
    }
    const c = est.coefficients;
    let size = c[0];
    for (let j = 0; j < BODY_SIZE_INPUTS.length; j++) size += c[j + 1] * (values[j] as number);
    // Only coefficients of a hand-made or tampered file can overflow; an infinite estimate would pick an end size.
    if (!Number.isFinite(size)) return { size: NaN, why: 'the body regression gives no finite size for this body' };
    return { size };
  }

  /** True when the customer has at least one row. */
  hasCustomer(customer: string): boolean {
    return this.userRows.has(customer);
  }

  /** True when the article has at least one row. */
  hasArticle(item: string): boolean {
    return this.itemRows.has(item);
  }

  /** Row indices of a customer, in data order (empty when unseen). */
  customerRows(customer: string): readonly number[] {
    return this.userRows.get(customer) ?? [];
  }

  /** Row indices of an article, in data order (empty when unseen). */
  articleRows(item: string): readonly number[] {
    return this.itemRows.get(item) ?? [];
  }

  /** Every customer id with rows. */
  customers(): string[] {
    return [...this.userRows.keys()];
  }

  /** Every article id with rows. */
  articles(): string[] {
    return [...this.itemRows.keys()];
  }

  /** The distinct sizes seen for an article, ascending (empty when unseen or all missing). */
  articleSizes(item: string): number[] {
    return this.info(item).sizes.slice();
  }

  /**
   * The size label of each of {@link articleSizes} (the latest seen with that size; `undefined` when the data has no
   * `size_label` column or no label was seen for the size).
   */
  articleSizeLabels(item: string): (string | undefined)[] {
    return this.info(item).labels.map((l) => l ?? undefined);
  }

  /**
   * Labels for `sizes` of an article as the history writes them (`articleSizeLabels` of each size seen), the size
   * itself as text where the history has no label; undefined when it has a label for none of them.
   */
  sizeLabels(item: string, sizes: readonly number[]): string[] | undefined {
    const seen = this.articleSizes(item);
    const known = this.articleSizeLabels(item);
    const of = (s: number): string | undefined => known[seen.indexOf(s)];
    if (!sizes.some((s) => of(s) !== undefined)) return undefined;
    return sizes.map((s) => of(s) ?? String(s));
  }

  /** The most common size of an article (the smaller on a tie), or NaN when none is known. */
  articleModeSize(item: string): number {
    return this.info(item).mode;
  }

  /** The customer's usual size: the median of their sizes (lower median), or NaN when none is known. */
  customerUsualSize(customer: string): number {
    const v = this.data.numbers(this.columns.size);
    const s = this.customerRows(customer)
      .map((i) => v[i])
      .filter((x) => !Number.isNaN(x))
      .sort((a, b) => a - b);
    return s.length === 0 ? NaN : s[(s.length - 1) >> 1];
  }

  /** The latest non-missing value of `column` among the customer's rows, or null. */
  customerField(customer: string, column: string): string | number | null {
    return latestValue(this.data, this.customerRows(customer), column);
  }

  private info(item: string): { sizes: number[]; labels: (string | null)[]; mode: number } {
    let info = this.articleInfo.get(item);
    if (info !== undefined) return info;
    const rows = this.articleRows(item);
    const v = this.data.numbers(this.columns.size);
    const lab =
      this.data.has(SIZE_LABEL) && this.data.column(SIZE_LABEL).type === 'category'
        ? this.data.categories(SIZE_LABEL)
        : undefined;
    const labelOf = new Map<number, string | null>();
    for (const i of rows) {
      if (Number.isNaN(v[i])) continue;
      const l = lab !== undefined && lab.codes[i] >= 0 ? lab.categories[lab.codes[i]] : null;
      if (l !== null || !labelOf.has(v[i])) labelOf.set(v[i], l);
    }
    const sizes = [...labelOf.keys()].sort((a, b) => a - b);
    info = { sizes, labels: sizes.map((s) => labelOf.get(s)!), mode: modeOf(rows, v) };
    this.articleInfo.set(item, info);
    return info;
  }

  /**
   * The compact serialized form ({@link AdviceHistoryJSON}): customers' latest body fields
   * ({@link DEFAULT_CUSTOMER_COLUMNS} present in the data) and purchases (article, size, fit label, returned),
   * articles' fields ({@link DEFAULT_ARTICLE_COLUMNS}), sizes seen, their labels and most common size. Rows without a
   * customer id are kept after the customers' (their article, size, fit label and returned flag), so the article is
   * known after a restore, and the body-size regression ({@link AdviceHistory.bodySize}; none, with the reason, for a
   * history restored from version 1 or 2: its rows keep each customer's latest body only, not the rows fitted). The JSON is version {@link ADVICE_HISTORY_VERSION}; the dataset is stored without its `source` path.
   * Other columns are not kept: a restored history has them all missing.
   */
  toJSON(): AdviceHistoryJSON {
    const data = this.data;
    const { user, item, size } = this.columns;
    const custCols = DEFAULT_CUSTOMER_COLUMNS.filter((c) => data.has(c) && c !== user && c !== item && c !== size);
    const artCols = DEFAULT_ARTICLE_COLUMNS.filter((c) => data.has(c) && c !== user && c !== item && c !== size);
    const customers = this.customers();
    const articles = this.articles();
    const articleIndex = new Map(articles.map((a, k) => [a, k]));
    const items = data.categories(item);
    const v = data.numbers(size);
    const fit = data.has('fit') && data.column('fit').type === 'category' ? fitCodes(data, 'fit') : undefined;
    const returned =
      data.has('returned') && data.column('returned').type === 'number' ? data.numbers('returned') : undefined;
    const purchases: AdviceHistoryJSON['purchases'] = {
      item: [],
      size: [],
      ...(fit !== undefined ? { fit: [] } : {}),
      ...(returned !== undefined ? { returned: [] } : {}),
    };
    const push = (i: number): void => {
      purchases.item.push(items.codes[i] < 0 ? -1 : articleIndex.get(items.categories[items.codes[i]])!);
      purchases.size.push(Number.isNaN(v[i]) ? null : v[i]);
      if (fit !== undefined) purchases.fit!.push(fit[i]);
      if (returned !== undefined) purchases.returned!.push(Number.isNaN(returned[i]) ? null : returned[i]);
    };
    const counts: number[] = [];
    for (const c of customers) {
      const rows = this.customerRows(c);
      counts.push(rows.length);
      rows.forEach(push);
    }
    const userCodes = data.categories(user).codes;
    let withoutCustomer = 0;
    for (let i = 0; i < data.length; i++) {
      if (userCodes[i] >= 0) continue;
      push(i);
      withoutCustomer++;
    }
    purchases.withoutCustomer = withoutCustomer;
    const hasLabels = data.has(SIZE_LABEL) && data.column(SIZE_LABEL).type === 'category';
    // The path the data was read from is not stored: the file's bytes would depend on where it was (and show it).
    const { name, format, sha256 } = data.meta;
    const body: BodySizeEstimate = this.bodySizeEstimate ?? {
      inputs: [...BODY_SIZE_INPUTS],
      coefficients: null,
      rows: 0,
      why: OLDER_HISTORY,
    };
    return {
      kind: ADVICE_HISTORY_KIND,
      version: ADVICE_HISTORY_VERSION,
      dataset: { name, format, sha256 },
      columns: { ...this.columns },
      schema: data.schema.map((f) => ({ ...f })),
      customers: {
        ids: customers,
        purchases: counts,
        fields: encodeFields(data, custCols, customers, (c) => this.customerRows(c)),
      },
      articles: {
        ids: articles,
        fields: encodeFields(data, artCols, articles, (a) => this.articleRows(a)),
        sizes: articles.map((a) => this.info(a).sizes),
        ...(hasLabels ? { sizeLabels: articles.map((a) => this.info(a).labels) } : {}),
        modeSize: articles.map((a) => {
          const m = this.info(a).mode;
          return Number.isNaN(m) ? null : m;
        }),
      },
      purchases,
      bodySize: {
        inputs: [...body.inputs],
        coefficients: body.coefficients === null ? null : [...body.coefficients],
        rows: body.rows,
        ...(body.why !== undefined ? { why: body.why } : {}),
      },
    };
  }

  /**
   * Restores a history from {@link AdviceHistory.toJSON}'s output. The restored data has one row per purchase
   * (grouped by customer, then those without a customer id), the original schema, the customers' latest body fields
   * on their last row and the articles' fields on every row of the article, so that the customers and articles
   * known, recommendations, usual sizes, article sizes and modes equal the original's. Reads versions 1 to 3 (a
   * version 1 file has no purchase without a customer: an article bought only by such rows is unknown after it, and
   * the sizes and most common sizes its lists owe to such rows get the fewest purchases without a customer that give
   * them, with missing labels, so that the history saves as a file that loads again;
   * versions 1 and 2 have no body-size regression, so {@link AdviceHistory.bodySize} is undefined and an unseen
   * customer's usual size is not estimated; version 3 has no `dataset.source`, which is then the dataset's name).
   * Every value is checked before use (a tampered file is a ModelFormatError naming the value, never a TypeError).
   * @throws ModelFormatError when the JSON is not an advice history of a known version or is inconsistent (among
   *   others: a fit code outside -1..2; an article's sizes or most common size that its stored purchases do not give,
   *   see `checkArticleSizes`).
   */
  static fromJSON(json: unknown): AdviceHistory {
    try {
      return AdviceHistory.restore(json);
    } catch (e) {
      // Every value is checked before use; anything else a malformed file still raises (an InvalidArgumentError of
      // the dataset it builds) is a format error too, not a TypeError for the caller.
      if (e instanceof ModelFormatError) throw e;
      throw new ModelFormatError(`advice history: ${(e as Error).message}`);
    }
  }

  private static restore(json: unknown): AdviceHistory {
    const bad = (what: string): never => {
      throw new ModelFormatError(`advice history: ${what}`);
    };
    if (json === null || typeof json !== 'object') bad('not a JSON object');
    const j = json as Partial<AdviceHistoryJSON>;
    if (j.kind !== ADVICE_HISTORY_KIND) bad(`kind is ${JSON.stringify(j.kind)}, expected '${ADVICE_HISTORY_KIND}'`);
    if (!Number.isInteger(j.version) || j.version! < 1 || j.version! > ADVICE_HISTORY_VERSION) {
      bad(`version ${JSON.stringify(j.version)} is not one this library reads (1..${ADVICE_HISTORY_VERSION})`);
    }
    const { version, dataset, columns, schema, customers, articles, purchases } = j as AdviceHistoryJSON;
    if (dataset === null || typeof dataset !== 'object') bad('dataset is missing');
    const bodySize = version >= 3 ? checkedBodySize((j as AdviceHistoryJSON).bodySize, bad) : undefined;
    if (version < 3 && (j as AdviceHistoryJSON).bodySize !== undefined)
      bad(`bodySize is not a field of version ${version}`);
    if (columns === null || typeof columns !== 'object') bad('columns is missing');
    for (const k of ['user', 'item', 'size'] as const) {
      if (typeof columns[k] !== 'string') bad(`columns.${k} is not a column name`);
    }
    // One column each: a customer column that is also the article column mixed customers' rows with articles'.
    for (const [a, b] of [
      ['user', 'item'],
      ['user', 'size'],
      ['item', 'size'],
    ] as const) {
      if (columns[a] === columns[b]) bad(`columns.${a} and columns.${b} are both ${shown(columns[a])}`);
    }
    if (!Array.isArray(schema)) bad('schema is missing');
    const names = new Set<string>();
    schema.forEach((field: Partial<FieldSchema> | null, k) => {
      if (field === null || typeof field !== 'object' || typeof field.name !== 'string') {
        return bad(`schema[${k}] is not a field`);
      }
      const { name, type } = field;
      if (type !== 'number' && type !== 'category' && type !== 'date') {
        bad(`schema[${k}] ('${name}') has type ${shown(type)}, not number, category or date`);
      }
      if (names.has(name)) bad(`schema names the field '${name}' twice`);
      names.add(name);
    });
    if (!isIdList(customers?.ids) || !isIntList(customers?.purchases)) bad('customers.ids/purchases are missing');
    if (!isIdList(articles?.ids) || !Array.isArray(articles?.sizes) || !Array.isArray(articles?.modeSize)) {
      bad('articles.ids/sizes/modeSize are missing');
    }
    if (!isIntList(purchases?.item) || !Array.isArray(purchases?.size)) bad('purchases.item/size are missing');
    // Ids as toJSON writes them, each once: a repeated id mixed two customers' (articles') rows under one.
    for (const [name, ids] of [
      ['customers.ids', customers.ids],
      ['articles.ids', articles.ids],
    ] as const) {
      const k = firstRepeat(ids);
      if (k >= 0) bad(`${name}[${k}] ${shown(ids[k])} repeats`);
    }
    const nC = customers.ids.length;
    const nA = articles.ids.length;
    const n = purchases.item.length;
    if (version === 1 && purchases.withoutCustomer !== undefined) {
      bad('purchases.withoutCustomer is not a field of version 1');
    }
    if (version >= 2 && !(Number.isInteger(purchases.withoutCustomer) && purchases.withoutCustomer! >= 0)) {
      bad(`purchases.withoutCustomer is ${shown(purchases.withoutCustomer)}, not a count of purchases`);
    }
    const withoutCustomer = purchases.withoutCustomer ?? 0;
    if (customers.purchases.length !== nC) bad(`${customers.purchases.length} purchase counts for ${nC} customers`);
    if (
      customers.purchases.reduce((a, b) => a + b, 0) + withoutCustomer !== n ||
      customers.purchases.some((c) => c < 1)
    ) {
      bad(
        `customer purchase counts and the ${withoutCustomer} purchases without a customer ` +
          `do not add up to the ${n} purchases`,
      );
    }
    if (articles.sizes.length !== nA || articles.modeSize.length !== nA) bad('articles.sizes/modeSize lengths differ');
    if (articles.sizeLabels !== undefined && articles.sizeLabels.length !== nA) bad('articles.sizeLabels length');
    for (const [name, arr] of [
      ['size', purchases.size],
      ['fit', purchases.fit],
      ['returned', purchases.returned],
    ] as const) {
      if (arr !== undefined && arr.length !== n) bad(`purchases.${name} has ${arr.length} values for ${n} purchases`);
    }
    if (purchases.item.some((k) => k < -1 || k >= nA)) bad('a purchase refers to an article that does not exist');
    const numberOrNull = (x: unknown): boolean => x === null || (typeof x === 'number' && Number.isFinite(x));
    const firstBad = (arr: readonly unknown[], ok: (x: unknown) => boolean): number => arr.findIndex((x) => !ok(x));
    for (const [name, arr] of [
      ['purchases.size', purchases.size],
      ['purchases.returned', purchases.returned],
      ['articles.modeSize', articles.modeSize],
    ] as const) {
      const k = arr === undefined ? -1 : firstBad(arr, numberOrNull);
      if (k >= 0) bad(`${name}[${k}] is ${shown(arr![k])}, not a finite number or null`);
    }
    if (purchases.fit !== undefined && !isIntList(purchases.fit)) bad('purchases.fit is not a list of label codes');
    // toJSON writes fitCodes: a code out of range was read as missing without a word.
    const badFit = purchases.fit === undefined ? -1 : purchases.fit.findIndex((c) => c < -1 || c > 2);
    if (badFit >= 0) {
      bad(
        `purchases.fit[${badFit}] is ${purchases.fit![badFit]}, not a label code (0 small, 1 fit, 2 large, -1 missing)`,
      );
    }
    // Sizes and labels of each article, checked here: they are read below (a non-array was a TypeError).
    for (let a = 0; a < nA; a++) {
      const sizes: unknown = articles.sizes[a];
      if (!Array.isArray(sizes) || firstBad(sizes, (x) => typeof x === 'number' && Number.isFinite(x)) >= 0) {
        bad(`articles.sizes[${a}] is not a list of finite sizes`);
      }
      // Distinct and ascending, as toJSON writes them (-0 and 0 are one size): a repeated size was refused as the
      // caller's 400 on every request for the article, and the advice reads neighbouring sizes in this order.
      const s = sizes as number[];
      for (let k = 1; k < s.length; k++) {
        if (s[k] === s[k - 1]) bad(`articles.sizes[${a}][${k}] (size ${s[k]}) repeats`);
        if (s[k] < s[k - 1])
          bad(`articles.sizes[${a}][${k}] (size ${s[k]}) is below the size before it: not ascending`);
      }
      // The most common size is one of the sizes, and there is one exactly when there are sizes (toJSON writes the
      // mode of the same rows): a tampered mode was advised as the article's usual size.
      const mode = articles.modeSize[a];
      if (mode !== null && !s.includes(mode)) {
        bad(`articles.modeSize[${a}] is ${mode}, not one of the article's sizes (articles.sizes[${a}] ${shown(s)})`);
      }
      if (mode === null && s.length > 0) bad(`articles.modeSize[${a}] is null, but the article has sizes ${shown(s)}`);
      if (articles.sizeLabels !== undefined) {
        const labels: unknown = articles.sizeLabels[a];
        if (
          !Array.isArray(labels) ||
          labels.length !== (sizes as number[]).length ||
          firstBad(labels, (x) => x === null || typeof x === 'string') >= 0
        ) {
          bad(`articles.sizeLabels[${a}] is not a list of one label (a string or null) per size`);
        }
      }
    }
    checkArticleSizes(version, articles, purchases, bad);
    // Restored as the version 2 file it stands for, so that the history saves as a file that loads again.
    if (version === 1) return AdviceHistory.restore(withUnstoredPurchases(j as AdviceHistoryJSON));
    for (const [name, fields] of [
      ['customers.fields', customers.fields],
      ['articles.fields', articles.fields],
    ] as const) {
      if (fields !== undefined && (fields === null || typeof fields !== 'object' || Array.isArray(fields))) {
        bad(`${name} is not an object of fields`);
      }
      // The id and size columns are the purchases' own: a field of that name would overwrite them.
      for (const k of ['user', 'item', 'size'] as const) {
        if (fields !== undefined && Object.hasOwn(fields, columns[k])) {
          bad(`${name} has a field ${shown(columns[k])}, the columns.${k} column`);
        }
      }
    }

    // Columns of the restored data: everything missing, then the stored values.
    const types = new Map(schema.map((f) => [f.name, f.type === 'category' ? 'category' : 'number']));
    const cols = new Map<string, Column>();
    for (const f of schema) {
      cols.set(
        f.name,
        types.get(f.name) === 'number'
          ? { type: 'number', values: new Float64Array(n).fill(NaN) }
          : { type: 'category', codes: new Int32Array(n).fill(-1), categories: [] },
      );
    }
    const col = (name: string, type: 'number' | 'category'): Column => {
      const c = cols.get(name);
      if (c === undefined) return bad(`column '${name}' is not in the schema`);
      if (c.type !== type) return bad(`column '${name}' is ${c.type} in the schema, stored as ${type}`);
      return c;
    };
    const userCol = col(columns.user, 'category') as Extract<Column, { type: 'category' }>;
    const itemCol = col(columns.item, 'category') as Extract<Column, { type: 'category' }>;
    const sizeCol = col(columns.size, 'number') as Extract<Column, { type: 'number' }>;
    userCol.categories = customers.ids.slice();
    itemCol.categories = articles.ids.slice();
    // Rows of each customer in turn, then those without a customer (their codes stay -1).
    const lastRow = new Int32Array(nC);
    for (let c = 0, i = 0; c < nC; c++) {
      for (let k = 0; k < customers.purchases[c]; k++, i++) userCol.codes[i] = c;
      lastRow[c] = i - 1;
    }
    for (let i = 0; i < n; i++) {
      itemCol.codes[i] = purchases.item[i];
      sizeCol.values[i] = purchases.size[i] ?? NaN;
    }
    if (purchases.fit !== undefined) {
      const f = col('fit', 'category') as Extract<Column, { type: 'category' }>;
      f.categories = [...FIT_CLASSES];
      for (let i = 0; i < n; i++) f.codes[i] = purchases.fit[i]; // -1..2, checked above
    }
    if (purchases.returned !== undefined) {
      const r = col('returned', 'number') as Extract<Column, { type: 'number' }>;
      for (let i = 0; i < n; i++) r.values[i] = purchases.returned[i] ?? NaN;
    }
    decodeFields(customers.fields ?? {}, nC, col, bad, (c) => [lastRow[c]]);
    const rowsOfArticle: number[][] = Array.from({ length: nA }, () => []);
    for (let i = 0; i < n; i++) if (purchases.item[i] >= 0) rowsOfArticle[purchases.item[i]].push(i);
    decodeFields(articles.fields ?? {}, nA, col, bad, (a) => rowsOfArticle[a]);
    if (articles.sizeLabels !== undefined && types.get(SIZE_LABEL) === 'category') {
      const lab = col(SIZE_LABEL, 'category') as Extract<Column, { type: 'category' }>;
      const index = new Map<string, number>();
      for (let a = 0; a < nA; a++) {
        const bySize = new Map(articles.sizes[a].map((s, k) => [s, articles.sizeLabels![a][k]]));
        for (const i of rowsOfArticle[a]) {
          const l = bySize.get(sizeCol.values[i]);
          if (l === undefined || l === null) continue;
          let code = index.get(l);
          if (code === undefined) index.set(l, (code = lab.categories.push(l) - 1));
          lab.codes[i] = code;
        }
      }
    }
    const meta: DatasetMeta = {
      name: String(dataset.name),
      source: String(dataset.source ?? dataset.name),
      format: String(dataset.format),
      sha256: String(dataset.sha256),
    };
    const history = new AdviceHistory(new ColumnarDataset(schema, cols, new Int32Array(n), meta), columns);
    // Keep the original article order (the rows are grouped by customer, which changes first appearances).
    const byItem = new Map(history.itemRows);
    history.itemRows.clear();
    for (const a of articles.ids) if (byItem.has(a)) history.itemRows.set(a, byItem.get(a)!);
    for (let a = 0; a < nA; a++) {
      const sizes = articles.sizes[a];
      history.articleInfo.set(articles.ids[a], {
        sizes: sizes.slice(),
        labels: sizes.map((_, k) => articles.sizeLabels?.[a]?.[k] ?? null),
        mode: articles.modeSize[a] ?? NaN,
      });
    }
    // As stored: an older file has none (its rows keep only each customer's latest body, not the fitted rows').
    history.bodySizeEstimate = bodySize;
    return history;
  }
}

/** 'a', 'a or b', 'a, b or c' (with `and`: 'a, b and c'). */
function listedWith(items: readonly string[], word: 'and' | 'or'): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}

/**
 * The body-size regression of `data` ({@link BodySizeEstimate}): on the rows labelled `fit` (the `fit` column) with a
 * finite size and finite {@link BODY_SIZE_INPUTS}; the normal equations are solved as `RelativeSizeFeatures` solves
 * its own (scaled values when the plain sums leave the float range).
 */
function fitBodySize(data: ColumnarDataset, sizeColumn: string): BodySizeEstimate {
  const inputs = [...BODY_SIZE_INPUTS];
  const none = (rows: number, why: string): BodySizeEstimate => ({ inputs, coefficients: null, rows, why });
  const absent = inputs.filter((c) => !data.has(c) || data.column(c).type !== 'number');
  if (absent.length > 0) {
    return none(0, `the training data has no ${listedWith(absent, 'or')} column`);
  }
  if (!data.has('fit') || data.column('fit').type !== 'category') {
    return none(0, "the training data has no 'fit' labels");
  }
  const lab = fitCodes(data, 'fit');
  const size = data.numbers(sizeColumn);
  const body = inputs.map((c) => data.numbers(c));
  const rows: number[] = [];
  for (let i = 0; i < data.length; i++) {
    if (lab[i] === 1 && Number.isFinite(size[i]) && body.every((b) => Number.isFinite(b[i]))) rows.push(i);
  }
  const x = new Float64Array(BODY_SIZE_DIM);
  x[0] = 1;
  const equations = (scale: ArrayLike<number>): Float64Array => {
    const acc = new Float64Array(NORMAL_EQUATIONS_WIDTH);
    for (const i of rows) {
      for (let j = 1; j < BODY_SIZE_DIM; j++) x[j] = body[j - 1][i] / scale[j];
      addNormalEquation(x, size[i] / scale[0], (k, v) => (acc[k] += v));
    }
    return acc;
  };
  const scaled = (): ScaledNormalEquations => {
    const scale = new Float64Array(BODY_SIZE_DIM);
    for (const i of rows) {
      scale[0] = Math.max(scale[0], Math.abs(size[i]));
      for (let j = 1; j < BODY_SIZE_DIM; j++) scale[j] = Math.max(scale[j], Math.abs(body[j - 1][i]));
    }
    for (let j = 0; j < BODY_SIZE_DIM; j++) if (!(scale[j] > 0)) scale[j] = 1;
    return { acc: equations(scale), scale };
  };
  const unscaled = new Float64Array(BODY_SIZE_DIM).fill(1);
  let coefficients: Float64Array;
  try {
    coefficients = solveBodySizeRegression(equations(unscaled), scaled, 'AdviceHistory: the body regression');
  } catch (e) {
    if (!(e instanceof InvalidArgumentError)) throw e;
    return none(rows.length, `the body regression has no finite solution`);
  }
  if (!coefficients.every(Number.isFinite)) {
    return none(
      rows.length,
      `the body regression cannot be fitted on ${rows.length} 'fit' purchases with a complete body ` +
        `(too few, or collinear body values)`,
    );
  }
  return { inputs, coefficients: Array.from(coefficients), rows: rows.length };
}

/**
 * Checks each article's `sizes` and `modeSize` against the stored purchases, as toJSON derives them from the same rows:
 * every size bought is among `articles.sizes` (every version). From version 2 on, where every purchase is stored,
 * `articles.sizes[a]` is exactly the distinct sizes of the article's purchases and `modeSize[a]` their most common
 * size (the smaller on a tie); version 1 left out the purchases without a customer, whose sizes its lists include.
 * Sizes and modes are checked as numbers (or null) and the sizes as distinct and ascending before this.
 */
function checkArticleSizes(
  version: number,
  articles: AdviceHistoryJSON['articles'],
  purchases: AdviceHistoryJSON['purchases'],
  bad: (what: string) => never,
): void {
  const nA = articles.ids.length;
  const bought: Map<number, number>[] = Array.from({ length: nA }, () => new Map());
  for (let i = 0; i < purchases.item.length; i++) {
    const a = purchases.item[i];
    const size = purchases.size[i];
    if (a < 0 || size === null) continue;
    if (!articles.sizes[a].includes(size)) {
      bad(
        `purchases.size[${i}] is ${size}, not one of its article's sizes (articles.sizes[${a}] ${shown(articles.sizes[a])})`,
      );
    }
    bought[a].set(size, (bought[a].get(size) ?? 0) + 1);
  }
  if (version < 2) return;
  for (let a = 0; a < nA; a++) {
    const k = articles.sizes[a].findIndex((s) => !bought[a].has(s));
    if (k >= 0) {
      bad(`articles.sizes[${a}][${k}] (size ${articles.sizes[a][k]}) is not the size of any purchase of the article`);
    }
    let mode = NaN;
    let most = 0;
    for (const [s, c] of bought[a]) {
      if (c > most || (c === most && s < mode)) {
        mode = s;
        most = c;
      }
    }
    const stored = articles.modeSize[a] ?? NaN;
    if (!Object.is(stored, mode) && stored !== mode) {
      bad(
        `articles.modeSize[${a}] is ${shown(articles.modeSize[a])}, not the most common size of its purchases (${mode})`,
      );
    }
  }
}

/**
 * A version 1 file (checked) as a version 2 file: version 1 left out the purchases without a customer, whose sizes its
 * article lists and most common sizes still count. Each size of `articles.sizes[a]` that no stored purchase of the
 * article has gets one purchase without a customer, and the stored `modeSize[a]` as many as it needs to be the most
 * common size (the smaller on a tie): the fewest unstored purchases the lists imply. Their fit label and returned flag
 * are missing. Without them a restored history saved sizes and modes its purchases do not give, and did not load.
 */
function withUnstoredPurchases(j: AdviceHistoryJSON): AdviceHistoryJSON {
  const { articles, purchases } = j;
  const item = purchases.item.slice();
  const size = purchases.size.slice();
  const fit = purchases.fit?.slice();
  const returned = purchases.returned?.slice();
  const counts: Map<number, number>[] = articles.ids.map(() => new Map());
  for (let i = 0; i < item.length; i++) {
    const s = size[i];
    if (item[i] >= 0 && s !== null) counts[item[i]].set(s, (counts[item[i]].get(s) ?? 0) + 1);
  }
  const add = (a: number, s: number, times: number): void => {
    for (let t = 0; t < times; t++) {
      item.push(a);
      size.push(s);
      fit?.push(-1);
      returned?.push(null);
    }
    counts[a].set(s, (counts[a].get(s) ?? 0) + times);
  };
  for (let a = 0; a < articles.ids.length; a++) {
    for (const s of articles.sizes[a]) if (!counts[a].has(s)) add(a, s, 1);
    const mode = articles.modeSize[a];
    if (mode === null) continue;
    let need = 0;
    for (const [s, c] of counts[a]) if (s !== mode) need = Math.max(need, s < mode ? c + 1 : c);
    const have = counts[a].get(mode) ?? 0;
    if (need > have) add(a, mode, need - have);
  }
  return {
    ...j,
    version: 2,
    purchases: {
      ...purchases,
      item,
      size,
      ...(fit !== undefined ? { fit } : {}),
      ...(returned !== undefined ? { returned } : {}),
      withoutCustomer: item.length - purchases.item.length,
    },
  };
}

/** The `bodySize` of a version 3 file, checked. */
function checkedBodySize(b: unknown, bad: (what: string) => never): BodySizeEstimate {
  if (b === null || typeof b !== 'object' || Array.isArray(b)) return bad('bodySize is missing');
  const { inputs, coefficients, rows, why } = b as Partial<BodySizeEstimate>;
  if (!isIdList(inputs) || inputs.join() !== BODY_SIZE_INPUTS.join()) {
    bad(`bodySize.inputs is ${shown(inputs)}, expected ${shown(BODY_SIZE_INPUTS)}`);
  }
  if (!(Number.isInteger(rows) && rows! >= 0)) bad(`bodySize.rows is ${shown(rows)}, not a count of purchases`);
  if (why !== undefined && typeof why !== 'string') bad('bodySize.why is not a string');
  if (coefficients === null) {
    if (why === undefined) bad('bodySize has no coefficients and no why');
    return { inputs: [...BODY_SIZE_INPUTS], coefficients: null, rows: rows!, why };
  }
  if (
    !Array.isArray(coefficients) ||
    coefficients.length !== BODY_SIZE_DIM ||
    !coefficients.every((c) => typeof c === 'number' && Number.isFinite(c))
  ) {
    bad(`bodySize.coefficients is ${shown(coefficients)}, not ${BODY_SIZE_DIM} finite numbers or null`);
  }
  return { inputs: [...BODY_SIZE_INPUTS], coefficients: [...coefficients!], rows: rows! };
}

/** A JSON value as shown in an error: at most 100 characters. */
function shown(x: unknown): string {
  return String(JSON.stringify(x)).slice(0, 100);
}

/** Index of the first value equal to an earlier one, or -1. */
function firstRepeat(values: readonly string[]): number {
  const seen = new Set<string>();
  for (let k = 0; k < values.length; k++) {
    if (seen.has(values[k])) return k;
    seen.add(values[k]);
  }
  return -1;
}

function isIdList(a: unknown): a is string[] {
  return Array.isArray(a) && a.every((x) => typeof x === 'string');
}

function isIntList(a: unknown): a is number[] {
  return Array.isArray(a) && a.every((x) => Number.isInteger(x));
}

function latestValue(data: ColumnarDataset, rows: readonly number[], column: string): string | number | null {
  for (let k = rows.length - 1; k >= 0; k--) {
    const v = data.value(column, rows[k]);
    if (v !== null) return v;
  }
  return null;
}

/** Latest non-missing value of each column per key, encoded compactly (dictionary of the values used). */
function encodeFields(
  data: ColumnarDataset,
  columns: readonly string[],
  keys: readonly string[],
  rowsOf: (key: string) => readonly number[],
): Record<string, AdviceHistoryColumnJSON> {
  const out: Record<string, AdviceHistoryColumnJSON> = {};
  for (const name of columns) {
    const c = data.column(name);
    if (c.type === 'number') {
      out[name] = { type: 'number', values: keys.map((k) => latestValue(data, rowsOf(k), name) as number | null) };
    } else {
      const categories: string[] = [];
      const index = new Map<string, number>();
      const codes = keys.map((k) => {
        const v = latestValue(data, rowsOf(k), name) as string | null;
        if (v === null) return -1;
        let code = index.get(v);
        if (code === undefined) index.set(v, (code = categories.push(v) - 1));
        return code;
      });
      out[name] = { type: 'category', categories, codes };
    }
  }
  return out;
}

/** Writes stored per-key field values into the rows `rowsOf(key)` of the restored columns. */
function decodeFields(
  fields: Record<string, AdviceHistoryColumnJSON>,
  count: number,
  col: (name: string, type: 'number' | 'category') => Column,
  bad: (what: string) => never,
  rowsOf: (key: number) => readonly number[],
): void {
  for (const [name, f] of Object.entries(fields)) {
    if (f === null || typeof f !== 'object') bad(`field '${name}' is not a stored column`);
    const c = col(name, f.type);
    if (c.type === 'number') {
      const values = (f as { values?: unknown }).values;
      if (!Array.isArray(values) || values.length !== count) bad(`field '${name}' needs ${count} values`);
      const vs = values as (number | null)[];
      const k = vs.findIndex((x) => x !== null && !(typeof x === 'number' && Number.isFinite(x)));
      if (k >= 0) bad(`field '${name}' value ${k} is ${shown(vs[k])}, not a finite number or null`);
      for (let k = 0; k < count; k++) for (const i of rowsOf(k)) c.values[i] = vs[k] ?? NaN;
    } else {
      const { categories, codes } = f as { categories?: unknown; codes?: unknown };
      if (!isIdList(categories) || !isIntList(codes) || codes.length !== count) {
        bad(`field '${name}' needs categories and ${count} codes`);
      }
      const cs = codes as number[];
      c.categories = (categories as string[]).slice();
      for (let k = 0; k < count; k++) {
        if (cs[k] < -1 || cs[k] >= c.categories.length) bad(`field '${name}': code ${cs[k]} out of range`);
        for (const i of rowsOf(k)) c.codes[i] = cs[k];
      }
    }
  }
}

function modeOf(rows: readonly number[], v: Float64Array): number {
  const counts = new Map<number, number>();
  for (const i of rows) if (!Number.isNaN(v[i])) counts.set(v[i], (counts.get(v[i]) ?? 0) + 1);
  let best = NaN;
  let bestCount = 0;
  for (const [s, c] of counts) {
    if (c > bestCount || (c === bestCount && s < best)) {
      best = s;
      bestCount = c;
    }
  }
  return best;
}
