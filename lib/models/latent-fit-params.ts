import { checkFiniteValues, decodeNumbers, encodeNumbers } from '../core/estimator.js';
import { InvalidArgumentError, ModelFormatError } from '../core/errors.js';
import type { EncodedFitRows, LatentFitCatalog } from './latent-fit-catalog.js';
import { projectMonotoneSizes } from './latent-monotone-projection.js';
import type { LatentFitVariant } from './latent-fit-options.js';

/**
 * The learned parameters of a latent fit model (Misra, Wan & McAuley, RecSys 2018, Eq. 1-2):
 * the fit score of customer c and article p is
 * `f = w[0] α + w[1] b_c + w[2] b_p + Σ_k w[3 + k] φ_k`, with `φ = u_c - v_p` ('lv') or `u_c ⊙ v_p` ('lf').
 * A high score means the article is small for the customer: 'small' if f > b2, 'large' if f < b1.
 */
export interface LatentFitParams {
  variant: LatentFitVariant;
  K: number;
  biases: boolean;
  /** Global bias α. */
  alpha: number;
  /** Score weights, length K + 3: [w_α, w_customerBias, w_articleBias, w_1..w_K]. */
  w: Float64Array;
  /** Customer rows (width K + 1): [b_c, u_c1..u_cK]. */
  user: Float64Array;
  /** Article rows (width K + 1): [b_p, v_p1..v_pK]. */
  article: Float64Array;
  /** Ordinal thresholds, b1 <= b2. */
  b1: number;
  b2: number;
}

/** Mean of the rows of a row-major matrix (width `dim`). */
export function meanRow(m: Float64Array, dim: number): Float64Array {
  const out = new Float64Array(dim);
  const n = m.length / dim;
  if (n === 0) return out;
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) out[d] += m[i * dim + d];
  for (let d = 0; d < dim; d++) out[d] /= n;
  return out;
}

/**
 * The direction `a` whose dot product with an article row `[b_p, v_p]` is the article's "true size"
 * (the part of the score it takes away, for 'lf' against the mean customer): it must not decrease along
 * the sizes of an item (the monotonicity constraint of Misra et al. 2018, Sec. 3.2).
 */
export function articleSizeDirection(
  params: LatentFitParams,
  meanUser: Float64Array,
  a: Float64Array = new Float64Array(params.K + 1),
): Float64Array {
  const { K, w, variant } = params;
  a[0] = -w[2];
  for (let k = 0; k < K; k++) a[k + 1] = variant === 'lv' ? w[3 + k] : -w[3 + k] * meanUser[k + 1];
  return a;
}

/** The direction whose dot product with a customer row `[b_c, u_c]` is the customer's true size (for 'lf', against the mean article). */
export function customerSizeDirection(params: LatentFitParams, meanArticle: Float64Array): Float64Array {
  const { K, w, variant } = params;
  const a = new Float64Array(K + 1);
  a[0] = w[1];
  for (let k = 0; k < K; k++) a[k + 1] = variant === 'lv' ? w[3 + k] : w[3 + k] * meanArticle[k + 1];
  return a;
}

/** Dot product of each row (width `a.length`) with `a`. */
export function rowScores(m: Float64Array, a: Float64Array): Float64Array {
  const dim = a.length;
  const n = m.length / dim;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += a[d] * m[i * dim + d];
    out[i] = s;
  }
  return out;
}

/** Projects every item's articles onto the monotonicity constraint (see {@link articleSizeDirection}). */
export function projectAllItems(params: LatentFitParams, catalog: LatentFitCatalog): void {
  const dim = params.K + 1;
  const a = articleSizeDirection(params, meanRow(params.user, dim));
  const nI = catalog.items.length;
  let maxM = 1;
  for (let i = 0; i < nI; i++) maxM = Math.max(maxM, catalog.itemStart[i + 1] - catalog.itemStart[i]);
  const scratch = new Float64Array(2 * maxM);
  for (let i = 0; i < nI; i++) {
    projectMonotoneSizes(
      params.article,
      dim,
      catalog.itemArticles,
      catalog.itemStart[i],
      catalog.itemStart[i + 1],
      a,
      scratch,
    );
  }
}

