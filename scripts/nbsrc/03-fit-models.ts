// %% [markdown]
// # 03 · Fit models
// The fit models of Misra, Wan & McAuley (RecSys 2018, "Decomposing fit semantics for product size recommendation
// in metric spaces") reproduced next to the project's models, each as the mean average AUC over several seeded
// train/test splits with a 95% interval; then per-class ROC curves, calibration, a paired comparison of the best
// model with the strongest reproduced paper model, a cold-start analysis, and what drives the errors.
//
// **Dataset**: `SIZEFIT_DATASET` when set (a registry name or a file), else RentTheRunway when the data directory
// has it (`sizefit data list`), else the bundled synthetic `sample` (then a quick run: fewer splits). The committed
// outputs come from the RentTheRunway dev split (154,035 records). Only aggregates are shown: no customer's record
// is printed.
// %%
import * as tslab from 'tslab';
import * as sf from 'sizefit';
const rtrPresent = sf.listDatasets().some((d) => d.name === 'renttherunway' && d.present);
const DATASET = process.env.SIZEFIT_DATASET ?? (rtrPresent ? 'renttherunway' : 'sample');
const why = process.env.SIZEFIT_DATASET
  ? 'set by SIZEFIT_DATASET'
  : rtrPresent ? 'found in the data directory' : 'RentTheRunway is not in the data directory';
const SEEDS = [1, 2, 3];
const t00 = Date.now();
const { dataset: ds } = await sf.loadDataset(DATASET);
const NAME = ds.meta.name;
const quick = ds.length < 20000;
const tf = await sf.initTf();
tslab.display.markdown(`Running on **${NAME}** (${why}): ${ds.length.toLocaleString('en-US')} rows` +
  (quick ? '; **quick run** (small dataset: at most 2 splits per model).' : '.'));
tslab.display.html(sf.toHtmlTable([
  { dataset: NAME, format: ds.meta.format, rows: ds.length, sha256: ds.meta.sha256, 'split seeds': SEEDS.join(', '),
    sizefit: sf.libVersion(), 'tfjs backend': `${tf.backend} ${tf.version}` },
]));
// %% [markdown]
// ## Protocol
// Each split is a seeded random 80/20 split of the rows (`HoldoutSplit`, seeds 1, 2, 3); every model is created
// fresh from the catalog (`catalogEntry(name).create({ seed })`, the split's seed) and fitted on the 80%; models
// that early-stop or calibrate carve their validation rows out of those 80% themselves. The metric is the
// **average AUC**: the unweighted mean of the one-vs-rest AUCs of small, fit and large, as in the paper. Exact
// duplicate records are kept (on the RentTheRunway dev file notebook 01's load report counts 125 duplicate lines
// among 154,035), so under random splits a copy can fall on both sides of a split: a tiny, disclosed leak.
//
// The 95% interval of a mean over splits is a Student-t interval (J − 1 degrees of freedom: 2 with the three
// splits) with Nadeau & Bengio's correction (Machine Learning 52, 2003): random splits of one file share most of
// their rows, so the splits' spread understates the variance; the corrected variance is sd² (1/J + n_test/n_train)
// with J splits (`repeatedHoldout` passes n_test/n_train to `meanInterval`, lib/validation). **Caveat**: with three
// splits the interval reflects only the split-to-split spread of three values, and is itself uncertain (an sd
// estimated from three values); it comes out narrow whenever the three split values happen to agree, although one
// test set of ~30.8k rows has a sampling error of about ±0.005 avg AUC (the paired bootstrap below shows the scale).
//
// Every model gets the same three splits (on the synthetic sample: two), so every row of the tables below has its
// interval. On RentTheRunway the whole notebook runs in 7 to 16 minutes on a 2-core machine (the 2-core machines we had differ about twofold in speed).
// %%
const labels = sf.fitLabelCodes(ds, 'notebook 03');
const data = { n: ds.length, take: (idx: Int32Array) => ds.take(idx), labels };
const METRICS = { avgAuc: sf.avgOvrAuc, small: sf.ovrAucMetric(0), fit: sf.ovrAucMetric(1), large: sf.ovrAucMetric(2),
  accuracy: sf.accuracy, logLoss: sf.logLoss };
