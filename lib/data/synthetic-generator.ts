import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '../core/errors.js';
import { shownValue } from '../core/printable.js';
import { FIT_CLASSES } from '../core/labels.js';
import { Rng } from '../core/rng.js';
import { ColumnarDataset, type Column, type FieldSchema } from './columnar-dataset.js';
import {
  SYNTHETIC_BODY_TYPES,
  bodyTypeOf,
  braSizeOf,
  drawSyntheticBody,
  type SyntheticBody,
} from './synthetic-body.js';
import {
  SYNTHETIC_CATEGORIES,
  SYNTHETIC_SIZE_SYSTEMS,
  commonSizeNumber,
  syntheticSizeSystem,
  trueSizeIn,
  type SyntheticSizeSystemName,
} from './synthetic-size-systems.js';
import type { SyntheticArticle, SyntheticBrand, SyntheticPerson, SyntheticTruth } from './synthetic-truth.js';

/**
 * Shares of rows whose account profile leaves a field empty. Whole accounts are left empty (as in real profiles),
 * drawn in random order while their rows fit in the share, so the row share comes out within a few rows.
 */
export interface SyntheticMissingRates {
  /** Bra size (`bust_band` and `cup`); RentTheRunway: 9.6%. */
  bust?: number;
  /** Weight; RentTheRunway: 15.6%. */
  weight?: number;
  /** Body type; RentTheRunway: 7.6%. */
  bodyType?: number;
  /** Age; RentTheRunway: 0.5%. */
  age?: number;
  /** Height; RentTheRunway: 0.4%. */
  height?: number;
}

/** Options of {@link generateSynthetic}. Sizes, offsets and margins are in label steps of a size system. */
export interface SyntheticOptions {
  /** Seed of the generator: the same options give byte-identical data. */
  seed: number;
  /** Number of accounts (`user_id`s), 1 to 1,000,000. */
  customers: number;
  /** Number of articles (`item_id`s), 1 to 1,000,000. */
  articles: number;
  /**
   * Number of rows (purchased units), 1 to 100,000,000; default 6 per customer. Every account buys once before any
   * buys twice.
   */
  purchases?: number;
  /** Number of brands, 1 to 1,000,000; default one per 10 articles (at least 1). */
  brands?: number;
  /** Share of accounts used by two people with different bodies (default 0.1; rounded to a whole count). */
  multiPersonShare?: number;
  /** Share of a shared account's orders made by its second person (default 0.45). */
  secondPersonShare?: number;
  /** Share of orders that bracket: two adjacent sizes of one article (default 0.08). */
  bracketShare?: number;
  /** Standard deviation of a person's constant error in choosing their size (default 0.2). */
  sizeBiasSd?: number;
  /** Standard deviation of the per-order error in choosing a size (default 0.3). */
  choiceNoise?: number;
  /** Fraction of an article's offset that customers anticipate when choosing (default 0.3). */
  offsetAwareness?: number;
  /** Fit thresholds ±tolerance on the noisy margin (default 0.75 of a size). */
  fitTolerance?: number;
  /** Scale of the logistic noise on the margin in the fit-feedback model (default 0.15). */
  feedbackNoise?: number;
  /** Probability of returning a unit whose feedback is small or large (default 0.8). */
  returnIfMisfit?: number;
  /** Probability of returning a unit that fits (default 0.08; reason `other`). */
  returnIfFit?: number;
  /** Missing-value rates of profile fields. */
  missing?: SyntheticMissingRates;
  /** Share of accounts with an implausible age (0, 1, 99, 112, 116 or 117, as in the real data; default 0.002). */
  implausibleAgeShare?: number;
}

/** {@link SyntheticOptions} with every default filled in. */
export type ResolvedSyntheticOptions = Required<Omit<SyntheticOptions, 'missing'>> & {
  missing: Required<SyntheticMissingRates>;
};

/** What {@link generateSynthetic} returns: the data and the ground truth that produced it. */
export interface SyntheticResult {
  dataset: ColumnarDataset;
  truth: SyntheticTruth;
  options: ResolvedSyntheticOptions;
}

