import { registerEstimator } from '../core/estimator.js';
import { featureMatrix, type FeatureMatrix } from './feature-matrix.js';
import { GroupHistoryFeatures, type HistoryFeaturesOptions } from './group-history-features.js';
import { N, rawRate, shrunkSize, sizeMoments, smoothedRate, type RowSums } from './group-stats.js';
import type { FeatureInfo } from './transformer.js';

const KIND = 'article-features';

const INFO: FeatureInfo[] = [
  ['cat_rate_small', 'small rate of the article’s category, smoothed towards the global rate with prior strength m'],
  ['cat_rate_large', 'large rate of the article’s category, smoothed towards the global rate with prior strength m'],
  ['item_n', 'number of training rows of the article (excluding the row’s own fold)'],
  [
    'item_size_mean',
    'mean purchased size of the article, shrunk towards the size system’s mean with sizePriorStrength pseudo-purchases',
  ],
  ['item_size_diff', 'this row’s size minus item_size_mean'],
  [
    'item_rate_small',
    'article’s small rate, (count + m * category rate) / (labelled + m): a Beta prior of strength m centred on cat_rate_small',
  ],
  ['item_rate_large', 'article’s large rate, smoothed towards cat_rate_large like item_rate_small'],
  ['itemsize_n', 'number of training rows of this article in this size'],
  ['itemsize_rate_small', 'small rate of (article, size), smoothed towards item_rate_small with prior strength m'],
  ['itemsize_rate_large', 'large rate of (article, size), smoothed towards item_rate_large with prior strength m'],
].map(([name, description]) => ({ name, description, group: 'article' }));

/**
 * Article features computed only from the rows the step is fitted on, with a hierarchy of Beta priors
 * of strength m (`priorStrength`, default 10 pseudo-rows): global rate -> category rate -> article
 * rate -> (article, size) rate, each level's small/large rate being `(count + m * parent rate) /
 * (labelled + m)`. Also the article's mean purchased size and the row's size minus it. Training rows
 * are cross-fitted (see {@link HistoryFeaturesOptions}); unseen articles get their category's rate
 * (or the global rate) and the system mean size.
 */
export class ArticleFeatures extends GroupHistoryFeatures {
  readonly kind = KIND;

  /** @throws InvalidArgumentError on an invalid option. */
  constructor(options: HistoryFeaturesOptions = {}) {
    super(options);
  }

  protected groupings(hasSystem: boolean): Record<string, string[]> {
    const sys = hasSystem ? ['size_system'] : [];
    return {
      category: ['category'],
      item: ['item_id', ...sys],
      itemSize: ['item_id', ...sys, 'size'],
      system: sys,
      global: [],
    };
  }

  protected entityGroupings(): readonly string[] {
    return ['item', 'itemSize'];
  }

  protected compute(R: Record<string, RowSums>, size: Float64Array, n: number): FeatureMatrix {
    const p = INFO.length;
    const out = new Float64Array(n * p);
    const { category: ca, item: it, itemSize: is, system: sy, global: gl } = R;
    const m = this.priorStrength;
    const a = this.sizePriorStrength;
    for (let i = 0; i < n; i++) {
      const o = i * p;
      const caAt = ca.at[i];
      const itAt = it.at[i];
      const isAt = is.at[i];
      const glAt = gl.at[i];
      const [mu0, var0] = sizeMoments(sy.sums, sy.at[i]);
      const mean = shrunkSize(it.sums, itAt, mu0, var0, a)[0];
      const catS = smoothedRate(ca.sums, caAt, 0, rawRate(gl.sums, glAt, 0, 1 / 3), m);
      const catL = smoothedRate(ca.sums, caAt, 2, rawRate(gl.sums, glAt, 2, 1 / 3), m);
      const itS = smoothedRate(it.sums, itAt, 0, catS, m);
      const itL = smoothedRate(it.sums, itAt, 2, catL, m);
      out[o] = catS;
      out[o + 1] = catL;
      out[o + 2] = it.sums[itAt + N];
      out[o + 3] = mean;
      out[o + 4] = size[i] - mean;
      out[o + 5] = itS;
      out[o + 6] = itL;
      out[o + 7] = is.sums[isAt + N];
      out[o + 8] = smoothedRate(is.sums, isAt, 0, itS, m);
      out[o + 9] = smoothedRate(is.sums, isAt, 2, itL, m);
    }
    return featureMatrix(
      out,
      n,
      p,
      INFO.map((f) => f.name),
    );
  }

  /** The output columns and their meanings. */
  featureInfo(): FeatureInfo[] {
    this.fittedTables();
    return INFO.map((f) => ({ ...f }));
  }

  /** Rebuilds a fitted step. @throws ModelFormatError on a wrong kind, version, saved option or table. */
  static fromJSON(json: unknown): ArticleFeatures {
    return GroupHistoryFeatures.restore(json, KIND, (o) => new ArticleFeatures(o));
  }
}

registerEstimator(KIND, ArticleFeatures.fromJSON, [
  'dataset-transformer',
  'supervised',
  'stochastic',
  'cross-fitted',
  'handles-nan',
]);