const results: Record<string, sf.RepeatedHoldoutResult<sf.FitModel>> = {};
// Fits catalog model `name` on the first `splits` seeds; keeps the fitted models of 'best' for the feature importance.
const run = async (name: string, splits: number) => {
  results[name] = await sf.repeatedHoldout((seed) => sf.catalogEntry(name).create({ seed }), data,
    { seeds: SEEDS.slice(0, splits), metrics: METRICS, keepModels: name === 'best' });
  const r = results[name];
  return { model: name, splits: r.splits.length, 'avg AUC (mean)': r.summary.avgAuc.mean,
    'fit s (mean)': r.splits.reduce((s, x) => s + x.fitMs, 0) / r.splits.length / 1000 };
};
// %% [markdown]
// ## The paper's models
// The latent-variable models of Sembium et al. (KDD 2017; 1-LV) and Misra et al. (2018; K-LV, K-LF), each with a
// logistic-regression head (LR) or the metric-learning head (ML: LMNN metric, class prototypes, k-NN).
// %%
const PUBLISHED: Record<string, number> = { '1-lv-lr': 0.61, 'k-lv-lr': 0.676, 'k-lf-lr': 0.672, 'k-lv-ml': 0.681,
  'k-lf-ml': 0.719 };
const PAPER = Object.keys(PUBLISHED);
const paperTimes = [];
for (const name of PAPER) paperTimes.push(await run(name, quick ? 2 : 3));
tslab.display.html(sf.toHtmlTable(paperTimes, { digits: 3 }));
// %%
const ci = (m: sf.MeanInterval) => (Number.isNaN(m.low) ? '(one split)' : `[${m.low.toFixed(3)}, ${m.high.toFixed(3)}]`);
const row = (name: string, extra: object = {}) => {
  const s = results[name].summary;
  return { model: name.toUpperCase(), ...extra, 'reproduced avg AUC': s.avgAuc.mean, '95% interval': ci(s.avgAuc),
    splits: s.avgAuc.n, small: s.small.mean, fit: s.fit.mean, large: s.large.mean, accuracy: s.accuracy.mean };
};
tslab.display.html(sf.toHtmlTable(PAPER.map((n) => row(n, { 'published avg AUC': PUBLISHED[n] })), { digits: 3 }));
// %% [markdown]
// ### What the latent representation carries
// Why the metric-learning head does not lead here: the head sees the representation `w ⊙ (b_c ⊕ b_p ⊕ φ)`. On split 1,
// K-LF and K-LV are fitted on the training rows, and a logistic regression is cross-validated (5 stratified folds) on
// the test rows' representation, on its bias terms alone, its K latent terms alone, and all of it
// (`latentRepresentationAblation`). *column sd* is how much the part varies at all.
// %%
const s1 = results['k-lf-lr'].splits[0];
const ablation = [];
for (const name of ['k-lf-lr', 'k-lv-lr']) {
  const latent = sf.catalogEntry(name).create({ seed: SEEDS[0] }) as sf.LatentFitModel;
  await latent.fit(ds.take(s1.train));
  for (const r of sf.latentRepresentationAblation(latent, ds.take(s1.test), { seed: 1 }))
    ablation.push({ model: name.toUpperCase(), part: r.part, columns: r.columns, 'avg AUC (5-fold)': r.avgAuc, sd: r.sd,
      'column sd': r.meanColumnSd });
}
tslab.display.html(sf.toHtmlTable(ablation, { digits: 3 }));
// %% [markdown]
// ### The size-monotonicity constraint
// The paper's constraint keeps an article's true size from decreasing along its item's sizes (here projected after every
// SGD step, along the true-size direction against the mean customer). On split 1, each K model fitted with and without
// it (`monotone: false`), average AUC on the test rows.
// %%
const test1 = ds.take(s1.test);
const y1 = test1.categories('fit').codes;
const monotoneRows = [];
for (const name of ['K-LV-LR', 'K-LF-LR', 'K-LV-ML', 'K-LF-ML'] as const) {
  const auc = (monotone: boolean) => sf.multiclassAuc(y1,
    sf.latentFitPreset(name, { seed: SEEDS[0], monotone }).fit(ds.take(s1.train)).predictProba(test1),
    { multiClass: 'ovr', average: 'macro' });
  const on = auc(true);
  const off = auc(false);
  monotoneRows.push({ model: name, 'with the constraint': on, 'without it': off, difference: off - on });
}
tslab.display.html(sf.toHtmlTable(monotoneRows, { digits: 3 }));
// %% [markdown]
// ## The project's models
// `prior` (class shares: AUC 0.5 by construction), `logistic` (L2 multinomial regression on the size-and-fit feature
// pipeline), `gbdt` (gradient-boosted trees on the same features), `gbdt-relative` (gradient-boosted trees on the
// relative-size feature pipeline), `best` (three gradient-boosted forests with seeds s, s+1, s+2 sharing one feature
// pipeline, that of `gbdt-relative`, each tree grown on half the features, in parallel worker threads; it predicts the mean of their probabilities),
// `neural` (TensorFlow.js embeddings network) and `ensemble` (calibrated average of gbdt-relative, neural and K-LF-LR).
// %%
const PROJECT = ['prior', 'logistic', 'gbdt', 'gbdt-relative', 'best', 'neural', 'ensemble'];
const projectTimes = [];
for (const name of PROJECT) projectTimes.push(await run(name, quick ? 2 : 3));
tslab.display.html(sf.toHtmlTable(projectTimes, { digits: 3 }));
tslab.display.html(sf.toHtmlTable(PROJECT.map((n) => row(n)), { digits: 3 }));
// %% [markdown]
// ## Published and reproduced, side by side
// Markers: the mean over splits with its 95% interval, and the published value (diamond).
// %%
const ALL = [...PAPER, ...PROJECT];
const point = (n: string) => ({ label: n.toUpperCase(), estimate: results[n].summary.avgAuc.mean,
  low: results[n].summary.avgAuc.low, high: results[n].summary.avgAuc.high });
