#!/usr/bin/env node
// `npm run notebooks`: execute notebooks with the tslab kernel (headless) and render HTML.
//   npm run notebooks [-- [--in-place | --out-dir DIR] [--html-dir DIR] [--timeout S] [--dataset NAME|PATH] [NAMES...]]
// Without --in-place or --out-dir, executed copies go to reports/notebooks/ and HTML to reports/.
// --in-place updates the committed notebooks' outputs (only when the notebook ran without error).
import { runNotebooks, printSummary, parseNotebookArgs } from './notebook-runner.mjs';

const opts = parseNotebookArgs(process.argv.slice(2));
const summary = await runNotebooks(opts);
printSummary(summary);
process.exitCode = summary.every((s) => s.status === 'ok') ? 0 : 1;
