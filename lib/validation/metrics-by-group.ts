import { InvalidArgumentError } from '../core/errors.js';
import { accuracy } from './accuracy.js';
import { bootstrapCi } from './bootstrap-ci.js';
import { checkLabelsAndProba } from './check-inputs.js';
import { logLoss } from './log-loss.js';
import { avgOvrAuc, multiclassAuc } from './multiclass-auc.js';

/** The metrics of one group of rows (see {@link metricsByGroup}). */
export type GroupMetricsRow = {
  /** Group name. */
  group: string;
  /** Rows in the group. */
  rows: number;
  /** Share of all grouped rows. */
  share: number;
  /** Average one-vs-rest AUC (NaN when a class has no positive or no negative row in the group). */
  avgAuc: number;
  /** Lower end of the bootstrap interval of avgAuc (NaN without `samples` or when undefined). */
  low: number;
  /** Upper end of the bootstrap interval of avgAuc. */
  high: number;
  /** Share of rows whose most probable class is the true one. */
  accuracy: number;
  /** Mean negative log-likelihood of the true class. */
  logLoss: number;
};

/** Options of {@link metricsByGroup}. */
export interface MetricsByGroupOptions {
  /** Bootstrap resamples of each group's avgAuc interval (default 0: no interval). */
  samples?: number;
  /** Interval level (default 0.95). */
  level?: number;
  /** Bootstrap seed (default 0). */
  seed?: number;
  /** Groups with fewer rows are left out (default 1). */
  minRows?: number;
}

/**
 * Average AUC, accuracy and log-loss of each group of rows (a category, "customer seen in training or
 * not", a bin of training counts...): the error drivers of a model. Rows with group code -1 are left
 * out. Groups are listed in code order.
 *
 * @param y - class codes 0..k-1. @param P - probabilities, n x k row-major.
 * @param groups - group code of each row (0..names.length-1, or -1). @param names - group names.
 * @param options - bootstrap `samples` (0), `level` (0.95), `seed` (0), `minRows` (1).
 * @throws InvalidArgumentError on malformed y/P, groups of the wrong length or a code without a name.
 */
export function metricsByGroup(
  y: ArrayLike<number>,
  P: ArrayLike<number>,
  groups: ArrayLike<number>,
  names: readonly string[],
  options: MetricsByGroupOptions = {},
): GroupMetricsRow[] {
  const k = checkLabelsAndProba('metricsByGroup', y, P);
  const n = y.length;
  if (groups.length !== n) throw new InvalidArgumentError(`metricsByGroup: ${groups.length} group codes for ${n} rows`);
  const members: number[][] = names.map(() => []);
  let grouped = 0;
  for (let i = 0; i < n; i++) {
    const g = groups[i];
    if (g === -1) continue;
    if (!Number.isInteger(g) || g < 0 || g >= names.length) {
      throw new InvalidArgumentError(`metricsByGroup: row ${i}: group code ${g} has no name`);
    }
    members[g].push(i);
    grouped++;
  }
  const samples = options.samples ?? 0;
  const minRows = options.minRows ?? 1;
  const out: GroupMetricsRow[] = [];
  members.forEach((rows, g) => {
    if (rows.length < Math.max(1, minRows)) return;
    const yg = Int32Array.from(rows, (i) => y[i]);
    const Pg = new Float64Array(rows.length * k);
    rows.forEach((i, r) => {
      for (let c = 0; c < k; c++) Pg[r * k + c] = P[i * k + c];
    });
    // NaN where a class of the group has no positive or no negative row.
    const avgAuc = multiclassAuc(yg, Pg, { multiClass: 'ovr', average: 'macro', allowUndefined: true });
    let low = NaN;
    let high = NaN;
    if (samples > 0 && !Number.isNaN(avgAuc)) {
      const ci = bootstrapCi(avgOvrAuc, yg, Pg, { samples, level: options.level ?? 0.95, seed: options.seed ?? 0 });
      low = ci.low;
      high = ci.high;
    }
    out.push({
      group: names[g],
      rows: rows.length,
      share: rows.length / grouped,
      avgAuc,
      low,
      high,
      accuracy: accuracy(yg, Pg),
      logLoss: logLoss(yg, Pg),
    });
  });
  return out;
}