await sf.showFigure(sf.intervalChart([
  { name: 'reproduced here (mean, 95% interval)', points: ALL.map(point) },
  { name: 'published (Misra et al. 2018)', points: PAPER.map((n) => ({ label: n.toUpperCase(), estimate: PUBLISHED[n] })),
    symbol: 'diamond', color: '#000000' },
], { title: `Average AUC on ${NAME}, held-out 20%`, xLabel: 'average AUC (one-vs-rest, unweighted)', height: 480 }));
// %% [markdown]
// ## Best model against the strongest reproduced paper model
// A paired bootstrap on the same test rows (split seed 1; 2,000 resamples): every resample scores both models on
// the same rows, so the rows' shared difficulty cancels out of the difference.
// %%
const baseline = PAPER.reduce((a, b) => (results[b].summary.avgAuc.mean > results[a].summary.avgAuc.mean ? b : a));
const [b0, p0] = [results.best.splits[0], results[baseline].splits[0]];
const paired = sf.pairedBootstrap(sf.avgOvrAuc, b0.y, b0.proba, p0.proba, { samples: 2000, seed: 1 });
tslab.display.html(sf.toHtmlTable([{ comparison: `BEST − ${baseline.toUpperCase()}`, rows: b0.y.length, best: paired.a,
  [baseline.toUpperCase()]: paired.b, difference: paired.difference, '95% interval': `[${paired.low.toFixed(4)}, ${paired.high.toFixed(4)}]`,
  'p-value': paired.pValue }], { digits: 4 }));
// %% [markdown]
// ## ROC curves per class
// One-vs-rest ROC curves of the best model (solid) and of the strongest reproduced paper model (dashed), split seed 1.
// %%
const rocs = (split: sf.HoldoutSplitOutcome, label: string, dash: 'solid' | 'dash') => sf.FIT_CLASSES.map((c, k) => ({
  name: `${label} · ${c}`, color: sf.FIT_COLORS[c], dash,
  curve: sf.rocCurve(Array.from(split.y, (v) => (v === k ? 1 : 0)), Array.from(split.y, (_, i) => split.proba[i * 3 + k])) }));
await sf.showFigure(sf.rocChart([...rocs(b0, 'BEST', 'solid'), ...rocs(p0, baseline.toUpperCase(), 'dash')],
  { title: `One-vs-rest ROC curves (${NAME}, test rows of split 1)`, width: 760, height: 620 }));
