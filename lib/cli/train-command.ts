import type { Command } from './command.js';
import { hasFlag, optInt, parseArgs, requireString } from './args.js';
import { DatabaseError, InvalidArgumentError } from '../core/errors.js';
import { estimatorEntry } from '../core/estimator.js';
import { initTf } from '../core/tf-backend.js';
import { DATASET_HELP_LINES, loadDatasetOption } from './dataset-option.js';
import { fitOnDataset } from './fit-on-dataset.js';
import { MAX_CATALOG_SEED, catalogEntry } from '../models/model-catalog.js';
import { checkModelTarget, saveModel } from '../export/save-model.js';
import { trainingManifestInfo } from '../training/training-manifest-info.js';
import { requireRecords } from './require-records.js';
import { refuseTruncatedFile } from '../data/refuse-truncated-file.js';
import { readingNotes } from './reading-notes.js';
import { DATABASE_OPTIONS } from './db-command.js';
import { plural } from '../core/plural.js';

const USAGE = `sizefit train --dataset NAME|PATH --model KIND [--seed N] --out DIR [--overwrite] [--json]
                    [--register [--database-url URL | --pglite-dir DIR]]

  Trains a fit model on every labelled row of the dataset (a model that needs a validation set carves it
  from those rows) and writes a model directory (manifest.json with checksums, estimator.json, weights.bin,
  advice-history.json: the customers' body fields and purchases and the articles' sizes for \`sizefit recommend\`).
  A truncated gzip file is refused: a model of its first lines would pass for a model of the file; a dataset the
  model cannot be trained on (too few labelled rows to hold out its validation set...) fails naming both.
  --dataset  ${DATASET_HELP_LINES.join('\n             ')}
  --model    a name from \`sizefit models\`; \`best\` is the project's strongest configuration
  --seed     seed of every random choice (default 0)
  --out      the model directory to write (must not exist or be empty)
  --overwrite replace --out if it is a model directory (its manifest.json a sizefit model manifest); any other
             non-empty directory is refused, never deleted
  --register record the run (parameters, metrics, fingerprints) in the database's run registry, chosen as
             for \`sizefit db\` (--database-url URL, --pglite-dir DIR, DATABASE_URL / PGHOST / PGDATABASE, else
             the embedded PGlite database); the database is reached before training. --database-url and
             --pglite-dir are used only with --register (refused without it)
  --json     print the manifest as JSON`;

/** `sizefit train`: trains a catalog model on a dataset and writes a model directory. */
export const trainCommand: Command = {
  name: 'train',
  summary: 'train a fit model on a dataset and write a model directory',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, {
      values: ['dataset', 'model', 'out', 'seed', ...DATABASE_OPTIONS],
      flags: ['json', 'overwrite', 'register'],
    });
    // A database option without --register would be ignored, and the user would believe the run registered.
    for (const o of DATABASE_OPTIONS) {
      if (args.options.has(o) && !hasFlag(args, 'register'))
        throw new InvalidArgumentError(`--${o} is used only with --register (it names the run registry's database)`);
    }
    const datasetName = requireString(args, 'dataset');
    const modelName = requireString(args, 'model');
    const out = requireString(args, 'out');
    const seed = optInt(args, 'seed', 0, { min: 0, max: MAX_CATALOG_SEED });
    const entry = catalogEntry(modelName);
    checkModelTarget(out, hasFlag(args, 'overwrite'));
    if (hasFlag(args, 'register')) {
      // Reach the run registry before training: a wrong URL or a locked directory then costs no training.
      const { withDatabase } = await import('./db-command.js');
      await withDatabase(args, () => Promise.resolve());
    }
    const t0 = Date.now();
    const { dataset, report } = await loadDatasetOption(datasetName, io, 'train');
    refuseTruncatedFile(report, 'train a model on');
    requireRecords(dataset, report, 'labelled record to train on');
    // As evaluate and predict do: a field the format does not know, or a value it cannot read, is said, not dropped silently.
    for (const note of readingNotes(report, dataset.meta.format)) io.err(`sizefit train: ${note}`);
    io.err(
      `sizefit train: ${dataset.length.toLocaleString('en-US')} labelled rows from ${dataset.meta.name} ` +
        `(${plural(report.problems, 'problem')}, ${plural(report.rowsDropped, 'row')} dropped) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    const model = entry.create({ seed });
    if (estimatorEntry(model.kind).capabilities.includes('tensorflow')) await initTf();
    const t1 = Date.now();
    await fitOnDataset(model, dataset, `${dataset.length.toLocaleString('en-US')} labelled rows`, entry.name);
    const trainingSeconds = (Date.now() - t1) / 1000;
    io.err(`sizefit train: ${entry.name} (${model.kind}) trained in ${trainingSeconds.toFixed(1)} s`);
    const info = await trainingManifestInfo(model, dataset, { model: entry.name, seed, trainingSeconds });
    const training = info.metrics.training;
    const manifest = saveModel(out, model, { ...info, overwrite: hasFlag(args, 'overwrite') });
    if (hasFlag(args, 'register')) {
      const { registerTrainingRun } = await import('./register-run.js');
      try {
        await registerTrainingRun(out, manifest, args, io);
      } catch (e) {
        // The model directory is written and stays: say so with the reason the run was not registered.
        const reason = (e as Error).message;
        throw e instanceof InvalidArgumentError
          ? new InvalidArgumentError(`the model is written to ${out}, but the run is not registered: ${reason}`)
          : new DatabaseError(`the model is written to ${out}, but the run is not registered: ${reason}`, { cause: e });
      }
    }
    if (hasFlag(args, 'json')) io.out(JSON.stringify(manifest));
    else {
      io.out(
        `wrote ${out}: ${entry.name} (${model.kind}), training avg AUC ${training.avgAuc === null ? 'undefined (a class has no row)' : training.avgAuc.toFixed(4)} ` +
          `(in-sample, ${training.rows.toLocaleString('en-US')} rows)`,
      );
    }
    return 0;
  },
};
