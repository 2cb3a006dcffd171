// %% [markdown]
// # 00 · Environment
// Checks that the workbench is set up: library and runtime versions, the TensorFlow.js backend, danfojs on
// the bundled sample, and a plotly chart that shows interactively and as a static image.
// This notebook always uses the bundled synthetic `sample` dataset. In the committed run the native TensorFlow.js
// backend is missing (first table: wasm with SIMD, 1 thread), and the neural-model timings in the other committed
// notebooks were measured on this wasm backend.
// %%
import * as tslab from 'tslab';
import * as sf from 'sizefit';
const tfInfo = await sf.initTf();
const env = { sizefit: sf.libVersion(), node: process.versions.node, tfjs: tfInfo.version, backend: tfInfo.backend, note: tfInfo.note ?? '' };
tslab.display.html(sf.toHtmlTable([env]));
// %%
const { dataset, report } = await sf.loadDataset('sample');
tslab.display.html(sf.toHtmlTable([{ dataset: dataset.meta.name, format: dataset.meta.format, rows: dataset.length, sha256: dataset.meta.sha256, problems: report.problems ?? 0, seed: sf.SAMPLE_OPTIONS.seed }]));
// %% [markdown]
// A danfojs DataFrame (danfojs runs on the same TensorFlow.js backend) of the first 1,000 of the sample's 3,000 rows
// (`limit: 1000`), described by aggregates: its shape, and per column the danfojs type, the number of values present
// and the number of distinct values among them (`dropNa().nUnique()`: a missing value is not counted as a value); no
// row is printed. A DataFrame left as a cell's value prints its internals in tslab, so tables are shown as HTML. The
// mean height and weight per fit label after it are averages over those 1,000 rows, less the rows with a missing
// value in any loaded column (`dropNa`).
// %%
import * as dfd from 'danfojs-node';
const df = await sf.toDataFrame(dataset, { columns: ['user_id', 'item_id', 'fit', 'size', 'category', 'height_cm', 'weight_kg', 'age'], limit: 1000 });
const present = df.count({ axis: 0 }) as dfd.Series;
tslab.display.markdown(`DataFrame shape: ${df.shape[0]} rows × ${df.shape[1]} columns`);
tslab.display.html(sf.toHtmlTable(df.columns.map((c, k) => ({ column: c, type: df.dtypes[k], present: present.values[k], distinct: (df.column(c).dropNa() as dfd.Series).nUnique() }))));
// %%
const means = df.dropNa({ axis: 1 }).groupby(['fit']).col(['height_cm', 'weight_kg']).mean();
tslab.display.html(sf.toHtmlTable(dfd.toJSON(means) as Record<string, unknown>[]));
// %% [markdown]
// A plotly chart: interactive in JupyterLab and in the HTML rendering, with a static PNG for viewers that run no scripts.
// %%
const fit = dataset.categories('fit');
await sf.showFigure(sf.histogram(dataset.numbers('height_cm'), { groups: fit, title: 'Height by fit feedback (sample)', xLabel: 'height (cm)', yLabel: '% of the label', histnorm: 'percent', barmode: 'group', nbins: 20 }));
