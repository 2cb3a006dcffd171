// %% [markdown]
// # 06 · Size data in PostgreSQL
// The database workflow of lib/db: ingest a dataset into PostgreSQL (or embedded PGlite when no server is
// configured), compute the customer and article history features in SQL, analyse fit by category with a query,
// train a model on features read from the database, and record the run in the registry.
//
// **Database**: `DATABASE_URL` (or the PG* variables) when set, else PGlite in memory: nothing to install or start.
// **Dataset**: `SIZEFIT_DATASET` when set, else the bundled synthetic `sample` (3,000 rows, seed below).
// Only aggregates are shown: no customer's record is printed.
// %%
import * as tslab from 'tslab';
import * as sf from 'sizefit';
import { createHash } from 'node:crypto';
const DATASET = process.env.SIZEFIT_DATASET ?? 'sample';
const SEED = 7;
const { dataset: ds, report } = await sf.loadDataset(DATASET);
const db = await sf.openDatabase();
tslab.display.html(sf.toHtmlTable([
  { dataset: ds.meta.name, rows: ds.length, sha256: ds.meta.sha256, engine: db.engine,
    sampleSeed: ds.meta.name === 'sample' ? sf.SAMPLE_OPTIONS.seed : '-', modelSeed: SEED, sizefit: sf.libVersion() },
]));
// %% [markdown]
// ## Ingest
// One transaction: COPY on PostgreSQL, batched parameterized INSERTs on PGlite. The dataset is keyed by the sha256 of
// its file, so the second call changes nothing.
// %%
const first = await sf.ingestDataset(db, ds, report);
const second = await sf.ingestDataset(db, ds, report);
tslab.display.html(sf.toHtmlTable([first, second].map((r) => ({ status: r.status, method: r.method, purchases: r.rows,
  customers: r.customers, articles: r.articles, articleSizes: r.articleSizes, rowsDropped: r.report.rowsDropped,
  problems: r.report.problems }))));
// %% [markdown]
// ## Features in SQL
// The customer-history and article features (full-statistics path) computed by one query each, read into a
// FeatureMatrix, and compared with the in-memory `fit(...).transform(...)` of lib/features.
// %%
const Xc = await sf.sqlCustomerHistoryFeatures(db, ds.meta.sha256);
const Xa = await sf.sqlArticleFeatures(db, ds.meta.sha256);
const maxDiff = (a: sf.FeatureMatrix, b: sf.FeatureMatrix) => a.data.reduce((m, v, k) => Number.isNaN(v) && Number.isNaN(b.data[k]) ? m : Math.max(m, Math.abs(v - b.data[k])), 0);
tslab.display.html(sf.toHtmlTable([
  { features: 'customer history', rows: Xc.n, columns: Xc.p, maxAbsDiffVsInMemory: maxDiff(Xc, new sf.CustomerHistoryFeatures().fit(ds).transform(ds)) },
  { features: 'article', rows: Xa.n, columns: Xa.p, maxAbsDiffVsInMemory: maxDiff(Xa, new sf.ArticleFeatures().fit(ds).transform(ds)) },
]));
// %% [markdown]
// ## Fit rate by category, in SQL
// Share of small / fit / large feedback per product category (categories with at least 30 labelled purchases).
// %%
const byCat = await db.query(`
  SELECT category, count(*) AS purchases,
    round((avg((fit = 'small')::int) * 100)::numeric, 1)::float8 AS small_pct,
    round((avg((fit = 'fit')::int) * 100)::numeric, 1)::float8 AS fit_pct,
    round((avg((fit = 'large')::int) * 100)::numeric, 1)::float8 AS large_pct
  FROM purchases JOIN datasets USING (dataset_id)
  WHERE datasets.sha256 = $1 AND fit IS NOT NULL
  GROUP BY category HAVING count(*) >= 30 ORDER BY purchases DESC`, [ds.meta.sha256]);
