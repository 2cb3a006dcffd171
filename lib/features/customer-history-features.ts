import { registerEstimator } from '../core/estimator.js';
import { featureMatrix, type FeatureMatrix } from './feature-matrix.js';
import { GroupHistoryFeatures, type HistoryFeaturesOptions } from './group-history-features.js';
import { C0, N, rawRate, shrunkSize, sizeMoments, smoothedRate, type RowSums } from './group-stats.js';
import type { FeatureInfo } from './transformer.js';

const KIND = 'customer-history-features';

const INFO: FeatureInfo[] = [
  ['cust_n', 'number of the customer’s purchases (rows) among the training rows, excluding the row’s own fold'],
  [
    'cust_size_mean',
    'customer’s usual size: mean purchased size in the size system, shrunk towards the system mean with sizePriorStrength pseudo-purchases',
  ],
  [
    'cust_size_sd',
    'spread of the customer’s purchased sizes around cust_size_mean (shrunk towards the system’s spread)',
  ],
  ['cust_size_diff', 'this row’s size minus cust_size_mean (positive: larger than usual)'],
  ['cust_n_small', 'count of the customer’s "small" feedback'],
  ['cust_n_fit', 'count of the customer’s "fit" feedback'],
  ['cust_n_large', 'count of the customer’s "large" feedback'],
  ['cust_rate_small', 'customer’s small rate, (count + m * global rate) / (labelled + m), m = priorStrength'],
  ['cust_rate_fit', 'customer’s fit rate, smoothed like cust_rate_small'],
  ['cust_rate_large', 'customer’s large rate, smoothed like cust_rate_small'],
].map(([name, description]) => ({ name, description, group: 'customer' }));

/**
 * Customer history features computed only from the rows the step is fitted on: purchases, usual size
 * and spread per size system (the `size_system` column when present, else one system), counts and
 * smoothed rates of small/fit/large feedback, and the current size minus the usual size. See
 * {@link HistoryFeaturesOptions} for the priors and the cross-fitting of training rows; customers not
 * in the training rows get the priors (count 0, system mean size, global rates).
 */
export class CustomerHistoryFeatures extends GroupHistoryFeatures {
  readonly kind = KIND;

  /** @throws InvalidArgumentError on an invalid option. */
  constructor(options: HistoryFeaturesOptions = {}) {
    super(options);
  }

  protected groupings(hasSystem: boolean): Record<string, string[]> {
    const sys = hasSystem ? ['size_system'] : [];
    return { customer: ['user_id', ...sys], system: sys, global: [] };
  }

  protected entityGroupings(): readonly string[] {
    return ['customer'];
  }

  protected compute(R: Record<string, RowSums>, size: Float64Array, n: number): FeatureMatrix {
    const p = INFO.length;
    const out = new Float64Array(n * p);
    const cu = R.customer.sums;
    const sy = R.system.sums;
    const gl = R.global.sums;
    const cuAt = R.customer.at;
    const syAt = R.system.at;
    const glAt = R.global.at;
    const m = this.priorStrength;
    const a = this.sizePriorStrength;
    for (let i = 0; i < n; i++) {
      const at = cuAt[i];
      const [mu0, var0] = sizeMoments(sy, syAt[i]);
      const [mean, sd] = shrunkSize(cu, at, mu0, var0, a);
      const o = i * p;
      out[o] = cu[at + N];
      out[o + 1] = mean;
      out[o + 2] = sd;
      out[o + 3] = size[i] - mean;
      for (let c = 0; c < 3; c++) {
        out[o + 4 + c] = cu[at + C0 + c];
        out[o + 7 + c] = smoothedRate(cu, at, c, rawRate(gl, glAt[i], c, 1 / 3), m);
      }
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
  static fromJSON(json: unknown): CustomerHistoryFeatures {
    return GroupHistoryFeatures.restore(json, KIND, (o) => new CustomerHistoryFeatures(o));
  }
}

registerEstimator(KIND, CustomerHistoryFeatures.fromJSON, [
  'dataset-transformer',
  'supervised',
  'stochastic',
  'cross-fitted',
  'handles-nan',
]);
