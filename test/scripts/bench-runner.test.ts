// `npm run bench` (scripts/bench.mjs): --help and bad commands, filters that select nothing, and benchmarks that skip
// for lack of their data (exit code BENCH_SKIPPED) counted as skipped, not as ran.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_SKIPPED } from '../../bench/rtr-file.js';
import { fakeProject, repo } from './fake-project.js';

const bench = (args: string[]) =>
  spawnSync(process.execPath, [join(repo, 'scripts', 'bench.mjs'), ...args], { encoding: 'utf8', timeout: 30_000 });

test('npm run bench -- --help prints the usage; unknown options exit 2 and unmatched filters 1, running nothing', () => {
  // Before: --help (a filter matching nothing) printed "0 benchmarks ran, 0 failed" and exited 0.
  let r = bench(['--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^usage: npm run bench/);
  r = bench(['--bogus']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^bench: unknown option --bogus\nusage: /);
  r = bench(['no-such-bench', 'nor-this']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^bench: no benchmark matches no-such-bench, nor-this /);
  assert.doesNotMatch(r.stdout, /===/, 'no benchmark ran');
});

test('a benchmark without its data exits BENCH_SKIPPED and npm run bench counts it as skipped', (t) => {
  // Before: requireRtrFile exited 0, and bench.mjs counted the benchmark as one that ran.
  const r = spawnSync(process.execPath, ['--import', 'tsx', join('bench', 'baselines.bench.ts')], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, SIZEFIT_RTR_DEV: '/nonexistent/renttherunway-dev.jsonl.gz' },
    timeout: 30_000,
  });
  assert.equal(r.status, BENCH_SKIPPED, r.stderr);
  assert.match(r.stdout, /skipped, nothing measured/);

  const p = fakeProject(
    t,
    ['scripts/bench.mjs'],
    {
      'bench/a-skips.bench.ts': `process.exit(${BENCH_SKIPPED});\n`,
      'bench/b-runs.bench.ts': "console.log('measured');\n",
      'bench/c-fails.bench.ts': 'process.exit(1);\n',
    },
    { linkNodeModules: true },
  );
  let out = p.node('scripts/bench.mjs', ['skips', 'runs']);
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /=== bench\/a-skips\.bench\.ts skipped/);
  assert.match(out.stdout, /1 benchmarks ran, 1 skipped, 0 failed/);
  out = p.node('scripts/bench.mjs', []);
  assert.equal(out.status, 1);
  assert.match(out.stdout, /1 benchmarks ran, 1 skipped, 1 failed/);
});