// %% [markdown]
// ## Calibration
// Reliability diagram of the best model (10 equal-width bins of the predicted probability; bins with fewer than 20
// rows are not drawn), and the class-wise expected calibration error (ECE) of every model on split 1.
// %%
await sf.showFigure(sf.calibrationChart(sf.calibrationBins(b0.y, b0.proba),
  { title: `Calibration of BEST (${NAME}, split 1)`, width: 700, height: 620 }));
tslab.display.html(sf.toHtmlTable(ALL.map((n) => {
  const c = sf.calibrationBins(results[n].splits[0].y, results[n].splits[0].proba);
  return { model: n.toUpperCase(), 'ECE (class-wise)': c.ece, small: c.classes[0].ece, fit: c.classes[1].ece,
    large: c.classes[2].ece, 'log-loss': results[n].splits[0].metrics.logLoss };
}), { digits: 4 }));
// %% [markdown]
// ## Cold start
// Average AUC of the test rows by how many training transactions their article (and their customer) had in the
// split's 80% (`trainingCounts`, `coldStartTable`; 95% bootstrap intervals, 200 resamples; empty cell: a class is
// missing from the bin).
// %%
const itemCounts = sf.trainingCounts(ds.categories('item_id').codes, b0.train, b0.test);
const userCounts = sf.trainingCounts(ds.categories('user_id').codes, b0.train, b0.test);
const coldCols = ['group', 'rows', 'share', 'avgAuc', 'low', 'high', 'accuracy'];
const cold = (counts: Int32Array, edges: number[], split: sf.HoldoutSplitOutcome) =>
  sf.coldStartTable(split.y, split.proba, counts, { edges, samples: 200, seed: 1 });
const ITEM_EDGES = [0, 1, 3, 10, 30, 100, 300];
const USER_EDGES = [0, 1, 2, 3, 5, 10, 20];
const coldItems = cold(itemCounts, ITEM_EDGES, b0);
const coldUsers = cold(userCounts, USER_EDGES, b0);
tslab.display.markdown('**Articles**: training transactions of the article (BEST)');
tslab.display.html(sf.toHtmlTable(coldItems, { columns: coldCols, digits: 3 }));
tslab.display.markdown('**Customers**: training transactions of the customer (BEST)');
tslab.display.html(sf.toHtmlTable(coldUsers, { columns: coldCols, digits: 3 }));
// %%
const coldFigure = (edges: number[], counts: Int32Array, who: string) => sf.coldStartChart([
  { name: 'BEST', rows: cold(counts, edges, b0) }, { name: baseline.toUpperCase(), rows: cold(counts, edges, p0) }],
{ title: `Average AUC by the ${who}'s training transactions (${NAME}, split 1)`, yLabel: `training transactions of the ${who}`, height: 460 });
await sf.showFigure(coldFigure(ITEM_EDGES, itemCounts, 'article'));
await sf.showFigure(coldFigure(USER_EDGES, userCounts, 'customer'));
// %% [markdown]
// ## What drives the errors
// **Seen or new.** The test rows by whether their customer and their article occur in the training rows.
// %%
const SEEN = ['customer seen, article seen', 'customer seen, article new', 'customer new, article seen',
  'customer new, article new'];