/** Number of columns of {@link fitRepresentation}: K, plus 2 with biases. */
export function representationWidth(params: LatentFitParams): number {
  return params.K + (params.biases ? 2 : 0);
}

/**
 * How {@link fitRepresentation} places an article it has not learned:
 * - `'catalog-size'` (default): with 'lv', by its catalog size (see {@link fitRepresentation});
 * - `'mean-row'`: an unseen item takes the mean article row and an unseen size of a known item its size-interpolated
 *   row, clamped at the item's end sizes (for every variant; what `LatentFitModel.fit` gives its head to learn from).
 */
export type UnseenArticleRows = 'catalog-size' | 'mean-row';

/**
 * The fit representation of each row: the terms of the score `w ⊙ (b_c ⊕ b_p ⊕ φ)` (the constant
 * `w[0] α` is left out; their sum plus it is the score f). Unseen customers take the mean customer row;
 * an unseen size of a known item takes the size-interpolated row of the item's nearest known sizes;
 * an unseen item (or a missing size, or an item without a known article) takes the mean article row.
 *
 * With 'lv' (the article side is a true size) and `unseen: 'catalog-size'`, an article outside what was learned
 * is placed by its catalog size instead, as training starts each article from its standardised catalog size (see
 * `trainLatentFit`): the least-squares line of the learned article rows on the catalog sizes (see
 * `catalogSizeLine`) gives an unseen item of size s the row `mean + (s - mean size) x slope` (the mean article
 * row at the mean catalog size), and a size of a known item beyond its smallest or largest known size that end's
 * row moved by `(s - end size) x slope`; s is clamped to the range of the learned catalog sizes. Without such a
 * line (no finite size, fewer than two distinct sizes, or a line along which the true size does not grow), and
 * always for 'lf', the rows are the ones above.
 *
 * @param unseen - see {@link UnseenArticleRows}.
 * @returns n x {@link representationWidth} values, row-major.
 * @throws InvalidArgumentError when `unseen` is not one of {@link UnseenArticleRows}.
 */
export function fitRepresentation(
  params: LatentFitParams,
  catalog: LatentFitCatalog,
  rows: EncodedFitRows,
  unseen: UnseenArticleRows = 'catalog-size',
): Float64Array {
  if (unseen !== 'catalog-size' && unseen !== 'mean-row') {
    throw new InvalidArgumentError(
      `fitRepresentation: unseen must be 'catalog-size' or 'mean-row', got ${String(unseen)}`,
    );
  }
  const { K, w, biases, variant } = params;
  const dim = K + 1;
  const D = representationWidth(params);
  const n = rows.user.length;
  const out = new Float64Array(n * D);
  const meanU = meanRow(params.user, dim);
  const meanV = meanRow(params.article, dim);
  const vBuf = new Float64Array(dim);
  let line: CatalogSizeLine | undefined | null = unseen === 'catalog-size' && variant === 'lv' ? undefined : null;
  for (let r = 0; r < n; r++) {
    const c = rows.user[r];
    const uArr = c >= 0 ? params.user : meanU;
    const uo = c >= 0 ? c * dim : 0;
    let vArr: Float64Array;
    let vo = 0;
    const p = rows.article[r];
    const size = rows.size[r];
    if (p >= 0) {
      vArr = params.article;
      vo = p * dim;
    } else {
      // Built once, for the first row that needs it (null: not wanted, or no line).
      if (line === undefined && Number.isFinite(size)) line = catalogSizeLine(params, catalog, meanU, meanV) ?? null;
      const byLine = line && Number.isFinite(size) ? line : undefined;
      if (
        rows.item[r] >= 0 &&
        !Number.isNaN(size) &&
        interpolateArticle(params.article, dim, catalog, rows.item[r], size, vBuf, byLine)
      ) {
        vArr = vBuf;
      } else if (byLine !== undefined) {
        alongLine(byLine, meanV, byLine.meanT, size, vBuf);
        vArr = vBuf;
      } else {
        vArr = meanV;
      }
    }
    const o = r * D;
    let j = 0;
    if (biases) {
      out[o] = w[1] * uArr[uo];
      out[o + 1] = w[2] * vArr[vo];
      j = 2;
    }
    for (let k = 0; k < K; k++) {
      const u = uArr[uo + 1 + k];
      const v = vArr[vo + 1 + k];
      out[o + j + k] = w[3 + k] * (variant === 'lv' ? u - v : u * v);
    }
  }
  return out;
}

