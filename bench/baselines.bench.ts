/**
 * Benchmark: the baseline fit models on the RentTheRunway dev file ($SIZEFIT_RTR_DEV or
 * ../shared/datasets/renttherunway-dev.jsonl.gz next to the repository), seeded 80/20 random split of its rows.
 * Prints, per model, the held-out average AUC (unweighted mean of the one-vs-rest AUCs of small, fit,
 * large; 95% bootstrap interval, 200 resamples), the held-out log-loss, and the training wall and CPU time:
 *   prior                     class shares
 *   LR pipeline               sizeFitFeaturePipeline + multinomial L2 logistic regression
 *   gbdt pipeline             sizeFitFeaturePipeline + gradient-boosted trees (early stopping on 10% held out
 *                             before the features are fitted)
 *   ensemble (with --ensemble) calibrated linear pool of the three, 15% calibration rows
 * Wall times include waiting for other processes on a shared machine: compare the CPU times.
 *
 * Run: node --import tsx bench/baselines.bench.ts [--ensemble] [--rounds N]
 * (N: the gbdt's largest number of boosting rounds, 300 by default). Any other argument is refused (exit 2).
 */
import { loadavg } from 'node:os';
import {
  EnsembleFitModel,
  GradientBoostedTrees,
  HoldoutSplit,
  LogisticRegression,
  PipelineModel,
  PriorFitModel,
  avgOvrAuc,
  bootstrapCi,
  fitLabelCodes,
  loadDataset,
  logLoss,
  sizeFitFeaturePipeline,
  type FitModel,
} from '../lib/index.js';
import { readBenchArgs } from './bench-args.js';
import { requireRtrFile, rtrDevFile } from './rtr-file.js';
import { readBenchData } from './read-bench-data.js';

const args = readBenchArgs('usage: node --import tsx bench/baselines.bench.ts [--ensemble] [--rounds N]', {
  '--ensemble': 'switch',
  '--rounds': 'count',
});
const FILE = requireRtrFile('baselines', rtrDevFile());
const ROUNDS = args.number('--rounds', 300);
const SEED = 42;

const lrPipeline = (): FitModel =>
  new PipelineModel({ pipeline: sizeFitFeaturePipeline({ seed: SEED }), classifier: new LogisticRegression() });
const gbdtPipeline = (): FitModel =>
  new PipelineModel({
    pipeline: sizeFitFeaturePipeline({ seed: SEED }),
    classifier: new GradientBoostedTrees({
      numRounds: ROUNDS,
      learningRate: 0.1,
      numLeaves: 31,
      minDataInLeaf: 50,
      earlyStoppingRounds: 20,
      seed: SEED,
    }),
    seed: SEED,
  });

const t0 = performance.now();
const { dataset } = await readBenchData('baselines.bench', () => loadDataset(FILE));
const [fold] = new HoldoutSplit({ testFraction: 0.2, seed: SEED }).split(dataset.length);
const train = dataset.take(fold.train);
const test = dataset.take(fold.test);
const yTest = fitLabelCodes(test, 'bench');
const labelled = Array.from(yTest.keys()).filter((i) => yTest[i] >= 0);
console.log(
  `data: ${FILE}: ${dataset.length.toLocaleString('en-US')} rows loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
    `split (seed ${SEED}): ${train.length.toLocaleString('en-US')} train, ${test.length.toLocaleString('en-US')} test`,
);

const models: [string, () => FitModel][] = [
  ['prior', () => new PriorFitModel()],
  ['LR pipeline', lrPipeline],
  ['gbdt pipeline', gbdtPipeline],
];
if (args.has('--ensemble')) {
  models.push([
    'ensemble',
    () => new EnsembleFitModel({ members: [() => new PriorFitModel(), lrPipeline, gbdtPipeline], seed: SEED }),
  ]);
}

console.log('model           avg AUC [95% CI]          log-loss   train wall   train CPU   load avg');
for (const [name, make] of models) {
  const model = make();
  const load = loadavg()[0];
  const cpu0 = process.cpuUsage();
  const w0 = performance.now();
  await model.fit(train);
  const wall = (performance.now() - w0) / 1000;
  const c = process.cpuUsage(cpu0);
  const cpu = (c.user + c.system) / 1e6;
  const P = model.predictProba(test);
  const y = labelled.map((i) => yTest[i]);
  const Pl = new Float64Array(labelled.length * 3);
  labelled.forEach((i, r) => Pl.set(P.subarray(i * 3, i * 3 + 3), r * 3));
  const ci = bootstrapCi(avgOvrAuc, y, Pl, { samples: 200, seed: 1 });
  console.log(
    `${name.padEnd(15)} ${ci.estimate.toFixed(4)} [${ci.low.toFixed(4)}, ${ci.high.toFixed(4)}]   ${logLoss(y, Pl).toFixed(4)}` +
      `     ${wall.toFixed(1).padStart(6)} s   ${cpu.toFixed(1).padStart(7)} s   ${load.toFixed(1)}`,
  );
  if (model instanceof PipelineModel && model.classifier instanceof GradientBoostedTrees) {
    console.log(`                (gbdt: ${model.classifier.bestIteration} rounds kept)`);
  }
  if (model instanceof PipelineModel && model.classifier instanceof LogisticRegression) {
    const r = model.classifier.fitReport;
    console.log(`                (LR: ${r.iterations} L-BFGS iterations, converged ${r.converged})`);
  }
  if (model instanceof EnsembleFitModel) {
    console.log(
      `                (weights ${Array.from(model.weights, (v) => v.toFixed(3)).join(', ')}; temperatures ${model.temperatures.map((v) => v.toFixed(3)).join(', ')})`,
    );
  }
}
