import { Rng } from '../core/rng.js';
import type { LatentFitCatalog } from './latent-fit-catalog.js';
import type { ResolvedLatentFitOptions } from './latent-fit-options.js';
import { articleSizeDirection, meanRow, projectAllItems, type LatentFitParams } from './latent-fit-params.js';
import { needsScaledMoments, scaledColumnMoments } from '../features/column-moments.js';
import { projectMonotoneSizes } from './latent-monotone-projection.js';

/** Training rows for {@link trainLatentFit}: customer, article and class code (0 small, 1 fit, 2 large) per row. */
export interface LatentFitTrainingRows {
  user: Int32Array;
  article: Int32Array;
  label: Int32Array;
}

/**
 * Learns the parameters of a latent fit model by projected SGD on the ordinal hinge loss with two
 * thresholds b1 <= b2 (Sembium et al., RecSys 2017; Misra, Wan & McAuley, RecSys 2018, Eq. 3):
 * small: max(0, m - f + b2); fit: max(0, m + f - b2) + max(0, m - f + b1); large: max(0, m + f - b1),
 * each row weighted by its class weight (option `classWeights`), plus L2 penalties on the touched customer/article rows and on w, applied at each visit.
 *
 * Monotonicity (Misra et al. Sec. 3.2): after each step the updated article's item is projected so that
 * the article size score (see `articleSizeDirection`) does not decrease along the item's sizes; as `w`
 * (and, for 'lf', the mean customer) move with every step, all items are projected again at the end of
 * each epoch, so the constraint holds exactly for the returned parameters.
 *
 * Initialisation (our choice): latent entries ~ N(0, initScale), w = 1, biases 0; with 'lv' the first
 * latent dimension starts at the standardised catalog size (articles) and the mean standardised size
 * bought (customers), so training starts from "everyone buys their true size".
 */
