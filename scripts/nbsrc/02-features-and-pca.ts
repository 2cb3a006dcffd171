// %% [markdown]
// # 02 · Features and principal components
// The feature matrix the fit models learn from (`sizeFitFeaturePipeline`: body measurements, the customer's
// size-and-fit history, the article's sizing, one-hot categories), what each feature holds, how the features
// correlate, and what the principal components of the body measurements and of the whole numeric feature set
// mean; then 2-D pictures (PCA scores and t-SNE) coloured by the fit feedback.
//
// **Dataset**: `SIZEFIT_DATASET` when set (a registry name or a file), else RentTheRunway when the data directory
// has it (`sizefit data list`), else the bundled synthetic `sample`. The committed outputs come from the
// RentTheRunway dev split (154,035 records). Only aggregates and projections of seeded subsamples are shown: no
// customer's record is printed.
// %%
import * as tslab from 'tslab';
import * as sf from 'sizefit';
const rtrPresent = sf.listDatasets().some((d) => d.name === 'renttherunway' && d.present);
const DATASET = process.env.SIZEFIT_DATASET ?? (rtrPresent ? 'renttherunway' : 'sample');
const why = process.env.SIZEFIT_DATASET
  ? 'set by SIZEFIT_DATASET'
  : rtrPresent ? 'found in the data directory' : 'RentTheRunway is not in the data directory';
const SEED = 2;
const { dataset: ds } = await sf.loadDataset(DATASET);
const NAME = ds.meta.name;
tslab.display.markdown(`Running on **${NAME}** (${why}): ${ds.length.toLocaleString('en-US')} rows.`);
tslab.display.html(sf.toHtmlTable([
  { dataset: NAME, format: ds.meta.format, rows: ds.length, sha256: ds.meta.sha256, seed: SEED, sizefit: sf.libVersion() },
]));
// %% [markdown]
// ## The feature matrix
// A seeded 80% training part (`HoldoutSplit`, random rows) is the data a model would be fitted on; the other 20%
// stay unseen. `sizeFitFeaturePipeline({ seed })` fits on it: the history features (a customer's usual size and
// fit rates, an article's sizing and fit rates) are cross-fitted, so a row's own label never enters its own
// features. The pipeline ends with median imputation plus a `_missing` indicator for each column that had gaps.
// %%
const fold = new sf.HoldoutSplit({ testFraction: 0.2, seed: SEED }).split(ds.length)[0];
const train = ds.take(fold.train);
const pipeline = sf.sizeFitFeaturePipeline({ seed: SEED });
const X = pipeline.fitTransform(train);
const info = pipeline.featureInfo();
const oneHot = info.filter((f) => f.group === 'category').map((f) => f.name);
const numeric = X.names.filter((n) => !oneHot.includes(n));
const blocks = [...new Set(info.map((f) => f.group))].map((group) => {
  const names = info.filter((f) => f.group === group).map((f) => f.name);
  return { group, features: names.length, examples: names.slice(0, 4).join(', ') + (names.length > 4 ? ', …' : '') };
});
tslab.display.markdown(`Training rows: ${X.n.toLocaleString('en-US')} of ${ds.length.toLocaleString('en-US')}; ` +
  `features: ${X.p} (${numeric.length} numeric, ${oneHot.length} one-hot).`);
