#!/usr/bin/env node
// `npm run bench [-- NAME-FILTER...]`: runs every bench/*.bench.ts (or those whose name contains a filter) in turn;
// each prints its own figures. A benchmark that exits with code 3 was skipped (bench/rtr-file.ts: its data is not
// on this machine) and is counted apart; one given a SIZEFIT_RTR_DEV that is not there fails. A relative
// SIZEFIT_RTR_DEV is read from the directory npm was started in. Exit code 0 when none failed, 1 when one failed or a
// filter selects nothing, 2 for a bad command.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The exit code of a benchmark that measured nothing on purpose (BENCH_SKIPPED in bench/rtr-file.ts). */
const SKIPPED = 3;
const USAGE =
  'usage: npm run bench [-- NAME-FILTER...]   (runs bench/*.bench.ts whose name contains a filter; all without)';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const bad = argv.filter((a) => a.startsWith('-') || a === '');
if (bad.length) {
  console.error(`bench: ${bad.map((a) => (a === '' ? "'' (an empty filter)" : `unknown option ${a}`)).join(', ')}`);
  console.error(USAGE);
  process.exit(2);
}
const filters = argv;
const all = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const unmatched = filters.filter((x) => !all.some((f) => f.includes(x)));
if (unmatched.length) {
  console.error(`bench: no benchmark matches ${unmatched.join(', ')} (benchmarks: ${all.join(', ')})`);
  process.exit(1);
}
const files = all.filter((f) => !filters.length || filters.some((x) => f.includes(x)));
let failed = 0;
let skipped = 0;
for (const f of files) {
  console.log(`\n=== bench/${f}`);
  // the benchmarks run in the root: INIT_CWD tells them the caller's directory (npm sets it; else this process's)
  const env = { ...process.env, INIT_CWD: process.env.INIT_CWD ?? process.cwd() };
  const r = spawnSync(process.execPath, ['--import', 'tsx', join('bench', f)], { cwd: root, stdio: 'inherit', env });
  if (r.status === SKIPPED) {
    skipped++;
    console.log(`=== bench/${f} skipped`);
  } else if (r.status !== 0) {
    failed++;
    const how = r.error ? r.error.message : r.signal ? `killed by ${r.signal}` : `exit ${r.status}`;
    console.log(`=== bench/${f} FAILED (${how})`);
  }
}
console.log(`\n${files.length - failed - skipped} benchmarks ran, ${skipped} skipped, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
