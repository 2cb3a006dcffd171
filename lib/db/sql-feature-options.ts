import { InvalidArgumentError } from '../core/errors.js';
import type { Database } from './database.js';
import { findIngestedDataset } from './ingested-datasets.js';

/** Options of the SQL history features; the same priors as {@link HistoryFeaturesOptions}. */
export interface SqlFeatureOptions {
  /** Strength m of the prior of the small/fit/large rates, in pseudo-rows (default 10). */
  priorStrength?: number;
  /** Pseudo-purchases a of the prior of mean sizes (default 1). */
  sizePriorStrength?: number;
}

/**
 * The parameters of a feature query: [dataset id, m, a], whether the dataset has a size-system column, and the
 * dataset's name (internal to lib/db).
 * @throws InvalidArgumentError on a negative prior or a numeric `ref` that is not a dataset id; DataError when the
 *   dataset is not in the database.
 */
export async function featureQueryParams(
  db: Database,
  ref: string | number,
  options: SqlFeatureOptions,
  who: string,
): Promise<{ params: [number, number, number]; hasSystem: boolean; name: string }> {
  const m = options.priorStrength ?? 10;
  const a = options.sizePriorStrength ?? 1;
  if (!(m >= 0)) throw new InvalidArgumentError(`${who}: priorStrength must be >= 0`);
  if (!(a >= 0)) throw new InvalidArgumentError(`${who}: sizePriorStrength must be >= 0`);
  const info = await findIngestedDataset(db, ref);
  return {
    params: [info.datasetId, m, a],
    hasSystem: info.schema.some((f) => f.name === 'size_system'),
    name: info.name,
  };
}
