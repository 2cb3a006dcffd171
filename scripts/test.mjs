#!/usr/bin/env node
// `npm test`: type check, lint, unit tests (node's test runner through tsx), then the notebook test.
// Options: --unit (skip notebooks), --notebooks (only notebooks), --no-lint, and file filters.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

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
const node = process.execPath;
if (!only('--notebooks')) {
  results.push(['build', step('build', node, ['node_modules/typescript/bin/tsc', '-p', 'lib/tsconfig.json'])]);
  results.push(['typecheck', step('typecheck', node, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit'])]);
  if (!only('--no-lint')) {
    results.push(['lint', step('lint', node, ['node_modules/eslint/bin/eslint.js', 'lib', 'test', 'bench', 'scripts'])]);
    results.push(['format', step('format', node, ['node_modules/prettier/bin/prettier.cjs', '--check', '.', '--log-level', 'warn'])]);
  }
  let files = listTests(join(root, 'test')).filter((f) => !f.startsWith('test/notebooks/'));
  if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
  results.push(['unit tests', step('unit tests', node, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files])]);
}
if (!only('--unit')) {
  const nb = listTests(join(root, 'test')).filter((f) => f.startsWith('test/notebooks/'));
  results.push(['notebook tests', step('notebook tests', node, ['--import', 'tsx', '--test', ...nb])]);
}
console.log('\nsummary:');
for (const [name, ok] of results) console.log(`  ${ok ? 'ok    ' : 'FAILED'} ${name}`);
const failed = results.filter(([, ok]) => !ok).length;
process.exitCode = failed ? 1 : 0;
