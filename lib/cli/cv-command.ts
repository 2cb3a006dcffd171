import { undefinedAucNote } from './undefined-auc-note.js';
import type { Command } from './command.js';
import { hasFlag, optInt, parseArgs, requireString } from './args.js';
import { formatMetric as f4 } from './format-metric.js';
import { InvalidArgumentError } from '../core/errors.js';
import { estimatorEntry } from '../core/estimator.js';
import { initTf } from '../core/tf-backend.js';
import { DATASET_HELP_LINES, loadDatasetOption } from './dataset-option.js';
import { fitOnDataset } from './fit-on-dataset.js';
import { MAX_CATALOG_SEED, catalogEntry } from '../models/model-catalog.js';
import { evaluateProbabilities } from '../validation/evaluate-probabilities.js';
import { StratifiedKFold } from '../validation/stratified-k-fold.js';
import { requireRecords } from './require-records.js';
import { refuseTruncatedFile } from '../data/refuse-truncated-file.js';
import { plural } from '../core/plural.js';

const USAGE = `sizefit cv --dataset NAME|PATH --model KIND [--folds K] [--seed N] [--samples N] [--json]

  K-fold cross-validation of a catalog model on one labelled file: the rows are shuffled (--seed, default 0)
  and cut into K folds (--folds, default 10) stratified by the fit label; for each fold a fresh model (seed +
  fold) is trained on the other folds exactly as \`sizefit train\` would, and scores the fold. Prints one line per
  fold (fold 1 to K: its avg AUC, its rows and the training rows), the mean and spread of the folds' avg AUC, and
  the metrics of all out-of-fold predictions pooled, with a 95% bootstrap interval of the pooled avg AUC (--samples
  resamples, default 1000, at most 100,000). A resample that lacks a class has no avg AUC and is dropped: the
  interval is over the others, and the output says how many were dropped (pooled.avgAucCiResamples in --json).
  Every row is scored once, by a model that never saw it; each model trains on (K-1)/K of the rows. A fold without
  a row of some class has an undefined avg AUC (null in --json): it is left out of the mean and sd over folds,
  which say over how many folds they are. A class with no row in the whole file (or only such rows) has an
  undefined pooled AUC, and so has the pooled avg AUC: stderr says which class.
  Stratifying keeps each class's share the same in every fold: pooled predictions of different fold models
  are then comparable (with plain folds, a model that predicts its training class shares pools well below
  0.5, as each fold's prediction runs against its own label mix).
  Progress goes to stderr as each fold ends (with its fit time); the report goes to stdout.
  A truncated gzip file is refused; a fold the model cannot be trained on (too few labelled rows to hold out its
  validation set...) fails naming the dataset, the fold and the model.
  --dataset  ${DATASET_HELP_LINES.join('\n             ')}
  --json     prints one JSON object; in it, folds[].fold counts from 0 (the fold printed as fold 1 is fold 0, and
             fold f's model has seed + f).`;

/** The most bootstrap resamples `--samples` takes (cv, evaluate): more only costs time and memory. */
export const MAX_SAMPLES = 100_000;

