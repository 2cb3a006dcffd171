import { undefinedAucNote } from './undefined-auc-note.js';
import type { Command } from './command.js';
import { hasFlag, optInt, parseArgs, requireString } from './args.js';
import { formatMetric as f4 } from './format-metric.js';
import { readingNotes } from './reading-notes.js';
import { requireRecords } from './require-records.js';
import { loadDatasetOption } from './dataset-option.js';
import { refuseTruncatedFile } from '../data/refuse-truncated-file.js';
import type { DatasetMeta } from '../data/columnar-dataset.js';
import { loadModel } from '../export/load-model.js';
import type { ArtifactDataset } from '../export/model-manifest.js';
import { fileFormatUse, fileReadOptions } from '../export/model-file-reading.js';
import { recordFormatOf } from '../export/record-format.js';
import { evaluateProbabilities } from '../validation/evaluate-probabilities.js';
import { plural } from '../core/plural.js';
import { MAX_SAMPLES } from './cv-command.js';

const USAGE = `sizefit evaluate --model DIR --dataset NAME|PATH [--json] [--samples N] [--seed N]

  Scores a labelled dataset the model has never seen: one-vs-rest ROC AUC per class and their unweighted
  mean (avgAuc, Misra et al. 2018), accuracy, macro-F1, log-loss, Brier score, the confusion matrix and a
  95% bootstrap interval of avgAuc (--samples resamples, default 1000, at most 100,000; --seed, default 0).
  Malformed lines and rows without a fit label are reported and left out; unknown customers, articles or
  field values are predicted from priors. The file is read in the format of the model's training data (training
  data in no record format, such as generated synthetic data: in the format the file's own fields show, said on
  stderr and in the output): fields that format does not know are ignored and listed on stderr, with the problems
  found by kind (a file in the other format is said to be). A class with no row in the file has an undefined AUC: it,
  avgAuc and the interval are then null (said on stderr) and the other metrics are still computed. A resample that
  lacks a class has no avgAuc and is dropped: the interval is over the others, and the output says how many were
  dropped (avgAucCiResamples in --json); when every one is dropped (a few records), avgAuc has no interval (null,
  said on stderr) and the other figures are still given. A truncated gzip file is refused (figures of its first
  lines would pass for the file's). --json prints one JSON object.`;

/**
 * How the file read as `meta` is the model's training data, whose file and content hashes the manifest records as
 * `trained`, or null when it is not known to be: the same bytes (`same sha256`), or the same content (`same sha256
 * once decompressed`: the sha256 of the file's bytes after decompression, `meta.contentSha256`, found as the file
 * was read, is the training data's). The content is compared both ways: a `.jsonl.gz` copy of a plain training file
 * and a plain copy of a `.jsonl.gz` one are both recognised. A manifest written before the content hash was recorded
 * (no `dataset.contentSha256`) knows only the training file's bytes: a gzip copy of a plain training file is
 * recognised (its content hash is the plain file's sha256), a plain copy of a gzip training file is not.
 */
function trainingDataMatch(meta: DatasetMeta, trained: ArtifactDataset): string | null {
  if (meta.sha256 === '') return null;
  if (meta.sha256 === trained.sha256) return 'same sha256';
  const content = meta.contentSha256;
  if (content === undefined) return null;
  const trainedContent = trained.contentSha256 ?? trained.sha256;
  return content === trainedContent ? 'same sha256 once decompressed' : null;
}

/**
 * The stderr line when avgAuc is defined but every bootstrap resample lacked a class (so none gave an avgAuc and
 * there is no interval), or null when some resample was used or none was drawn.
 */
function noIntervalNote({ used, dropped }: { used: number; dropped: number }): string | null {
  if (used > 0 || dropped === 0) return null;
  return (
    `sizefit evaluate: every one of the ${dropped.toLocaleString('en-US')} bootstrap resamples lacked a class, so avg ` +
    'AUC has no interval (null in --json); more records of each class, or more --samples, would give one'
  );
}

