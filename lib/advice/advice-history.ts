import type { ColumnarDataset } from '../data/columnar-dataset.js';

/** Column names {@link AdviceHistory} reads. */
export interface AdviceColumns {
  /** Customer (account) id column; default `user_id`. */
  user?: string;
  /** Article id column; default `item_id`. */
  item?: string;
  /** Size column (numbers on the shop's scale); default `size`. */
  size?: string;
}

/**
 * An index of past purchases for advice: the rows of each customer and of each article, and the sizes seen
 * for each article. Built once from a dataset (the training rows) and shared by recommendations and
 * evaluations.
 */
export class AdviceHistory {
  /** The indexed rows. */
  readonly data: ColumnarDataset;
  /** The column names in use. */
  readonly columns: Required<AdviceColumns>;
  private readonly userRows = new Map<string, number[]>();
  private readonly itemRows = new Map<string, number[]>();

  /**
   * @param data - past purchases with customer, article and size columns.
   * @throws InvalidArgumentError when a named column is absent or of the wrong type.
   */
  constructor(data: ColumnarDataset, columns: AdviceColumns = {}) {
    this.data = data;
    this.columns = { user: columns.user ?? 'user_id', item: columns.item ?? 'item_id', size: columns.size ?? 'size' };
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
    const v = this.data.numbers(this.columns.size);
    const set = new Set<number>();
    for (const i of this.articleRows(item)) if (!Number.isNaN(v[i])) set.add(v[i]);
    return [...set].sort((a, b) => a - b);
  }

  /** The most common size of an article (the smaller on a tie), or NaN when none is known. */
  articleModeSize(item: string): number {
    return modeOf(this.articleRows(item), this.data.numbers(this.columns.size));
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
