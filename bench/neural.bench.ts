/**
 * Benchmark: the TensorFlow.js neural fit model on the RentTheRunway dev file: a seeded random 80/20 holdout,
 * fit on 80% (of which `validationFraction` goes to early stopping), and on the 20%: the average AUC (unweighted
 * mean of the one-vs-rest AUCs of small, fit, large, with a bootstrap interval), train time, epochs and prediction
 * throughput. Published K-LF-ML (Misra, Wan & McAuley, RecSys 2018): 0.719.
 *
 * Run: node --import tsx bench/neural.bench.ts [FILE] [--seed 0] [--json '{"epochs":8}']
 * FILE defaults to $SIZEFIT_RTR_DEV or ../shared/datasets/renttherunway-dev.jsonl.gz next to the repository; a FILE or
 * variable naming no file fails (exit 2), the default missing skips the benchmark (exit 3). --seed: the split's, the
 * model's and the bootstrap's seed, an integer (0); --json: a JSON object of NeuralFitOptions (a `seed` in it wins
 * over --seed for the model). JSON that is not an object, a key that is not a NeuralFitOptions key (`columns` keys
 * too; the message names it and the known keys) or options the model refuses, and any other argument or value, are
 * refused before TensorFlow.js starts or the data is read (exit 2); --help prints the usage line.
 */
import os from 'node:os';
import {
  FIT_CLASSES,
  HoldoutSplit,
  InvalidArgumentError,
  NeuralFitModel,
  evaluateProbabilities,
  fitCode,
  initTf,
  loadDataset,
  type NeuralFitOptions,
} from '../lib/index.js';
import { readBenchArgs } from './bench-args.js';
import { jsonObjectOption } from './json-option.js';
import { requireRtrFile, rtrDevFile } from './rtr-file.js';
import { readBenchData } from './read-bench-data.js';

const args = readBenchArgs('usage: node --import tsx bench/neural.bench.ts [FILE] [--seed N] [--json OPTIONS]', {
  FILE: 'positional',
  '--seed': 'integer',
  '--json': 'text',
});
const seed = args.number('--seed', 0);
const overrides = jsonObjectOption(args, '--json', new NeuralFitModel().options) as NeuralFitOptions;
// The model (its options checked) before anything starts; it is fitted below.
const model = new NeuralFitModel({ seed, ...overrides });
try {
  void model.options;
} catch (e) {
  if (!(e instanceof InvalidArgumentError)) throw e;
  args.refuse(`--json: ${e.message}`);
}
const file = requireRtrFile('neural', rtrDevFile(args.text('FILE')));

const tfInfo = await initTf();
console.log(`tfjs ${tfInfo.version}, backend ${tfInfo.backend}${tfInfo.note ? ` (${tfInfo.note})` : ''}`);
const { dataset } = await readBenchData('neural.bench', () => loadDataset(file));
const fold = new HoldoutSplit({ testFraction: 0.2, seed }).split(dataset.length)[0];
const train = dataset.take(fold.train);
const test = dataset.take(fold.test);
const fitCol = test.categories('fit');
const y = Int32Array.from(fitCol.codes, (c) => fitCode(fitCol.categories[c]));
console.log(`${file}: ${dataset.length} rows; train ${train.length}, test ${test.length} (random 20%, seed ${seed})`);

const c0 = process.cpuUsage();
const t0 = performance.now();
await model.fit(train);
const trainSeconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(c0);
const trainCpuSeconds = (cpu.user + cpu.system) / 1e6;
const h = model.history;
const t1 = performance.now();
const P = model.predictProba(test);
const predictSeconds = (performance.now() - t1) / 1000;
const report = evaluateProbabilities(y, P, { classNames: FIT_CLASSES, samples: 200, seed });
console.log(`options: ${JSON.stringify({ ...model.options, columns: undefined })}`);
console.log(
  `train ${trainSeconds.toFixed(1)} s wall (${trainCpuSeconds.toFixed(1)} s CPU), ${h.epochs} epochs (best ${h.bestEpoch}), ${h.trainRows} training + ${h.validationRows} validation rows`,
);
console.log(`validation loss per epoch: ${h.validationLoss.map((v) => v.toFixed(4)).join(' ')}`);
console.log(
  `holdout avg AUC ${report.avgAuc.toFixed(4)} [${report.avgAucCi.map((v) => v.toFixed(4)).join(', ')}]; ` +
    FIT_CLASSES.map((c) => `${c} ${report.auc[c].toFixed(4)}`).join(', ') +
    `; log loss ${report.logLoss.toFixed(4)}`,
);
console.log(
  `predict ${test.length} rows in ${predictSeconds.toFixed(2)} s (${Math.round(test.length / predictSeconds)} rows/s)`,
);
console.log(
  `machine: ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} (other jobs share the cores: wall time > CPU time)`,
);
