import { InvalidArgumentError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import { erfc, normalCritical } from '../validation/normal.js';
import { fitCodes } from './fit-codes.js';
import { sampleGamma } from './gamma-sample.js';

/** Options of {@link sizeFlags}. */
export interface SizeFlagOptions {
  /** Weight of the category prior, in pseudo-sales (default 10). */
  priorStrength?: number;
  /** Credible level of the interval (default 0.95). */
  level?: number;
  /** `monte-carlo` (seeded Dirichlet draws, default) or `normal` (normal approximation with the exact Dirichlet moments). */
  interval?: 'monte-carlo' | 'normal';
  /** Posterior draws per article for `monte-carlo` (default 2000). */
  draws?: number;
  /** Seed of the draws (default 0). */
  seed?: number;
  /**
   * What "true to size" is in a category: `median` (default), the median posterior tendency of its articles (robust
   * when many of its articles run small or large), or `pooled`, the tendency of all its sales together.
   */
  baseline?: 'median' | 'pooled';
  /** Articles with fewer labelled sales are reported but never flagged (default 1). */
  minSales?: number;
  /** Column names: article (`item_id`), category (`category`; absent column: one category), label (`fit`). */
  columns?: { item?: string; category?: string; fit?: string };
}

/** Counts or rates of the three fit classes. */
export interface FitTriple {
  small: number;
  fit: number;
  large: number;
}

/** An article's size flag and the evidence behind it. */
export interface ArticleSizeFlag {
  item: string;
  /** The article's category (its most common one); `(none)` when missing. */
  category: string;
  /** `runs-small` (take a size up), `runs-large` (take a size down), or `true-to-size` (no flag). */
  flag: 'runs-small' | 'runs-large' | 'true-to-size';
  /** Labelled sales per class. */
  counts: FitTriple;
  /** Raw rates (counts / sales; NaN without sales). */
  rates: FitTriple;
  /** The category's rates: the prior mean. */
  categoryRates: FitTriple;
  /** Posterior mean rates (Dirichlet(priorStrength·categoryRates + counts)). */
  posterior: FitTriple;
  /** Posterior mean of the tendency P(small) - P(large). */
  tendency: number;
  /** The category's tendency (see `baseline` of {@link SizeFlagOptions}): the value a flag's interval must exclude. */
  baseline: number;
  /** Credible interval of the tendency at `level`. */
  interval: [number, number];
  /** Posterior probability that the tendency exceeds the baseline. */
  probabilityAbove: number;
}

/**
 * Flags articles that run small or large relative to their category, after SizeFlags (Nestler, Karessli,
 * Hajjar, Weffer & Shirvany, "SizeFlags: Reducing Size and Fit Related Returns in Fashion E-Commerce", KDD 2021).
 *
 * Each article's (P(small), P(fit), P(large)) gets a Dirichlet prior with mean the category's rates and weight
 * `priorStrength` (pseudo-sales), updated with its labelled sales, so that articles with few sales shrink to
 * their category. The tendency P(small) - P(large) is flagged `runs-small` when its credible interval lies above
 * the category's baseline tendency, `runs-large` when below. The baseline is by default the median article of the
 * category, since the pooled rate is pulled by the articles that run off (option `baseline`). Deviation from the paper: SizeFlags learns from fit feedback
 * and returns with a hierarchical model over brands; here only fit feedback and one category level are used.
 *
 * @returns one entry per article with at least one row, in order of first appearance.
 * @throws InvalidArgumentError on a bad option or missing column.
 */
export function sizeFlags(data: ColumnarDataset, options: SizeFlagOptions = {}): ArticleSizeFlag[] {
  const strength = options.priorStrength ?? 10;
  const level = options.level ?? 0.95;
  const method = options.interval ?? 'monte-carlo';
  const draws = options.draws ?? 2000;
  const minSales = options.minSales ?? 1;
  const baselineRule = options.baseline ?? 'median';
  if (!(strength > 0)) throw new InvalidArgumentError(`priorStrength must be > 0, got ${strength}`);
  if (!(level > 0 && level < 1)) throw new InvalidArgumentError(`level must be in (0, 1), got ${level}`);
  if (!Number.isInteger(draws) || draws < 10)
    throw new InvalidArgumentError(`draws must be an integer >= 10, got ${draws}`);
  if (method !== 'monte-carlo' && method !== 'normal')
    throw new InvalidArgumentError(`unknown interval '${String(method)}'`);
  const cols = { item: 'item_id', category: 'category', fit: 'fit', ...options.columns };
  const items = data.categories(cols.item);
  const y = fitCodes(data, cols.fit);
  const cat = data.has(cols.category) ? data.categories(cols.category) : undefined;
  const catName = (i: number): string =>
    cat === undefined || cat.codes[i] < 0 ? '(none)' : cat.categories[cat.codes[i]];

  const order: number[] = [];
  const counts = new Map<number, number[]>();
  const catCounts = new Map<number, Map<string, number>>();
  const perCategory = new Map<string, number[]>();
  for (let i = 0; i < data.length; i++) {
    const it = items.codes[i];
    if (it < 0) continue;
    let c = counts.get(it);
    if (c === undefined) {
      counts.set(it, (c = [0, 0, 0]));
      catCounts.set(it, new Map());
      order.push(it);
    }
    const cn = catName(i);
    const m = catCounts.get(it)!;
    m.set(cn, (m.get(cn) ?? 0) + 1);
    if (y[i] >= 0) {
      c[y[i]]++;
      let pc = perCategory.get(cn);
      if (pc === undefined) perCategory.set(cn, (pc = [0, 0, 0]));
      pc[y[i]]++;
    }
  }
  const total = [0, 0, 0];
  for (const pc of perCategory.values()) for (let k = 0; k < 3; k++) total[k] += pc[k];
  const rate = (c: number[]): number[] => {
    const s = c[0] + c[1] + c[2];
    return s > 0 ? c.map((x) => x / s) : [NaN, NaN, NaN];
  };
  // A category rate of 0 would make a Dirichlet parameter 0: mix in a little of the overall rates.
  const overall = rate(total.map((x) => x + 1));
  const triple = (v: number[]): FitTriple => ({ small: v[0], fit: v[1], large: v[2] });
  const rng = new Rng(options.seed ?? 0);
  const z = normalCritical(level);
  const lowQ = (1 - level) / 2;
  const d = new Float64Array(draws);

  const posts = order.map((it) => {
    let category = '(none)';
    let most = -1;
    for (const [cn, k] of catCounts.get(it)!) if (k > most) [category, most] = [cn, k];
    const cc = perCategory.get(category) ?? [0, 0, 0];
    const s = cc[0] + cc[1] + cc[2];
    const prior = cc.map((x, k) => (x + overall[k]) / (s + 1));
    const c = counts.get(it)!;
    const alpha = prior.map((p, k) => strength * p + c[k]);
    const A = alpha[0] + alpha[1] + alpha[2];
    const mean = alpha.map((a) => a / A);
    return { it, category, prior, c, alpha, A, mean, tendency: mean[0] - mean[2] };
  });
  // Baselines: the pooled category tendency, or the median posterior tendency of the category's articles.
  const baselines = new Map<string, number>();
  if (baselineRule === 'median') {
    const lists = new Map<string, number[]>();
    for (const p of posts) {
      const l = lists.get(p.category);
      if (l === undefined) lists.set(p.category, [p.tendency]);
      else l.push(p.tendency);
    }
    for (const [cn, l] of lists) {
      l.sort((a, b) => a - b);
      const h = l.length >> 1;
      baselines.set(cn, l.length % 2 === 1 ? l[h] : (l[h - 1] + l[h]) / 2);
    }
  }

  return posts.map(({ it, category, prior, c, alpha, A, mean, tendency }) => {
    const n = c[0] + c[1] + c[2];
    const baseline = baselines.get(category) ?? prior[0] - prior[2];
    let interval: [number, number];
    let probabilityAbove: number;
    if (method === 'normal') {
      const variance =
        (alpha[0] * (A - alpha[0]) + alpha[2] * (A - alpha[2]) + 2 * alpha[0] * alpha[2]) / (A * A * (A + 1));
      const sd = Math.sqrt(variance);
      interval = [tendency - z * sd, tendency + z * sd];
      probabilityAbove = 1 - normalCdf((baseline - tendency) / sd);
    } else {
      let above = 0;
      for (let t = 0; t < draws; t++) {
        const g0 = sampleGamma(rng, alpha[0]);
        const g1 = sampleGamma(rng, alpha[1]);
        const g2 = sampleGamma(rng, alpha[2]);
        d[t] = (g0 - g2) / (g0 + g1 + g2);
        if (d[t] > baseline) above++;
      }
      d.sort();
      interval = [quantileSorted(d, lowQ), quantileSorted(d, 1 - lowQ)];
      probabilityAbove = above / draws;
    }
    const flag =
      n >= minSales && interval[0] > baseline
        ? 'runs-small'
        : n >= minSales && interval[1] < baseline
          ? 'runs-large'
          : 'true-to-size';
    return {
      item: items.categories[it],
      category,
      flag,
      counts: triple(c),
      rates: triple(rate(c)),
      categoryRates: triple(prior),
      posterior: triple(mean),
      tendency,
      baseline,
      interval,
      probabilityAbove,
    };
  });
}

function quantileSorted(x: Float64Array, q: number): number {
  const h = (x.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(x.length - 1, lo + 1);
  return x[lo] + (h - lo) * (x[hi] - x[lo]);
}

function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}