const seenCode = Int32Array.from(b0.test, (_, j) => (userCounts[j] > 0 ? 0 : 2) + (itemCounts[j] > 0 ? 0 : 1));
const byGroup = (codes: ArrayLike<number>, names: string[], minRows: number) => {
  const best = sf.metricsByGroup(b0.y, b0.proba, codes, names, { minRows });
  const base = new Map(sf.metricsByGroup(p0.y, p0.proba, codes, names, { minRows }).map((r) => [r.group, r]));
  return best.map((r) => ({ group: r.group, rows: r.rows, share: r.share, 'BEST avg AUC': r.avgAuc, 'BEST accuracy': r.accuracy,
    [`${baseline.toUpperCase()} avg AUC`]: base.get(r.group).avgAuc, 'BEST log-loss': r.logLoss }));
};
tslab.display.html(sf.toHtmlTable(byGroup(seenCode, SEEN, 1), { digits: 3 }));
// %% [markdown]
// **Category.** The categories with the most test rows (at least 300, or 20 on the sample), by the best model's
// average AUC.
// %%
const category = ds.categories('category');
const catRows = byGroup(Int32Array.from(b0.test, (i) => category.codes[i]), category.categories, quick ? 20 : 300);
catRows.sort((a, b) => b['BEST avg AUC'] - a['BEST avg AUC']);
tslab.display.html(sf.toHtmlTable(catRows, { digits: 3, limit: 30 }));
// %% [markdown]
// **Which classes are confused.** The confusion matrix of the best model's most probable class (rows: true label),
// and each class's share of the test rows.
// %%
const ev = sf.evaluateProbabilities(b0.y, b0.proba, { samples: 0 });
tslab.display.html(sf.toHtmlTable(sf.FIT_CLASSES.map((c, k) => ({ 'true label': c, rows: ev.confusion[k].reduce((s, v) => s + v, 0),
  share: ev.confusion[k].reduce((s, v) => s + v, 0) / b0.y.length, 'predicted small': ev.confusion[k][0],
  'predicted fit': ev.confusion[k][1], 'predicted large': ev.confusion[k][2], 'one-vs-rest AUC': ev.auc[c] })), { digits: 3 }));
// %% [markdown]
// **What the best model uses.** Gain importance of the gradient-boosted trees of BEST (split 1; `fitModelImportance`:
// each feature's share of the total split gain, averaged over the bagged members), the 20 largest, and the total by
// feature family.
// %%
const imp = sf.fitModelImportance(results.best.splits[0].model);
const top = imp.slice(0, 20);
await sf.showFigure(sf.barChart(top.map((f) => f.feature).reverse(), top.map((f) => f.share).reverse(),
  { orientation: 'h', title: `Gain importance, BEST (${NAME}, split 1)`, xLabel: 'share of the total split gain',
    height: 640, width: 900 }));
tslab.display.html(sf.toHtmlTable(sf.importanceByGroup(imp), { digits: 3 }));
tslab.display.html(sf.toHtmlTable(top, { digits: 3 }));
// %% [markdown]
// **How much data.** The best model trained on nested random subsets (25%, 50% and all) of split 1's training rows
// and scored on the same test rows (`learningCurve`). The least-squares line through the points, avg AUC against
// log2(training rows), gives the gain per doubling of the data; its value at the size of the whole file is an
// extrapolation (what training on every row might reach on new rows of the same kind), not a measurement.
// %%
const lc = await sf.learningCurve((seed) => sf.catalogEntry('best').create({ seed }),
  { n: b0.train.length, take: (idx: Int32Array) => ds.take(Int32Array.from(idx, (i) => b0.train[i])) },
  { data: ds.take(b0.test), labels: b0.y }, { fractions: [0.25, 0.5, 1], seed: 1 });
tslab.display.html(sf.toHtmlTable([
  ...lc.points.map((p) => ({ 'training rows': p.nTrain, 'share of split 1': p.fraction, 'avg AUC': p.score,
    'fit s': p.fitMs / 1000 })),
  { 'training rows': ds.length, 'share of split 1': 'line, extrapolated', 'avg AUC': lc.project(ds.length) },
], { digits: 4 }));
tslab.display.markdown(`Gain per doubling of the training rows: **${lc.fit.slope.toFixed(4)}** avg AUC; the line at ` +
  `${ds.length.toLocaleString('en-US')} rows (the whole file): ${lc.project(ds.length).toFixed(4)}.`);
await sf.showFigure(sf.lineChart([
  { name: 'measured', x: lc.points.map((p) => Math.log2(p.nTrain)), y: lc.points.map((p) => p.score) },
  { name: 'log-linear fit', x: [Math.log2(lc.points[0].nTrain), Math.log2(ds.length)],
    y: [lc.project(lc.points[0].nTrain), lc.project(ds.length)], dash: 'dash' },
], { markers: true, title: `Learning curve of BEST (${NAME}, split 1 test rows)`, xLabel: 'log2(training rows)',
  yLabel: 'avg AUC', width: 800, height: 420 }));
