import { InvalidArgumentError, SizefitError } from '../core/errors.js';
import { accuracy } from './accuracy.js';
import { bootstrapCi } from './bootstrap-ci.js';
import { checkLabelsAndProba } from './check-inputs.js';
import { logLoss } from './log-loss.js';
import { MetricInputError } from './metric-input-error.js';
import { bootstrapSettings } from './resample.js';
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
  /**
   * Lower end of the bootstrap interval of avgAuc (NaN without `samples` or when undefined). The interval is over
   * the resamples in which every class appears in the group (the others have no avgAuc and are dropped): see
   * `resamplesUsed` and `resamplesDropped`.
   */
  low: number;
  /** Upper end of the bootstrap interval of avgAuc. */
  high: number;
  /** Share of rows whose most probable class is the true one. */
  accuracy: number;
  /** Mean negative log-likelihood of the true class. */
  logLoss: number;
  /** Bootstrap resamples of the group behind low/high: those in which every class appears (0 without an interval). */
  resamplesUsed: number;
  /**
   * Bootstrap resamples of the group dropped because a class did not appear in them (avgAuc undefined; 0 without an
   * interval). Many dropped resamples (a rare class) mean the interval is conditional on the rare class being drawn.
   */
  resamplesDropped: number;
};

/** Options of {@link metricsByGroup}. */
export interface MetricsByGroupOptions {
  /** Bootstrap resamples of each group's avgAuc interval: an integer >= 0 (default 0: no interval). */
  samples?: number;
  /** Interval level (default 0.95). */
  level?: number;
  /** Bootstrap seed (default 0). */
  seed?: number;
  /** Groups with fewer rows are left out: an integer >= 0 (default 1; a group without rows is always left out). */
  minRows?: number;
}

/**
 * Average AUC, accuracy and log-loss of each group of rows (a category, "customer seen in training or
 * not", a bin of training counts...): the error drivers of a model. Rows with group code -1 are left
 * out. Groups are listed in code order. Each group's avgAuc interval (with `samples`) is over the resamples in which
 * every class appears in the group; the row says how many were used and dropped.
 *
 * @param y - class codes 0..k-1. @param P - probabilities, n x k row-major: every row (grouped or not) a
 * distribution. @param groups - group code of each row (0..names.length-1, or -1). @param names - group names.
 * @param options - bootstrap `samples` (0), `level` (0.95), `seed` (0), `minRows` (1).
 * @throws InvalidArgumentError on malformed y/P (naming the data row, e.g. a row whose probabilities do not sum
 * to 1), groups of the wrong length, a code without a name, `samples` or `minRows` that is not an integer >= 0, or
 * (with `samples`) an invalid `level` or `seed`. SizefitError `BOOTSTRAP_FAILED`, naming the group, when a group's
 * interval is undefined on every resample (a small group with too few `samples`).
 */
export function metricsByGroup(
  y: ArrayLike<number>,
  P: ArrayLike<number>,
  groups: ArrayLike<number>,
  names: readonly string[],
  options: MetricsByGroupOptions = {},
): GroupMetricsRow[] {
  // The whole input is checked here, so that a bad row is named by its data row, not its place in its group.
  const k = checkLabelsAndProba('metricsByGroup', y, P, undefined, true);
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
  if (!Number.isInteger(samples) || samples < 0) {
    throw new InvalidArgumentError(`metricsByGroup: samples must be an integer >= 0 (0: no interval), got ${samples}`);
  }
  const bootstrap = { samples, level: options.level ?? 0.95, seed: options.seed ?? 0 };
  // The interval's level and seed are checked before any group is scored.
  if (samples > 0) bootstrapSettings(bootstrap);
  const minRows = options.minRows ?? 1;
  // NaN kept every group, 2.5 acted as 3 and -1 as 1.
  if (!(Number.isInteger(minRows) && minRows >= 0)) {
    throw new InvalidArgumentError(`metricsByGroup: minRows must be an integer >= 0, got ${minRows}`);
  }
  const out: GroupMetricsRow[] = [];
  members.forEach((rows, g) => {
    if (rows.length < Math.max(1, minRows)) return;
    out.push(inGroup(names[g], rows.length, () => groupRow(y, P, k, rows, names[g], grouped, bootstrap)));
  });
  return out;
}

