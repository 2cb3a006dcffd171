// `npm test` (scripts/test.mjs): bad commands are refused, filters choose the steps, a filter that selects nothing fails,
// and its temporary TAP files do not stay behind. Runs on a small project copy (no lint, a stand-in build).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fakeProject } from './fake-project.js';
import { tempDir } from '../temp-dir.js';

const passing = (name: string): string => `import { test } from 'node:test';\ntest('${name}', () => {});\n`;

function project(t: TestContext) {
  const p = fakeProject(
    t,
    ['scripts/test.mjs'],
    {
      'package.json': '{ "type": "module" }',
      'tsconfig.json': JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', types: ['node'] },
        include: ['test/**/*.ts'],
      }),
      'scripts/build.mjs': '',
      // a test that leaves a temporary folder behind, as several real ones do
      'test/core/rng.test.ts':
        "import { test } from 'node:test';\nimport { mkdtempSync } from 'node:fs';\nimport { tmpdir } from 'node:os';\n" +
        "import { join } from 'node:path';\ntest('rng', () => { mkdtempSync(join(tmpdir(), 'sizefit-left-')); });\n",
      'test/data/reader.test.ts': passing('reader'),
      'test/notebooks/notebooks.test.ts': passing('every notebook'),
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
