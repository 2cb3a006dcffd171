/**
 * Benchmark: the TensorFlow.js neural fit model on the RentTheRunway dev file: a seeded random 80/20 holdout,
 * fit on 80% (of which `validationFraction` goes to early stopping), and on the 20%: the average AUC (unweighted
 * mean of the one-vs-rest AUCs of small, fit, large, with a bootstrap interval), train time, epochs and prediction
 * throughput. Published K-LF-ML (Misra, Wan & McAuley, RecSys 2018): 0.719.
 *
 * Run: node --import tsx bench/neural.bench.ts [FILE] [--seed 0] [--json '{"epochs":8}']
 * FILE defaults to $SIZEFIT_RTR_DEV or ../shared/datasets/renttherunway-dev.jsonl.gz next to the repository.
 */
import os from 'node:os';
import {
  FIT_CLASSES,
  HoldoutSplit,
  NeuralFitModel,
  evaluateProbabilities,
  fitCode,
  initTf,
  loadDataset,
  type NeuralFitOptions,
} from '../lib/index.js';
import { requireRtrFile, rtrDevFile } from './rtr-file.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const positional = args.filter((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--')));
const file = requireRtrFile('neural', rtrDevFile(positional[0]));
const seed = Number(flag('--seed') ?? 0);
const overrides = JSON.parse(flag('--json') ?? '{}') as NeuralFitOptions;

const tfInfo = await initTf();
console.log(`tfjs ${tfInfo.version}, backend ${tfInfo.backend}${tfInfo.note ? ` (${tfInfo.note})` : ''}`);
const { dataset } = await loadDataset(file);
const fold = new HoldoutSplit({ testFraction: 0.2, seed }).split(dataset.length)[0];
const train = dataset.take(fold.train);
const test = dataset.take(fold.test);
const fitCol = test.categories('fit');
const y = Int32Array.from(fitCol.codes, (c) => fitCode(fitCol.categories[c]));
console.log(`${file}: ${dataset.length} rows; train ${train.length}, test ${test.length} (random 20%, seed ${seed})`);

const model = new NeuralFitModel({ seed, ...overrides });
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
