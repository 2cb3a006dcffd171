// Shared by `npm start`, `npm run notebooks` and the notebook test: runs scripts/run_notebooks.py in the venv.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const py = join(root, '.venv', 'bin', 'python');

/** A mistake in the command line: the scripts print its message and exit 2 (1 is for failures of the run). */
export class UsageError extends Error {
  name = 'UsageError';
}

/**
 * The directory relative paths on the command line (and in SIZEFIT_DATASET, SIZEFIT_DATA_DIR) are read from: the
 * user's, which npm passes as INIT_CWD (npm runs scripts in the project root), else the process's.
 */
function callerDir(env = process.env) {
  return env.INIT_CWD ?? process.cwd();
}

/**
 * Notebooks in notebooks/, in name order. Each filter is a name prefix (`01`, `01-explore-size-data.ipynb`) or a path
 * to a notebook in notebooks/ (relative to `cwd`). No filters: every notebook.
 * @throws UsageError naming every filter that is empty or selects no notebook.
 */
export function listNotebooks(filters = [], cwd = callerDir()) {
  const dir = join(root, 'notebooks');
  const all = readdirSync(dir)
    .filter((f) => f.endsWith('.ipynb'))
    .sort();
  if (filters.length === 0) return all.map((f) => join(dir, f));
  const chosen = new Set();
  const unmatched = [];
  for (const x of filters) {
    const asPath = resolve(cwd, x);
    const isFile = x !== '' && existsSync(asPath) && statSync(asPath).isFile();
    const byPath = isFile ? all.filter((f) => realpathSync(join(dir, f)) === realpathSync(asPath)) : [];
    const hits = x === '' ? [] : byPath.length > 0 ? byPath : all.filter((f) => f.startsWith(x));
    if (hits.length === 0) unmatched.push(x === '' ? "'' (an empty filter)" : x);
    for (const f of hits) chosen.add(f);
  }
  if (unmatched.length > 0) {
    throw new UsageError(
      `no notebook matches ${unmatched.join(', ')}: give a name prefix (${all.map((f) => f.replace(/\.ipynb$/, '')).join(', ')}) or the path of a notebook in ${dir}`,
    );
  }
  return all.filter((f) => chosen.has(f)).map((f) => join(dir, f));
}

/** `--timeout`'s value: whole seconds > 0 (run_notebooks.py reads an int). */
function parseTimeout(text) {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new UsageError(`--timeout takes a whole number of seconds > 0, not '${text}'`);
  }
  return n;
}

export const NOTEBOOK_USAGE =
  'usage: [--in-place | --out-dir DIR] [--html-dir DIR] [--timeout SECONDS] [--dataset NAME|PATH] [NOTEBOOK-PREFIX|PATH...]';

/** What `npm run notebooks -- --help` says of its options, after {@link NOTEBOOK_USAGE}. */
export const NOTEBOOK_OPTIONS = [
  '  (none)               executed copies to reports/notebooks/, HTML to reports/',
  '  --in-place           update the committed notebooks (clean runs only); HTML only with --html-dir',
  '  --out-dir DIR        executed copies to DIR, and the HTML too unless --html-dir',
  '  --html-dir DIR       HTML renderings to DIR',
  '  --timeout SECONDS    the limit for each notebook as a whole, kernel start included (default 900)',
  "  --dataset NAME|PATH  a registered name (with the dataset's extra columns) or a file's path (its record format);",
  '                       a registered name wins over a file of that name here: ./NAME reads the file',
].join('\n');

/** What each option that must not be empty takes. */
const NON_EMPTY = {
  '--dataset': "registered dataset name (e.g. sample) or a file's path",
  '--out-dir': 'directory',
  '--html-dir': 'directory',
};

/**
 * `value`, the value of `option` (a key of {@link NON_EMPTY}). `--dataset ''` was read as no dataset at all, and an
 * empty directory as the caller's directory.
 * @throws UsageError for an empty value.
 */
function nonEmpty(option, value) {
  if (value === '') throw new UsageError(`${option} takes a ${NON_EMPTY[option]}, not ''`);
  return value;
}

/**
 * The options of `npm run notebooks` (and, less --in-place/--out-dir/--html-dir, `npm start`). Relative paths are
 * read from {@link callerDir}. Without --html-dir, the HTML goes to --out-dir, else (no --in-place) to reports/.
 * `--help` prints `usage` and exits.
 * @throws UsageError for an unknown option, a missing, empty or bad value, or --in-place with --out-dir.
 */
