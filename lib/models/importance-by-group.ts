import type { FeatureImportanceRow } from './fit-model-importance.js';

/** A feature family's part of a model's importance. */
export type GroupImportanceRow = { family: string; features: number; 'gain share': number };

/**
 * The rows of {@link fitModelImportance} totalled by feature family (body, customer, article...): how many features
 * each family has and the sum of their shares, largest share first (notebook 03's table).
 */
export function importanceByGroup(rows: readonly FeatureImportanceRow[]): GroupImportanceRow[] {
  const byGroup = new Map<string, GroupImportanceRow>();
  for (const r of rows) {
    const g = byGroup.get(r.group) ?? { family: r.group, features: 0, 'gain share': 0 };
    g.features++;
    g['gain share'] += r.share;
    byGroup.set(r.group, g);
  }
  return [...byGroup.values()].sort((a, b) => b['gain share'] - a['gain share']);
}
