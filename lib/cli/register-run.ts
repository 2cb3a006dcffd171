import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ParsedArgs } from './args.js';
import type { CommandIO } from './command.js';
import { withDatabase } from './db-command.js';
import { MANIFEST_FILE, type ModelManifest } from '../export/model-manifest.js';

/**
 * Records a training run in the run registry of the database the options name (`--database-url`,
 * else DATABASE_URL / PG* variables, else the embedded PGlite database): the model's catalog name as the run's kind
 * (`manifest.model`; the estimator's kind goes to `params.estimatorKind`), parameters, the model directory as an
 * absolute path (`params.modelDir`: the registry outlives the working directory the command ran in), training metrics
 * (flattened to `section.metric`), the dataset fingerprints (the sha256 of the training file and
 * of its content) and the artifact checksum (sha256 of the model directory's manifest.json, which holds the sha256
 * of every other file). The content hash is `manifest.dataset.contentSha256` (the sha256 of the training data after
 * decompression, found as the file was read: the same for a `.jsonl` file and its `.jsonl.gz` copy); a manifest
 * without one registers null, and the registry then uses the content hash it knows for the file, if any.
 * @returns the run id.
 */
export async function registerTrainingRun(
  dir: string,
  manifest: ModelManifest,
  args: ParsedArgs,
  io: CommandIO,
): Promise<number> {
  const artifactSha256 = createHash('sha256')
    .update(readFileSync(join(dir, MANIFEST_FILE)))
    .digest('hex');
  const metrics: Record<string, number | null> = { trainingSeconds: manifest.trainingSeconds };
  for (const [section, values] of Object.entries(manifest.metrics)) {
    for (const [k, v] of Object.entries(values))
      if (typeof v === 'number' || v === null) metrics[`${section}.${k}`] = v;
  }
  const { registerRun } = await import('../db/run-registry.js');
  const run = await withDatabase(args, (db) =>
    registerRun(db, {
      kind: manifest.model,
      params: { ...manifest.params, estimatorKind: manifest.kind, modelDir: resolve(dir) },
      metrics,
      datasetSha256: manifest.dataset.sha256,
      datasetContentSha256: manifest.dataset.contentSha256 ?? null,
      artifactSha256,
      libVersion: manifest.libVersion,
    }),
  );
  io.err(`sizefit train: registered run ${run.id} (${run.kind}) in the run registry`);
  return run.id;
}
