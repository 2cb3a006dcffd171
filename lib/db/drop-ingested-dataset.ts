import { printable } from '../core/printable.js';
import { DataError, InvalidArgumentError } from '../core/errors.js';
import type { Database } from './database.js';
import { listIngestedDatasets, type IngestedDataset } from './ingested-datasets.js';

/** A stored dataset that {@link dropIngestedDataset} removed, with what was loaded from it. */
export interface DroppedDataset extends IngestedDataset {
  purchases: number;
  customers: number;
  articles: number;
  articleSizes: number;
}

/**
 * A `--dataset` reference that names exactly one stored dataset: a dataset id (digits) or a full sha256 (64 hex
 * digits, any case). A name is refused: several datasets can share one, and dropping is not undone.
 * @throws InvalidArgumentError for anything else.
 */
export function exactDatasetRef(text: string): number | string {
  const t = text.trim();
  // dataset_id is a PostgreSQL integer: 1 .. 2^31 - 1
  if (/^[0-9]{1,10}$/.test(t) && Number(t) > 0 && Number(t) <= 2 ** 31 - 1) return Number(t);
  if (/^[0-9a-fA-F]{64}$/.test(t)) return t.toLowerCase();
  throw new InvalidArgumentError(
    `${JSON.stringify(text)} is not a dataset id or a full sha256: give one of them (see sizefit db datasets); ` +
      'a name is not enough, since several datasets can share one',
  );
}

/**
 * Removes a stored dataset and everything loaded from it (its customers, articles, article sizes and purchases)
 * in one transaction: either all of it goes, or nothing. Registered model runs stay: they record the dataset's
 * sha256, not a link to its rows, and remain the history of what was trained.
 *
 * The dataset's row is locked (FOR UPDATE) before anything is counted: a concurrent drop of the same dataset
 * waits for this one, then finds it gone and says so instead of reporting a drop it did not do.
 *
 * @param ref - the dataset id or its full sha256 (see {@link exactDatasetRef}).
 * @returns the dataset as it was listed, with the counts removed.
 * @throws InvalidArgumentError for a reference that is neither; DataError when no stored dataset has it (the
 *   message lists what is stored), or when another session dropped it meanwhile.
 */
export async function dropIngestedDataset(db: Database, ref: number | string): Promise<DroppedDataset> {
  const exact = exactDatasetRef(String(ref));
  return db.transaction(async (tx) => {
    const all = await listIngestedDatasets(tx);
    // by id, or by the full sha256 (a dataset merely *named* like one is not it)
    const d = all.find((x) => (typeof exact === 'number' ? x.datasetId === exact : x.sha256 === exact));
    if (d === undefined) {
      const stored = all.map((x) => `${x.datasetId} ${x.sha256} ${printable(x.name)}`).join('; ') || 'none';
      throw new DataError(
        `no ingested dataset with ${typeof exact === 'number' ? 'id' : 'sha256'} ${exact} in the database ` +
          `(stored, as id sha256 name: ${stored})`,
      );
    }
    const gone = (): DataError =>
      new DataError(
        `dataset ${d.datasetId} (sha256 ${d.sha256}) was dropped by another session meanwhile: nothing was dropped here`,
      );
    const locked = await tx.query('SELECT 1 FROM datasets WHERE dataset_id = $1 FOR UPDATE', [d.datasetId]);
    if (locked.rowCount !== 1) throw gone();
    const count = async (table: string): Promise<number> =>
      Number(
        (await tx.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE dataset_id = $1`, [d.datasetId]))
          .rows[0].n,
      );
    const counts = {
      purchases: await count('purchases'),
      customers: await count('customers'),
      articles: await count('articles'),
      articleSizes: await count('article_sizes'),
    };
    const deleted = await tx.query('DELETE FROM datasets WHERE dataset_id = $1 RETURNING dataset_id', [d.datasetId]);
    if (deleted.rowCount !== 1) throw gone();
    return { ...d, ...counts };
  });
}