/**
 * The least-squares line of the learned article rows on the catalog sizes, in units of `t = size / scale`
 * (scale = the largest |size|, so that sizes near the float limits neither overflow nor underflow).
 */
interface CatalogSizeLine {
  scale: number;
  /** Smallest and largest learned t. */
  minT: number;
  maxT: number;
  /** Mean learned t (the mean article row lies on the line there). */
  meanT: number;
  /** Change of each article-row entry per unit of t. */
  slope: Float64Array;
}

/**
 * The line of article rows on catalog sizes learned by a fitted model (each article weighs the same): at the start
 * of 'lv' training it is exactly the map from catalog size to standardised size, up to the weighting by rows.
 * @returns undefined when the sizes are fewer than two distinct finite values, or the article's true size (its dot
 *   product with {@link articleSizeDirection}) does not grow along the line: the line would then not order sizes.
 */
function catalogSizeLine(
  params: LatentFitParams,
  catalog: LatentFitCatalog,
  meanU: Float64Array,
  meanV: Float64Array,
): CatalogSizeLine | undefined {
  const sizes = catalog.articleSize;
  const nP = sizes.length;
  const dim = params.K + 1;
  let scale = 0;
  for (let p = 0; p < nP; p++) scale = Math.max(scale, Math.abs(sizes[p]));
  if (!(scale > 0) || !Number.isFinite(scale)) return undefined;
  let meanT = 0;
  let minT = Infinity;
  let maxT = -Infinity;
  for (let p = 0; p < nP; p++) {
    const t = sizes[p] / scale;
    meanT += t;
    minT = Math.min(minT, t);
    maxT = Math.max(maxT, t);
  }
  meanT /= nP;
  let varT = 0;
  const slope = new Float64Array(dim);
  for (let p = 0; p < nP; p++) {
    const dt = sizes[p] / scale - meanT;
    varT += dt * dt;
    for (let d = 0; d < dim; d++) slope[d] += dt * (params.article[p * dim + d] - meanV[d]);
  }
  if (!(varT > 0)) return undefined;
  for (let d = 0; d < dim; d++) slope[d] /= varT;
  const a = articleSizeDirection(params, meanU);
  let grow = 0;
  for (let d = 0; d < dim; d++) grow += a[d] * slope[d];
  if (!(grow > 0) || !Number.isFinite(grow)) return undefined;
  return { scale, minT, maxT, meanT, slope };
}

/** `out = from + (t(size) - fromT) x slope`, t clamped to the learned range. */
function alongLine(
  line: CatalogSizeLine,
  from: ArrayLike<number>,
  fromT: number,
  size: number,
  out: Float64Array,
): void {
  const t = Math.min(line.maxT, Math.max(line.minT, size / line.scale));
  for (let d = 0; d < out.length; d++) out[d] = from[d] + (t - fromT) * line.slope[d];
}

/**
 * Article row of size `size` of item `item`, interpolated linearly between its nearest known sizes, into `out`.
 * Beyond the item's ends: the end's row, or with `line` that row moved along the line (see {@link alongLine}).
 * @returns false, leaving `out` as it was, when the item has no article (the caller then treats it as unseen).
 */
function interpolateArticle(
  article: Float64Array,
  dim: number,
  catalog: LatentFitCatalog,
  item: number,
  size: number,
  out: Float64Array,
  line?: CatalogSizeLine,
): boolean {
  const { itemStart, itemArticles, articleSize } = catalog;
  const lo = itemStart[item];
  const hi = itemStart[item + 1];
  if (lo === hi) return false;
  let j = lo;
  while (j < hi && articleSize[itemArticles[j]] < size) j++;
  if (j === lo || j === hi) {
    const p = itemArticles[j === lo ? lo : hi - 1];
    if (line !== undefined) {
      alongLine(line, article.subarray(p * dim, (p + 1) * dim), articleSize[p] / line.scale, size, out);
    } else {
      for (let d = 0; d < dim; d++) out[d] = article[p * dim + d];
    }
    return true;
  }
  const p0 = itemArticles[j - 1];
  const p1 = itemArticles[j];
  const t = (size - articleSize[p0]) / (articleSize[p1] - articleSize[p0]);
  for (let d = 0; d < dim; d++) out[d] = (1 - t) * article[p0 * dim + d] + t * article[p1 * dim + d];
  return true;
}

