import { InvalidArgumentError } from '../core/errors.js';
import { Rng, seedOption } from '../core/rng.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import { erfc, normalCritical } from '../validation/normal.js';
import { fitCodes } from './fit-codes.js';
import { sampleGamma } from './gamma-sample.js';

/** Options of {@link sizeFlags}. */
export interface SizeFlagOptions {
  /** Weight of the prior, in pseudo-sales: a number in [1e-6, 1e6] (default 10). */
  priorStrength?: number;
  /** Credible level of the interval, in (0, 1) (default 0.95). */
  level?: number;
  /** `monte-carlo` (seeded Dirichlet draws, default) or `normal` (normal approximation with the exact Dirichlet moments). */
  interval?: 'monte-carlo' | 'normal';
  /** Posterior draws per article for `monte-carlo`: an integer in [10, 1e7] (default 2000). */
  draws?: number;
  /** Seed of the draws, a safe integer (default 0); each article draws from its own stream, derived from the seed and its id. */
  seed?: number;
  /**
   * What "true to size" is in a category, always computed without the article being judged: `median` (default),
   * the median posterior tendency of the category's other labelled articles (robust when many of them run small or
   * large), or `pooled`, the tendency of the other articles' sales together.
   */
  baseline?: 'median' | 'pooled';
  /**
   * Labelled articles a category needs to be its own reference: an integer >= 2 (default 5), so that the median
   * baseline is taken over at least 4 other articles. The articles of a smaller category take the pooled sales of
   * all other articles of the dataset as their prior and their baseline, whatever `baseline`, and are flagged only
   * when their interval excludes a tendency of 0 as well (see {@link sizeFlags}).
   */
  minCategoryArticles?: number;
  /** Articles with fewer labelled sales are reported but never flagged: an integer >= 0 (default 1). */
  minSales?: number;
  /**
   * Column names: article (`item_id`), category (`category`; when the default column is absent, one category;
   * a named column must exist), label (`fit`).
   */
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
  /**
   * The article's category: the one most of its rows give, a tie going to the name that sorts first in JavaScript
   * string order (UTF-16 code units), so that it does not depend on the order of the rows; `(none)` (itself a name in
   * that order) when missing.
   */
  category: string;
  /** `runs-small` (take a size up), `runs-large` (take a size down), or `true-to-size` (no flag). */
  flag: 'runs-small' | 'runs-large' | 'true-to-size';
  /** Labelled sales per class. */
  counts: FitTriple;
  /** Raw rates (counts / sales; NaN without sales). */
  rates: FitTriple;
  /**
   * The prior mean: the pooled rates of the other articles of the category, or of all other articles when
   * `baselineScope` is `dataset` (with one pseudo-sale at the overall rates, so that none is 0).
   */
  categoryRates: FitTriple;
  /** Posterior mean rates (Dirichlet(priorStrength·categoryRates + counts)). */
  posterior: FitTriple;
  /** Posterior mean of the tendency P(small) - P(large). */
  tendency: number;
  /**
   * The tendency of the other articles (see `baseline` of {@link SizeFlagOptions}): the value a flag's interval must
   * exclude (in the `dataset` scope, 0 too). NaN when no other article has a labelled sale (then `null` in JSON): there
   * is nothing to compare with, and the article is never flagged.
   */
  baseline: number;
  /**
   * What `baseline` was computed from: `category`, the other articles of its category, or `dataset`, all other
   * articles (the category has fewer than `minCategoryArticles` labelled articles).
   */
  baselineScope: 'category' | 'dataset';
  /** Credible interval of the tendency at `level`, within [-1, 1]. */
  interval: [number, number];
  /** Posterior probability that the tendency exceeds the baseline; NaN when the baseline is. */
  probabilityAbove: number;
}

/** The smallest `priorStrength` {@link sizeFlags} accepts: below it there is no prior at all. */
export const MIN_STRENGTH = 1e-6;
/** The largest `priorStrength` {@link sizeFlags} accepts: above it every article drowns in its prior. */
export const MAX_STRENGTH = 1e6;
const MAX_DRAWS = 10_000_000;

