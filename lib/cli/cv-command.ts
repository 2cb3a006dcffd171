import type { Command } from './command.js';
import { hasFlag, optInt, parseArgs, requireString } from './args.js';
import { InvalidArgumentError } from '../core/errors.js';
import { estimatorEntry } from '../core/estimator.js';
import { initTf } from '../core/tf-backend.js';
import { loadDataset } from '../data/dataset-registry.js';
import { catalogEntry } from '../models/model-catalog.js';
import { evaluateProbabilities } from '../validation/evaluate-probabilities.js';
import { KFold } from '../validation/k-fold.js';

const USAGE = `sizefit cv --dataset NAME|PATH --model KIND [--folds K] [--seed N] [--samples N] [--json]

  K-fold cross-validation of a catalog model on one labelled file: the rows are shuffled (--seed, default 0)
  and cut into K folds (--folds, default 10); for each fold a fresh model (seed + fold) is trained on the other
  folds exactly as \`sizefit train\` would, and scores the fold. Prints each fold's average AUC, the mean and
  spread over folds, and the metrics of all out-of-fold predictions pooled, with a 95% bootstrap interval of
  the pooled avg AUC (--samples resamples, default 1000). Every row is scored once, by a model that never saw
  it; each model trains on (K-1)/K of the rows. --json prints one JSON object.`;

/** `sizefit cv`: K-fold cross-validation of a catalog model. */
export const cvCommand: Command = {
  name: 'cv',
  summary: 'K-fold cross-validation of a model kind on a labelled dataset (pooled avg AUC with an interval)',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, ['json']);
    const datasetName = requireString(args, 'dataset');
    const entry = catalogEntry(requireString(args, 'model'));
    const k = optInt(args, 'folds', 10);
    const seed = optInt(args, 'seed', 0);
    const samples = optInt(args, 'samples', 1000);
    if (k < 2) throw new InvalidArgumentError(`--folds must be at least 2, got ${k}`);
    if (seed < 0) throw new InvalidArgumentError(`--seed must be >= 0, got ${seed}`);
    const { dataset, report } = await loadDataset(datasetName);
    if (dataset.length < k)
      throw new InvalidArgumentError(`${dataset.meta.name} has ${dataset.length} labelled rows, fewer than ${k} folds`);
    const y = dataset.categories('fit').codes;
    const oof = new Float64Array(dataset.length * 3);
    const folds = [];
    for (const [f, fold] of new KFold({ k, seed }).split(dataset.length).entries()) {
      const model = entry.create({ seed: seed + f });
      if (estimatorEntry(model.kind).capabilities.includes('tensorflow')) await initTf();
      const t0 = Date.now();
      await model.fit(dataset.take(fold.train));
      const fitSeconds = (Date.now() - t0) / 1000;
      const P = model.predictProba(dataset.take(fold.test));
      fold.test.forEach((row, j) => oof.set(P.subarray(j * 3, j * 3 + 3), row * 3));
      const r = evaluateProbabilities(
        Int32Array.from(fold.test, (i) => y[i]),
        P,
        { samples: 0 },
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
        `sizefit cv: fold ${f + 1}/${k}: ${fold.train.length} training rows, avg AUC ${r.avgAuc.toFixed(4)} on ` +
          `${fold.test.length} rows (fit ${fitSeconds.toFixed(1)} s)`,
      );
    }
    const pooled = evaluateProbabilities(y, oof, { samples, seed });
    const aucs = folds.map((f) => f.avgAuc);
    const mean = aucs.reduce((a, b) => a + b, 0) / k;
    const sd = Math.sqrt(aucs.reduce((a, b) => a + (b - mean) ** 2, 0) / (k - 1));
    const result = {
      model: entry.name,
      dataset: { name: dataset.meta.name, sha256: dataset.meta.sha256, records: dataset.length },
      problems: report.problems,
      rowsDropped: report.rowsDropped,
      folds,
      foldAvgAuc: { mean, sd },
      pooled: {
        records: pooled.records,
        avgAuc: pooled.avgAuc,
        avgAucCi: pooled.avgAucCi,
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
          `(${report.problems} problems, ${report.rowsDropped} lines left out)`,
      );
      io.out(`folds   avg AUC mean ${mean.toFixed(4)}, sd ${sd.toFixed(4)}`);
      io.out(
        `pooled  avg AUC ${pooled.avgAuc.toFixed(4)}  95% CI [${pooled.avgAucCi[0].toFixed(4)}, ${pooled.avgAucCi[1].toFixed(4)}]`,
      );
      io.out(
        `        AUC small ${pooled.auc.small.toFixed(4)}  fit ${pooled.auc.fit.toFixed(4)}  large ${pooled.auc.large.toFixed(4)}` +
          `  accuracy ${pooled.accuracy.toFixed(4)}  log-loss ${pooled.logLoss.toFixed(4)}`,
      );
    }
    return 0;
  },
};
