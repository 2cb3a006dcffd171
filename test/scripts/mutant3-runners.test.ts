// The runners of `npm run bench` (scripts/bench.mjs) and `npm run lab` (scripts/lab.mjs): what a third mutation round
// found untested (npm test's findings are in test-runner.test.ts). bench refuses an empty filter and knows -h; lab adds
// --allow-root and --no-browser only when needed, once. Small project copies with stand-in steps (see fake-project.ts).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeProject, repo } from './fake-project.js';

const bench = (args: string[]) =>
  spawnSync(process.execPath, [join(repo, 'scripts', 'bench.mjs'), ...args], { encoding: 'utf8', timeout: 30_000 });

test("npm run bench -- '' is refused (it would select every benchmark); -h prints the usage", () => {
  let r = bench(['']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^bench: '' \(an empty filter\)\nusage: npm run bench/);
  assert.doesNotMatch(r.stdout, /===/, 'no benchmark ran');
  r = bench(['-h']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^usage: npm run bench/);
});

/** The arguments a stand-in jupyter-lab got from `npm run lab -- ...args`, with `env` added to the environment. */
function labArgs(t: TestContext, args: string[], env: NodeJS.ProcessEnv): string[] {
  const p = fakeProject(t, ['scripts/lab.mjs'], {
    '.venv/bin/jupyter-lab': '#!/bin/sh\nprintf "%s\\n" "$@" > "$(dirname "$0")/args.txt"\n',
  });
  const r = p.node('scripts/lab.mjs', args, { env });
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(join(p.root, '.venv', 'bin', 'args.txt'), 'utf8')
    .trim()
    .split('\n');
}

/** Environment that makes `process.getuid()` return `uid` in the lab script's process (the stand-in lab is no node). */
const asUser = (uid: number): NodeJS.ProcessEnv => ({
  DISPLAY: ':0',
  NODE_OPTIONS: `--import=data:text/javascript,process.getuid=()=>${uid}`,
});

test('npm run lab adds --allow-root as root, once even when given; not for another user', (t) => {
  const count = (a: string[]) => a.filter((x) => x === '--allow-root').length;
  assert.equal(count(labArgs(t, [], asUser(0))), 1);
  assert.equal(count(labArgs(t, ['--allow-root'], asUser(0))), 1);
  assert.equal(count(labArgs(t, [], asUser(1000))), 0);
  assert.equal(count(labArgs(t, ['--allow-root'], asUser(1000))), 1, 'given by the user, it stays');
});

test('npm run lab adds --no-browser without a display, unless given; with a display it opens a browser', (t) => {
  const noBrowser = (a: string[]) => a.filter((x) => x.startsWith('--no-browser'));
  assert.deepEqual(noBrowser(labArgs(t, [], { DISPLAY: undefined })), ['--no-browser']);
  assert.deepEqual(noBrowser(labArgs(t, ['--no-browser'], { DISPLAY: undefined })), ['--no-browser']);
  assert.deepEqual(noBrowser(labArgs(t, [], { DISPLAY: ':0' })), []);
});