/**
 * Flags articles that run small or large relative to the other articles of their category, after SizeFlags
 * (Nestler, Karessli, Hajjar, Weffer & Shirvany, "SizeFlags: Reducing Size and Fit Related Returns in Fashion
 * E-Commerce", KDD 2021).
 *
 * Each article is judged against the other articles of its category (leave-one-out), never against itself. Its
 * (P(small), P(fit), P(large)) gets a Dirichlet prior with mean the pooled rates of the category's other articles
 * and weight `priorStrength` (pseudo-sales), updated with its own labelled sales, so that articles with few sales
 * shrink to their category. Its baseline is the tendency P(small) - P(large) of the category without it: by
 * default the median posterior tendency of the other labelled articles (each with that same prior), or their
 * pooled tendency (option `baseline`). It is flagged `runs-small` (take a size up) when the credible interval of
 * its tendency lies above the baseline *and* more of its own labelled sales were reported small than large;
 * `runs-large` (take a size down) when the interval lies below and more were reported large than small. So no
 * article is advised a size up while its own reports lean large, or a size down while they lean small (nor either
 * with as many small as large reports). A category with fewer than `minCategoryArticles` labelled articles is too
 * small to be its own reference: its articles are judged against all other articles of the dataset (prior and
 * baseline their pooled sales, whatever `baseline`). Those articles belong to other categories, which may run small
 * or large themselves (a baseline pulled by large-running tops would flag a balanced dress as running small), so a
 * flag in this scope also needs the interval to exclude 0, a tendency of as many small as large reports, on the
 * flag's side: runs-small needs its lower end above max(baseline, 0), runs-large its upper end below min(baseline, 0).
 * With no other labelled sale at all (a dataset with one labelled article) there is no reference: the baseline and
 * `probabilityAbove` are NaN and the article is not flagged (its prior is then uniform, 1/3 per class).
 * The median baseline costs O(G log G) per category and about O(log G) per article, G the category's distinct
 * (small, fit, large) count triples, and is the same number as the median over all other articles (O(n) each).
 * Deviation from the paper: SizeFlags learns from fit feedback and returns with a hierarchical model over brands;
 * here only fit feedback and one category level are used.
 *
 * @returns one entry per article with at least one row, in order of first appearance. An article's category (a tie
 *   of categories goes to the first name in string order) and interval do not depend on the order of the rows or on
 *   which other articles precede it (its draws use their own stream).
 * @throws InvalidArgumentError on a bad option (naming it and the value) or a missing column.
 */
