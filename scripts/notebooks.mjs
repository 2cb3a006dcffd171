#!/usr/bin/env node
// `npm run notebooks`: execute notebooks with the tslab kernel (headless) and render HTML.
//   npm run notebooks [-- [--in-place | --out-dir DIR] [--html-dir DIR] [--timeout S] [--dataset NAME|PATH] [NAMES|PATHS...]]
// Without --in-place or --out-dir, executed copies go to reports/notebooks/ and HTML to reports/; with --out-dir DIR,
// both go to DIR unless --html-dir says where the HTML goes. --timeout limits each notebook as a whole.
// --in-place updates the committed notebooks' outputs (only when the notebook ran without error); 01-04 are committed
// on RentTheRunway and 05, 06 on the sample, so a dataset goes to 01-04 alone: --in-place --dataset PATH 01 02 03 04.
// Relative paths are read from the directory npm was started in. Exit code 0 when every notebook ran clean, 1 otherwise, 2 for a bad
// command.
import {
  runNotebooks,
  printSummary,
  parseNotebookArgs,
  reportError,
  NOTEBOOK_USAGE,
  NOTEBOOK_OPTIONS,
} from './notebook-runner.mjs';

const USAGE = NOTEBOOK_USAGE.replace('usage: ', 'usage: npm run notebooks -- ');
let opts;
try {
  opts = parseNotebookArgs(process.argv.slice(2), { usage: `${USAGE}\n${NOTEBOOK_OPTIONS}` });
} catch (e) {
  reportError('notebooks', e);
  console.error(USAGE);
}
if (opts) {
  try {
    const summary = await runNotebooks(opts);
    printSummary(summary);
    process.exitCode = summary.every((s) => s.status === 'ok') ? 0 : 1;
  } catch (e) {
    reportError('notebooks', e);
  }
}