tslab.display.html(sf.toHtmlTable(blocks));
// %% [markdown]
// ## Feature summaries
// The numeric features **before imputation** (the same pipeline with `impute: false`, same seed, hence the same
// values): mean, standard deviation, range over the rows that have a value, and the share of rows without one
// (which the imputer fills with the training median, adding the `_missing` indicators). The one-hot block is
// summarised by source column below.
// %%
const rawPipeline = sf.sizeFitFeaturePipeline({ seed: SEED, impute: false });
const raw = sf.selectColumns(rawPipeline.fitTransform(train), numeric.filter((n) => !n.endsWith('_missing')));
const summary = sf.featureSummary(raw, rawPipeline.featureInfo());
const summaryColumns = ['name', 'group', 'mean', 'sd', 'min', 'max', 'missing', 'description'];
tslab.display.html(sf.toHtmlTable(summary, { columns: summaryColumns, limit: 60, digits: 3 }));
// %%
const oneHotBlocks = [...new Set(oneHot.map((n) => n.split('=')[0]))].map((column) => {
  const cols = oneHot.filter((n) => n.startsWith(`${column}=`));
  const shares = sf.featureSummary(sf.selectColumns(X, cols)).map((r) => ({ level: r.name.slice(column.length + 1), share: r.mean }));
  shares.sort((a, b) => b.share - a.share);
  const top = shares.slice(0, 3).map((s) => `${s.level} ${(100 * s.share).toFixed(1)}%`).join(', ');
  return { column, columns: cols.length, 'rows with no level': Math.max(0, 1 - shares.reduce((s, x) => s + x.share, 0)), 'most frequent': top };
});
tslab.display.html(sf.toHtmlTable(oneHotBlocks, { digits: 3 }));
// %% [markdown]
// ## Correlations of the numeric features
// Pearson correlations, each pair over the rows where both values are present (`correlationMatrix`), of the
// features before imputation and of the missing indicators.
// %%
const indicators = numeric.filter((n) => n.endsWith('_missing'));
const R = sf.correlationMatrix(sf.hstackMatrices([raw, sf.selectColumns(X, indicators)]));
const corrNames = [...raw.names, ...indicators];
// 32 x 32 labels of 2 decimals overlap: label only |r| >= 0.1, in a smaller font (hover shows every value).
const corrFig = sf.correlationHeatmap(R, corrNames, {
  title: `Correlations of the ${corrNames.length} numeric features (${NAME}, training rows)`, width: 1150, height: 1050,
  annotateMin: 0.1, annotationFontSize: 9,
});
await sf.showFigure(corrFig);
// %% [markdown]
// A blank cell is a pair with no defined correlation: a feature against a missing indicator that is constant on the
// rows where the feature is present, its own indicator or that of a field it is computed from or always missing with
// (e.g. BMI against `height_cm_missing` and `weight_kg_missing`, bra band against `cup_missing`, cup against
// `bust_band_missing`). The strongest correlations between different features (|r| ≥ 0.5), largest first:
// %%
tslab.display.html(sf.toHtmlTable(sf.strongCorrelations(R, corrNames, 0.5), { limit: 30, digits: 3 }));
// %% [markdown]
// ## PCA of the body measurements
// Height, weight, bra band, cup, BMI and age of the training rows that have all six (complete cases), each
// standardised (`PCA({ scale: true })`), so a loading is the correlation of a measurement with a component.
// %%
const bodyAll = new sf.BodyFeatures().fitTransform(train);
const BODY = ['height_cm', 'weight_kg', 'bust_band', 'cup', 'bmi', 'age'].filter((n) => bodyAll.names.includes(n));
const bodySel = sf.selectColumns(bodyAll, BODY);
const bodyRows = sf.completeRows(bodySel);
const B = sf.takeMatrixRows(bodySel, bodyRows);
const bodyPca = new sf.PCA({ scale: true }).fit(B);
const pct1 = (v: number) => `${(100 * v).toFixed(1)}%`;
tslab.display.markdown(`Complete rows: ${B.n.toLocaleString('en-US')} of ${X.n.toLocaleString('en-US')} ` +
  `(${pct1(B.n / X.n)}); PCA method: ${bodyPca.fittedMethod}.`);
// A scree plot: the share of variance of each component and the cumulative share.
await sf.showFigure(sf.screeChart(bodyPca, { title: `Scree plot, body measurements (${NAME})` }));
tslab.display.markdown(`Explained variance ratios: ${Array.from(bodyPca.explainedVarianceRatio, (v, c) =>
  `PC${c + 1} ${(100 * v).toFixed(2)}%`).join(', ')}.`);
// %%
const bodyLoadings = sf.loadingsTable(bodyPca);
const ratioRow = { feature: 'explained variance ratio', ...Object.fromEntries(
  Array.from(bodyPca.explainedVarianceRatio, (v, c) => [`PC${c + 1}`, v])) };
tslab.display.html(sf.toHtmlTable([...bodyLoadings, ratioRow], { digits: 2 }));
await sf.showFigure(sf.loadingsHeatmap(bodyPca, { components: 4, title: `Loadings of the first body components (${NAME})`, height: 420 }));
// %% [markdown]
// ## PCA of the numeric feature set
// All numeric columns of the pipeline's matrix (after imputation, with the missing indicators; without the
// one-hot block, whose many rare columns would each add a direction of their own), standardised.
// %%
const N = sf.selectColumns(X, numeric);
const fullPca = new sf.PCA({ scale: true }).fit(N);
await sf.showFigure(sf.screeChart(fullPca, { title: `Scree plot, ${numeric.length} numeric features (${NAME})` }));
const ratios = Array.from(fullPca.explainedVarianceRatio);
const kFor = (share: number) => ratios.findIndex((_, c) => ratios.slice(0, c + 1).reduce((s, v) => s + v, 0) >= share) + 1;
tslab.display.markdown(`Components for 50% of the variance: ${kFor(0.5)}; 80%: ${kFor(0.8)}; 90%: ${kFor(0.9)} ` +
  `(of ${numeric.length}).`);