// %%
tslab.display.markdown(`Whole notebook: ${((Date.now() - t00) / 60000).toFixed(1)} min.`);
// %% [markdown]
// ## Reading the results
// (written from the committed RentTheRunway run, 15.5 minutes on the slower of our 2-core machines; figures are means over
// split seeds 1-3 unless a split is named)
//
// - **The paper's models land near the published values, but their ranking does not reproduce.** 1-LV-LR 0.599
//   [0.594, 0.604] (published 0.61), K-LV-LR 0.695 [0.685, 0.705] (0.676), K-LF-LR 0.683 [0.677, 0.688] (0.672),
//   K-LV-ML 0.687 [0.660, 0.714] (0.681), K-LF-ML 0.682 [0.674, 0.689] (0.719): four within about 0.02 of their
//   published value, K-LF-ML about 0.04 below it (the largest gap). Four of the five intervals exclude the published
//   value; only K-LV-ML's covers it. The paper's order (K-LF-ML > K-LV-ML > K-LV-LR > K-LF-LR > 1-LV-LR) is not
//   reproduced: here K-LV-LR is best (0.695) and K-LF-ML fourth (0.682), and the metric-learning head (LMNN + class
//   prototypes + kernel k-NN) beats the logistic head for neither variant (K-LV 0.687 against 0.695, K-LF 0.682
//   against 0.683). K-LF-LR, 0.683 [0.677, 0.688], meets the project's reproduction target of ≥ 0.67. The published
//   values come from the full 192,544-record file and the authors' own split, here the 154,035-record dev file with
//   random 80/20 splits.
// - **K-LF as fitted here carries no latent signal** (an observation about this implementation's fitted model,
//   split 1, not a property of the data): in the table "What the latent representation carries", K-LF's ten latent
//   terms barely vary (column sd 0.002) and alone score 0.503, while its two bias terms alone score 0.683, as much as
//   the whole representation (0.682). So this K-LF acts as a bias model, and neither head can add to the biases. K-LV's
//   latent terms do carry signal (0.667 alone, 0.697 with the biases against 0.677 without).
// - **Tuning the latent models changes the figures, not these conclusions** (a sweep run outside this notebook, not its
//   outputs: 327 K-LF fits and the same grid for K-LV and 1-LV, chosen by the LR head's average AUC on a seeded 20%
//   of split 1's training rows, then scored on the test rows of splits 1-3). With the constraint kept, K = 20, 40
//   epochs, learning rate 0.1, L2 0.003 and initial scale 0.3 lift K-LF-LR to 0.692 and K-LF-ML to 0.692 (split 1:
//   `node --import tsx bench/latent.bench.ts --models K-LF-LR,K-LF-ML --seed 1 --json
//   '{"K":20,"epochs":40,"learningRate":0.1,"l2":0.003,"initScale":0.3}'` prints 0.6911 / 0.6904), but the gain is in
//   the biases: in every configuration tried the latent terms alone score about 0.50 on held-out rows (on the rows
//   they were fitted on, up to 0.86: memorised), and the ML head still does not lead. Without the constraint the best K-LF reaches 0.699 (LR) / 0.700
//   (ML), a lead of 0.0014 [−0.0007, 0.0036] on split 1 (paired bootstrap), which comes from the prototype k-NN, not
//   from LMNN (without the learned metric: 0.6893 against 0.6898 on the validation rows). The same protocol gives K-LV-LR 0.698, 1-LV-LR 0.635 and K-LV-ML 0.683 (worse
//   than its defaults). The tuned order, K-LV-LR > K-LF-ML ≈ K-LF-LR > K-LV-ML > 1-LV-LR, is still not the paper's,
//   and K-LF-ML stays about 0.03 below its published 0.719. The presets keep the settings of the table above.
// - **The size-monotonicity constraint helps K-LV and costs K-LF** (split 1, table "The size-monotonicity
//   constraint"): without it K-LF-LR scores 0.692 instead of 0.682 and K-LF-ML 0.693 instead of 0.681, while K-LV-LR
//   drops from 0.696 to 0.688 and K-LV-ML from 0.694 to 0.674. Here the constraint is projected along the article's
//   true size against the mean customer, which is exact for K-LV's differences but only an approximation for K-LF's
//   products. Even without it the metric-learning head only ties the logistic head for K-LF (0.693 against 0.692),
//   so the constraint does not explain the missing lead of K-LF-ML either.
// - **The project's models are clearly stronger.** BEST (three gradient-boosted forests with different seeds
//   sharing one feature pipeline: body, customer history, article, relative-size, customer-recency, timeline and
//   renter-size features; each tree grown on half the features) 0.776 [0.775, 0.777]; a single `gbdt-relative` 0.771 [0.767, 0.776] and `gbdt` on the plain features 0.765 [0.761, 0.769]; logistic
//   regression on the plain feature pipeline already reaches 0.748. BEST's interval is narrow because its three split
//   values happened to agree; with three splits it reflects only their spread and is itself uncertain, while one test
//   set of 30,807 rows has a sampling error of about ±0.005 (the scale of the paired bootstrap interval below). On
//   split 1's test rows, BEST beats the strongest reproduced paper model (K-LV-LR) by +0.080 [0.075, 0.084] (paired
//   bootstrap, p ≈ 0.001, the smallest value 2,000 resamples can give). The ensemble, 0.767 [0.765, 0.770], and the
//   neural model, 0.747 [0.745, 0.750], beat neither BEST nor the single gbdt-relative.
// - **"fit" is the hard class**: one-vs-rest AUC 0.71 against 0.81 for small and 0.81 for large; the most probable
//   class is almost always "fit" (on split 1, 79% of the small rows and 78% of the large rows are predicted fit), so accuracy
//   (0.762) barely moves from the prior's 0.739: the model ranks well but is rarely confident enough to say small or
//   large.
// - **Calibration (split 1)**: BEST's class-wise ECE is 0.005 (the reliability curves follow the diagonal up to
//   ~0.85); 1-LV-LR is by far the worst calibrated (ECE 0.17, log-loss 1.50, worse than the prior's 0.76); among the
//   project's models, logistic regression is the worst (0.042) despite its AUC. The likely cause of 1-LV-LR's poor
//   calibration (not tested here): its preset fits the logistic head on the latent model's own training rows
//   (`headHoldout: 0` in lib/models/latent-fit-presets.ts, chosen there to reach the published AUC), so the head
//   learns from in-sample latent scores; the other latent presets hold part of the training rows out for the head.
// - **Cold start is about articles, not customers (split 1).** A test row whose article had no training transaction
//   gets avg AUC 0.64 (137 rows), 1-2 transactions 0.70, 3-9 0.75, and 10-299 0.78-0.79; the most rented articles
//   (300+) drop back to 0.74. By the customer's history the AUC is almost flat (0.77-0.79 from 0 to 19 transactions,
//   0.82 from 20): 46% of the test rows come from customers never seen in training and still score 0.769.
// - **What the model uses (split 1)**: the article family carries 42% of the split gain, above all the small and large rates
//   of the (article, size) pair (25% together), then the relative-size features (38%: rates of the article's next
//   smaller and larger sizes, size relative to the body-predicted size); customer history 6%, the timeline 4%
//   (above all the article's age, days since its first rental), customer recency (the true size of the customer's
//   rental nearest in time, time-weighted and per category) 3%, body measurements 2.5%, the renter sizes 3% (how
//   the article's renters size themselves in it against their other rentals), and the raw record fields 2%. By category (split 1), rompers and dresses
//   score highest (0.790, 0.787) and tops and jumpsuits lowest (0.740, 0.727).
// - **More data helps steadily**: on split 1's test rows BEST goes from 0.740 (25% of the training rows) to 0.758
//   (50%) and 0.776 (all 123,228), about +0.018 per doubling. For a model trained on all 154,035 rows there are two
//   estimates: 0.782, the fitted line itself (an extrapolation of one split); and about 0.778, from a 10-fold
//   cross-validation of the whole dev file run outside this notebook (`sizefit cv --dataset
//   PATH/renttherunway-dev.jsonl.gz --model best --folds 10 --seed 1`, folds stratified by label, each model trained
//   on 138.6k rows: 0.775 [0.773, 0.778] pooled over all rows, folds 0.770-0.783; not reproduced here) plus the
//   curve's slope for the 0.15 doublings from 138.6k to 154,035 rows (about +0.003). So 0.778-0.782 on new rows of the same kind, around
//   the project's target of 0.78.
