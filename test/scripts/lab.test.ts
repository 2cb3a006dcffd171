// `npm run lab` (scripts/lab.mjs) ends as JupyterLab ends, and says so when JupyterLab cannot start. A stand-in
// jupyter-lab in a project copy plays JupyterLab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeProject } from './fake-project.js';

const lab = (t: import('node:test').TestContext, script: string) =>
  fakeProject(t, ['scripts/lab.mjs'], { '.venv/bin/jupyter-lab': script });

test('npm run lab finds the venv in a checkout path with a space, `%` and a non-ASCII letter', (t) => {
  // Before: the percent-encoded URL path did not exist, so it said "JupyterLab is not installed in .venv".
  const p = lab(t, '#!/bin/sh\nprintf "%s\\n" "$@" > "$(dirname "$0")/args.txt"\n');
  const r = p.node('scripts/lab.mjs', ['--port=9999']);
  assert.equal(r.status, 0, r.stderr);
  const args = readFileSync(join(p.root, '.venv', 'bin', 'args.txt'), 'utf8').split('\n');
  assert.equal(args[0], `--notebook-dir=${join(p.root, 'notebooks')}`);
  assert.ok(args.includes('--port=9999'));
});

test("npm run lab ends with JupyterLab's exit code, or killed by its signal", (t) => {
  // Before: JupyterLab killed by a signal ended `npm run lab` with exit code 0.
  let r = lab(t, '#!/bin/sh\nexit 3\n').node('scripts/lab.mjs', []);
  assert.equal(r.status, 3);
  r = lab(t, '#!/bin/sh\nkill -TERM $$\n').node('scripts/lab.mjs', []);
  assert.equal(r.signal, 'SIGTERM', `status ${r.status}`);
  r = lab(t, '#!/bin/sh\nkill -KILL $$\n').node('scripts/lab.mjs', []);
  assert.equal(r.signal, 'SIGKILL', `status ${r.status}`);
});

test('npm run lab says why JupyterLab could not start, in one line', (t) => {
  // Before: a spawn failure was an unhandled 'error' event (a stack trace).
  const p = lab(t, '#!/bin/sh\nexit 0\n');
  chmodSync(join(p.root, '.venv', 'bin', 'jupyter-lab'), 0o644);
  const r = p.node('scripts/lab.mjs', []);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^could not start .*jupyter-lab: spawn .*EACCES\. Run `npm run setup`/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});