export function sizeFlags(data: ColumnarDataset, options: SizeFlagOptions = {}): ArticleSizeFlag[] {
  const strength = options.priorStrength ?? 10;
  const level = options.level ?? 0.95;
  const method = options.interval ?? 'monte-carlo';
  const draws = options.draws ?? 2000;
  const minSales = options.minSales ?? 1;
  const minArticles = options.minCategoryArticles ?? 5;
  const baselineRule = options.baseline ?? 'median';
  const seed = seedOption(options.seed, 'sizeFlags');
  const bad = (what: string, value: unknown): InvalidArgumentError =>
    new InvalidArgumentError(`sizeFlags: ${what}, got ${typeof value === 'string' ? `'${value}'` : String(value)}`);
  if (!(strength >= MIN_STRENGTH && strength <= MAX_STRENGTH))
    throw bad(`priorStrength must be a number in [${MIN_STRENGTH}, ${MAX_STRENGTH}]`, strength);
  if (!(level > 0 && level < 1)) throw bad('level must be in (0, 1)', level);
  if (method !== 'monte-carlo' && method !== 'normal') throw bad("interval must be 'monte-carlo' or 'normal'", method);
  if (!Number.isInteger(draws) || draws < 10 || draws > MAX_DRAWS)
    throw bad(`draws must be an integer in [10, ${MAX_DRAWS}]`, draws);
  if (baselineRule !== 'median' && baselineRule !== 'pooled')
    throw bad("baseline must be 'median' or 'pooled'", baselineRule);
  if (!Number.isSafeInteger(minSales) || minSales < 0) throw bad('minSales must be an integer >= 0', minSales);
  if (!Number.isSafeInteger(minArticles) || minArticles < 2)
    throw bad('minCategoryArticles must be an integer >= 2', minArticles);
  // `??` per key, not a spread: a key given as undefined keeps its default (a spread put undefined in its place).
  const given = options.columns ?? {};
  const cols = { item: given.item ?? 'item_id', category: given.category ?? 'category', fit: given.fit ?? 'fit' };
  if (options.columns?.category !== undefined && !data.has(cols.category))
    throw new InvalidArgumentError(
      `sizeFlags: dataset '${data.meta.name}' has no category column '${cols.category}' (option columns.category)`,
    );
  const items = data.categories(cols.item);
  const y = fitCodes(data, cols.fit);
  const cat = data.has(cols.category) ? data.categories(cols.category) : undefined;
  const catName = (i: number): string =>
    cat === undefined || cat.codes[i] < 0 ? '(none)' : cat.categories[cat.codes[i]];

  const order: number[] = [];
  const counts = new Map<number, number[]>();
  const catCounts = new Map<number, Map<string, number>>();
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
    if (y[i] >= 0) c[y[i]]++;
  }
  // A category's sales are those of the articles it is the most common category of, so that leaving an article
  // out of its category removes exactly its own sales.
  const articles = order.map((it) => {
    let category = '(none)';
    let most = -1;
    for (const [cn, k] of catCounts.get(it)!) if (k > most || (k === most && cn < category)) [category, most] = [cn, k];
    const c = counts.get(it)!;
    return { it, category, c, n: c[0] + c[1] + c[2] };
  });
  const total = [0, 0, 0];
  const perCategory = new Map<string, { sales: number[]; labelled: number[] }>();
  articles.forEach((a, k) => {
    let g = perCategory.get(a.category);
    if (g === undefined) perCategory.set(a.category, (g = { sales: [0, 0, 0], labelled: [] }));
    for (let j = 0; j < 3; j++) {
      g.sales[j] += a.c[j];
      total[j] += a.c[j];
    }
    if (a.n > 0) g.labelled.push(k);
  });
  const rate = (c: number[]): number[] => {
    const s = c[0] + c[1] + c[2];
    return s > 0 ? c.map((x) => x / s) : [NaN, NaN, NaN];
  };
  // Pooled rates of `pool` with one pseudo-sale at the overall rates of `all` (themselves with one pseudo-sale per
  // class), so that no rate is 0 (a Dirichlet parameter must be > 0); with no sales at all, 1/3 each.
  const smoothed = (pool: number[], all: number[]): number[] => {
    const overall = rate(all.map((x) => x + 1));
    const s = pool[0] + pool[1] + pool[2];
    return pool.map((x, k) => (x + overall[k]) / (s + 1));
  };
  const minus = (a: number[], b: number[]): number[] => a.map((x, k) => x - b[k]);
  const triple = (v: number[]): FitTriple => ({ small: v[0], fit: v[1], large: v[2] });
  const z = normalCritical(level);
  const lowQ = (1 - level) / 2;
  const d = new Float64Array(method === 'monte-carlo' ? draws : 0);
  const medians = new Map<string, CategoryMedians>();

  return articles.map(({ it, category, c, n }) => {
    const group = perCategory.get(category)!;
    const scope: 'category' | 'dataset' = group.labelled.length >= minArticles ? 'category' : 'dataset';
    // Leave-one-out: the prior is the pool without this article's sales, so that they count once, as its data, and
    // its baseline is the other articles' alone.
    const pool = scope === 'category' ? group.sales : total;
    const prior = smoothed(minus(pool, c), minus(total, c));
    const alpha = prior.map((p, k) => strength * p + c[k]);
    const A = alpha[0] + alpha[1] + alpha[2];
    const mean = alpha.map((a) => a / A);
    const tendency = mean[0] - mean[2];
    const restTendency = prior[0] - prior[2];
    // Without another labelled sale in its reference (a dataset with one labelled article) the prior is uniform and
    // stands for nothing: there is no baseline, and no flag.
    const reference = pool[0] + pool[1] + pool[2] > n;
    let baseline = reference ? restTendency : NaN;
    if (scope === 'category' && baselineRule === 'median') {
      let medianOf = medians.get(category);
      if (medianOf === undefined) {
        const full = smoothed(group.sales, total);
        const labelled = group.labelled.map((k) => articles[k].c);
        medians.set(category, (medianOf = new CategoryMedians(labelled, strength, full[0] - full[2])));
      }
      baseline = medianOf.median(restTendency, c);
    }
    let interval: [number, number];
    let probabilityAbove: number;
    if (method === 'normal') {
      const sd = Math.sqrt((mean[0] * (1 - mean[0]) + mean[2] * (1 - mean[2]) + 2 * mean[0] * mean[2]) / (A + 1));
      interval = [Math.max(-1, tendency - z * sd), Math.min(1, tendency + z * sd)];
      probabilityAbove = 1 - normalCdf((baseline - tendency) / sd);
    } else {
      const rng = new Rng(articleSeed(seed, items.categories[it]));
      // With every shape below 1 (no sales and a small priorStrength) all three gamma draws can underflow to 0:
      // then draw in log space. Otherwise a shape >= 1 keeps the sum positive, and direct draws are exact enough.
      const inLogs = Math.max(alpha[0], alpha[1], alpha[2]) < 1;
      let above = 0;
      for (let t = 0; t < draws; t++) {
        d[t] = inLogs ? tendencyDrawInLogs(rng, alpha) : tendencyDraw(rng, alpha);
        if (d[t] > baseline) above++;
      }
      d.sort();
      interval = [quantileSorted(d, lowQ), quantileSorted(d, 1 - lowQ)];
      probabilityAbove = reference ? above / draws : NaN;
    }
    // The dataset scope mixes other categories, whose articles may run small or large themselves: there a flag must
    // also exclude a tendency of 0 (as many small as large reports), on the same side as the baseline.
    const above = scope === 'category' ? baseline : Math.max(baseline, 0);
    const below = scope === 'category' ? baseline : Math.min(baseline, 0);
    const enough = reference && n >= minSales;
    const flag =
      enough && interval[0] > above && c[0] > c[2]
        ? 'runs-small'
        : enough && interval[1] < below && c[2] > c[0]
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
      baselineScope: scope,
      interval,
      probabilityAbove,
    };
  });
}

