import type { FeatureMatrix } from '../features/feature-matrix.js';
import type { Database } from './database.js';
import { featureQueryParams, type SqlFeatureOptions } from './sql-feature-options.js';
import {
  groupSumsCte,
  joinGroup,
  PURCHASES_CTE,
  queryGroupFeatures,
  rawRateSql,
  shrunkMeanSql,
  shrunkSdSql,
  sizePriorColumns,
  smoothedRateSql,
  sumColumns,
} from './sql-group-stats.js';

/** Output columns, as CustomerHistoryFeatures names them. */
export const CUSTOMER_HISTORY_FEATURE_NAMES = [
  'cust_n',
  'cust_size_mean',
  'cust_size_sd',
  'cust_size_diff',
  'cust_n_small',
  'cust_n_fit',
  'cust_n_large',
  'cust_rate_small',
  'cust_rate_fit',
  'cust_rate_large',
] as const;

/**
 * The SQL of the customer history features of a dataset (parameters $1 dataset id, $2 prior
 * strength m, $3 size prior strength a), one row per purchase in dataset order.
 * @param hasSystem whether statistics are per size system (the dataset has a `size_system` column).
 */
export function customerHistoryFeaturesSql(hasSystem: boolean): string {
  const sys = hasSystem ? ['size_system'] : [];
  const cu = ['customer_id', ...sys];
  return `WITH ${PURCHASES_CTE},
${groupSumsCte('g_cu', cu)},
${groupSumsCte('g_sy', sys)},
${groupSumsCte('g_gl', [])},
r AS (
  SELECT p.row_index, p.size, ${sumColumns('cu')}, ${sumColumns('sy')}, ${sumColumns('gl')}
  FROM p ${joinGroup('g_cu', 'cu', cu)} ${joinGroup('g_sy', 'sy', sys)} ${joinGroup('g_gl', 'gl', [])}
),
q AS (SELECT r.*, ${sizePriorColumns('cu')} FROM r),
s AS (SELECT q.*, ${shrunkMeanSql('cu')} AS mean FROM q)
SELECT row_index,
  cu_n AS cust_n,
  mean AS cust_size_mean,
  ${shrunkSdSql('cu')} AS cust_size_sd,
  size - mean AS cust_size_diff,
  cu_c0 AS cust_n_small, cu_c1 AS cust_n_fit, cu_c2 AS cust_n_large,
  ${smoothedRateSql('cu', 0, rawRateSql('gl', 0))} AS cust_rate_small,
  ${smoothedRateSql('cu', 1, rawRateSql('gl', 1))} AS cust_rate_fit,
  ${smoothedRateSql('cu', 2, rawRateSql('gl', 2))} AS cust_rate_large
FROM s ORDER BY row_index`;
}

/**
 * The customer history features of {@link CustomerHistoryFeatures} computed by SQL in the database:
 * the full-statistics path (`fit` on the dataset's rows, then `transform` of the same rows; not the
 * cross-fitted `fitTransform`). Purchases, usual size and spread per size system shrunk towards the
 * system's, small/fit/large counts and rates smoothed towards the global rates.
 *
 * @param ref the dataset: sha256, id or name.
 * @returns one row per purchase, in dataset order, columns {@link CUSTOMER_HISTORY_FEATURE_NAMES}.
 * @throws DataError when the dataset is not in the database; InvalidArgumentError on a negative prior, a numeric
 *   `ref` that is not a dataset id, or sizes too large for float sums (naming the dataset, the column and the row).
 */
export async function sqlCustomerHistoryFeatures(
  db: Database,
  ref: string | number,
  options: SqlFeatureOptions = {},
): Promise<FeatureMatrix> {
  const { params, hasSystem, name } = await featureQueryParams(db, ref, options, 'sqlCustomerHistoryFeatures');
  return queryGroupFeatures(
    db,
    customerHistoryFeaturesSql(hasSystem),
    params,
    CUSTOMER_HISTORY_FEATURE_NAMES,
    name,
    'sqlCustomerHistoryFeatures',
  );
}
