import type { SyntheticResult } from '../data/synthetic-generator.js';
import { syntheticSizeSystem, type SyntheticSizeSystemName } from '../data/synthetic-size-systems.js';
import { rocAuc } from '../validation/roc-auc.js';
import type { CustomerSizeProfile } from './customer-size-profile.js';

/** Profile quality against the synthetic persons' true sizes and shared accounts. */
export interface SyntheticProfileEvaluation {
  /** (account, system) pairs of single-person accounts scored. */
  estimates: number;
  /** Share of those whose interval contains the person's true size. */
  coverage: number;
  /** Mean absolute error of the estimate, in label steps. */
  meanAbsError: number;
  /** Mean interval width, in label steps. */
  meanWidth: number;
  /** Accounts profiled, and of them shared (two persons). */
  accounts: number;
  shared: number;
  /** Accounts declared multi-person. */
  detected: number;
  /** Share of detected accounts that are shared (base rate: shared / accounts). */
  detectionPrecision: number;
  /** Share of shared accounts detected. */
  detectionRecall: number;
  /** AUC of `multiPersonScore` for shared vs single accounts (0.5 = chance). */
  detectionAuc: number;
}

/**
 * Scores customer size profiles made from synthetic data ({@link customerSizeProfiles} with the default
 * `size_system` column) against the ground truth: interval coverage and error on single-person accounts (true
 * size in label steps, the profile converted from the common size number), and multi-person detection.
 */
export function evaluateSyntheticProfiles(
  profiles: ReadonlyMap<string, CustomerSizeProfile>,
  synthetic: SyntheticResult,
): SyntheticProfileEvaluation {
  const persons = synthetic.truth.persons;
  const shared = new Set(persons.filter((p) => p.role === 1).map((p) => p.userId));
  const holder = new Map(persons.filter((p) => p.role === 0).map((p) => [p.userId, p]));
  let estimates = 0;
  let cover = 0;
  let err = 0;
  let width = 0;
  let detected = 0;
  let tp = 0;
  const scores: number[] = [];
  const labels: number[] = [];
  for (const [u, p] of profiles) {
    const isShared = shared.has(u);
    if (p.multiPerson) {
      detected++;
      if (isShared) tp++;
    }
    scores.push(Number.isFinite(p.multiPersonScore) ? p.multiPersonScore : -1e9);
    labels.push(isShared ? 1 : 0);
    const person = holder.get(u);
    if (isShared || person === undefined) continue;
    for (const s of p.systems) {
      const sys = syntheticSizeSystem(s.system as SyntheticSizeSystemName);
      const toLabel = (v: number): number => (v / 2 - sys.firstFine) / sys.fineStep;
      const t = person.trueSize[sys.name];
      const lo = toLabel(s.estimate.interval[0]);
      const hi = toLabel(s.estimate.interval[1]);
      estimates++;
      if (t >= lo && t <= hi) cover++;
      err += Math.abs(toLabel(s.estimate.size) - t);
      width += hi - lo;
    }
  }
  const nShared = labels.reduce((a, b) => a + b, 0);
  return {
    estimates,
    coverage: cover / estimates,
    meanAbsError: err / estimates,
    meanWidth: width / estimates,
    accounts: profiles.size,
    shared: nShared,
    detected,
    detectionPrecision: tp / detected,
    detectionRecall: tp / nShared,
    detectionAuc: nShared > 0 && nShared < labels.length ? rocAuc(labels, scores) : NaN,
  };
}