/** Purposes of a rental, RentTheRunway's `rented for` values, with their approximate frequencies. */
const RENTED_FOR = ['wedding', 'formal affair', 'party', 'everyday', 'other', 'work', 'date', 'vacation'] as const;
const RENTED_FOR_WEIGHTS = [30, 20, 23, 8, 6, 5, 4, 4];
const RETURN_REASONS = ['too_small', 'too_big', 'other'] as const;
const RATINGS = [2, 4, 6, 8, 10];
const RATING_WEIGHTS_FIT = [1, 2, 5, 22, 70];
const RATING_WEIGHTS_MISFIT = [4, 10, 22, 34, 30];
/**
 * Brand offsets and their shares in tenths of the brands, in the order they are laid out before the shuffle (which
 * is also the order that breaks ties between equal shares in {@link brandOffsetsOf}).
 */
const BRAND_OFFSET_TENTHS: readonly (readonly [offset: number, tenths: number])[] = [
  [1, 1],
  [-1, 1],
  [0.5, 1],
  [-0.5, 1],
  [0, 6],
];
const ARTICLE_DEVIATIONS = [-0.5, 0, 0.5];
const ARTICLE_DEVIATION_WEIGHTS = [15, 70, 15];
const IMPLAUSIBLE_AGES = [0, 1, 99, 112, 116, 117];
const BRAND_NAMES = [
  'Aster & Vale',
  'Birchwood',
  'Calla Row',
  'Dune Atelier',
  'Ember Lane',
  'Fjord',
  'Gilded Moth',
  'Harbor Nine',
  'Iris Gray',
  'Juniper Hall',
  'Kestrel',
  'Lune Studio',
  'Marlowe',
  'Nettle & Co',
  'Oriel',
  'Plume',
  'Quill House',
  'Rosier',
  'Sable Coast',
  'Tamsin',
];
/** First and last day (days since 1970-01-01) of the review dates: 2012-01-01 .. 2017-12-31. */
const FIRST_DAY = Date.UTC(2012, 0, 1) / 86400000;
const LAST_DAY = Date.UTC(2017, 11, 31) / 86400000;
const LBS_PER_KG = 1 / 0.45359237;

/**
 * Largest counts {@link generateSynthetic} accepts, far below what the typed arrays (32-bit row and id codes) allow,
 * so that a run fits in memory: a customer (one or two people with bodies and true sizes) takes about 1 kB of the
 * JavaScript heap (a million about 1 GB of the default 4 GB), an article about 0.3 kB, a brand less; a row about 150
 * bytes outside the heap (10 million rows about 1.5 GB, the limit about 15 GB: a smaller machine fails earlier with
 * the RangeError of a failed allocation).
 */
export const SYNTHETIC_LIMITS: Readonly<{ customers: number; articles: number; purchases: number; brands: number }> =
  Object.freeze({ customers: 1_000_000, articles: 1_000_000, purchases: 100_000_000, brands: 1_000_000 });

/** Fills in the defaults of `options` and checks ranges. @throws InvalidArgumentError for a bad option. */
export function resolveSyntheticOptions(options: SyntheticOptions): ResolvedSyntheticOptions {
  const count = (name: keyof typeof SYNTHETIC_LIMITS, v: number, min: number): number => {
    if (!Number.isInteger(v) || v < min)
      throw new InvalidArgumentError(`${name} must be an integer >= ${min}, got ${shownValue(v)}`);
    const max = SYNTHETIC_LIMITS[name];
    if (v > max)
      throw new InvalidArgumentError(
        `${name} is ${v}, more than the generator's limit of ${max.toLocaleString('en-US')}`,
      );
    return v;
  };
  const share = (name: string, v: number): number => {
    if (typeof v !== 'number' || !(v >= 0 && v <= 1))
      throw new InvalidArgumentError(`${name} must be in [0, 1], got ${shownValue(v)}`);
    return v;
  };
  const positive = (name: string, v: number): number => {
    if (!(v >= 0) || !Number.isFinite(v))
      throw new InvalidArgumentError(`${name} must be a finite number >= 0, got ${shownValue(v)}`);
    return v;
  };
  if (!Number.isSafeInteger(options.seed))
    throw new InvalidArgumentError(`seed must be a safe integer, got ${shownValue(options.seed)}`);
  const customers = count('customers', options.customers, 1);
  const articles = count('articles', options.articles, 1);
  const m = options.missing ?? {};
  return {
    seed: options.seed,
    customers,
    articles,
    purchases: count('purchases', options.purchases ?? 6 * customers, 1),
    brands: count('brands', options.brands ?? Math.max(1, Math.round(articles / 10)), 1),
    multiPersonShare: share('multiPersonShare', options.multiPersonShare ?? 0.1),
    secondPersonShare: share('secondPersonShare', options.secondPersonShare ?? 0.45),
    bracketShare: share('bracketShare', options.bracketShare ?? 0.08),
    sizeBiasSd: positive('sizeBiasSd', options.sizeBiasSd ?? 0.2),
    choiceNoise: positive('choiceNoise', options.choiceNoise ?? 0.3),
    offsetAwareness: positive('offsetAwareness', options.offsetAwareness ?? 0.3),
    fitTolerance: positive('fitTolerance', options.fitTolerance ?? 0.75),
    feedbackNoise: positive('feedbackNoise', options.feedbackNoise ?? 0.15),
    returnIfMisfit: share('returnIfMisfit', options.returnIfMisfit ?? 0.8),
    returnIfFit: share('returnIfFit', options.returnIfFit ?? 0.08),
    missing: {
      bust: share('missing.bust', m.bust ?? 0.1),
      weight: share('missing.weight', m.weight ?? 0.15),
      bodyType: share('missing.bodyType', m.bodyType ?? 0.08),
      age: share('missing.age', m.age ?? 0.005),
      height: share('missing.height', m.height ?? 0.004),
    },
    implausibleAgeShare: share('implausibleAgeShare', options.implausibleAgeShare ?? 0.002),
  };
}