tslab.display.html(sf.toHtmlTable(byCat.rows));
// %% [markdown]
// ## A model trained from the database
// Size and body measurements read by SQL into a matrix, a group holdout by customer (20 %), gradient-boosted trees.
// The history features above use every row's label (full statistics), so they are not used to score a holdout here.
// The score is the unweighted mean of the one-vs-rest AUCs with its 95 % percentile bootstrap interval over the test
// rows (1,000 resamples of rows, not of customers, so the interval is if anything too narrow). Only an interval that
// lies wholly above 0.5 shows the model doing better than chance (last column). On the synthetic sample size and
// body alone are not expected to do so. On RentTheRunway the size ordered does separate the labels (notebook 01), and
// fit depends on the size relative to the customer's usual size and the article's sizing, which need the
// cross-fitted history features of lib/features.
// %%
const X = await sf.queryFeatureMatrix(db, `
  SELECT size, height_cm, weight_kg, bust_band, cup, age FROM purchases p JOIN datasets d USING (dataset_id)
  WHERE d.sha256 = $1 ORDER BY row_index`, [ds.meta.sha256]);
const y = Int32Array.from(ds.categories('fit').codes);
const { train, test } = new sf.HoldoutSplit({ testFraction: 0.2, strategy: 'group', seed: SEED }).split(ds.length, y, ds.categories('user_id').codes)[0];
const model = new sf.GradientBoostedTrees({ numRounds: 100, seed: SEED, classNames: [...sf.FIT_CLASSES] }).fit(sf.takeMatrixRows(X, train), Array.from(train, (i) => y[i]));
const P = model.predictProba(sf.takeMatrixRows(X, test));
const ev = sf.evaluateProbabilities(Array.from(test, (i) => y[i]), P, { seed: SEED });
const [aucLow, aucHigh] = ev.avgAucCi;
tslab.display.html(sf.toHtmlTable([{ model: 'GradientBoostedTrees', features: X.names.join(', '), train: train.length, test: test.length,
  macroOvrAuc: ev.avgAuc, '95 % CI low': aucLow, '95 % CI high': aucHigh, 'above chance (CI > 0.5)': aucLow > 0.5 }], { digits: 3 }));
// %% [markdown]
// ## The registry of runs
// The model reloaded from its JSON must predict the same probabilities, value for value (the cell stops with an error
// otherwise); the run is then recorded with its parameters, metrics (the AUC and its interval), dataset sha256 and the
// sha256 of that JSON.
// %%
const json = JSON.stringify(model.toJSON());
const reloaded = sf.GradientBoostedTrees.fromJSON(JSON.parse(json));
const P2 = reloaded.predictProba(sf.takeMatrixRows(X, test));
if (P2.length !== P.length || !P2.every((v, k) => v === P[k])) throw new Error('the model reloaded from its JSON predicts differently');
tslab.display.markdown(`The model reloaded from its JSON predicts the same probabilities on the ${test.length} test rows.`);
// The kind is a catalog name (`sizefit models`), as `sizefit train --register` records it: gbdt, gradient-boosted
// trees (here on the columns read above, params.features); the estimator's own kind goes to params.estimatorKind.
await sf.registerRun(db, { kind: 'gbdt', params: { estimatorKind: model.toJSON().kind, numRounds: 100, seed: SEED, features: X.names },
  metrics: { macroOvrAuc: ev.avgAuc, macroOvrAucCiLow: aucLow, macroOvrAucCiHigh: aucHigh }, datasetSha256: ds.meta.sha256,
  artifactSha256: createHash('sha256').update(json).digest('hex') });
const runs = await sf.listRuns(db);
tslab.display.html(sf.toHtmlTable(runs.map((r) => ({ id: r.id, kind: r.kind, macroOvrAuc: r.metrics.macroOvrAuc,
  '95 % CI': [r.metrics.macroOvrAucCiLow, r.metrics.macroOvrAucCiHigh].map((v) => v?.toFixed(3) ?? '-').join(' – '),
  dataset: r.datasetSha256?.slice(0, 12), artifact: r.artifactSha256?.slice(0, 12), libVersion: r.libVersion })), { digits: 3 }));
await db.close();