/** Score f of each row of a representation: row sum plus `w[0] α`. */
export function scoresOf(params: LatentFitParams, rep: Float64Array): Float64Array {
  const D = representationWidth(params);
  const n = rep.length / D;
  const out = new Float64Array(n);
  const c = params.w[0] * params.alpha;
  for (let i = 0; i < n; i++) {
    let s = c;
    for (let d = 0; d < D; d++) s += rep[i * D + d];
    out[i] = s;
  }
  return out;
}

/** Parameters as plain JSON (numbers exact). */
export function latentFitParamsToJSON(p: LatentFitParams): Record<string, unknown> {
  return {
    variant: p.variant,
    K: p.K,
    biases: p.biases,
    alpha: p.alpha,
    b1: p.b1,
    b2: p.b2,
    w: encodeNumbers(p.w),
    user: encodeNumbers(p.user),
    article: encodeNumbers(p.article),
  };
}

/**
 * Reverses {@link latentFitParamsToJSON}.
 * @throws ModelFormatError on bad shapes or values (any NaN or infinity), or thresholds out of order (b1 > b2).
 */
export function latentFitParamsFromJSON(
  json: unknown,
  numUsers: number,
  numArticles: number,
  what: string,
): LatentFitParams {
  const o = json as Record<string, unknown> | null;
  if (typeof o !== 'object' || o === null) throw new ModelFormatError(`${what}: params must be an object`);
  const K = o.K;
  if (typeof K !== 'number' || !Number.isInteger(K) || K < 1)
    throw new ModelFormatError(`${what}: params.K must be an integer >= 1`);
  if (o.variant !== 'lv' && o.variant !== 'lf')
    throw new ModelFormatError(`${what}: params.variant must be 'lv' or 'lf'`);
  if (typeof o.biases !== 'boolean') throw new ModelFormatError(`${what}: params.biases must be a boolean`);
  for (const k of ['alpha', 'b1', 'b2']) {
    if (typeof o[k] !== 'number' || !Number.isFinite(o[k]))
      throw new ModelFormatError(`${what}: params.${k} must be a finite number`);
  }
  // Training keeps b1 <= b2 (it merges them when a step crosses them): with b1 above b2 a score between them
  // would be both 'small' and 'large', and the ordinal head's classes would be out of order.
  if ((o.b1 as number) > (o.b2 as number)) {
    throw new ModelFormatError(
      `${what}: thresholds out of order: params.b1 (threshold 0) is ${o.b1 as number}, above params.b2 ` +
        `(threshold 1) = ${o.b2 as number}; fit keeps b1 <= b2`,
    );
  }
  const w = decodeNumbers(o.w, `${what}: params.w`);
  const user = decodeNumbers(o.user, `${what}: params.user`);
  const article = decodeNumbers(o.article, `${what}: params.article`);
  if (w.length !== K + 3) throw new ModelFormatError(`${what}: params.w must have ${K + 3} values, has ${w.length}`);
  if (user.length !== numUsers * (K + 1)) {
    throw new ModelFormatError(`${what}: params.user must have ${numUsers * (K + 1)} values, has ${user.length}`);
  }
  if (article.length !== numArticles * (K + 1)) {
    throw new ModelFormatError(
      `${what}: params.article must have ${numArticles * (K + 1)} values, has ${article.length}`,
    );
  }
  // A NaN or infinite parameter makes every score it enters NaN: the predictions would silently be null.
  for (const [name, values] of [
    ['w', w],
    ['user', user],
    ['article', article],
  ] as const) {
    checkFiniteValues(values, `${what}: params.${name}`);
  }
  return {
    variant: o.variant,
    K,
    biases: o.biases,
    alpha: o.alpha as number,
    b1: o.b1 as number,
    b2: o.b2 as number,
    w,
    user,
    article,
  };
}
