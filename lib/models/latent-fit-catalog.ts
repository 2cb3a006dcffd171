import type { ColumnarDataset } from '../data/columnar-dataset.js';
import { InvalidArgumentError, ModelFormatError } from '../core/errors.js';
import type { ResolvedLatentFitOptions } from './latent-fit-options.js';

/** Rows of a dataset mapped onto a {@link LatentFitCatalog}: -1 marks an unseen or missing customer/article. */
export interface EncodedFitRows {
  /** Customer index per row, or -1. */
  user: Int32Array;
  /** Article (item x size) index per row, or -1. */
  article: Int32Array;
  /** Parent item index per row, or -1. */
  item: Int32Array;
  /** Catalog size per row (NaN when missing). */
  size: Float64Array;
}

/** The JSON form of a {@link LatentFitCatalog}. */
export interface LatentFitCatalogJSON {
  users: string[];
  items: string[];
  articleItem: number[];
  articleSize: number[];
}

/**
 * The customers, parent items and articles (an article is one size of one item, the "product" of
 * Sembium et al. 2017 and the "child product" of Misra et al. 2018) that a latent fit model has learned,
 * with each item's articles in ascending size order (for the monotonicity constraint).
 */
export class LatentFitCatalog {
  /** Customer ids, by customer index. */
  readonly users: string[];
  /** Parent item ids, by item index. */
  readonly items: string[];
  /** Parent item index of each article. */
  readonly articleItem: Int32Array;
  /** Catalog size of each article. */
  readonly articleSize: Float64Array;
  /** Articles of item `i` in ascending size: `itemArticles[itemStart[i] .. itemStart[i + 1])`. */
  readonly itemStart: Int32Array;
  /** See {@link itemStart}. */
  readonly itemArticles: Int32Array;
  private readonly userIndex: Map<string, number>;
  private readonly itemIndex: Map<string, number>;
  private readonly articleIndex: Map<string, number>;

  /** Builds the catalog from its parts (see {@link LatentFitCatalog.fromDataset}). */
  constructor(users: string[], items: string[], articleItem: Int32Array, articleSize: Float64Array) {
    this.users = users;
    this.items = items;
    this.articleItem = articleItem;
    this.articleSize = articleSize;
    this.userIndex = new Map(users.map((u, i) => [u, i]));
    this.itemIndex = new Map(items.map((u, i) => [u, i]));
    this.articleIndex = new Map();
    const nI = items.length;
    const counts = new Int32Array(nI + 1);
    for (let p = 0; p < articleItem.length; p++) {
      this.articleIndex.set(articleKey(articleItem[p], articleSize[p]), p);
      counts[articleItem[p] + 1]++;
    }
    for (let i = 0; i < nI; i++) counts[i + 1] += counts[i];
    this.itemStart = counts;
    const fill = counts.slice(0, nI);
    const order = new Int32Array(articleItem.length);
    for (let p = 0; p < articleItem.length; p++) order[fill[articleItem[p]]++] = p;
    for (let i = 0; i < nI; i++) {
      const seg = order.subarray(counts[i], counts[i + 1]);
      seg.sort((a, b) => articleSize[a] - articleSize[b]);
    }
    this.itemArticles = order;
  }

  /** Number of customers. */
  get numUsers(): number {
    return this.users.length;
  }

  /** Number of articles (item x size). */
  get numArticles(): number {
    return this.articleItem.length;
  }

  /**
   * Collects every customer, item and article of the labelled rows (`rows`) of `data`.
   * @throws InvalidArgumentError if a column is missing or of the wrong type.
   */
  static fromDataset(data: ColumnarDataset, rows: Int32Array, o: ResolvedLatentFitOptions): LatentFitCatalog {
    const { user, item, size } = readColumns(data, o);
    const users: string[] = [];
    const items: string[] = [];
    const userOfCode = new Int32Array(user.categories.length).fill(-1);
    const itemOfCode = new Int32Array(item.categories.length).fill(-1);
    const articleIndex = new Map<string, number>();
    const articleItem: number[] = [];
    const articleSize: number[] = [];
    for (let q = 0; q < rows.length; q++) {
      const r = rows[q];
      const uc = user.codes[r];
      const ic = item.codes[r];
      const s = size[r];
      if (uc < 0 || ic < 0 || Number.isNaN(s)) continue;
      if (userOfCode[uc] < 0) {
        userOfCode[uc] = users.length;
        users.push(user.categories[uc]);
      }
      if (itemOfCode[ic] < 0) {
        itemOfCode[ic] = items.length;
        items.push(item.categories[ic]);
      }
      const key = articleKey(itemOfCode[ic], s);
      if (!articleIndex.has(key)) {
        articleIndex.set(key, articleItem.length);
        articleItem.push(itemOfCode[ic]);
        articleSize.push(s);
      }
    }
    return new LatentFitCatalog(users, items, Int32Array.from(articleItem), Float64Array.from(articleSize));
  }

