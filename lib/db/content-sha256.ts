import type { DatasetMeta } from '../data/columnar-dataset.js';

/**
 * The content hash of a dataset: the sha256 of its file's bytes after decompression (of the bytes themselves for a
 * plain file, where it equals `meta.sha256`). A `.jsonl` file and its `.jsonl.gz` copy have the same content hash and
 * different `meta.sha256`. It is `meta.contentSha256`, found by the reader in the one pass that read the file
 * (`readFitDataFile`, `parseFitData`): the file is not read again, so the hash is that of the bytes the dataset was
 * read from even if the file changed since. Kept for callers of this function; new code reads `meta.contentSha256`.
 *
 * @returns the hex digest, or null when it is not known: the meta has none (the rows of a truncated gzip stream, data
 *   generated or built in code, a meta made by code older than the content hash).
 */
export function datasetContentSha256(meta: DatasetMeta): Promise<string | null> {
  return Promise.resolve(meta.contentSha256 ?? null);
}
