import type { SyntheticBody } from './synthetic-body.js';
import type { SyntheticSizeSystemName } from './synthetic-size-systems.js';

/** A person behind a synthetic account: body, true sizes, and how they misjudge their size. */
export interface SyntheticPerson {
  /** Index of this person in {@link SyntheticTruth.persons}. */
  index: number;
  /** The account (`user_id`) this person buys through. */
  userId: string;
  /** 0 for the account holder (whose profile fills the body columns), 1 for a second person on the account. */
  role: 0 | 1;
  body: SyntheticBody;
  /** Continuous true size per size system, in label steps of that system (0 = its first label). */
  trueSize: Record<SyntheticSizeSystemName, number>;
  /** The person's constant error in choosing a size, in label steps (positive: orders too large). */
  sizeBias: number;
}

/** A synthetic brand and its size offset. */
export interface SyntheticBrand {
  name: string;
  /** +1: runs small (take one size up), -1: runs large, 0: true to size; in half sizes. */
  offset: number;
}

/** A synthetic article (item) and its true size offset. */
export interface SyntheticArticle {
  /** Index of this article in {@link SyntheticTruth.articles}. */
  index: number;
  itemId: string;
  brand: string;
  category: string;
  sizeSystem: SyntheticSizeSystemName;
  /**
   * Size offset in label steps: the label that fits a person is `trueSize + offset` (+1 runs small, -1 runs
   * large). The brand's offset plus the article's own deviation, in half sizes.
   */
  offset: number;
}

/** Per-row ground truth of a synthetic dataset (arrays aligned with the dataset's rows). */
export interface SyntheticRowTruth {
  /** Index into {@link SyntheticTruth.persons} of the person who made the purchase. */
  person: Int32Array;
  /** Index into {@link SyntheticTruth.articles}. */
  article: Int32Array;
  /** Order number: the two rows of a bracketing order (two adjacent sizes of one article) share it. */
  order: Int32Array;
  /** Label index (within the article's size system) of the size bought. */
  sizeIndex: Int32Array;
  /** Fit margin: size bought minus (person's true size + article offset), in label steps (< 0: too small). */
  margin: Float64Array;
}

/** The ground truth returned with a synthetic dataset, for checking that models recover it. */
export interface SyntheticTruth {
  persons: SyntheticPerson[];
  brands: SyntheticBrand[];
  articles: SyntheticArticle[];
  rows: SyntheticRowTruth;
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/**
 * Serialises ground truth as JSON text, one person, brand or article per line (diff-friendly); body
 * measurements are rounded to 0.01 cm/kg, sizes and margins to 1e-4. Per-row truth keeps `person`, `article`,
 * `order`, `sizeIndex` and `margin`.
 * @param header - extra top-level fields written first (for example the generator options).
 * @returns the text, ending in a newline.
 */
export function formatSyntheticTruth(truth: SyntheticTruth, header: Record<string, unknown> = {}): string {
  const lines: string[] = ['{'];
  for (const [k, v] of Object.entries(header)) lines.push(`${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  const list = (name: string, items: unknown[], last = false): void => {
    lines.push(`${JSON.stringify(name)}: [`);
    items.forEach((it, i) => lines.push(JSON.stringify(it) + (i < items.length - 1 ? ',' : '')));
    lines.push(last ? ']' : '],');
  };
  list('brands', truth.brands);
  list('articles', truth.articles);
  list(
    'persons',
    truth.persons.map((p) => ({
      ...p,
      body: Object.fromEntries(Object.entries(p.body).map(([k, v]) => [k, round(v, 2)])),
      trueSize: Object.fromEntries(Object.entries(p.trueSize).map(([k, v]) => [k, round(v, 4)])),
      sizeBias: round(p.sizeBias, 4),
    })),
  );
  const r = truth.rows;
  lines.push('"rows": {');
  lines.push(`"person": ${JSON.stringify(Array.from(r.person))},`);
  lines.push(`"article": ${JSON.stringify(Array.from(r.article))},`);
  lines.push(`"order": ${JSON.stringify(Array.from(r.order))},`);
  lines.push(`"sizeIndex": ${JSON.stringify(Array.from(r.sizeIndex))},`);
  lines.push(`"margin": ${JSON.stringify(Array.from(r.margin, (m) => round(m, 4)))}`);
  lines.push('}');
  lines.push('}');
  return lines.join('\n') + '\n';
}