// %%
const top = sf.topLoadings(fullPca, { components: 6, top: 5 });
const topRows = [...new Set(top.map((r) => r.component))].map((component) => {
  const rows = top.filter((r) => r.component === component);
  return { component, 'variance share': rows[0].varianceRatio,
    'largest loadings': rows.map((r) => `${r.feature} ${r.loading.toFixed(2)}`).join(', ') };
});
tslab.display.html(sf.toHtmlTable(topRows, { digits: 3 }));
await sf.showFigure(sf.loadingsHeatmap(fullPca, { components: 6, title: `Loadings of the first 6 components, numeric features (${NAME})`, height: 950 }));
// %% [markdown]
// ## 2-D projections coloured by fit
// PCA scores of a seeded subsample of 3,000 rows (the projection is fitted on all rows above), and a t-SNE
// (`sf.tsne`: affinities on each point's 3 × perplexity nearest neighbours, Barnes-Hut repulsion with θ = 0.5, 500 iterations, learning rate 200) of the first 2,000 rows of the numeric-feature scatter's subsample (not the body scatter's rows), standardised numeric features. Drawn in the order fit, small, large
// so the minority labels lie on top.
// %%
// Plotted coordinates with 3 decimals: a third of the JSON, the same picture.
const r3 = (S: sf.FeatureMatrix, j: number) => sf.matrixColumn(S, j).map((v) => Math.round(v * 1000) / 1000);
const subsample = (n: number, k: number) => Array.from(new sf.Rng(SEED).permutation(n).subarray(0, Math.min(k, n)));
const fitOf = (rows: ArrayLike<number>) => train.take(rows).categories('fit');
const ORDER = ['fit', 'small', 'large'];
const bodySub = subsample(B.n, 3000);
const bodyScores = bodyPca.transform(sf.takeMatrixRows(B, bodySub));
const [v1, v2] = bodyPca.explainedVarianceRatio;
await sf.showFigure(sf.scatterPlot(r3(bodyScores, 0), r3(bodyScores, 1), {
  groups: fitOf(bodySub.map((i) => bodyRows[i])), groupOrder: ORDER, groupTitle: 'fit', markerSize: 4, opacity: 0.5,
  title: `Body measurements: PCA scores of ${bodySub.length.toLocaleString('en-US')} rows (${NAME})`,
  xLabel: `PC1 (${pct1(v1)})`, yLabel: `PC2 (${pct1(v2)})`, height: 560,
}));
// %% [markdown]
// The mean score of each fit label on each component over **all** complete rows, in standard deviations of the
// component (all rows together have mean 0 and SD 1 on every component):
// %%
tslab.display.html(sf.toHtmlTable(sf.componentMeansByLabel(bodyPca, B, fitOf(bodyRows), 6), { digits: 3 }));
// %% [markdown]
// The same for the numeric feature set, over all training rows. The scatter plots PC1 against the component
// whose mean scores differ most between `small` and `large`.
// %%
const fullMeans = sf.componentMeansByLabel(fullPca, N, train.categories('fit'), 6);
tslab.display.html(sf.toHtmlTable(fullMeans, { digits: 3 }));
const meanOf = (label: string, c: number) => fullMeans.find((r) => r.fit === label)[`PC${c + 1}`] as number;
const gap = (c: number) => Math.abs(meanOf('small', c) - meanOf('large', c));
const cY = [1, 2, 3, 4, 5].reduce((best, c) => (gap(c) > gap(best) ? c : best), 1);
const fullSub = subsample(N.n, 3000);
const fullScores = fullPca.transform(sf.takeMatrixRows(N, fullSub));
const ratio = fullPca.explainedVarianceRatio;
await sf.showFigure(sf.scatterPlot(r3(fullScores, 0), r3(fullScores, cY), {
  groups: fitOf(fullSub), groupOrder: ORDER, groupTitle: 'fit', markerSize: 4, opacity: 0.5,
  title: `Numeric features: PCA scores of ${fullSub.length.toLocaleString('en-US')} rows (${NAME})`,
  xLabel: `PC1 (${pct1(ratio[0])})`, yLabel: `PC${cY + 1} (${pct1(ratio[cY])})`, height: 560,
}));
// %%
const tsneSub = fullSub.slice(0, 2000);
const Z = new sf.StandardScaler().fit(N).transform(sf.takeMatrixRows(N, tsneSub));
const t0 = Date.now();
const emb = sf.tsne(Z, { seed: SEED, iterations: 500, learningRate: 200 });
tslab.display.markdown(`t-SNE of ${Z.n.toLocaleString('en-US')} rows × ${Z.p} features: ` +
  `${((Date.now() - t0) / 1000).toFixed(1)} s, KL divergence ${emb.klDivergence.toFixed(3)}.`);
