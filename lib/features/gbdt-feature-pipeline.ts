import { ArticleFeatures } from './article-features.js';
import { BodyFeatures } from './body-features.js';
import { CustomerHistoryFeatures } from './customer-history-features.js';
import { CustomerRecencyFeatures, type CustomerRecencyFeaturesOptions } from './customer-recency-features.js';
import { FeaturePipeline } from './feature-pipeline.js';
import type { HistoryFeaturesOptions } from './group-history-features.js';
import { RawColumnFeatures } from './raw-column-features.js';
import { RelativeSizeFeatures, type RelativeSizeFeaturesOptions } from './relative-size-features.js';
import { RenterSizeFeatures } from './renter-size-features.js';
import { TimelineFeatures } from './timeline-features.js';

/** Options of {@link gbdtFeaturePipeline}. */
export interface GbdtFeaturePipelineOptions {
  /** Folds of the cross-fitting of every history step (default 10). */
  nFolds?: number;
  /** Seed of the fold assignment, shared by all steps so their folds coincide (default 0). */
  seed?: number;
  /** Options of the customer and article history steps (nFolds and seed above take precedence). */
  history?: Omit<HistoryFeaturesOptions, 'nFolds' | 'seed'>;
  /** Options of the relative-size step (nFolds and seed above take precedence). */
  relative?: Omit<RelativeSizeFeaturesOptions, 'nFolds' | 'seed'>;
  /** Options of the customer-recency step (nFolds and seed above take precedence). */
  recency?: Omit<CustomerRecencyFeaturesOptions, 'nFolds' | 'seed'>;
  /** Include the label-free timeline step (default true; false gives the pipeline of models saved before it). */
  timeline?: boolean;
  /** Include the label-free renter-size step (default true; false gives the pipeline of models saved before it). */
  renterSize?: boolean;
}

/**
 * The feature pipeline of the best fit model (issue 5): body, customer history, article,
 * relative-size, customer-recency, timeline and renter-size features, plus category, body type, occasion and review date as raw codes and
 * numbers (no one-hot block, no imputation: gradient-boosted trees split codes and route NaN
 * themselves). All history steps are K-fold cross-fitted on the same folds.
 *
 * @param options - folds (default 10), seed, and the steps' own options.
 * @returns an unfitted {@link FeaturePipeline}.
 * @throws InvalidArgumentError on an invalid option of a step.
 */
export function gbdtFeaturePipeline(options: GbdtFeaturePipelineOptions = {}): FeaturePipeline {
  const folds = { nFolds: options.nFolds ?? 10, seed: options.seed ?? 0 };
  return new FeaturePipeline({
    steps: [
      new BodyFeatures(),
      new CustomerHistoryFeatures({ ...options.history, ...folds }),
      new ArticleFeatures({ ...options.history, ...folds }),
      new RelativeSizeFeatures({ ...options.relative, ...folds }),
      new CustomerRecencyFeatures({ ...options.recency, ...folds }),
      ...(options.timeline === false ? [] : [new TimelineFeatures()]),
      ...(options.renterSize === false ? [] : [new RenterSizeFeatures()]),
      new RawColumnFeatures(),
    ],
  });
}
