import type { Command } from './command.js';
import { hasFlag, optInt, parseArgs, requireString } from './args.js';
import { loadDataset } from '../data/dataset-registry.js';
import { loadModel } from '../export/load-model.js';
import { evaluateProbabilities } from '../validation/evaluate-probabilities.js';

const USAGE = `sizefit evaluate --model DIR --dataset NAME|PATH [--json] [--samples N] [--seed N]

  Scores a labelled dataset the model has never seen: one-vs-rest ROC AUC per class and their unweighted
  mean (avgAuc, Misra et al. 2018), accuracy, macro-F1, log-loss, Brier score, the confusion matrix and a
  95% bootstrap interval of avgAuc (--samples resamples, default 1000; --seed, default 0).
  Malformed lines and rows without a fit label are reported and left out; unknown customers, articles or
  field values are predicted from priors. --json prints one JSON object.`;

/** `sizefit evaluate`: metrics of a saved model on a labelled file. */
export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'score a saved model on a labelled dataset (avg AUC with a bootstrap interval, ...)',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, ['json']);
    const dir = requireString(args, 'model');
    const datasetName = requireString(args, 'dataset');
    const samples = optInt(args, 'samples', 1000);
    const seed = optInt(args, 'seed', 0);
    const { model, manifest } = await loadModel(dir);
    const { dataset, report } = await loadDataset(datasetName, { keepMissingIds: true });
    const P = model.predictProba(dataset);
    const r = evaluateProbabilities(dataset.categories('fit').codes, P, { samples, seed });
    const result = {
      ...r,
      model: { dir, kind: manifest.kind, name: manifest.model, trainedOn: manifest.dataset.sha256 },
      dataset: { name: dataset.meta.name, sha256: dataset.meta.sha256, format: dataset.meta.format },
      problems: report.problems,
      rowsDropped: report.rowsDropped,
    };
    if (hasFlag(args, 'json')) io.out(JSON.stringify(result));
    else {
      io.out(`model   ${dir} (${manifest.model}, ${manifest.kind})`);
      io.out(`dataset ${dataset.meta.name}: ${r.records.toLocaleString('en-US')} labelled records scored`);
      io.out(`         (${report.problems} problems, ${report.rowsDropped} lines left out)`);
      io.out(`avg AUC ${r.avgAuc.toFixed(4)}  95% CI [${r.avgAucCi[0].toFixed(4)}, ${r.avgAucCi[1].toFixed(4)}]`);
      io.out(`AUC     small ${r.auc.small.toFixed(4)}  fit ${r.auc.fit.toFixed(4)}  large ${r.auc.large.toFixed(4)}`);
      io.out(
        `accuracy ${r.accuracy.toFixed(4)}  macro-F1 ${r.macroF1.toFixed(4)}  log-loss ${r.logLoss.toFixed(4)}  Brier ${r.brier.toFixed(4)}`,
      );
    }
    return 0;
  },
};