/** `sizefit cv`: K-fold cross-validation of a catalog model. */
export const cvCommand: Command = {
  name: 'cv',
  summary: 'K-fold cross-validation of a model kind on a labelled dataset (pooled avg AUC with an interval)',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['dataset', 'model', 'folds', 'seed', 'samples'], flags: ['json'] });
    const datasetName = requireString(args, 'dataset');
    const entry = catalogEntry(requireString(args, 'model'));
    const k = optInt(args, 'folds', 10, { min: 2 });
    // Fold f's model is seeded with seed + f, which must stay within what a catalog model takes (best adds up to 2).
    const seed = optInt(args, 'seed', 0, { min: 0, max: MAX_CATALOG_SEED - (k - 1) });
    const samples = optInt(args, 'samples', 1000, { min: 10, max: MAX_SAMPLES });
    const { dataset, report } = await loadDatasetOption(datasetName, io, 'cv');
    refuseTruncatedFile(report, 'cross-validate on');
    requireRecords(dataset, report, 'labelled record to train on');
    if (dataset.length < k)
      throw new InvalidArgumentError(`${dataset.meta.name} has ${dataset.length} labelled rows, fewer than ${k} folds`);
    const y = dataset.categories('fit').codes;
    const oof = new Float64Array(dataset.length * 3);
    const folds = [];
    for (const [f, fold] of new StratifiedKFold({ k, seed }).split(dataset.length, y).entries()) {
      const model = entry.create({ seed: seed + f });
      if (estimatorEntry(model.kind).capabilities.includes('tensorflow')) await initTf();
      const t0 = Date.now();
      await fitOnDataset(
        model,
        dataset.take(fold.train),
        `the ${fold.train.length.toLocaleString('en-US')} training rows of fold ${f + 1}/${k} (of ${dataset.length.toLocaleString('en-US')} labelled rows)`,
        entry.name,
      );
      const fitSeconds = (Date.now() - t0) / 1000;
      const P = model.predictProba(dataset.take(fold.test));
      fold.test.forEach((row, j) => oof.set(P.subarray(j * 3, j * 3 + 3), row * 3));
      const r = evaluateProbabilities(
        Int32Array.from(fold.test, (i) => y[i]),
        P,
        { samples: 0, allowUndefinedAuc: true },
      );
      folds.push({
        fold: f,
        train: fold.train.length,
        test: fold.test.length,
        avgAuc: r.avgAuc,
        auc: r.auc,
        accuracy: r.accuracy,
        logLoss: r.logLoss,
        fitSeconds,
      });
      io.err(
        `sizefit cv: fold ${f + 1}/${k}: ${fold.train.length} training rows, avg AUC ${f4(r.avgAuc)} on ` +
          `${fold.test.length} rows (fit ${fitSeconds.toFixed(1)} s)` +
          (Number.isNaN(r.avgAuc) ? '; a class has no row in this fold, so its AUC is undefined' : ''),
      );
    }
    const pooled = evaluateProbabilities(y, oof, { samples, seed, allowUndefinedAuc: true });
    const note = undefinedAucNote('cv', pooled.auc, 'the labelled rows have');
    if (note !== null) io.err(note);
    // Folds whose avg AUC is undefined (a class absent from the fold) are left out of the mean and sd.
    const aucs = folds.map((f) => f.avgAuc).filter((v) => !Number.isNaN(v));
    const mean = aucs.length > 0 ? aucs.reduce((a, b) => a + b, 0) / aucs.length : NaN;
    const sd = aucs.length > 1 ? Math.sqrt(aucs.reduce((a, b) => a + (b - mean) ** 2, 0) / (aucs.length - 1)) : NaN;
    const result = {
      model: entry.name,
      dataset: { name: dataset.meta.name, sha256: dataset.meta.sha256, records: dataset.length },
      problems: report.problems,
      rowsDropped: report.rowsDropped,
      folds,
      foldAvgAuc: { mean, sd, folds: aucs.length },
      pooled: {
        records: pooled.records,
        avgAuc: pooled.avgAuc,
        avgAucCi: pooled.avgAucCi,
        avgAucCiResamples: pooled.avgAucCiResamples,
        auc: pooled.auc,
        accuracy: pooled.accuracy,
        macroF1: pooled.macroF1,
        logLoss: pooled.logLoss,
      },
    };
    if (hasFlag(args, 'json')) io.out(JSON.stringify(result));
    else {
      io.out(`model   ${entry.name}, ${k}-fold cross-validation (seed ${seed})`);
      io.out(
        `dataset ${dataset.meta.name}: ${dataset.length.toLocaleString('en-US')} labelled records ` +
          `(${plural(report.problems, 'problem')}, ${plural(report.rowsDropped, 'line')} left out)`,
      );
      for (const fold of folds) {
        io.out(
          `${`fold ${fold.fold + 1}`.padEnd(7)} avg AUC ${f4(fold.avgAuc)} on ${fold.test.toLocaleString('en-US')} rows ` +
            `(${fold.train.toLocaleString('en-US')} training rows)` +
            (Number.isNaN(fold.avgAuc) ? '; a class has no row in this fold' : ''),
        );
      }
      io.out(
        `folds   avg AUC mean ${f4(mean)}, sd ${f4(sd)}` +
          (aucs.length < k ? ` (over ${aucs.length} of ${k} folds: the others lack a class)` : ''),
      );
      io.out(`pooled  avg AUC ${f4(pooled.avgAuc)}  95% CI [${f4(pooled.avgAucCi[0])}, ${f4(pooled.avgAucCi[1])}]`);
      const { used, dropped } = pooled.avgAucCiResamples;
      if (dropped > 0) {
        io.out(
          `        (interval over ${used} of ${used + dropped} resamples: ${dropped} lacked a class and were dropped)`,
        );
      }
      io.out(
        `        AUC small ${f4(pooled.auc.small)}  fit ${f4(pooled.auc.fit)}  large ${f4(pooled.auc.large)}` +
          `  accuracy ${pooled.accuracy.toFixed(4)}  log-loss ${pooled.logLoss.toFixed(4)}`,
      );
    }
    return 0;
  },
};
