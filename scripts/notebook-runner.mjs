// Shared by `npm start`, `npm run notebooks` and the notebook test: runs scripts/run_notebooks.py in the venv.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const py = join(root, '.venv', 'bin', 'python');

/** Notebooks in notebooks/, in name order, filtered by the given names/prefixes. */
export function listNotebooks(filters = []) {
  const dir = join(root, 'notebooks');
  const all = readdirSync(dir)
    .filter((f) => f.endsWith('.ipynb'))
    .sort();
  const chosen = filters.length ? all.filter((f) => filters.some((x) => f.startsWith(x) || f === x)) : all;
  return chosen.map((f) => join(dir, f));
}

export function parseNotebookArgs(argv) {
  const opts = { inPlace: false, outDir: undefined, htmlDir: undefined, timeout: 900, dataset: undefined, names: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--in-place') opts.inPlace = true;
    else if (a === '--out-dir') opts.outDir = resolve(val());
    else if (a === '--html-dir') opts.htmlDir = resolve(val());
    else if (a === '--timeout') opts.timeout = Number(val());
    else if (a === '--dataset') opts.dataset = val();
    else if (a === '--help' || a === '-h') {
      console.log(
        'usage: [--in-place | --out-dir DIR] [--html-dir DIR] [--timeout SECONDS] [--dataset NAME|PATH] [NOTEBOOK-PREFIX...]',
      );
      process.exit(0);
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else opts.names.push(a);
  }
  if (!opts.inPlace && !opts.outDir) opts.outDir = join(root, 'reports', 'notebooks');
  if (!opts.htmlDir && !opts.inPlace) opts.htmlDir = join(root, 'reports');
  return opts;
}

/** Runs the notebooks; resolves to [{notebook, seconds, status, error}]. */
/**
 * The SIZEFIT_DATASET a kernel gets for `--dataset VALUE`: the kernels run in notebooks/, so a relative path
 * that exists from the caller's directory is made absolute (as --out-dir is); a registry name stays a name.
 */
export function datasetForKernel(value, cwd = process.cwd()) {
  const p = resolve(cwd, value);
  return existsSync(p) ? p : value;
}

/** The notebooks whose committed outputs come from RentTheRunway (the others run on the sample by design). */
const RENTTHERUNWAY_NOTEBOOKS = ['01-', '02-', '03-', '04-'];

/**
 * Why `--in-place` must not run: notebooks 01-04 would fall back to the synthetic sample (no dataset given, none in
 * the environment, RentTheRunway not in the data directory) and replace their committed RentTheRunway outputs.
 * Null when it may run. An explicit dataset (`--dataset sample` included) is the caller's choice.
 */
export function inPlaceProblem(opts, notebookPaths, env, rentTheRunwayPresent) {
  if (!opts.inPlace || opts.dataset !== undefined || env.SIZEFIT_DATASET) return null;
  const names = notebookPaths.map((p) => p.split('/').pop());
  const hit = names.filter((n) => RENTTHERUNWAY_NOTEBOOKS.some((x) => n.startsWith(x)));
  if (hit.length === 0 || rentTheRunwayPresent) return null;
  return (
    `--in-place would replace the committed RentTheRunway outputs of ${hit.join(', ')} with outputs of the ` +
    'synthetic sample (RentTheRunway is not in the data directory): pass --dataset PATH/renttherunway-dev.jsonl.gz, ' +
    'or --dataset sample to write sample outputs on purpose'
  );
}

async function rentTheRunwayPresent() {
  const lib = join(root, 'lib', 'dist', 'index.js');
  // the notebooks import the built library too: without it, say so rather than "RentTheRunway is not there"
  if (!existsSync(lib)) throw new Error('lib/dist is not built: run `npm run build` before running the notebooks');
  const { listDatasets } = await import(lib);
  return listDatasets().some((d) => d.name === 'renttherunway' && d.present);
}

/**
 * The environment of the kernels: they run in notebooks/, so a relative SIZEFIT_DATA_DIR or SIZEFIT_PROJECT_ROOT is
 * made absolute from the caller's directory (the CLI and this runner read them from there; a kernel would read
 * notebooks/<dir> and fall back to the sample).
 */
export function kernelEnv(env, cwd = process.cwd()) {
  const out = { ...env };
  for (const k of ['SIZEFIT_DATA_DIR', 'SIZEFIT_PROJECT_ROOT']) if (out[k]) out[k] = resolve(cwd, out[k]);
  return out;
}

export async function runNotebooks(opts) {
  if (!existsSync(py)) {
    throw new Error('the Python venv (.venv) is missing: run `npm install` (or `npm run setup`) first');
  }
  const notebooks = listNotebooks(opts.names);
  if (notebooks.length === 0) throw new Error(`no notebooks match ${opts.names.join(', ')}`);
  const problem = inPlaceProblem(opts, notebooks, process.env, opts.inPlace ? await rentTheRunwayPresent() : false);
  if (problem !== null) throw new Error(problem);
  const args = [join(root, 'scripts', 'run_notebooks.py'), '--timeout', String(opts.timeout)];
  if (opts.inPlace) args.push('--in-place');
  if (opts.outDir) args.push('--out-dir', opts.outDir);
  if (opts.htmlDir) args.push('--html-dir', opts.htmlDir);
  args.push(...notebooks);
  const env = kernelEnv(process.env);
  if (opts.dataset) env.SIZEFIT_DATASET = datasetForKernel(opts.dataset);
  return await new Promise((resolvePromise, reject) => {
    const child = spawn(py, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', () => {
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolvePromise(JSON.parse(last));
      } catch {
        reject(new Error(`the notebook runner printed no summary:\n${out.slice(-2000)}`));
      }
    });
  });
}

/** One screen: each notebook, seconds, ok/failed. */
export function printSummary(summary) {
  const w = Math.max(...summary.map((s) => s.notebook.length), 8);
  console.log('\nnotebook'.padEnd(w + 1) + '  seconds  status');
  for (const s of summary) {
    console.log(`${s.notebook.padEnd(w)}  ${s.seconds.toFixed(1).padStart(7)}  ${s.status}`);
  }
  const failed = summary.filter((s) => s.status !== 'ok').length;
  const total = summary.reduce((a, s) => a + s.seconds, 0);
  console.log(`${summary.length - failed} ok, ${failed} failed, ${total.toFixed(1)} s in all`);
}
