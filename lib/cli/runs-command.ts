import type { Command } from './command.js';
import { hasFlag, optString, parseArgs } from './args.js';
import { DATABASE_OPTIONS, hasTable, withExistingDatabase } from './db-command.js';
import { printable } from '../core/printable.js';

const USAGE = `sizefit runs [--json] [--kind KIND] [--dataset-sha256 SHA] [--database-url URL] [--pglite-dir DIR]

  Lists the registered training runs (sizefit train ... --register), oldest first: id, time, kind,
  dataset and artifact checksums, metrics. --json prints an array of ModelRun records with ids.
  --dataset-sha256 takes a sha256 of the training file or of its content, in either case, or its first 12 or
  more hex digits as listed.
  The database is chosen as for \`sizefit db\` (see sizefit db --help); it is only read: a --pglite-dir that
  does not exist or holds no PGlite database (no PG_VERSION) is refused.`;

/** A metric as listed: a number to 4 significant digits, null, or anything else as JSON on one line. */
function showMetric(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return String(Number(v.toPrecision(4)));
  return printable(JSON.stringify(v) ?? String(v));
}

/** `sizefit runs [--json]`: the registry of training runs. */
export const runsCommand: Command = {
  name: 'runs',
  summary: 'the registered training runs (parameters, metrics, dataset and artifact checksums)',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['kind', 'dataset-sha256', ...DATABASE_OPTIONS], flags: ['json'] });
    // Read before the database is: a bare --kind or an empty --dataset-sha256= is refused whether or not one exists,
    // and so is a --dataset-sha256 that is neither a sha256 nor the start of one as listed (any case).
    const { sha256Filter, SHORT_SHA256_DIGITS } = await import('../db/sha256-filter.js');
    const sha = optString(args, 'dataset-sha256');
    const filter = {
      kind: optString(args, 'kind'),
      datasetSha256: sha === undefined ? undefined : sha256Filter(sha, '--dataset-sha256'),
    };
    const { listRuns } = await import('../db/run-registry.js');
    const runs = await withExistingDatabase(
      args,
      async (db) => ((await hasTable(db, 'model_runs')) ? listRuns(db, filter) : []),
      [],
    );
    if (hasFlag(args, 'json')) {
      io.out(JSON.stringify(runs));
      return 0;
    }
    if (runs.length === 0) {
      const filtered = filter.kind !== undefined || filter.datasetSha256 !== undefined;
      io.out(
        filtered
          ? 'no registered run matches --kind / --dataset-sha256'
          : 'no runs registered (sizefit train ... --register)',
      );
      return 0;
    }
    for (const r of runs) {
      // A stored metric need not be a number: rows written by other tools, or before registerRun checked them.
      const metrics = Object.entries(r.metrics as Record<string, unknown>)
        .map(([k, v]) => `${printable(k)}=${showMetric(v)}`)
        .join(' ');
      io.out(
        `${String(r.id).padStart(4)}  ${r.createdAt}  ${printable(r.kind)}  data ${r.datasetSha256?.slice(0, SHORT_SHA256_DIGITS) ?? '-'}  artifact ${r.artifactSha256?.slice(0, SHORT_SHA256_DIGITS) ?? '-'}  ${metrics}`,
      );
    }
    return 0;
  },
};
