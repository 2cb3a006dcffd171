#!/usr/bin/env node
// `npm start`: the main job. Executes every notebook in order, headless, writes the executed copies to
// reports/notebooks/ and HTML renderings to reports/, and prints a one-screen summary.
//   npm start [-- --dataset NAME|PATH] [--timeout SECONDS] [NOTEBOOK-PREFIX|PATH...]
// The committed notebooks are not modified (use `npm run notebooks -- --in-place` for that). Relative paths are read
// from the directory npm was started in. Exit code 0 when every notebook ran clean, 1 otherwise, 2 for a bad command.
import {
  listNotebooks,
  runNotebooks,
  printSummary,
  parseNotebookArgs,
  reportError,
  root,
  UsageError,
  kernelEnv,
  onSampleByDesign,
} from './notebook-runner.mjs';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const USAGE = 'usage: npm start [-- --dataset NAME|PATH] [--timeout SECONDS] [NOTEBOOK-PREFIX|PATH...]';

function parse(argv) {
  if (argv.includes('--in-place')) {
    throw new UsageError('npm start never rewrites the committed notebooks: use `npm run notebooks -- --in-place`');
  }
  const elsewhere = argv.find((a) => a === '--out-dir' || a === '--html-dir');
  if (elsewhere) throw new UsageError(`npm start writes to reports/: use \`npm run notebooks -- ${elsewhere} DIR\``);
  const opts = parseNotebookArgs(argv, { usage: USAGE });
  listNotebooks(opts.names); // a filter that selects nothing is a usage error, said before anything runs
  return { ...opts, outDir: join(root, 'reports', 'notebooks'), htmlDir: join(root, 'reports') };
}

/**
 * The dataset the banner names: --dataset, else SIZEFIT_DATASET, else the default the notebooks will choose, asked of
 * the built library as the kernels see it (their SIZEFIT_DATA_DIR and SIZEFIT_PROJECT_ROOT): RentTheRunway when the
 * data directory has it, else the bundled sample. Without a built library, the rule alone.
 */
async function bannerDataset(opts) {
  const given = opts.dataset ?? process.env.SIZEFIT_DATASET;
  if (given !== undefined) return given;
  const onSample = listNotebooks(opts.names)
    .map((p) => basename(p, '.ipynb'))
    .filter((n) => onSampleByDesign(n));
  const sampleByDesign = onSample.length ? `; ${onSample.join(', ')} on the bundled sample by design` : '';
  let rentTheRunway;
  try {
    const lib = join(root, 'lib', 'dist', 'index.js');
    if (!existsSync(lib)) throw new Error('lib/dist is not built');
    const env = kernelEnv(process.env);
    for (const k of ['SIZEFIT_DATA_DIR', 'SIZEFIT_PROJECT_ROOT']) if (env[k]) process.env[k] = env[k];
    const { listDatasets } = await import(pathToFileURL(lib).href);
    rentTheRunway = listDatasets().find((d) => d.name === 'renttherunway');
  } catch {
    return `default (renttherunway when the data directory has it, else the bundled sample${sampleByDesign})`;
  }
  return rentTheRunway?.present
    ? `renttherunway (the default: found at ${rentTheRunway.path}${sampleByDesign})`
    : 'sample (the default: RentTheRunway is not in the data directory; `npx sizefit data list` says where it looked)';
}

let opts;
try {
  opts = parse(process.argv.slice(2));
} catch (e) {
  reportError('sizefit', e);
  console.error(USAGE);
}
if (opts) {
  try {
    console.log(
      `sizefit: running ${opts.names.length ? opts.names.join(', ') : 'every notebook'} on dataset ${await bannerDataset(opts)}`,
    );
    const summary = await runNotebooks(opts, 'sizefit');
    printSummary(summary);
    console.log(`HTML renderings: ${opts.htmlDir}/`);
    process.exitCode = summary.every((s) => s.status === 'ok') ? 0 : 1;
  } catch (e) {
    reportError('sizefit', e);
  }
}