export function trainLatentFit(
  catalog: LatentFitCatalog,
  rows: LatentFitTrainingRows,
  o: ResolvedLatentFitOptions,
  rng: Rng,
): LatentFitParams {
  const K = o.K;
  const dim = K + 1;
  const nU = catalog.numUsers;
  const nP = catalog.numArticles;
  const user = new Float64Array(nU * dim);
  const article = new Float64Array(nP * dim);
  for (let i = 0; i < nU; i++) for (let k = 1; k < dim; k++) user[i * dim + k] = rng.normal(0, o.initScale);
  for (let i = 0; i < nP; i++) for (let k = 1; k < dim; k++) article[i * dim + k] = rng.normal(0, o.initScale);
  const w = new Float64Array(K + 3);
  for (let k = 0; k < K; k++) w[3 + k] = 1;
  if (o.biases) w[0] = w[1] = w[2] = 1;
  const params: LatentFitParams = {
    variant: o.variant,
    K,
    biases: o.biases,
    alpha: 0,
    w,
    user,
    article,
    b1: -1,
    b2: 1,
  };
  if (o.variant === 'lv') initFromCatalogSize(params, catalog, rows);

  const n = rows.user.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const m = o.margin;
  const l2 = o.l2;
  const l2w = o.l2Weights;
  const lf = o.variant === 'lf';
  const gradW = new Float64Array(K + 3);
  let maxM = 1;
  for (let i = 0; i < catalog.items.length; i++) maxM = Math.max(maxM, catalog.itemStart[i + 1] - catalog.itemStart[i]);
  const scratch = new Float64Array(2 * maxM);
  const dir = new Float64Array(dim);
  const classWeight = new Float64Array([1, 1, 1]);
  if (o.classWeights === 'balanced') {
    const cnt = new Float64Array(3);
    for (let i = 0; i < n; i++) cnt[rows.label[i]]++;
    for (let c = 0; c < 3; c++) classWeight[c] = cnt[c] > 0 ? n / (3 * cnt[c]) : 0;
  }
  let lr = o.learningRate;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    rng.shuffle(order);
    const meanU = meanRow(user, dim);
    for (let q = 0; q < n; q++) {
      const t = order[q];
      const c = rows.user[t];
      const p = rows.article[t];
      const y = rows.label[t];
      const uo = c * dim;
      const vo = p * dim;
      let f = o.biases ? w[0] * params.alpha + w[1] * user[uo] + w[2] * article[vo] : 0;
      for (let k = 0; k < K; k++) {
        const u = user[uo + 1 + k];
        const v = article[vo + 1 + k];
        f += w[3 + k] * (lf ? u * v : u - v);
      }
      // dLoss/df and dLoss/db1, dLoss/db2.
      let g = 0;
      let g1 = 0;
      let g2 = 0;
      if (y === 0) {
        if (m - f + params.b2 > 0) {
          g = -1;
          g2 = 1;
        }
      } else if (y === 2) {
        if (m + f - params.b1 > 0) {
          g = 1;
          g1 = -1;
        }
      } else {
        if (m + f - params.b2 > 0) {
          g += 1;
          g2 -= 1;
        }
        if (m - f + params.b1 > 0) {
          g -= 1;
          g1 += 1;
        }
      }
      const cw = classWeight[y];
      g *= cw;
      g1 *= cw;
      g2 *= cw;
      // Gradient of w at the current point.
      if (o.biases) {
        gradW[0] = g * params.alpha;
        gradW[1] = g * user[uo];
        gradW[2] = g * article[vo];
      }
      for (let k = 0; k < K; k++) {
        const u = user[uo + 1 + k];
        const v = article[vo + 1 + k];
        gradW[3 + k] = g * (lf ? u * v : u - v);
        const wk = w[3 + k];
        const gu = g * wk * (lf ? v : 1);
        const gv = g * wk * (lf ? u : -1);
        user[uo + 1 + k] = u - lr * (gu + l2 * u);
        article[vo + 1 + k] = v - lr * (gv + l2 * v);
      }
      if (o.biases) {
        const bu = user[uo];
        const bp = article[vo];
        user[uo] = bu - lr * (g * w[1] + l2 * bu);
        article[vo] = bp - lr * (g * w[2] + l2 * bp);
        params.alpha -= lr * g * w[0];
        for (let k = 0; k < 3; k++) w[k] -= lr * (gradW[k] + l2w * w[k]);
      }
      for (let k = 3; k < K + 3; k++) w[k] -= lr * (gradW[k] + l2w * w[k]);
      params.b1 -= lr * g1;
      params.b2 -= lr * g2;
      if (params.b1 > params.b2) params.b1 = params.b2 = (params.b1 + params.b2) / 2;
      if (o.monotone) {
        const it = catalog.articleItem[p];
        articleSizeDirection(params, meanU, dir);
        projectMonotoneSizes(
          article,
          dim,
          catalog.itemArticles,
          catalog.itemStart[it],
          catalog.itemStart[it + 1],
          dir,
          scratch,
        );
      }
    }
    if (o.monotone) projectAllItems(params, catalog);
    lr *= o.learningRateDecay;
  }
  if (o.monotone) projectAllItems(params, catalog);
  return params;
}

/** 'lv': first latent dimension from standardised catalog sizes (articles) and mean size bought (customers). */
function initFromCatalogSize(params: LatentFitParams, catalog: LatentFitCatalog, rows: LatentFitTrainingRows): void {
  const dim = params.K + 1;
  const sizes = catalog.articleSize;
  const n = rows.user.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += sizes[rows.article[i]];
  mean /= Math.max(n, 1);
  let v = 0;
  for (let i = 0; i < n; i++) v += (sizes[rows.article[i]] - mean) ** 2;
  let sd = Math.sqrt(v / Math.max(n, 1)) || 1;
  if (n > 0 && needsScaledMoments(v)) {
    // Sizes whose sum or squares leave the float range (about 1e154 and beyond, or 1e-154 and below): the moments
    // of the sizes divided by their largest |size| (before, an infinite mean made every parameter NaN).
    const m = scaledColumnMoments(
      Float64Array.from(rows.article, (p) => sizes[p]),
      n,
      1,
      0,
      0,
      Number.isFinite(mean) ? mean : undefined,
    );
    mean = m.mean;
    sd = m.sd || 1;
  }
  for (let p = 0; p < catalog.numArticles; p++) params.article[p * dim + 1] = (sizes[p] - mean) / sd;
  const sum = new Float64Array(catalog.numUsers);
  const cnt = new Int32Array(catalog.numUsers);
  for (let i = 0; i < n; i++) {
    sum[rows.user[i]] += (sizes[rows.article[i]] - mean) / sd;
    cnt[rows.user[i]]++;
  }
  for (let c = 0; c < catalog.numUsers; c++) if (cnt[c] > 0) params.user[c * dim + 1] = sum[c] / cnt[c];
}