  /**
   * Maps each row of `data` to customer, article and item indices (-1 where unseen or missing).
   * @throws InvalidArgumentError if a column is missing or of the wrong type.
   */
  encode(data: ColumnarDataset, o: ResolvedLatentFitOptions): EncodedFitRows {
    const { user, item, size } = readColumns(data, o);
    const userOfCode = Int32Array.from(user.categories, (c) => this.userIndex.get(c) ?? -1);
    const itemOfCode = Int32Array.from(item.categories, (c) => this.itemIndex.get(c) ?? -1);
    const n = data.length;
    const out: EncodedFitRows = {
      user: new Int32Array(n),
      article: new Int32Array(n),
      item: new Int32Array(n),
      size: Float64Array.from(size),
    };
    for (let r = 0; r < n; r++) {
      const uc = user.codes[r];
      const ic = item.codes[r];
      out.user[r] = uc < 0 ? -1 : userOfCode[uc];
      const it = ic < 0 ? -1 : itemOfCode[ic];
      out.item[r] = it;
      const s = size[r];
      out.article[r] = it < 0 || Number.isNaN(s) ? -1 : (this.articleIndex.get(articleKey(it, s)) ?? -1);
    }
    return out;
  }

  /** The catalog as plain JSON. */
  toJSON(): LatentFitCatalogJSON {
    return {
      users: this.users.slice(),
      items: this.items.slice(),
      articleItem: Array.from(this.articleItem),
      articleSize: Array.from(this.articleSize),
    };
  }

  /**
   * Rebuilds a catalog from {@link LatentFitCatalog.toJSON}.
   * @throws ModelFormatError on a malformed input: wrong types or lengths, a bad item index, a NaN or infinite
   *   size, a customer or item id listed twice, an article (item, size) listed twice, or an item with no article
   *   (each naming the index).
   */
  static fromJSON(json: unknown, what = 'catalog'): LatentFitCatalog {
    const o = json as Partial<LatentFitCatalogJSON> | null;
    const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
    if (typeof o !== 'object' || o === null || !strings(o.users) || !strings(o.items)) {
      throw new ModelFormatError(`${what}: users and items must be arrays of strings`);
    }
    const ai = o.articleItem;
    const as = o.articleSize;
    if (!Array.isArray(ai) || !Array.isArray(as) || ai.length !== as.length) {
      throw new ModelFormatError(`${what}: articleItem and articleSize must be arrays of equal length`);
    }
    for (let p = 0; p < ai.length; p++) {
      if (!Number.isInteger(ai[p]) || ai[p] < 0 || ai[p] >= o.items.length || typeof as[p] !== 'number') {
        throw new ModelFormatError(`${what}: article ${p} has a bad item index or size`);
      }
      if (!Number.isFinite(as[p])) {
        throw new ModelFormatError(`${what}.articleSize[${p}] is ${as[p]}, not a finite number`);
      }
    }
    // A repeated id or article would silently map every row of it onto one of the copies.
    for (const [name, ids] of [
      ['users', o.users],
      ['items', o.items],
    ] as const) {
      const first = new Map<string, number>();
      ids.forEach((id, i) => {
        const j = first.get(id);
        if (j !== undefined) {
          throw new ModelFormatError(`${what}.${name}[${i}]: id ${JSON.stringify(id)} repeats ${name}[${j}]`);
        }
        first.set(id, i);
      });
    }
    const firstArticle = new Map<string, number>();
    for (let p = 0; p < ai.length; p++) {
      const key = articleKey(ai[p], as[p]);
      const q = firstArticle.get(key);
      if (q !== undefined) {
        throw new ModelFormatError(
          `${what}: article ${p} (articleItem[${p}] = ${ai[p]}, articleSize[${p}] = ${as[p]}) repeats article ${q}`,
        );
      }
      firstArticle.set(key, p);
    }
    // fromDataset lists an item only with one of its articles: an item without one has no row to interpolate
    // an unseen size from, and the article ranges of the items after it would be read shifted.
    const hasArticle = new Uint8Array(o.items.length);
    for (let p = 0; p < ai.length; p++) hasArticle[ai[p]] = 1;
    const bare = hasArticle.indexOf(0);
    if (bare >= 0) {
      throw new ModelFormatError(
        `${what}.items[${bare}]: item ${JSON.stringify(o.items[bare])} has no article (no articleItem is ${bare})`,
      );
    }
    return new LatentFitCatalog(o.users, o.items, Int32Array.from(ai), Float64Array.from(as));
  }
}

function articleKey(item: number, size: number): string {
  return `${item}|${size}`;
}

function readColumns(data: ColumnarDataset, o: ResolvedLatentFitOptions) {
  const c = o.columns;
  for (const name of [c.user, c.item, c.size]) {
    if (!data.has(name)) {
      throw new InvalidArgumentError(
        `LatentFitModel: dataset '${data.meta.name}' has no column '${name}' (has: ${data.columnNames.join(', ')})`,
      );
    }
  }
  return { user: data.categories(c.user), item: data.categories(c.item), size: data.numbers(c.size) };
}
