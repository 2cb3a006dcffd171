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
  sizePriorColumns,
  smoothedRateSql,
  sumColumns,
} from './sql-group-stats.js';

/** Output columns, as ArticleFeatures names them. */
export const ARTICLE_FEATURE_NAMES = [
  'cat_rate_small',
  'cat_rate_large',
  'item_n',
  'item_size_mean',
  'item_size_diff',
  'item_rate_small',
  'item_rate_large',
  'itemsize_n',
  'itemsize_rate_small',
  'itemsize_rate_large',
] as const;

/**
 * The SQL of the article features of a dataset (parameters $1 dataset id, $2 m, $3 a), one row per
 * purchase in dataset order.
 * @param hasSystem whether statistics are per size system.
 */
export function articleFeaturesSql(hasSystem: boolean): string {
  const sys = hasSystem ? ['size_system'] : [];
  const it = ['article_id', ...sys];
  const is = [...it, 'size'];
  return `WITH ${PURCHASES_CTE},
${groupSumsCte('g_ca', ['category'])},
${groupSumsCte('g_it', it)},
${groupSumsCte('g_is', is)},
${groupSumsCte('g_sy', sys)},
${groupSumsCte('g_gl', [])},
r AS (
  SELECT p.row_index, p.size, ${['ca', 'it', 'isz', 'sy', 'gl'].map(sumColumns).join(', ')}
  FROM p ${joinGroup('g_ca', 'ca', ['category'])} ${joinGroup('g_it', 'it', it)} ${joinGroup('g_is', 'isz', is)}
    ${joinGroup('g_sy', 'sy', sys)} ${joinGroup('g_gl', 'gl', [])}
),
q AS (
  SELECT r.*, ${sizePriorColumns('it')},
    ${smoothedRateSql('ca', 0, rawRateSql('gl', 0))} AS cat_s,
    ${smoothedRateSql('ca', 2, rawRateSql('gl', 2))} AS cat_l
  FROM r
),
s AS (
  SELECT q.*, ${shrunkMeanSql('it')} AS mean,
    ${smoothedRateSql('it', 0, 'cat_s')} AS it_s,
    ${smoothedRateSql('it', 2, 'cat_l')} AS it_l
  FROM q
)
SELECT row_index,
  cat_s AS cat_rate_small, cat_l AS cat_rate_large,
  it_n AS item_n, mean AS item_size_mean, size - mean AS item_size_diff,
  it_s AS item_rate_small, it_l AS item_rate_large,
  isz_n AS itemsize_n,
  ${smoothedRateSql('isz', 0, 'it_s')} AS itemsize_rate_small,
  ${smoothedRateSql('isz', 2, 'it_l')} AS itemsize_rate_large
FROM s ORDER BY row_index`;
}

/**
 * The article features of {@link ArticleFeatures} computed by SQL in the database (the
 * full-statistics path, as `fit` then `transform` on the dataset's rows): the hierarchy of Beta priors
 * global -> category -> article -> (article, size) of strength m, the article's mean size shrunk towards
 * its size system's, and the row's size minus it.
 *
 * @param ref the dataset: sha256, id or name.
 * @returns one row per purchase, in dataset order, columns {@link ARTICLE_FEATURE_NAMES}.
 * @throws DataError when the dataset is not in the database; InvalidArgumentError on a negative prior, a numeric
 *   `ref` that is not a dataset id, or sizes too large for float sums (naming the dataset, the column and the row).
 */
export async function sqlArticleFeatures(
  db: Database,
  ref: string | number,
  options: SqlFeatureOptions = {},
): Promise<FeatureMatrix> {
  const { params, hasSystem, name } = await featureQueryParams(db, ref, options, 'sqlArticleFeatures');
  return queryGroupFeatures(
    db,
    articleFeaturesSql(hasSystem),
    params,
    ARTICLE_FEATURE_NAMES,
    name,
    'sqlArticleFeatures',
  );
}