/** `sizefit evaluate`: metrics of a saved model on a labelled file. */
export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'score a saved model on a labelled dataset (avg AUC with a bootstrap interval, ...)',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['model', 'dataset', 'samples', 'seed'], flags: ['json'] });
    const dir = requireString(args, 'model');
    const datasetName = requireString(args, 'dataset');
    const samples = optInt(args, 'samples', 1000, { min: 10, max: MAX_SAMPLES });
    const seed = optInt(args, 'seed', 0, { min: 0 });
    const { model, manifest } = await loadModel(dir);
    // Read the file in the training data's format and extra fields (the sample's size system...), as the
    // service does: a record means to the model what the same line meant in its training data. Training data in
    // no record format (generated synthetic data...) says nothing of the file's: the file's own fields tell.
    const recordFormat = recordFormatOf(manifest);
    const { dataset, report } = await loadDatasetOption(datasetName, io, 'evaluate', {
      keepMissingIds: true,
      ...fileReadOptions(recordFormat),
    });
    refuseTruncatedFile(report, 'evaluate the model on');
    requireRecords(dataset, report, 'labelled record to score');
    const used = fileFormatUse(report, recordFormat, manifest);
    if (used.note !== null) io.err(`sizefit evaluate: ${used.note}`);
    for (const note of readingNotes(report, used.format, used.from)) io.err(`sizefit evaluate: ${note}`);
    const sameData = trainingDataMatch(dataset.meta, manifest.dataset);
    if (sameData !== null) {
      io.err(
        `sizefit evaluate: ${report.source} is the model's training data (${sameData}): these are in-sample figures, ` +
          'not a held-out evaluation',
      );
    }
    const P = model.predictProba(dataset);
    const r = evaluateProbabilities(dataset.categories('fit').codes, P, { samples, seed, allowUndefinedAuc: true });
    const note = undefinedAucNote('evaluate', r.auc, 'the file has');
    if (note !== null) io.err(note);
    const noInterval = noIntervalNote(r.avgAucCiResamples);
    if (noInterval !== null) io.err(noInterval);
    const result = {
      ...r,
      model: { dir, kind: manifest.kind, name: manifest.model, trainedOn: manifest.dataset.sha256 },
      dataset: {
        name: dataset.meta.name,
        sha256: dataset.meta.sha256,
        format: used.format,
        formatFrom: used.from,
      },
      problems: report.problems,
      rowsDropped: report.rowsDropped,
    };
    if (hasFlag(args, 'json')) io.out(JSON.stringify(result));
    else {
      io.out(`model   ${dir} (${manifest.model}, ${manifest.kind})`);
      io.out(`dataset ${dataset.meta.name} (${report.format}): ${plural(r.records, 'labelled record')} scored`);
      io.out(`         (${plural(report.problems, 'problem')}, ${plural(report.rowsDropped, 'line')} left out)`);
      io.out(`avg AUC ${f4(r.avgAuc)}  95% CI [${f4(r.avgAucCi[0])}, ${f4(r.avgAucCi[1])}]`);
      const { used, dropped } = r.avgAucCiResamples;
      if (dropped > 0 && used === 0) {
        io.out(`        (no interval: all ${dropped} resamples lacked a class and were dropped)`);
      } else if (dropped > 0) {
        io.out(
          `        (interval over ${used} of ${used + dropped} resamples: ${dropped} lacked a class and were dropped)`,
        );
      }
      io.out(`AUC     small ${f4(r.auc.small)}  fit ${f4(r.auc.fit)}  large ${f4(r.auc.large)}`);
      io.out(
        `accuracy ${r.accuracy.toFixed(4)}  macro-F1 ${r.macroF1.toFixed(4)}  log-loss ${r.logLoss.toFixed(4)}  Brier ${r.brier.toFixed(4)}`,
      );
    }
    return 0;
  },
};
