#!/usr/bin/env node
// `npm test`: type check, lint, unit tests (node's test runner through tsx), then the notebook test.
//   npm test [-- [--unit | --notebooks] [--no-lint] [FILE-FILTER...]]
// --unit skips the notebook test, --notebooks runs only it; --no-lint skips eslint and prettier. A file filter keeps
// the test files whose path contains it (the notebook test too: with filters, it runs only when one selects it).
// Exit code 0 when every step passed, 1 when one failed or nothing was selected, 2 for a bad command.
import { spawn } from 'node:child_process';
import { readdirSync, statSync, readFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { constants, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const USAGE = 'usage: npm test [-- [--unit | --notebooks] [--no-lint] [FILE-FILTER...]]';
const FLAGS = ['--unit', '--notebooks', '--no-lint', '--help', '-h'];
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const only = (f) => argv.includes(f);
const filters = argv.filter((a) => !a.startsWith('-'));

function usageError(message) {
  console.error(`test: ${message}`);
  console.error(USAGE);
  process.exit(2);
}
if (only('--help') || only('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const unknown = argv.filter((a) => a.startsWith('-') && !FLAGS.includes(a));
if (unknown.length) usageError(`unknown option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
if (only('--unit') && only('--notebooks')) usageError('--unit and --notebooks exclude each other');
if (filters.includes('')) usageError('an empty file filter selects every file: leave it out');

function listTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTests(p));
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out.sort();
}

// The test files of each step; with filters, a step whose files the filters all leave out does not run.
const all = listTests(join(root, 'test'));
const pick = (files) => (filters.length ? files.filter((f) => filters.some((x) => f.includes(x))) : files);
const unitFiles = only('--notebooks') ? [] : pick(all.filter((f) => !f.startsWith('test/notebooks/')));
const notebookFiles = only('--unit') ? [] : pick(all.filter((f) => f.startsWith('test/notebooks/')));
const unmatched = filters.filter((x) => ![...unitFiles, ...notebookFiles].some((f) => f.includes(x)));
if (unmatched.length) {
  console.error(`test: no test file${only('--unit') ? ' outside test/notebooks' : ''} matches ${unmatched.join(', ')}`);
  process.exit(1);
}
if (unitFiles.length + notebookFiles.length === 0) {
  console.error('test: no test files selected');
  process.exit(1);
}

// Ctrl-C (SIGINT to the whole process group) or a SIGTERM: without a listener node would die at once, before the exit
// handler below removes the temporary folders. With one, it records the signal, passes it on to the running step (the
// group's signal reached it already; a signal sent to this process alone did not), and the step's end stops the run.
let interrupted;
let running;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    interrupted ??= sig;
    if (running) running.kill(sig);
    else process.exit(128 + constants.signals[sig]);
  });
}

/** Runs one step in the root, its output on screen; resolves to whether it passed. Exits 128+n if interrupted. */
async function step(title, cmd, args, env = {}) {
  console.log(`\n== ${title}: ${[cmd, ...args].join(' ')}`);
  const t0 = Date.now();
  const r = await new Promise((done) => {
    running = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    running.on('error', (error) => done({ status: null, signal: null, error }));
    running.on('close', (status, signal) => done({ status, signal }));
  });
  running = undefined;
  const s = ((Date.now() - t0) / 1000).toFixed(1);
  const ok = r.status === 0;
  console.log(`== ${title}: ${ok ? 'ok' : 'FAILED'} (${s} s)${r.error ? `: ${r.error.message}` : ''}`);
  // stop here, as the step did (node's test runner ends with code 1 on SIGINT, not by the signal)
  const stop = interrupted ?? (r.signal === 'SIGINT' || r.signal === 'SIGTERM' ? r.signal : undefined);
  if (stop) process.exit(128 + constants.signals[stop]);
  return ok;
}

const results = [];
const counts = { passed: 0, failed: 0, skipped: 0 };
// Each step's TAP file lives in a temporary folder of its own, removed once counted (or when this process exits).
const tapDirs = new Set();
process.on('exit', () => {
  for (const d of tapDirs) rmSync(d, { recursive: true, force: true });
});
// Runs node's test runner with the spec reporter on screen and TAP in a file, to count the tests.
async function nodeTests(title, files, extra = []) {
  const tapDir = mkdtempSync(join(tmpdir(), 'sizefit-test-'));
  tapDirs.add(tapDir);
  const tap = join(tapDir, `${title.replace(/\W+/g, '-')}.tap`);
  // The tests' own temporary files (mkdtemp under os.tmpdir(): model folders, PGlite data, the example's installed
  // client...) go into this folder too, so they are removed with it whether or not a test cleans up after itself.
  const scratch = join(tapDir, 'tmp');
  mkdirSync(scratch);
  const args = [
    '--import',
    'tsx',
    '--test',
    ...extra,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ];
  const ok = await step(title, node, args, { TMPDIR: scratch });
  try {
    const text = readFileSync(tap, 'utf8');
    const num = (k) => Number((text.match(new RegExp(`^# ${k} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
    counts.passed += num('pass');
    counts.failed += num('fail') + num('cancelled');
    counts.skipped += num('skipped') + num('todo');
  } catch {
    counts.failed += 1;
  } finally {
    rmSync(tapDir, { recursive: true, force: true });
    tapDirs.delete(tapDir);
  }
  return ok;
}
const node = process.execPath;
if (!only('--notebooks')) {
  results.push(['build', await step('build', node, ['scripts/build.mjs'])]);
  results.push([
    'typecheck',
    await step('typecheck', node, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']),
  ]);
  if (!only('--no-lint')) {
    results.push([
      'lint',
      await step('lint', node, ['node_modules/eslint/bin/eslint.js', 'lib', 'test', 'bench', 'scripts']),
    ]);
    results.push([
      'format',
      await step('format', node, ['node_modules/prettier/bin/prettier.cjs', '--check', '.', '--log-level', 'warn']),
    ]);
  }
  if (unitFiles.length)
    results.push(['unit tests', await nodeTests('unit tests', unitFiles, ['--test-concurrency=2'])]);
  else console.log('\n== unit tests: no test file selected');
}
if (notebookFiles.length) results.push(['notebook tests', await nodeTests('notebook tests', notebookFiles)]);
else if (!only('--unit')) console.log('\n== notebook tests: no test file selected');
console.log('\nsummary:');
for (const [name, ok] of results) console.log(`  ${ok ? 'ok    ' : 'FAILED'} ${name}`);
const failedSteps = results.filter(([, ok]) => !ok).length;
// A failed build/type check/lint step counts as a failed test in the closing line.
const nonTestFailures = results.filter(([name, ok]) => !ok && !name.includes('tests')).length;
console.log(`tests: ${counts.passed} passed, ${counts.failed + nonTestFailures} failed, ${counts.skipped} skipped`);
process.exitCode = failedSteps ? 1 : 0;