/**
 * The offset of each of `brands` brands, laid out class by class (+1, -1, +0.5, -0.5, 0) before the shuffle: the
 * counts are the shares of {@link BRAND_OFFSET_TENTHS} apportioned by largest remainders (Hamilton's method), each
 * class its whole part of `share · brands` and the brands left over one each to the largest fractional parts,
 * ties to the larger share, then in class order. Integer arithmetic, so ties are exact.
 */
function brandOffsetsOf(brands: number): number[] {
  const counts = BRAND_OFFSET_TENTHS.map(([, tenths]) => Math.floor((tenths * brands) / 10));
  const left = brands - counts.reduce((a, b) => a + b, 0);
  BRAND_OFFSET_TENTHS.map(([, tenths], k) => ({ k, tenths, rest: (tenths * brands) % 10 }))
    .sort((a, b) => b.rest - a.rest || b.tenths - a.tenths || a.k - b.k)
    .slice(0, left)
    .forEach(({ k }) => counts[k]++);
  return BRAND_OFFSET_TENTHS.flatMap(([offset], k) => new Array<number>(counts[k]).fill(offset));
}

/**
 * The brand offsets before largest-remainder apportionment (each share of 10% rounded on its own, the rest true to
 * size). Kept only for the fingerprint: options whose brands it lays out the same way keep their earlier sha256.
 */
function roundedBrandOffsets(brands: number): number[] {
  const out: number[] = [];
  for (const [offset, tenths] of BRAND_OFFSET_TENTHS.slice(0, 4)) {
    for (let c = Math.round((tenths / 10) * brands); c > 0 && out.length < brands; c--) out.push(offset);
  }
  while (out.length < brands) out.push(0);
  return out;
}

/**
 * The dataset fingerprint (`meta.sha256`): the hash of the canonical options, plus `brandLayout: 2` when the
 * brands are laid out otherwise than before their shares were apportioned by largest remainder (e.g. 5 or 15
 * brands), so that the same options giving different rows never share a fingerprint.
 */
function syntheticFingerprint(o: ResolvedSyntheticOptions): string {
  const old = roundedBrandOffsets(o.brands);
  const now = brandOffsetsOf(o.brands);
  const same = old.length === now.length && old.every((v, i) => v === now[i]);
  return createHash('sha256')
    .update(canonicalJson(same ? o : { ...o, brandLayout: 2 }))
    .digest('hex');
}

/** JSON with object keys sorted at every level: a canonical text to hash. */
function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

