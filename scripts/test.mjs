#!/usr/bin/env node
// `npm test`: type check, lint, unit tests (node's test runner through tsx), then the notebook test.
// Options: --unit (skip notebooks), --notebooks (only notebooks), --no-lint, and file filters.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, readFileSync, mkdtempSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const argv = process.argv.slice(2);
const only = (f) => argv.includes(f);
const filters = argv.filter((a) => !a.startsWith('--'));

function listTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTests(p));
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out.sort();
}

function step(title, cmd, args, env = {}) {
  console.log(`\n== ${title}: ${[cmd, ...args].join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const s = ((Date.now() - t0) / 1000).toFixed(1);
  const ok = r.status === 0;
  console.log(`== ${title}: ${ok ? 'ok' : 'FAILED'} (${s} s)`);
  return ok;
}

const results = [];
const counts = { passed: 0, failed: 0, skipped: 0 };
const tapDir = mkdtempSync(join(tmpdir(), 'sizefit-test-'));
// Runs node's test runner with the spec reporter on screen and TAP in a file, to count the tests.
function nodeTests(title, files, extra = []) {
  if (files.length === 0) {
    console.log(`\n== ${title}: no test files`);
    return false;
  }
  const tap = join(tapDir, `${title.replace(/\W+/g, '-')}.tap`);
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
  const ok = step(title, node, args);
  try {
    const text = readFileSync(tap, 'utf8');
    const num = (k) => Number((text.match(new RegExp(`^# ${k} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
    counts.passed += num('pass');
    counts.failed += num('fail') + num('cancelled');
    counts.skipped += num('skipped') + num('todo');
  } catch {
    counts.failed += 1;
  }
  return ok;
}
const node = process.execPath;
if (!only('--notebooks')) {
  results.push(['build', step('build', node, ['scripts/build.mjs'])]);
  results.push([
    'typecheck',
    step('typecheck', node, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']),
  ]);
  if (!only('--no-lint')) {
    results.push([
      'lint',
      step('lint', node, ['node_modules/eslint/bin/eslint.js', 'lib', 'test', 'bench', 'scripts']),
    ]);
    results.push([
      'format',
      step('format', node, ['node_modules/prettier/bin/prettier.cjs', '--check', '.', '--log-level', 'warn']),
    ]);
  }
  let files = listTests(join(root, 'test')).filter((f) => !f.startsWith('test/notebooks/'));
  if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
  results.push(['unit tests', nodeTests('unit tests', files, ['--test-concurrency=2'])]);
}
if (!only('--unit')) {
  const nb = listTests(join(root, 'test')).filter((f) => f.startsWith('test/notebooks/'));
  results.push(['notebook tests', nodeTests('notebook tests', nb)]);
}
console.log('\nsummary:');
for (const [name, ok] of results) console.log(`  ${ok ? 'ok    ' : 'FAILED'} ${name}`);
const failedSteps = results.filter(([, ok]) => !ok).length;
// A failed build/type check/lint step counts as a failed test in the closing line.
const nonTestFailures = results.filter(([name, ok]) => !ok && !name.includes('tests')).length;
console.log(`tests: ${counts.passed} passed, ${counts.failed + nonTestFailures} failed, ${counts.skipped} skipped`);
process.exitCode = failedSteps ? 1 : 0;