/** P(small) - P(large) of one Dirichlet(alpha) draw. */
function tendencyDraw(rng: Rng, alpha: number[]): number {
  const g0 = sampleGamma(rng, alpha[0]);
  const g1 = sampleGamma(rng, alpha[1]);
  const g2 = sampleGamma(rng, alpha[2]);
  return (g0 - g2) / (g0 + g1 + g2);
}

/**
 * {@link tendencyDraw} with the gamma draws in log space (the same random numbers), finite for shapes down to
 * 1e-7: for shape < 1, log Gamma(shape + 1) + log(U) / shape, as {@link sampleGamma} boosts it.
 */
function tendencyDrawInLogs(rng: Rng, alpha: number[]): number {
  const logGamma = (shape: number): number =>
    shape >= 1
      ? Math.log(sampleGamma(rng, shape))
      : Math.log(sampleGamma(rng, shape + 1)) + Math.log(1 - rng.next()) / shape;
  const l0 = logGamma(alpha[0]);
  const l1 = logGamma(alpha[1]);
  const l2 = logGamma(alpha[2]);
  const top = Math.max(l0, l1, l2);
  const g0 = Math.exp(l0 - top);
  const g2 = Math.exp(l2 - top);
  return (g0 - g2) / (g0 + Math.exp(l1 - top) + g2);
}