/** Draws from weights through their cumulative sums (binary search): fast for many draws. */
class WeightedSampler {
  private readonly cum: Float64Array;
  constructor(weights: ArrayLike<number>) {
    this.cum = new Float64Array(weights.length);
    let s = 0;
    for (let i = 0; i < weights.length; i++) this.cum[i] = s += weights[i];
  }
  draw(rng: Rng): number {
    const r = rng.next() * this.cum[this.cum.length - 1];
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cum[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/**
 * `n` distinct random decimal ids of `digits` digits (no leading zero), or of as many more digits as it takes to
 * have n distinct values (before: more customers than 6-digit ids looped for ever).
 */
function distinctIds(rng: Rng, n: number, minDigits: number): string[] {
  let digits = minDigits;
  while (9 * 10 ** (digits - 1) < n) digits++;
  const lo = 10 ** (digits - 1);
  const seen = new Set<number>();
  const out: string[] = [];
  while (out.length < n) {
    const id = lo + rng.int(9 * lo);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(String(id));
  }
  return out;
}

function truesizes(body: SyntheticBody): Record<SyntheticSizeSystemName, number> {
  const b = { bust: body.bustCm, waist: body.waistCm, hips: body.hipsCm };
  const out = {} as Record<SyntheticSizeSystemName, number>;
  for (const s of SYNTHETIC_SIZE_SYSTEMS) out[s.name] = trueSizeIn(s, b);
  return out;
}

interface Account {
  userId: string;
  persons: number[];
  heightCm: number;
  weightKg: number;
  band: number;
  cup: number;
  age: number;
  bodyType: number;
}

/**
 * Generates synthetic purchase-and-return data with known ground truth: the workbench's embedded default data.
 *
 * Model: each person has a body drawn from a multivariate normal (height, weight, bust, waist, hips,
 * underbust; see {@link drawSyntheticBody}) and from it a continuous true size in every size system. Brands
 * run small (+1, 10% of brands), large (-1, 10%), half a size small or large (10% each) or true to size (60%),
 * the shares rounded to whole brands by largest remainders (ties to the larger share, then in the order +1, -1,
 * +0.5, -0.5): 1 or 2 brands are all true to size, 3 or 4 have one at +1, 5 have one at +1 and one at -1, 6 have
 * those two and 4 true to size, 15 have two each at ±1, one each at ±0.5 and 9 true to size. An article's offset
 * is its brand's plus its own half-size deviation. A buyer chooses
 * `round(trueSize + sizeBias + offsetAwareness·offset + N(0, choiceNoise))`, some orders bracket two adjacent sizes.
 * Fit feedback is ordinal-logistic on the margin `m = sizeBought - (trueSize + offset)`: P(small) = σ((-t - m)/s),
 * P(large) = σ((m - t)/s), with t = `fitTolerance`, s = `feedbackNoise`. Misfits are mostly returned (reason
 * too_small/too_big, 10% `other`), in a bracketing order the worse-fitting unit is always returned. Some accounts
 * are shared by two people; the account's profile columns (height, weight, bra size, age, body type) are always its
 * holder's.
 *
 * Columns use the canonical names of every reader (`user_id`, `item_id`, `fit`, `size`, `category`,
 * `height_cm`, `weight_kg`, `bust_band`, `cup`, `age`, `rating`, `review_date`, `body_type`, `rented_for`)
 * plus `brand`, `size_system`, `size_label`, `returned`, `return_reason`. `size` is the common size number
 * (see {@link commonSizeNumber}). Height and weight are as a profile reports them (whole inches, whole pounds).
 *
 * @returns the dataset (meta: name `synthetic`, source `generated`, format `sizefit-synthetic`, sha256 of the
 * canonical JSON of the resolved options), its ground truth, and the resolved options.
 * @throws InvalidArgumentError for an invalid option, or a count over its limit ({@link SYNTHETIC_LIMITS}: at most
 * 1,000,000 customers, articles and brands and 100,000,000 purchases).
 */
export function generateSynthetic(options: SyntheticOptions): SyntheticResult {
  const o = resolveSyntheticOptions(options);
  const root = new Rng(o.seed);
  const rngPeople = root.fork();
  const rngArticles = root.fork();
  const rngOrders = root.fork();
  const rngProfile = root.fork();

  // People and accounts.
  const persons: SyntheticPerson[] = [];
  const accounts: Account[] = [];
  const userIds = distinctIds(rngPeople, o.customers, 6);
  const nShared = Math.round(o.multiPersonShare * o.customers);
  const shared = new Uint8Array(o.customers);
  const perm = rngPeople.permutation(o.customers);
  for (let i = 0; i < nShared; i++) shared[perm[i]] = 1;
  const addPerson = (userId: string, role: 0 | 1, body: SyntheticBody): number => {
    const index = persons.length;
    persons.push({ index, userId, role, body, trueSize: truesizes(body), sizeBias: rngPeople.normal(0, o.sizeBiasSd) });
    return index;
  };
  for (let a = 0; a < o.customers; a++) {
    const body = drawSyntheticBody(rngPeople);
    const p0 = addPerson(userIds[a], 0, body);
    const ids = [p0];
    if (shared[a]) {
      let second = drawSyntheticBody(rngPeople);
      // The second person must differ in size by at least one size step (redraws are rare).
      while (Math.abs(truesizes(second)['us-numeric'] - persons[p0].trueSize['us-numeric']) < 1)
        second = drawSyntheticBody(rngPeople);
      ids.push(addPerson(userIds[a], 1, second));
    }
    const bra = braSizeOf(body);
    let age = Math.min(75, Math.max(18, Math.round(rngProfile.normal(35, 8))));
    if (rngProfile.bernoulli(o.implausibleAgeShare)) age = IMPLAUSIBLE_AGES[rngProfile.int(IMPLAUSIBLE_AGES.length)];
    accounts.push({
      userId: userIds[a],
      persons: ids,
      heightCm: Math.round(body.heightCm / 2.54) * 2.54,
      weightKg: Math.round(body.weightKg * LBS_PER_KG) / LBS_PER_KG,
      band: bra.band,
      cup: bra.cup,
      age,
      bodyType: SYNTHETIC_BODY_TYPES.indexOf(bodyTypeOf(body, rngProfile)),
    });
  }

  // Brands and articles.
  // Brand offsets in the documented shares, rounded to whole brands by largest remainders, shuffled over the brands.
  const brandOffsets = brandOffsetsOf(o.brands);
  rngArticles.shuffle(brandOffsets);
  const brands: SyntheticBrand[] = [];
  for (let b = 0; b < o.brands; b++) {
    const base = BRAND_NAMES[b % BRAND_NAMES.length];
    const name = b < BRAND_NAMES.length ? base : `${base} ${Math.floor(b / BRAND_NAMES.length) + 1}`;
    brands.push({ name, offset: brandOffsets[b] });
  }
  const itemIds = distinctIds(rngArticles, o.articles, 7);
  const categoryWeights = SYNTHETIC_CATEGORIES.map((c) => c.weight);
  const articles: SyntheticArticle[] = [];
  const brandOfArticle = new Int32Array(o.articles);
  const categoryOfArticle = new Int32Array(o.articles);
  const popularity = new Float64Array(o.articles);
  for (let j = 0; j < o.articles; j++) {
    const b = rngArticles.int(o.brands);
    const c = rngArticles.categorical(categoryWeights);
    const dev = ARTICLE_DEVIATIONS[rngArticles.categorical(ARTICLE_DEVIATION_WEIGHTS)];
    brandOfArticle[j] = b;
    categoryOfArticle[j] = c;
    popularity[j] = Math.exp(rngArticles.normal(0, 1));
    articles.push({
      index: j,
      itemId: itemIds[j],
      brand: brands[b].name,
      category: SYNTHETIC_CATEGORIES[c].name,
      sizeSystem: SYNTHETIC_CATEGORIES[c].system,
      offset: Math.max(-1.5, Math.min(1.5, brands[b].offset + dev)),
    });
  }

  // Orders and rows.
  const n = o.purchases;
  const rowPerson = new Int32Array(n);
  const rowArticle = new Int32Array(n);
  const rowOrder = new Int32Array(n);
  const rowSizeIndex = new Int32Array(n);
  const rowMargin = new Float64Array(n);
  const rowAccount = new Int32Array(n);
  const fit = new Int32Array(n);
  const size = new Float64Array(n);
  const sizeLabel = new Int32Array(n);
  const rating = new Float64Array(n);
  const reviewDate = new Float64Array(n);
  const rentedFor = new Int32Array(n);
  const returned = new Float64Array(n);
  const returnReason = new Int32Array(n).fill(-1);
  const labelOffset = new Map<SyntheticSizeSystemName, number>();
  const allLabels: string[] = [];
  for (const s of SYNTHETIC_SIZE_SYSTEMS) {
    labelOffset.set(s.name, allLabels.length);
    allLabels.push(...s.labels);
  }
  const accountSampler = new WeightedSampler(
    Array.from({ length: o.customers }, () => Math.exp(rngOrders.normal(0, 1))),
  );
  const articleSampler = new WeightedSampler(popularity);
  const firstPass = rngOrders.permutation(o.customers);
  const tol = o.fitTolerance;
  let row = 0;
  let order = 0;
  while (row < n) {
    const a = order < o.customers ? firstPass[order] : accountSampler.draw(rngOrders);
    const acc = accounts[a];
    const p = acc.persons.length > 1 && rngOrders.bernoulli(o.secondPersonShare) ? acc.persons[1] : acc.persons[0];
    const j = articleSampler.draw(rngOrders);
    const art = articles[j];
    const system = syntheticSizeSystem(art.sizeSystem);
    const last = system.labels.length - 1;
    const truth = persons[p].trueSize[art.sizeSystem];
    const believed = truth + persons[p].sizeBias + o.offsetAwareness * art.offset + rngOrders.normal(0, o.choiceNoise);
    const chosen = Math.max(0, Math.min(last, Math.round(believed)));
    const sizes = [chosen];
    if (row + 2 <= n && last > 0 && rngOrders.bernoulli(o.bracketShare)) {
      let other = believed >= chosen ? chosen + 1 : chosen - 1;
      if (other < 0 || other > last) other = 2 * chosen - other;
      sizes.push(other);
      sizes.sort((x, y) => x - y);
    }
    const day = FIRST_DAY + rngOrders.int(LAST_DAY - FIRST_DAY + 1);
    const purpose = rngOrders.categorical(RENTED_FOR_WEIGHTS);
    const margins = sizes.map((k) => k - (truth + art.offset));
    const worst = margins.length > 1 && Math.abs(margins[1]) > Math.abs(margins[0]) ? 1 : 0;
    for (let u = 0; u < sizes.length; u++, row++) {
      const margin = margins[u];
      const q = rngOrders.next();
      const z = margin + o.feedbackNoise * Math.log((q + 1e-12) / (1 - q + 1e-12));
      const f = z < -tol ? 0 : z > tol ? 2 : 1;
      const misfit = f !== 1;
      const ret = (sizes.length > 1 && u === worst) || rngOrders.bernoulli(misfit ? o.returnIfMisfit : o.returnIfFit);
      rowPerson[row] = p;
      rowArticle[row] = j;
      rowOrder[row] = order;
      rowSizeIndex[row] = sizes[u];
      rowMargin[row] = margin;
      rowAccount[row] = a;
      fit[row] = f;
      size[row] = commonSizeNumber(system, sizes[u]);
      sizeLabel[row] = labelOffset.get(art.sizeSystem)! + sizes[u];
      rating[row] = RATINGS[rngOrders.categorical(misfit ? RATING_WEIGHTS_MISFIT : RATING_WEIGHTS_FIT)];
      reviewDate[row] = day;
      rentedFor[row] = purpose;
      returned[row] = ret ? 1 : 0;
      if (ret) returnReason[row] = misfit && rngOrders.bernoulli(0.9) ? f / 2 : 2; // 0 too_small, 1 too_big, 2 other
    }
    order++;
  }

  // Missing profile fields: whole accounts, taken in random order while their rows fit in the asked share of rows.
  const rowsOfAccount = new Int32Array(o.customers);
  for (let i = 0; i < n; i++) rowsOfAccount[rowAccount[i]]++;
  const blank = (share: number, clear: (acc: Account) => void): void => {
    const budget = Math.round(share * n);
    let used = 0;
    for (const a of rngProfile.permutation(o.customers)) {
      if (used + rowsOfAccount[a] > budget) continue;
      used += rowsOfAccount[a];
      clear(accounts[a]);
    }
  };
  const m = o.missing;
  blank(m.bust, (acc) => {
    acc.band = NaN;
    acc.cup = NaN;
  });
  blank(m.weight, (acc) => (acc.weightKg = NaN));
  blank(m.bodyType, (acc) => (acc.bodyType = -1));
  blank(m.age, (acc) => (acc.age = NaN));
  blank(m.height, (acc) => (acc.heightCm = NaN));

  // Columns.
  const num = (values: Float64Array): Column => ({ type: 'number', values });
  const cat = (codes: Int32Array, categories: readonly string[]): Column => ({
    type: 'category',
    codes,
    categories: [...categories],
  });
  const perAccount = (get: (acc: Account) => number): Float64Array => {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = get(accounts[rowAccount[i]]);
    return v;
  };
  const bodyTypes = new Int32Array(n);
  const categoryCodes = new Int32Array(n);
  const brandCodes = new Int32Array(n);
  const systemCodes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    bodyTypes[i] = accounts[rowAccount[i]].bodyType;
    categoryCodes[i] = categoryOfArticle[rowArticle[i]];
    brandCodes[i] = brandOfArticle[rowArticle[i]];
    systemCodes[i] = SYNTHETIC_SIZE_SYSTEMS.findIndex((s) => s.name === articles[rowArticle[i]].sizeSystem);
  }
  const columns = new Map<string, Column>([
    ['user_id', cat(rowAccount, userIds)],
    ['item_id', cat(rowArticle.slice(), itemIds)],
    ['fit', cat(fit, FIT_CLASSES)],
    ['size', num(size)],
    [
      'category',
      cat(
        categoryCodes,
        SYNTHETIC_CATEGORIES.map((c) => c.name),
      ),
    ],
    ['height_cm', num(perAccount((x) => x.heightCm))],
    ['weight_kg', num(perAccount((x) => x.weightKg))],
    ['bust_band', num(perAccount((x) => x.band))],
    ['cup', num(perAccount((x) => x.cup))],
    ['age', num(perAccount((x) => x.age))],
    ['rating', num(rating)],
    ['review_date', num(reviewDate)],
    ['body_type', cat(bodyTypes, SYNTHETIC_BODY_TYPES)],
    ['rented_for', cat(rentedFor, RENTED_FOR)],
    [
      'brand',
      cat(
        brandCodes,
        brands.map((b) => b.name),
      ),
    ],
    [
      'size_system',
      cat(
        systemCodes,
        SYNTHETIC_SIZE_SYSTEMS.map((s) => s.name),
      ),
    ],
    ['size_label', cat(sizeLabel, allLabels)],
    ['returned', num(returned)],
    ['return_reason', cat(returnReason, RETURN_REASONS)],
  ]);
  const dataset = new ColumnarDataset(SYNTHETIC_SCHEMA, columns, new Int32Array(n), {
    name: 'synthetic',
    source: 'generated',
    format: SYNTHETIC_DATA_FORMAT,
    sha256: syntheticFingerprint(o),
  });
  return {
    dataset,
    truth: {
      persons,
      brands,
      articles,
      rows: { person: rowPerson, article: rowArticle, order: rowOrder, sizeIndex: rowSizeIndex, margin: rowMargin },
    },
    options: o,
  };
}

/** `meta.format` of the datasets {@link generateSynthetic} makes (not a record format: they are made, not read). */
export const SYNTHETIC_DATA_FORMAT = 'sizefit-synthetic';

/** Schema of the datasets {@link generateSynthetic} makes. */
export const SYNTHETIC_SCHEMA: readonly FieldSchema[] = [
  { name: 'user_id', type: 'category', description: 'account id (some accounts are shared by two people)' },
  { name: 'item_id', type: 'category', description: 'article id' },
  { name: 'fit', type: 'category', ordered: true, description: 'fit feedback: small, fit or large' },
  {
    name: 'size',
    type: 'number',
    description: 'size bought on the common size scale (US numeric number; EU label - 30; letters XS=2, S=6, M=10...)',
  },
  { name: 'category', type: 'category', description: 'garment category' },
  { name: 'height_cm', type: 'number', unit: 'cm', description: "account holder's height (profile, whole inches)" },
  { name: 'weight_kg', type: 'number', unit: 'kg', description: "account holder's weight (profile, whole pounds)" },
  { name: 'bust_band', type: 'number', unit: 'in', description: "account holder's bra band" },
  { name: 'cup', type: 'number', description: "account holder's bra cup, a=1, b=2, c=3, d=4" },
  { name: 'age', type: 'number', unit: 'years', description: "account holder's age" },
  { name: 'rating', type: 'number', description: 'rating 2..10 (step 2)' },
  { name: 'review_date', type: 'date', unit: 'days since 1970-01-01', description: 'date of the purchase review' },
  { name: 'body_type', type: 'category', description: "account holder's self-reported body type" },
  { name: 'rented_for', type: 'category', description: 'occasion' },
  { name: 'brand', type: 'category', description: 'brand of the article' },
  { name: 'size_system', type: 'category', description: 'size system of the article: us-numeric, eu-numeric, letter' },
  { name: 'size_label', type: 'category', description: "label of the size bought in the article's size system" },
  { name: 'returned', type: 'number', description: '1 when the unit was returned, else 0' },
  {
    name: 'return_reason',
    type: 'category',
    description: 'why it was returned: too_small, too_big, other (missing when kept)',
  },
];
