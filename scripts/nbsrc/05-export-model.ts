// %% [markdown]
// # 05 · Export a model and serve it
// Trains the chosen fit model, exports it as a model directory (manifest with checksums, estimator JSON, binary
// weights, the advice history), reloads it the way a service does (`loadModel`: checksums and format version
// verified first), checks that the reloaded model predicts exactly the same values, shows the manifest, and calls
// the HTTP service (`startFitServer`, the code behind `sizefit serve`) in process: started on an ephemeral loopback
// port, one request, stopped. The temporary model folders, which hold the advice history, are removed at the end.
//
// **Dataset**: `SIZEFIT_DATASET` when set (a registry name or a file), else the bundled synthetic `sample`.
// **Model**: `SIZEFIT_MODEL` when set, else the catalog's `best`. **Seed** 0. The committed outputs come from the
// `sample`, by design: a small model keeps the notebook quick and its manifest readable (training `best` on the
// RentTheRunway dev file takes about half a minute; set `SIZEFIT_DATASET` to a RentTheRunway file to run it there).
// The requests below use made-up customer and article ids: no customer's record is printed.
// %%
import * as tslab from 'tslab';
import * as sf from 'sizefit';
import { mkdtempSync, readFileSync, writeFileSync, cpSync, rmSync, existsSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
const DATASET = process.env.SIZEFIT_DATASET ?? 'sample';
const MODEL = process.env.SIZEFIT_MODEL ?? 'best';
const SEED = 0;
const { dataset: ds } = await sf.loadDataset(DATASET);
tslab.display.html(sf.toHtmlTable([
  { dataset: ds.meta.name, format: ds.meta.format, rows: ds.length, sha256: ds.meta.sha256, model: MODEL, seed: SEED,
    sizefit: sf.libVersion() },
]));
// %% [markdown]
// ## Train
// `trainingManifestInfo` then gathers what `sizefit train` records about the model (used for the export below),
// with the in-sample metrics shown here: they are no estimate of how well the model predicts (the model has seen
// these rows); held-out figures come from `sizefit cv` and notebook 03.
// %%
const entry = sf.catalogEntry(MODEL);
const model = entry.create({ seed: SEED });
// A TensorFlow.js model (SIZEFIT_MODEL=neural) needs the backend started, as `sizefit train` does.
if (sf.estimatorEntry(model.kind).capabilities.includes('tensorflow')) await sf.initTf();
const t0 = performance.now();
await model.fit(ds);
const trainingSeconds = (performance.now() - t0) / 1000;
const info = await sf.trainingManifestInfo(model, ds, { model: entry.name, seed: SEED, trainingSeconds });
const inSample = info.metrics.training;
tslab.display.html(sf.toHtmlTable([
  { model: entry.name, kind: model.kind, 'training s': trainingSeconds, 'in-sample avg AUC': inSample.avgAuc,
    'in-sample log-loss': inSample.logLoss, 'rows scored': inSample.rows },
], { digits: 3 }));
// %% [markdown]
// ## Export
// `saveModel` writes the directory under a temporary name and renames it into place, with the information
// `trainingManifestInfo` gathered, as `sizefit train` writes it: the dataset (file and content sha256), its size
// systems, the parameters, metrics and training time, and the extra files: the advice history (customers' body fields
// and purchases, articles' sizes), so the service can answer size recommendations, and for a neural model its
// TensorFlow.js layers files.
// %%
const dir = join(mkdtempSync(join(tmpdir(), 'sizefit-nb05-')), 'model');
const manifest = sf.saveModel(dir, model, info);
tslab.display.html(sf.toHtmlTable(Object.entries(manifest.files).map(([name, f]) => (
  { file: name, bytes: f.bytes, sha256: f.sha256.slice(0, 16) + '…', role: f.role }))));
// %% [markdown]
// ## Reload as a service does, and compare
// `loadModel` verifies every checksum and the format version, then rebuilds the model from the estimator registry.
// The reloaded model must give the same probabilities bit for bit on every training row.
// %%
const P = model.predictProba(ds);
const tLoad = performance.now();
const loaded = await sf.loadModel(dir);
const loadMs = performance.now() - tLoad;
const P2 = loaded.model.predictProba(ds);
let maxDiff = 0;
let identical = P.length === P2.length;
for (let i = 0; i < P.length; i++) {
  maxDiff = Math.max(maxDiff, Math.abs(P[i] - P2[i]));
  if (P[i] !== P2[i]) identical = false;
}
if (!identical) throw new Error(`the reloaded model differs (max |diff| ${maxDiff})`);
tslab.display.html(sf.toHtmlTable([{ 'load ms': loadMs, rows: ds.length, values: P.length, 'max |diff|': maxDiff,
  identical }], { digits: 1 }));
// %% [markdown]
// A modified file is refused: one flipped byte in a copy of the model directory's largest file, and `loadModel` names
// that file and the checksum mismatch (`sizefit serve` exits 1 with this message).
// %%
const tampered = dir + '-tampered';
cpSync(dir, tampered, { recursive: true });
const [largest] = Object.entries(loaded.manifest.files).sort((a, b) => b[1].bytes - a[1].bytes)[0];
const w = readFileSync(join(tampered, largest));
w[w.length - 1] ^= 0xff;
writeFileSync(join(tampered, largest), w);
let refusal = '';
try {
  await sf.loadModel(tampered);
} catch (e) {
  refusal = `${(e as Error).name}: ${(e as Error).message.replace(tampered, '<dir>')}`;
}
if (!refusal.startsWith('ModelFormatError')) throw new Error('the tampered model was not refused');
tslab.display.markdown('`' + refusal + '`');
// %% [markdown]
// ## The manifest
// What `GET /v1/model` answers: format and version, estimator kind, catalog name, lib version, training data
// fingerprint, classes (the column order of every probability), size systems, parameters and metrics. Shown without
// its `files` (the files with their checksums are the table of the export above), and with the two values that
// change on every run, `createdAt` and `trainingSeconds`, masked.
// %%
const { files, ...head } = loaded.manifest;
tslab.display.markdown('```json\n' + JSON.stringify({ ...head, createdAt: '…', trainingSeconds: '…' }, null, 2) + '\n```');
// %% [markdown]
// ## The service, in process
// `FitService.load` + `startFitServer` on port 0 (any free port, loopback only), one `POST /v1/fit-predictions`
// with a record in the dataset's own format (as a line of the file; the ids are made up, so the model uses its
// cold-start path), compared with the model called directly, then a graceful stop. The service logs one JSON line
// per request.
// %%
const service = await sf.FitService.load(dir);
const logs: string[] = [];
const server = await sf.startFitServer(service, { port: 0, log: (line) => logs.push(line) });
const record = { user_id: 'new-customer', item_id: 'new-article', size: 8, category: ds.categories('category').categories[0],
  height: '5\' 6"', weight: '135lbs', 'bust size': '34b' };
const res = await fetch(`${server.url}/v1/fit-predictions`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records: [record] }),
});
const answer = (await res.json()) as { classes: string[]; probabilities: number[][]; labels: string[] };
const direct = loaded.model.predictProba(sf.parseFitData(JSON.stringify(record), { ...sf.recordFormatOf(loaded.manifest), keepUnlabeled: true }).dataset);
const same = answer.probabilities[0].every((p, k) => p === direct[k]);
const stopped = await server.close();
if (res.status !== 200 || !same) throw new Error(`service answer ${res.status} differs from the model`);
tslab.display.html(sf.toHtmlTable([{ status: res.status, ...Object.fromEntries(answer.classes.map((c, k) =>
  [`P(${c})`, answer.probabilities[0][k]])), label: answer.labels[0], 'equals direct call': same,
  'stopped cleanly': !stopped.forced }], { digits: 4 }));
tslab.display.markdown('Log line: `' + logs[0].replace(/"time":"[^"]*"/, '"time":"…"').replace(/"id":"[^"]*"/, '"id":"…"').replace(/"ms":[\d.]+/, '"ms":…') + '`');
// %% [markdown]
// ## Clean up
// Both model folders hold the advice history (customers' body fields and purchases): the temporary folder that holds
// them is removed.
// %%
rmSync(dirname(dir), { recursive: true, force: true });
if (existsSync(dir) || existsSync(tampered)) throw new Error(`${dirname(dir)} was not removed`);
tslab.display.markdown('Removed the temporary folder with `model` and `model-tampered`.');
