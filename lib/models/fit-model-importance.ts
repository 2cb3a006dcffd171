import { InvalidArgumentError } from '../core/errors.js';
import { BaggedFitModel } from './bagged-fit-model.js';
import type { FitModel } from './fit-model.js';
import { PipelineModel } from './pipeline-model.js';

/** One feature's share of a fitted model's importance. */
export type FeatureImportanceRow = {
  /** Feature name (a column of the model's feature pipeline). */
  feature: string;
  /** Feature family from the pipeline's `featureInfo()` (body, customer, article...). */
  group: string;
  /** Share of the model's total importance (the shares sum to 1). */
  share: number;
  /** What the feature means, from `featureInfo()`. */
  description: string;
};

/** A classifier that reports one importance per feature (GradientBoostedTrees does). */
interface WithImportance {
  featureImportance(type?: 'gain' | 'split'): Float64Array;
}

function hasImportance(x: unknown): x is WithImportance {
  return typeof (x as Partial<WithImportance>)?.featureImportance === 'function';
}

function pipelineShares(model: PipelineModel, type: 'gain' | 'split'): FeatureImportanceRow[] {
  if (!hasImportance(model.classifier)) {
    throw new InvalidArgumentError(
      `fitModelImportance: classifier '${model.classifier.kind}' reports no feature importance`,
    );
  }
  const values = model.classifier.featureImportance(type);
  const info = model.pipeline.featureInfo();
  if (info.length !== values.length) {
    throw new InvalidArgumentError(
      `fitModelImportance: the pipeline describes ${info.length} features, the classifier has ${values.length}`,
    );
  }
  const total = values.reduce((s, v) => s + v, 0);
  return info.map((f, j) => ({
    feature: f.name,
    group: f.group,
    share: total > 0 ? values[j] / total : 0,
    description: f.description,
  }));
}

/**
 * Feature importance of a fitted dataset-level model, as shares of its total, largest first: a
 * {@link PipelineModel} whose classifier reports importance (gradient-boosted trees: `'gain'`, the
 * total split gain, or `'split'`, the number of splits), or a {@link BaggedFitModel} of such models
 * (the mean of its members' shares, features matched by name).
 *
 * @param model - a fitted model. @param type - `'gain'` (default) or `'split'`.
 * @returns one row per feature, sorted by decreasing share.
 * @throws NotFittedError for an unfitted model; InvalidArgumentError for a model without feature
 * importance (prior, latent, neural, ensemble, a linear classifier).
 */
export function fitModelImportance(model: FitModel, type: 'gain' | 'split' = 'gain'): FeatureImportanceRow[] {
  let rows: FeatureImportanceRow[];
  if (model instanceof PipelineModel) {
    rows = pipelineShares(model, type);
  } else if (model instanceof BaggedFitModel) {
    const members = model.fittedMembers.map((m) => fitModelImportance(m, type));
    const byName = new Map<string, FeatureImportanceRow>();
    for (const member of members) {
      for (const r of member) {
        const acc = byName.get(r.feature) ?? { ...r, share: 0 };
        acc.share += r.share / members.length;
        byName.set(r.feature, acc);
      }
    }
    rows = [...byName.values()];
  } else {
    throw new InvalidArgumentError(`fitModelImportance: model '${model.kind}' reports no feature importance`);
  }
  return rows.sort((a, b) => b.share - a.share);
}
