import { InvalidArgumentError } from '../core/errors.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import { featureMatrix, takeMatrixRows } from '../features/feature-matrix.js';
import { avgOvrAuc } from '../validation/multiclass-auc.js';
import { StratifiedKFold } from '../validation/stratified-k-fold.js';
import type { LatentFitModel } from './latent-fit-model.js';
import { LogisticRegression } from './logistic-regression.js';
import { fitLabelCodes } from './prior-fit-labels.js';

/** Options of {@link latentRepresentationAblation}. */
export interface RepresentationAblationOptions {
  /** Folds of the cross-validation on `data` (default 5). */
  folds?: number;
  /** Seed of the folds (default 0). */
  seed?: number;
}

/** What one part of a latent model's representation tells about the labels of some rows. */
export interface RepresentationAblationRow {
  /** `biases` (the customer and article bias terms), `latent terms` (the K terms of φ) or `all`. */
  part: 'biases' | 'latent terms' | 'all';
  /** Columns of the representation in this part. */
  columns: number;
  /** Mean over the folds of the average one-vs-rest AUC of a logistic regression on this part alone. */
  avgAuc: number;
  /** Standard deviation of that AUC over the folds (n - 1). */
  sd: number;
  /** Mean over the part's columns of each column's standard deviation over the rows (how much the part varies). */
  meanColumnSd: number;
}

/**
 * Which part of a fitted latent fit model's representation `w ⊙ (b_c ⊕ b_p ⊕ φ)` carries the information about fit
 * feedback: for the biases, the K latent terms and the whole, a logistic regression is cross-validated on `data`'s
 * representation (stratified folds) and scored by average AUC. A model whose latent terms score near 0.5 alone, and
 * whose biases score as well as the whole, is a bias model: no head on that representation (logistic, metric
 * learning) can do better than the biases allow. Use rows the model was not fitted on (a held-out split).
 *
 * @param model - a fitted {@link LatentFitModel}.
 * @param data - labelled rows, the labels in the model's `columns.label` column (rows without a label are left out).
 * @returns one row per part (`biases` only when the model has biases), in the order biases, latent terms, all.
 * @throws NotFittedError for an unfitted model; InvalidArgumentError when `data` has no categorical label column
 *   `columns.label` or fewer labelled rows than folds.
 */
export function latentRepresentationAblation(
  model: LatentFitModel,
  data: ColumnarDataset,
  options: RepresentationAblationOptions = {},
): RepresentationAblationRow[] {
  const R = model.representation(data);
  const { K, biases, columns } = model.options;
  const width = K + (biases ? 2 : 0);
  const labels = fitLabelCodes(data, 'latentRepresentationAblation', columns.label);
  const rows: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0) rows.push(i);
  const folds = options.folds ?? 5;
  if (rows.length < folds) {
    throw new InvalidArgumentError(`latentRepresentationAblation: ${rows.length} labelled rows for ${folds} folds`);
  }
  const y = Int32Array.from(rows, (i) => labels[i]);
  const parts: [RepresentationAblationRow['part'], number[]][] = [];
  const latent = Array.from({ length: K }, (_, k) => k + (biases ? 2 : 0));
  if (biases) parts.push(['biases', [0, 1]]);
  parts.push(['latent terms', latent]);
  parts.push(['all', Array.from({ length: width }, (_, j) => j)]);
  const split = new StratifiedKFold({ k: folds, seed: options.seed ?? 0 }).split(rows.length, y);
  return parts.map(([part, cols]) => {
    const p = cols.length;
    const X = new Float64Array(rows.length * p);
    for (let r = 0; r < rows.length; r++) for (let j = 0; j < p; j++) X[r * p + j] = R[rows[r] * width + cols[j]];
    const M = featureMatrix(
      X,
      rows.length,
      p,
      cols.map((c) => `r${c}`),
    );
    const aucs = split.map((fold) => {
      const lr = new LogisticRegression().fit(takeMatrixRows(M, fold.train), takeLabels(y, fold.train));
      return avgOvrAuc(takeLabels(y, fold.test), lr.predictProba(takeMatrixRows(M, fold.test)));
    });
    const mean = aucs.reduce((s, v) => s + v, 0) / aucs.length;
    const sd = Math.sqrt(aucs.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, aucs.length - 1));
    return { part, columns: p, avgAuc: mean, sd, meanColumnSd: meanSd(X, rows.length, p) };
  });
}

function takeLabels(y: Int32Array, idx: ArrayLike<number>): Int32Array {
  return Int32Array.from({ length: idx.length }, (_, i) => y[idx[i]]);
}

/** Mean over the columns of an n x p matrix of their standard deviations. */
function meanSd(X: Float64Array, n: number, p: number): number {
  let total = 0;
  for (let j = 0; j < p; j++) {
    let s = 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      s += X[i * p + j];
      ss += X[i * p + j] ** 2;
    }
    const m = s / n;
    total += Math.sqrt(Math.max(0, ss / n - m * m));
  }
  return total / p;
}
