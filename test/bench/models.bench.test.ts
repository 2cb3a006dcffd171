// bench/models.bench.ts: a relative SIZEFIT_RTR_DEV is the caller's file in the models' child processes too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

test('models.bench.ts run from bench/ with a relative SIZEFIT_RTR_DEV fits on that file (the sample, prior)', () => {
  // Before: the parent read ../datasets/sample/sample.jsonl from bench/ and printed it, but each child (run in the
  // repository root) read the variable again from there, found no file and the model failed (exit 1).
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'models.bench.ts', '--models', 'prior'], {
    cwd: join(repo, 'bench'),
    encoding: 'utf8',
    env: {
      ...process.env,
      NODE_TEST_CONTEXT: undefined,
      INIT_CWD: undefined,
      SIZEFIT_RTR_DEV: join('..', 'datasets', 'sample', 'sample.jsonl'),
    },
    timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.ok(r.stdout.includes(`data: ${join(repo, 'datasets', 'sample', 'sample.jsonl')}\n`), r.stdout);
  assert.match(r.stdout, /^prior +3000 /m);
  assert.doesNotMatch(r.stdout, /failed/);
});