export function parseNotebookArgs(argv, { cwd = callerDir(), usage = NOTEBOOK_USAGE } = {}) {
  const opts = { inPlace: false, outDir: undefined, htmlDir: undefined, timeout: 900, dataset: undefined, names: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--in-place') opts.inPlace = true;
    else if (a === '--out-dir') opts.outDir = resolve(cwd, nonEmpty(a, val()));
    else if (a === '--html-dir') opts.htmlDir = resolve(cwd, nonEmpty(a, val()));
    else if (a === '--timeout') opts.timeout = parseTimeout(val());
    else if (a === '--dataset') opts.dataset = nonEmpty(a, val());
    else if (a === '--help' || a === '-h') {
      console.log(usage);
      process.exit(0);
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else opts.names.push(a);
  }
  if (opts.inPlace && opts.outDir !== undefined) {
    throw new UsageError('--in-place and --out-dir exclude each other: update the committed notebooks or write copies');
  }
  // HTML beside the executed copies: --out-dir's own (not the project's reports/, which it would overwrite), else
  // reports/ beside reports/notebooks/
  if (!opts.htmlDir && !opts.inPlace) opts.htmlDir = opts.outDir ?? join(root, 'reports');
  if (!opts.inPlace && !opts.outDir) opts.outDir = join(root, 'reports', 'notebooks');
  return opts;
}

/** File endings of dataset files: a value ending so is a path even without a `/`. */
const DATASET_FILE = /\.(jsonl?|csv|gz)$/i;

/**
 * The library's registered dataset names (`listDatasets()`); a test keeps them equal. Known here without the built
 * library, so a command line is read the same way before and after `npm run build`.
 */
export const REGISTERED_DATASETS = ['renttherunway', 'modcloth', 'sample'];

/**
 * The SIZEFIT_DATASET a kernel gets for `--dataset VALUE` (or for the caller's SIZEFIT_DATASET), read as the CLI's
 * `--dataset` is: the kernels run in notebooks/, so a path is made absolute from the caller's directory `cwd` (as
 * --out-dir is). A value with a `/` or a dataset file ending is a path and must exist; a registered name stays a name
 * even where a file or folder of that name exists in `cwd` (give ./NAME to read the file); another word is a path
 * when such a file (not a folder) exists, else a name (the kernels' `loadDataset` reads both the same way).
 * @throws UsageError for an empty value or a path that does not exist.
 */
export function datasetForKernel(value, cwd = callerDir()) {
  nonEmpty('--dataset', value);
  const p = resolve(cwd, value);
  if (value.includes('/') || DATASET_FILE.test(value)) {
    if (!existsSync(p)) throw new UsageError(`dataset ${value}: there is no file ${p}`);
    return p;
  }
  if (REGISTERED_DATASETS.includes(value)) return value;
  return existsSync(p) && !statSync(p).isDirectory() ? p : value;
}

/**
 * The note the CLI prints for the same value: a registered name read as the registered dataset while a file or folder
 * of that name is in `cwd`. Null when there is none.
 */
export function registeredNameNote(value, cwd = callerDir()) {
  if (!REGISTERED_DATASETS.includes(value)) return null;
  const stat = statSync(resolve(cwd, value), { throwIfNoEntry: false });
  if (stat === undefined) return null;
  const what = stat.isDirectory() ? 'folder' : 'file';
  return (
    `--dataset ${value} reads the registered dataset '${value}', not the ${what} ${value} in the working directory` +
    (what === 'file' ? `: give --dataset ./${value} to read the file` : '')
  );
}

/** The notebooks whose committed outputs come from RentTheRunway (the others run on the sample by design). */
const RENTTHERUNWAY_NOTEBOOKS = ['01-', '02-', '03-', '04-'];
/**
 * The notebooks committed on the bundled sample by design that read SIZEFIT_DATASET (00 always loads the sample, so a
 * dataset does not change its outputs).
 */
const SAMPLE_NOTEBOOKS = ['05-', '06-'];
/** The notebook that always loads the bundled sample, whatever dataset it is given. */
const ALWAYS_SAMPLE_NOTEBOOKS = ['00-'];

/**
 * Whether the notebook `name` (its file name, with or without `.ipynb`) runs on the bundled sample by design: 00
 * always loads it, and 05 and 06 default to it (notebooks/*.ipynb say so in their Dataset line).
 */
export function onSampleByDesign(name) {
  return [...ALWAYS_SAMPLE_NOTEBOOKS, ...SAMPLE_NOTEBOOKS].some((x) => name.startsWith(x));
}

/** `value` as one shell word. */
function shellWord(value) {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

/**
 * Whether the dataset `value` (a --dataset or SIZEFIT_DATASET value, paths relative to `cwd`) is the bundled sample as
 * 05 and 06 are committed on it: the registry name `sample`, as {@link datasetForKernel} tells a name from a path. The
 * file datasets/sample/sample.jsonl is not: by path it lacks the sample's extra columns (see {@link isSampleFile}).
 */
function isBundledSample(value, cwd) {
  return value === 'sample' && datasetForKernel(value, cwd) === 'sample';
}

/** Whether the dataset `value` (paths relative to `cwd`) is the bundled sample's file, given by its path. */
function isSampleFile(value, cwd) {
  const p = resolve(cwd, value);
  const sample = join(root, 'datasets', 'sample', 'sample.jsonl');
  return existsSync(p) && existsSync(sample) && realpathSync(p) === realpathSync(sample);
}

/**
 * Why `--in-place` must not run, or null when it may:
 * - notebooks 01-04 would fall back to the synthetic sample (no dataset given, none in the environment, RentTheRunway
 *   not in the data directory) and replace their committed RentTheRunway outputs;
 * - a dataset other than the bundled sample by its name `sample` (`--dataset`, else SIZEFIT_DATASET) would reach
 *   notebooks 05 and 06, which are committed on the sample by design (the sample's file by path reads fewer columns).
 * The messages show the commands that update each group on its own dataset.
 * @param env - the caller's environment (its SIZEFIT_DATASET); relative paths are read from `cwd`.
 */
export function inPlaceProblem(opts, notebookPaths, env, rentTheRunwayPresent, cwd = callerDir(env)) {
  if (!opts.inPlace) return null;
  const names = notebookPaths.map((p) => basename(p));
  const dataset = opts.dataset ?? (env.SIZEFIT_DATASET || undefined);
  if (dataset === undefined) {
    const hit = names.filter((n) => RENTTHERUNWAY_NOTEBOOKS.some((x) => n.startsWith(x)));
    if (hit.length === 0 || rentTheRunwayPresent) return null;
    return (
      `--in-place would replace the committed RentTheRunway outputs of ${hit.join(', ')} with outputs of the ` +
      'synthetic sample (RentTheRunway is not in the data directory): run them on the RentTheRunway file with ' +
      '`npm run notebooks -- --in-place --dataset PATH/renttherunway-dev.jsonl.gz 01 02 03 04`, ' +
      'or pass --dataset sample to write sample outputs on purpose'
    );
  }
  const hit = names.filter((n) => SAMPLE_NOTEBOOKS.some((x) => n.startsWith(x)));
  if (hit.length === 0 || isBundledSample(dataset, cwd)) return null;
  const from = opts.dataset !== undefined ? `--dataset ${dataset}` : `SIZEFIT_DATASET=${dataset}`;
  if (isSampleFile(dataset, cwd)) {
    return (
      `--in-place with ${from} would replace the committed outputs of ${hit.join(', ')}, which come from the ` +
      "bundled sample by its registered name; a path reads only the fields of the file's record format, without the " +
      "sample's extra columns, so their outputs would change: use `--dataset sample` " +
      '(`npm run notebooks -- --in-place --dataset sample 00 05 06`)'
    );
  }
  // the sample notebooks' command must not inherit the environment's dataset, whether or not --dataset overrode it
  const unset = env.SIZEFIT_DATASET ? 'env -u SIZEFIT_DATASET ' : '';
  return (
    `--in-place with ${from} would replace the committed outputs of ${hit.join(', ')}, which come from the ` +
    `bundled sample by design: update the RentTheRunway notebooks alone with ` +
    `\`npm run notebooks -- --in-place --dataset ${shellWord(dataset)} 01 02 03 04\`, and the sample ones with ` +
    `\`${unset}npm run notebooks -- --in-place 00 05 06\``
  );
}

/**
 * Why a kernel could not load the dataset `value` (what {@link datasetForKernel} returned): a registry name that is
 * unknown or not in the data directory. Null for a path (checked by datasetForKernel) or a present dataset.
 * @param datasets - the library's `listDatasets()`.
 */
export function namedDatasetProblem(value, datasets) {
  if (isAbsolute(value)) return null;
  const entry = datasets.find((d) => d.name === value);
  if (entry === undefined) {
    return `dataset ${value}: no such file, and not a dataset name (${datasets.map((d) => d.name).join(', ')})`;
  }
  if (entry.present) return null;
  return `dataset ${value} is not in the data directory: looked for ${entry.lookedAt.join(', ')} (\`npx sizefit data list\` says where datasets are looked for)`;
}

/** The library's `listDatasets()` as the kernels will see them (their SIZEFIT_DATA_DIR and SIZEFIT_PROJECT_ROOT). */
async function libraryDatasets(env) {
  for (const k of ['SIZEFIT_DATA_DIR', 'SIZEFIT_PROJECT_ROOT']) if (env[k]) process.env[k] = env[k];
  const lib = join(root, 'lib', 'dist', 'index.js');
  // the notebooks import the built library too: without it, say so rather than "RentTheRunway is not there"
  if (!existsSync(lib)) throw new Error('lib/dist is not built: run `npm run build` before running the notebooks');
  const { listDatasets } = await import(pathToFileURL(lib).href); // a path with `%` or `#` is not a URL
  return listDatasets();
}

/**
 * The environment of the kernels: they run in notebooks/, so a relative SIZEFIT_DATA_DIR or SIZEFIT_PROJECT_ROOT is
 * made absolute from the caller's directory (the CLI and this runner read them from there; a kernel would read
 * notebooks/<dir> and fall back to the sample), and a SIZEFIT_DATASET path as `--dataset` is.
 */
export function kernelEnv(env, cwd = callerDir()) {
  const out = { ...env };
  for (const k of ['SIZEFIT_DATA_DIR', 'SIZEFIT_PROJECT_ROOT']) if (out[k]) out[k] = resolve(cwd, out[k]);
  if (out.SIZEFIT_DATASET) out.SIZEFIT_DATASET = datasetForKernel(out.SIZEFIT_DATASET, cwd);
  return out;
}

/**
 * Runs the notebooks (options as {@link parseNotebookArgs} returns); resolves to [{notebook, seconds, status, error}].
 * `prefix` starts the notes it prints on stderr (the command's name).
 */
export async function runNotebooks(opts, prefix = 'notebooks') {
  const notebooks = listNotebooks(opts.names);
  if (!existsSync(py)) {
    throw new Error('the Python venv (.venv) is missing: run `npm install` (or `npm run setup`) first');
  }
  const env = kernelEnv(process.env);
  if (opts.dataset !== undefined) env.SIZEFIT_DATASET = datasetForKernel(opts.dataset);
  const note = registeredNameNote(opts.dataset ?? process.env.SIZEFIT_DATASET ?? '');
  if (note !== null) console.error(`${prefix}: ${note}`);
  const named = env.SIZEFIT_DATASET !== undefined && !isAbsolute(env.SIZEFIT_DATASET);
  const datasets = opts.inPlace || named ? await libraryDatasets(env) : [];
  const rentTheRunway = datasets.some((d) => d.name === 'renttherunway' && d.present);
  const problem =
    inPlaceProblem(opts, notebooks, process.env, rentTheRunway) ??
    (named ? namedDatasetProblem(env.SIZEFIT_DATASET, datasets) : null);
  if (problem !== null) throw new UsageError(problem);
  const args = [join(root, 'scripts', 'run_notebooks.py'), '--timeout', String(parseTimeout(String(opts.timeout)))];
  if (opts.inPlace) args.push('--in-place');
  if (opts.outDir) args.push('--out-dir', opts.outDir);
  if (opts.htmlDir) args.push('--html-dir', opts.htmlDir);
  args.push(...notebooks);
  return await new Promise((resolvePromise, reject) => {
    const child = spawn(py, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', (e) => reject(new Error(`could not start ${py} (${e.message}): run \`npm run setup\``)));
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

/**
 * The end of `npm start` / `npm run notebooks` on an error: one line, exit code 2 for a usage error, else 1.
 * @param prefix what the line starts with.
 */
export function reportError(prefix, e) {
  console.error(`${prefix}: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = e instanceof UsageError ? 2 : 1;
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
