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
} from './notebook-runner.mjs';
import { join } from 'node:path';

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
      `sizefit: running ${opts.names.length ? opts.names.join(', ') : 'every notebook'} on dataset ${opts.dataset ?? process.env.SIZEFIT_DATASET ?? 'default (renttherunway when the data directory has it, else the bundled sample)'}`,
    );
    const summary = await runNotebooks(opts);
    printSummary(summary);
    console.log(`HTML renderings: ${opts.htmlDir}/`);
    process.exitCode = summary.every((s) => s.status === 'ok') ? 0 : 1;
  } catch (e) {
    reportError('sizefit', e);
  }
}
