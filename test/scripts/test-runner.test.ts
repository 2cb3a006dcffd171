// `npm test` (scripts/test.mjs): bad commands are refused, filters choose the steps, a filter that selects nothing fails,
// and its temporary TAP files do not stay behind. Runs on a small project copy (no lint, a stand-in build).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fakeProject } from './fake-project.js';
import { tempDir } from '../temp-dir.js';

const passing = (name: string): string => `import { test } from 'node:test';\ntest('${name}', () => {});\n`;

/** The test files of {@link project} unless it is given others. */
const defaultTests: Record<string, string> = {
  // a test that leaves a temporary folder behind, as several real ones do
  'test/core/rng.test.ts':
    "import { test } from 'node:test';\nimport { mkdtempSync } from 'node:fs';\nimport { tmpdir } from 'node:os';\n" +
    "import { join } from 'node:path';\ntest('rng', () => { mkdtempSync(join(tmpdir(), 'sizefit-left-')); });\n",
  'test/data/reader.test.ts': passing('reader'),
};

/** A project copy for scripts/test.mjs with a stand-in build (`build` is its source) and the given test files. */
function project(t: TestContext, tests: Record<string, string> = defaultTests, build = '') {
  const p = fakeProject(
    t,
    ['scripts/test.mjs'],
    {
      'package.json': '{ "type": "module" }',
      'tsconfig.json': JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', types: ['node'] },
        include: ['test/**/*.ts'],
      }),
      'scripts/build.mjs': build,
      'test/notebooks/notebooks.test.ts': passing('every notebook'),
      ...tests,
    },
    { linkNodeModules: true },
  );
  const tmp = tempDir(t, 'sizefit-test-runner-tmp-');
  const run = (...args: string[]) => p.node('scripts/test.mjs', args, { env: { TMPDIR: tmp } });
  return { ...p, run, tmp };
}

test('npm test refuses unknown options and --unit with --notebooks (exit 2), before running anything', (t) => {
  // Before: `--unit --notebooks` printed "tests: 0 passed" and exited 0; --unti and --nolint were ignored and the
  // whole suite ran.
  const p = project(t);
  for (const args of [['--unit', '--notebooks'], ['--unti'], ['--nolint', 'rng'], ['']]) {
    const r = p.run(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /\nusage: npm test/);
    assert.doesNotMatch(r.stdout, /== build/, 'no step ran');
  }
});

test('npm test with filters runs the notebook test only when a filter selects it; nothing selected fails', (t) => {
  // Before: `npm test -- rng` ran every notebook; a filter matching nothing ran no test file and still passed steps.
  const p = project(t);
  let r = p.run('--no-lint', 'rng');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /✔ rng/);
  assert.doesNotMatch(r.stdout, /every notebook|reader/);
  assert.match(r.stdout, /tests: 1 passed, 0 failed, 0 skipped/);
  // Before: each run left a sizefit-test-* folder with its TAP files in the temporary directory.
  assert.deepEqual(
    readdirSync(p.tmp).filter((f) => f.startsWith('sizefit-test-')),
    [],
    'the TAP folder was removed',
  );
  // the folder a test left in its temporary directory went with it
  assert.deepEqual(readdirSync(p.tmp), []);

  r = p.run('--notebooks', 'notebooks.test');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /✔ every notebook/);
  assert.doesNotMatch(r.stdout, /== build|✔ rng/);

  r = p.run('--no-lint', 'rng', 'typo');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no test file matches typo/);
  assert.doesNotMatch(r.stdout, /== build/, 'no step ran');

  r = p.run('--unit', 'notebooks.test');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no test file outside test\/notebooks matches notebooks\.test/);
});

test('npm test stopped by Ctrl-C or SIGTERM exits 128+n and removes its temporary folders', async (t) => {
  // Before: Ctrl-C (SIGINT to the process group) killed node while it waited for a step, so the exit handler never ran
  // and the sizefit-test-* folder stayed; node's test runner ends with code 1 on SIGINT, so the next steps would run.
  const p = project(t);
  const marker = join(p.tmp, 'started');
  writeFileSync(
    join(p.root, 'test', 'core', 'slow.test.ts'),
    "import { test } from 'node:test';\nimport { writeFileSync } from 'node:fs';\n" +
      "test('slow', async () => { writeFileSync(process.env.MARKER!, ''); await new Promise((r) => setTimeout(r, 60_000)); });\n",
  );
  for (const [signal, group] of [
    ['SIGINT', true], // Ctrl-C: the terminal signals the whole process group
    ['SIGTERM', false], // a signal to test.mjs alone reaches the step through it
  ] as const) {
    const child = spawn(
      process.execPath,
      [join(p.root, 'scripts', 'test.mjs'), '--no-lint', 'slow', 'notebooks.test'],
      {
        cwd: p.root,
        detached: true, // a process group of its own, as a shell gives a command
        env: { ...process.env, INIT_CWD: undefined, NODE_TEST_CONTEXT: undefined, TMPDIR: p.tmp, MARKER: marker },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    t.after(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL'); // whatever of its group is left, if the test failed
      } catch {
        // none left
      }
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<[number | null, string | null]>((done) => child.on('close', (c, s) => done([c, s])));
    const t0 = Date.now();
    while (!existsSync(marker)) {
      assert.ok(Date.now() - t0 < 60_000, `the slow test did not start:\n${out}`);
      await sleep(100);
    }
    assert.equal(readdirSync(p.tmp).filter((f) => f.startsWith('sizefit-test-')).length, 1, 'the step has its folder');
    const t1 = Date.now();
    process.kill(group ? -child.pid! : child.pid!, signal);
    const [code, killedBy] = await exited;
    assert.deepEqual([code, killedBy], [signal === 'SIGINT' ? 130 : 143, null], out);
    assert.ok(Date.now() - t1 < 30_000, 'it did not wait for the slow test');
    assert.doesNotMatch(out, /notebook tests|summary:/, 'the run stopped at the interrupted step');
    assert.deepEqual(
      readdirSync(p.tmp).filter((f) => f.startsWith('sizefit-test-')),
      [],
      `${signal}: the TAP folder was removed`,
    );
    rmSync(marker);
  }
});

test('npm test counts a cancelled test as failed and a todo as skipped, and a failed test file exits 1', (t) => {
  const { run } = project(t, {
    'test/core/counts.test.ts':
      "import { test } from 'node:test';\n" +
      "test('passes', () => {});\n" +
      "test('fails', () => { throw new Error('no'); });\n" +
      "test('skipped', { skip: true }, () => {});\n" +
      "test('to do', { todo: true }, () => {});\n" +
      // past its own timeout node's test runner cancels the test
      "test('cancelled', { timeout: 50 }, () => new Promise(() => {}));\n",
  });
  const r = run('--no-lint', 'counts');
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /\n {2}FAILED unit tests\n/);
  assert.match(r.stdout, /\ntests: 1 passed, 2 failed, 2 skipped\n/);
});

test('a failed build is a failed step: npm test exits 1 and counts it among the failed tests', (t) => {
  const { run } = project(t, { 'test/core/ok.test.ts': passing('passes') }, 'process.exit(1);\n');
  const r = run('--no-lint', 'ok.test');
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /\n {2}FAILED build\n/);
  assert.match(r.stdout, /\n {2}ok {4} unit tests\n/);
  assert.match(r.stdout, /\ntests: 1 passed, 1 failed, 0 skipped\n/);
});
