#!/usr/bin/env node
// `npm start`: the main job. Executes every notebook in order, headless, writes the executed copies to
// reports/notebooks/ and HTML renderings to reports/, and prints a one-screen summary.
//   npm start [-- --dataset NAME|PATH] [--timeout SECONDS] [NOTEBOOK-PREFIX...]
// The committed notebooks are not modified (use `npm run notebooks -- --in-place` for that).
import { runNotebooks, printSummary, parseNotebookArgs, root } from './notebook-runner.mjs';
import { join } from 'node:path';

const argv = process.argv.slice(2);
if (argv.includes('--in-place')) {
  console.error('npm start never rewrites the committed notebooks: use `npm run notebooks -- --in-place`');
  process.exit(2);
}
const opts = parseNotebookArgs(argv);
opts.outDir = join(root, 'reports', 'notebooks');
opts.htmlDir = join(root, 'reports');
console.log(
  `sizefit: running ${opts.names.length ? opts.names.join(', ') : 'every notebook'} on dataset ${opts.dataset ?? process.env.SIZEFIT_DATASET ?? 'default (renttherunway when the data directory has it, else the bundled sample)'}`,
);
try {
  const summary = await runNotebooks(opts);
  printSummary(summary);
  console.log(`HTML renderings: ${opts.htmlDir}/`);
  process.exitCode = summary.every((s) => s.status === 'ok') ? 0 : 1;
} catch (e) {
  console.error(`sizefit: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