await sf.showFigure(sf.scatterPlot(r3(emb.embedding, 0), r3(emb.embedding, 1), {
  groups: fitOf(tsneSub), groupOrder: ORDER, groupTitle: 'fit', markerSize: 4, opacity: 0.6,
  title: `t-SNE of the standardised numeric features, ${tsneSub.length.toLocaleString('en-US')} rows (${NAME})`,
  xLabel: 't-SNE 1', yLabel: 't-SNE 2', height: 560,
}));
// %% [markdown]
// ## Reading the components (RentTheRunway dev split, the committed run)
// The numbers below are from the committed run on `renttherunway-dev.jsonl.gz` (training part of 123,228 rows); on
// another dataset read them off the tables above.
// - **Features**: 118 columns: 6 body measurements, 10 customer-history and 10 article features, 6 missing
//   indicators and 86 one-hot columns (category 69, body type 8, occasion 9: each level of the data plus an `=__unknown__`
//   column for levels unseen in training, constant 0 on the training rows). Weight is missing in 15.5% of the rows,
//   bust band and cup in 9.5%; the history features are defined for every row (a customer or article without
//   other rows gets the prior).
// - **Correlations**: the body measurements go together (weight–BMI 0.86, weight–bust band 0.64) and with the sizes
//   ordered (weight–`cust_size_diff` 0.73, weight–`item_size_diff` 0.74): bigger customers order bigger sizes. The
//   customer counts are near-copies of one another (`cust_n`–`cust_n_fit` 0.94), as are an article's and an
//   (article, size)'s fit rates (0.93 and 0.94), and the weight and BMI indicators (0.99), bust band and cup
//   indicators (1.00). Body size and the history counts are nearly uncorrelated.
// - **Body PCA** (96,705 complete rows, 78.5%): **PC1 (42.9%) is overall body size**: weight 0.95, BMI 0.88, bust
//   band 0.79, cup 0.42, height only 0.24. **PC2 (18.9%) is height against build** (proportions): height 0.93,
//   BMI −0.33, cup −0.31: tall and slim versus short and full-figured at the same size. **PC3 (16.7%) is age**
//   (0.94), which is unrelated to the measurements. **PC4 (15.0%) is bust shape**: cup 0.81 against band −0.32 (a
//   large cup on a small band). PC5 (6.4%) is bust band beyond weight, and **PC6 is empty (0.04%)**: over the range
//   of the data, BMI is almost exactly a linear function of weight and height, so it adds no dimension.
// - **Body size barely tells the labels apart**: on every body component the mean score of `small`, `fit` and
//   `large` differ by less than a tenth of the component's standard deviation (PC1: `small` +0.05 SD, `large`
//   −0.03 SD), and the PC1–PC2 scatter shows the three labels on top of each other, as notebook 01's histograms did.
// - **Numeric-feature PCA** (32 features, standardised): the variance is spread out: 6 components for 50%, 13 for
//   80%, 17 for 90%. PC1 (13.8%) and PC2 (12.2%) share one plane spanned by two nearly uncorrelated groups of
//   similar variance, body and size ordered (weight, BMI, bust band, `cust_size_mean`, `cust_size_diff`,
//   `item_size_diff`) and the customer's history volume (`cust_n`, `cust_n_small/fit/large`): PC1 is size minus
//   history volume, PC2 size plus history volume (a rotation of the plane would separate them). **PC3 (9.3%) is the
//   article's sizing**: `item_rate_small` and `itemsize_rate_small` 0.81 against `item_rate_large` and
//   `itemsize_rate_large` −0.80: an article that runs small versus one that runs large. PC4 (7.7%) is the
//   missing-body-data pattern, PC5 (6.3%) the article's popularity (`item_n` 0.78, `itemsize_n` 0.77), PC6 (5.4%) the
//   customer's own fit history (`cust_rate_fit` 0.70 against `cust_rate_small` −0.59).
// - **Only the article-sizing component separates the labels**: on PC3, `small` rows lie 0.84 SD above the mean
//   and `large` rows 0.85 SD below it (`fit` at 0), while no other component moves a label by more than 0.2 SD.
//   The history rates are cross-fitted, so this is not the row's own label leaking in: articles that ran small for
//   other customers run small again. In the t-SNE picture the rows form islands of similar feature values in which
//   the three labels are mixed, with local concentrations of `large` or `small`; no island is one label's.
// - **For the models**: the body measurements are a compact block (three to four components: size, proportions, age,
//   bust shape) with little direct signal; the label signal sits in the article's (and the customer's) fit history
//   and in the size ordered relative to the usual size; several features are near-duplicates (counts, indicators,
//   item vs item-size rates), which regularised or tree models tolerate but which inflate the variance of plain
//   linear coefficients.
