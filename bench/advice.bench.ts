/**
 * Benchmark: size advice (issue 6). On synthetic data (ground truth known): flag precision/recall against the true
 * article offsets, profile interval coverage and multi-person detection, and the recommendation accuracy and
 * simulated return rate with and without advice. On the RentTheRunway dev file (seeded random 80/20 holdout):
 * how often the advised size matches held-out feedback, against the usual-size and article-mode baselines. Size
 * flags on one large category (seeded random sales): the time of the median baseline, which is not quadratic in the
 * category's articles.
 *
 * Run: node --import tsx bench/advice.bench.ts [FILE] [--model gbdt-relative] [--rule usual-shift] [--seed 0] [--skip-rtr]
 * FILE defaults to $SIZEFIT_RTR_DEV or ../shared/datasets/renttherunway-dev.jsonl.gz (from the repo). The model and rule
 * default to those of notebook 04 and of `sizefit recommend` / the service (rule usual-shift).
 * --model: a model of the catalog (`modelCatalog()`); --rule: one of ADVICE_RULES; --seed: the seed of the flags'
 * draws, the large category, the splits and the models, an integer (0); --skip-rtr: the synthetic part only. A FILE
 * or $SIZEFIT_RTR_DEV naming no file fails (exit 2, with --skip-rtr too), the default missing skips the RentTheRunway
 * part. An unknown model or rule, and any other argument or value, are refused before anything is measured (exit 2);
 * --help prints the usage line.
 */
import { existsSync } from 'node:fs';
import {
  ADVICE_RULES,
  ColumnarDataset,
  HoldoutSplit,
  InvalidArgumentError,
  Rng,
  type AdviceRule,
  type Column,
  type FieldSchema,
  type CatalogEntry,
  catalogEntry,
  customerSizeProfiles,
  evaluateHeldOutAdvice,
  evaluateSyntheticAdvice,
  evaluateSyntheticFlags,
  evaluateSyntheticProfiles,
  generateSynthetic,
  readFitDataFile,
  sizeFlags,
} from '../lib/index.js';
import { readBenchArgs } from './bench-args.js';
import { rtrDevFile } from './rtr-file.js';
import { readBenchData } from './read-bench-data.js';

const args = readBenchArgs(
  'usage: node --import tsx bench/advice.bench.ts [FILE] [--model NAME] [--rule RULE] [--seed N] [--skip-rtr]',
  { FILE: 'positional', '--model': 'text', '--rule': 'text', '--seed': 'integer', '--skip-rtr': 'switch' },
);
const modelName = args.text('--model') ?? 'gbdt-relative';
let entry: CatalogEntry;
try {
  entry = catalogEntry(modelName);
} catch (e) {
  if (!(e instanceof InvalidArgumentError)) throw e;
  args.refuse(`--model: ${e.message}`);
}
const rule = (args.text('--rule') ?? 'usual-shift') as AdviceRule;
if (!(ADVICE_RULES as readonly string[]).includes(rule)) {
  args.refuse(`--rule must be one of ${ADVICE_RULES.join(', ')}, got ${rule}`);
}
const seed = args.number('--seed', 0);
const skipRtr = args.has('--skip-rtr');
// A FILE or SIZEFIT_RTR_DEV naming no file is refused here, before anything is measured.
const file = rtrDevFile(args.text('FILE'));
const r3 = (x: number): string => x.toFixed(3);
const time = async <T>(f: () => T | Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const v = await f();
  return [v, (performance.now() - t0) / 1000];
};