/** The seed of an article's own stream: cyrb53 of the seed and the article id (a safe integer). */
function articleSeed(seed: number, item: string): number {
  const s = `${seed}\u0000${item}`;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * The median baselines of one category: for an article judged in it, the median over the category's other labelled
 * articles of their posterior tendency (strength·tau + small - large) / (strength + sales), where tau is the judged
 * article's prior tendency (that of the category without it).
 *
 * Computed without visiting every other article for every judged one (O(n^2) per category): the labelled articles
 * are grouped by their (small, fit, large) counts, all that their tendency depends on besides tau, and the groups
 * sorted once by their tendency at tau0, the prior tendency of the whole category. A tendency is linear in tau with
 * slope strength / (strength + sales), between the category's smallest and largest slopes; shifting every tendency by
 * the same amount keeps their order, so from tau0 to tau they move relative to each other, and the order statistics
 * relative to them, by at most w·|tau - tau0|, w half the spread of the slopes (<= 1/2). Removing the judged article
 * shifts the ranks by at most one. So the groups more than 2w·|tau - tau0| (plus 1e-12 for rounding: tendencies lie
 * in [-1, 1] and are computed to about 1e-15) below the median's neighbours at tau0 stay below the median at tau and
 * are only counted, those as far above are skipped, and only the groups in between are evaluated at tau and sorted,
 * by the same expression as a direct computation, so the median is the same number. The judged articles of a category
 * have near-equal tau, so the window holds a few groups: O(G log G) per category and O(log G + window) per judged
 * article, G groups. Medians are cached by the judged article's counts, which are all that tau depends on.
 */
class CategoryMedians {
  /** Per group, in order of the tendency at tau0: its counts, its tendency at tau0. */
  private readonly counts: number[][];
  private readonly at0: Float64Array;
  /** before[g]: the articles of groups 0 to g - 1 (before[G]: all of them). */
  private readonly before: Float64Array;
  /** Half the spread of the groups' slopes in tau. */
  private readonly halfSpread: number;
  private readonly groupOf = new Map<string, number>();
  private readonly cache = new Map<string, number>();

  constructor(
    labelled: readonly number[][],
    private readonly strength: number,
    private readonly tau0: number,
  ) {
    const groups = new Map<string, { c: number[]; size: number }>();
    for (const c of labelled) {
      const key = countsKey(c);
      const g = groups.get(key);
      if (g === undefined) groups.set(key, { c, size: 1 });
      else g.size++;
    }
    const sorted = [...groups].map(([key, g]) => ({ key, ...g, at0: this.tendency(g.c, tau0) }));
    sorted.sort((a, b) => a.at0 - b.at0);
    this.counts = sorted.map((g) => g.c);
    this.at0 = Float64Array.from(sorted, (g) => g.at0);
    this.before = new Float64Array(sorted.length + 1);
    let flattest = 1;
    let steepest = 0;
    sorted.forEach((g, k) => {
      this.before[k + 1] = this.before[k] + g.size;
      this.groupOf.set(g.key, k);
      const slope = strength / (strength + (g.c[0] + g.c[1] + g.c[2]));
      flattest = Math.min(flattest, slope);
      steepest = Math.max(steepest, slope);
    });
    this.halfSpread = (steepest - flattest) / 2;
  }

  /** The median for a judged article with counts `own` (labelled or not) and prior tendency `tau`. */
  median(tau: number, own: readonly number[]): number {
    const key = countsKey(own);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const ownGroup = this.groupOf.get(key) ?? -1;
    const groups = this.at0.length;
    const all = this.before[groups];
    // m >= 1: a category is its own reference only with at least 2 labelled articles.
    const m = all - (ownGroup >= 0 ? 1 : 0);
    const k = m >> 1;
    const first = m % 2 === 1 ? k : k - 1;
    const spread = 2 * this.halfSpread * Math.abs(tau - this.tau0) + 1e-12;
    const low = this.at0[this.groupOfRank(first)] - spread;
    const high = this.at0[this.groupOfRank(Math.min(k + 1, all - 1))] + spread;
    const from = this.firstAbove(low, false);
    const to = this.firstAbove(high, true);
    let rank = this.before[from] - (ownGroup >= 0 && ownGroup < from ? 1 : 0);
    const window: { value: number; size: number }[] = [];
    for (let g = from; g < to; g++) {
      const size = this.before[g + 1] - this.before[g] - (g === ownGroup ? 1 : 0);
      if (size > 0) window.push({ value: this.tendency(this.counts[g], tau), size });
    }
    window.sort((a, b) => a.value - b.value);
    let atFirst = NaN;
    let atK = NaN;
    for (const w of window) {
      if (first >= rank && first < rank + w.size) atFirst = w.value;
      if (k >= rank && k < rank + w.size) {
        atK = w.value;
        break;
      }
      rank += w.size;
    }
    const median = first === k ? atK : (atFirst + atK) / 2;
    this.cache.set(key, median);
    return median;
  }

  private tendency(c: readonly number[], tau: number): number {
    return (this.strength * tau + c[0] - c[2]) / (this.strength + (c[0] + c[1] + c[2]));
  }

  /** The first group whose tendency at tau0 is above `x` (or equal to it, unless `strictly`); G when none is. */
  private firstAbove(x: number, strictly: boolean): number {
    let lo = 0;
    let hi = this.at0.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.at0[mid] < x || (strictly && this.at0[mid] === x)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The group holding rank r (0-based) of all the category's labelled articles at tau0. */
  private groupOfRank(r: number): number {
    let lo = 0;
    let hi = this.at0.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.before[mid] <= r) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

function countsKey(c: readonly number[]): string {
  return `${c[0]},${c[1]},${c[2]}`;
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