/** The metrics of one group's rows (`rows`: their data rows). */
function groupRow(
  y: ArrayLike<number>,
  P: ArrayLike<number>,
  k: number,
  rows: number[],
  group: string,
  grouped: number,
  bootstrap: { samples: number; level: number; seed: number },
): GroupMetricsRow {
  const yg = Int32Array.from(rows, (i) => y[i]);
  const Pg = new Float64Array(rows.length * k);
  rows.forEach((i, r) => {
    for (let c = 0; c < k; c++) Pg[r * k + c] = P[i * k + c];
  });
  // NaN where a class of the group has no positive or no negative row.
  const avgAuc = multiclassAuc(yg, Pg, { multiClass: 'ovr', average: 'macro', allowUndefined: true });
  let low = NaN;
  let high = NaN;
  let resamplesUsed = 0;
  let resamplesDropped = 0;
  if (bootstrap.samples > 0 && !Number.isNaN(avgAuc)) {
    const ci = bootstrapCi(avgOvrAuc, yg, Pg, bootstrap);
    low = ci.low;
    high = ci.high;
    resamplesUsed = ci.samples;
    resamplesDropped = ci.invalid;
  }
  return {
    group,
    rows: rows.length,
    share: rows.length / grouped,
    avgAuc,
    low,
    high,
    accuracy: accuracy(yg, Pg),
    logLoss: logLoss(yg, Pg),
    resamplesUsed,
    resamplesDropped,
  };
}

/**
 * Runs `fn` on one group; a SizefitError it throws is thrown again naming the group (see {@link inGroupError}). The
 * input was checked as a whole (metricsByGroup names a bad data row itself), so the one such error is a bootstrap
 * undefined on every resample of a small group (`BOOTSTRAP_FAILED`). Other errors pass through.
 */
function inGroup<T>(group: string, rows: number, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof SizefitError) throw inGroupError(e, `metricsByGroup: group '${group}' (${rows} rows)`);
    throw e;
  }
}

/**
 * `e` said in its group: an error of e's own class (an InvalidArgumentError stays one, for callers' `instanceof`),
 * with its code and its other fields, the message `${where}: ${e.message}` and `e` as its cause. The subclasses'
 * constructors take different arguments, so SizefitError's constructor is run for e's class (it names the error by
 * that class); a {@link MetricInputError}, whose message is rebuilt from its data ({@link MetricInputError.messageWith}),
 * is made anew from e's.
 */
function inGroupError(e: SizefitError, where: string): SizefitError {
  const message = `${where}: ${e.message}`;
  if (e instanceof MetricInputError) {
    const classNames: string[] = [];
    if (e.classCode !== undefined && e.className !== undefined) classNames[e.classCode] = e.className;
    const error = new MetricInputError((at) => `${where}: ${e.messageWith(at.row)}`, {
      row: e.row,
      classCode: e.classCode,
      classNames,
    });
    // As `new Error(message, { cause })` sets it: writable, configurable, not enumerable.
    Object.defineProperty(error, 'cause', { value: e, writable: true, configurable: true, enumerable: false });
    return error;
  }
  const error = Reflect.construct(SizefitError, [e.code, message, { cause: e }], e.constructor) as SizefitError;
  // The subclass's own fields (e.g. a ParseError's location); message, stack and cause are the new error's.
  for (const key of Object.keys(e)) {
    if (key === 'message' || key === 'stack' || key === 'cause') continue;
    Object.defineProperty(error, key, Object.getOwnPropertyDescriptor(e, key)!);
  }
  return error;
}