// Synthetic.
const synthetic = generateSynthetic({ seed: 1, customers: 3000, articles: 300, purchases: 60000 });
console.log(
  `synthetic: seed 1, 3000 accounts (10% shared), 300 articles, 60000 rows; sha256 ${synthetic.dataset.meta.sha256.slice(0, 12)}`,
);
const [flags, tFlags] = await time(() => sizeFlags(synthetic.dataset, { seed }));
const fe = evaluateSyntheticFlags(flags, synthetic.truth);
console.log(
  `flags: ${fe.flagged} flagged of ${flags.length}; precision ${r3(fe.precision)} (strict, |offset| >= 1: ${r3(fe.strictPrecision)}), ` +
    `recall of |offset| >= 1 (${fe.positives}) ${r3(fe.recall)}; ${tFlags.toFixed(2)} s`,
);
/** One category of `articles` articles with `minSales` to `maxSales` sales each, seeded, fit rates drawn per article. */
const oneCategory = (articles: number, minSales: number, maxSales: number): ColumnarDataset => {
  const rng = new Rng(seed);
  const item: number[] = [];
  const fit: number[] = [];
  for (let a = 0; a < articles; a++) {
    const n = minSales + Math.floor(rng.next() * (maxSales - minSales + 1));
    const [small, large] = [0.05 + 0.25 * rng.next(), 0.05 + 0.25 * rng.next()];
    for (let j = 0; j < n; j++) {
      const u = rng.next();
      item.push(a);
      fit.push(u < small ? 0 : u < small + large ? 2 : 1);
    }
  }
  const names = ['item_id', 'category', 'fit'];
  const ids = Array.from({ length: articles }, (_, k) => `a${k}`);
  const columns = new Map<string, Column>([
    ['item_id', { type: 'category', codes: Int32Array.from(item), categories: ids }],
    ['category', { type: 'category', codes: new Int32Array(item.length), categories: ['dress'] }],
    ['fit', { type: 'category', codes: Int32Array.from(fit), categories: ['small', 'fit', 'large'] }],
  ]);
  const schema: FieldSchema[] = names.map((name) => ({ name, type: 'category', description: name }));
  const meta = { name: 'one-category', source: 'generated', format: 'bench', sha256: '' };
  return new ColumnarDataset(
    schema,
    columns,
    Int32Array.from(item, (_, i) => i + 1),
    meta,
  );
};
for (const [articles, minSales, maxSales] of [
  [20000, 5, 5],
  [10000, 1, 300],
]) {
  const one = oneCategory(articles, minSales, maxSales);
  const [oneFlags, tNormal] = await time(() => sizeFlags(one, { interval: 'normal' }));
  const [, tDraws] = await time(() => sizeFlags(one, { seed, draws: 100 }));
  const sales = minSales === maxSales ? `${minSales} sales each` : `${minSales} to ${maxSales} sales`;
  console.log(
    `flags on one category of ${articles} articles (${sales}, ${one.length} rows): ${oneFlags.filter((f) => f.flag !== 'true-to-size').length} flagged; ` +
      `${tNormal.toFixed(2)} s (normal interval), ${tDraws.toFixed(2)} s (monte-carlo, 100 draws)`,
  );
}
const [profiles, tProf] = await time(() => customerSizeProfiles(synthetic.dataset));
const pe = evaluateSyntheticProfiles(profiles, synthetic);
console.log(
  `profiles: 90% interval coverage ${r3(pe.coverage)} over ${pe.estimates} (account, system) pairs, mean abs error ${r3(pe.meanAbsError)} ` +
    `and width ${r3(pe.meanWidth)} labels; shared accounts ${pe.shared}/${pe.accounts}: detected ${pe.detected}, ` +
    `precision ${r3(pe.detectionPrecision)}, recall ${r3(pe.detectionRecall)}, AUC ${r3(pe.detectionAuc)}; ${tProf.toFixed(2)} s`,
);
const fold = new HoldoutSplit({ testFraction: 0.2, seed }).split(synthetic.dataset.length)[0];
const [model, tFit] = await time(() => entry.create({ seed }).fit(synthetic.dataset.take(fold.train)));
for (const availableSizes of ['seen', 'system'] as const) {
  const [se, tAdv] = await time(() =>
    evaluateSyntheticAdvice(model, synthetic, fold.train, fold.test, { availableSizes, rule }),
  );
  console.log(
    `advice (${modelName}, rule ${rule}, fit ${tFit.toFixed(1)} s, sizes ${availableSizes}): ${se.advised}/${se.rows} advised; accuracy ${r3(se.accuracy)} ` +
      `(within one ${r3(se.withinOne)}) vs customers' own choice ${r3(se.boughtAccuracy)}; simulated return rate ` +
      `${r3(se.returnRateWithAdvice)} with advice vs ${r3(se.returnRateBought)} without; ${tAdv.toFixed(2)} s`,
  );
  if (se.returnRateWithAdvice > se.returnRateBought) {
    console.log(`  WORSE than no advice: ${modelName} with rule ${rule} raises the simulated return rate`);
  }
}

// RentTheRunway.
if (skipRtr || !existsSync(file)) {
  if (!skipRtr) console.log(`no RentTheRunway file at ${file} (pass a path or set SIZEFIT_RTR_DEV)`);
} else {
  const { dataset } = await readBenchData('advice.bench', () => readFitDataFile(file));
  const split = new HoldoutSplit({ testFraction: 0.2, seed }).split(dataset.length)[0];
  const train = dataset.take(split.train);
  const test = dataset.take(split.test);
  const [rtrModel, tRtrFit] = await time(() => entry.create({ seed }).fit(train));
  const [ev, tEv] = await time(() => evaluateHeldOutAdvice(rtrModel, train, test, { rule, minFitProbability: 0 }));
  console.log(
    `RentTheRunway ${file}: train ${train.length}, held-out rows asked ${ev.rows}; ${modelName} fit ${tRtrFit.toFixed(1)} s, advice ${tEv.toFixed(1)} s`,
  );
  console.log('method        rows   advised  fit: exact  within1   small: larger   large: smaller');
  const row = (name: string, s: typeof ev.model): void =>
    console.log(
      `${name.padEnd(13)} ${String(s.fitRows + s.smallRows + s.largeRows).padStart(6)} ${String(s.advised).padStart(8)}  ` +
        `${r3(s.exact).padStart(10)}  ${r3(s.withinOne).padStart(7)}   ${r3(s.smallDirection).padStart(13)}   ${r3(s.largeDirection).padStart(14)}`,
    );
  row(`${modelName} (${rule})`.slice(0, 13), ev.modelCommon);
  row('usual size', ev.usualSizeCommon);
  row('article mode', ev.articleModeCommon);
  console.log('(rows every method advised; the model with minFitProbability 0)');
}
