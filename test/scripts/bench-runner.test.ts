// `npm run bench` (scripts/bench.mjs): --help and bad commands, filters that select nothing, benchmarks that skip
// for lack of their data (exit code BENCH_SKIPPED) counted as skipped, not as ran, and where they look for that data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BENCH_BAD_FILE, BENCH_SKIPPED } from '../../bench/rtr-file.js';
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

test('SIZEFIT_RTR_DEV: read from the caller directory; set to a missing file it fails; skipped only without any', (t) => {
  // Before: SIZEFIT_RTR_DEV=/typo.gz (or a path relative to where npm was started) counted as skipped and exited 0,
  // although the default file was there; a relative value was read from the repository root.
  const r = spawnSync(process.execPath, ['--import', 'tsx', join('bench', 'baselines.bench.ts')], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, SIZEFIT_RTR_DEV: '/nonexistent/renttherunway-dev.jsonl.gz' },
    timeout: 30_000,
  });
  assert.equal(r.status, BENCH_BAD_FILE, r.stdout + r.stderr);
  assert.match(
    r.stderr,
    /^baselines\.bench\.ts: SIZEFIT_RTR_DEV=\/nonexistent\/renttherunway-dev\.jsonl\.gz: there is no file /,
  );

  // a checkout beside ../shared (the default's place) and a caller's directory holding a dev file
  const p = fakeProject(
    t,
    [],
    {
      'checkout/package.json': '{ "type": "module" }',
      'checkout/scripts/bench.mjs': readFileSync(join(repo, 'scripts', 'bench.mjs'), 'utf8'),
      'checkout/bench/rtr-file.ts': readFileSync(join(repo, 'bench', 'rtr-file.ts'), 'utf8'),
      'checkout/bench/x.bench.ts':
        "import { requireRtrFile, rtrDevFile } from './rtr-file.js';\n" +
        "console.log(`data: ${requireRtrFile('x', rtrDevFile(process.argv[2]))}`);\n",
      'caller/my dev.jsonl.gz': '',
    },
    { linkNodeModules: true },
  );
  const caller = join(p.root, 'caller');
  const run = (env: NodeJS.ProcessEnv, cwd = p.root) =>
    p.node('checkout/scripts/bench.mjs', ['x'], { cwd, env: { SIZEFIT_RTR_DEV: undefined, ...env } });

  let out = run({});
  assert.equal(out.status, 0, out.stdout + out.stderr);
  assert.match(out.stdout, /skipped, nothing measured/);
  assert.match(out.stdout, /0 benchmarks ran, 1 skipped, 0 failed/);

  for (const [env, cwd] of [
    [{}, caller], // node scripts/bench.mjs run from the caller's directory
    [{ INIT_CWD: caller }, p.root], // npm run bench: npm runs it in the root and says where it was started
  ] as const) {
    out = run({ ...env, SIZEFIT_RTR_DEV: 'my dev.jsonl.gz' }, cwd);
    assert.equal(out.status, 0, out.stdout + out.stderr);
    assert.ok(out.stdout.includes(`data: ${join(caller, 'my dev.jsonl.gz')}\n`), out.stdout);
    assert.match(out.stdout, /1 benchmarks ran, 0 skipped, 0 failed/);
  }

  const dflt = join(p.root, 'shared', 'datasets', 'renttherunway-dev.jsonl.gz');
  mkdirSync(dirname(dflt), { recursive: true });
  writeFileSync(dflt, '');
  out = run({});
  assert.equal(out.status, 0, out.stdout + out.stderr);
  assert.ok(out.stdout.includes(`data: ${dflt}\n`), out.stdout);
  out = run({ SIZEFIT_RTR_DEV: 'typo.jsonl.gz', INIT_CWD: caller });
  assert.equal(out.status, 1, out.stdout + out.stderr);
  assert.match(out.stdout, /=== bench\/x\.bench\.ts FAILED \(exit 2\)/);
  assert.match(out.stdout, /0 benchmarks ran, 0 skipped, 1 failed/);
  assert.ok(
    out.stderr.includes(`x.bench.ts: SIZEFIT_RTR_DEV=typo.jsonl.gz: there is no file ${join(caller, 'typo.jsonl.gz')}`),
    out.stderr,
  );
  // a path given on a benchmark's command line is asked for too
  const direct = spawnSync(process.execPath, ['--import', 'tsx', join('checkout', 'bench', 'x.bench.ts'), 'nope.gz'], {
    cwd: p.root,
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: undefined, SIZEFIT_RTR_DEV: undefined },
    timeout: 30_000,
  });
  assert.equal(direct.status, BENCH_BAD_FILE, direct.stdout + direct.stderr);
  assert.match(direct.stderr, /x\.bench\.ts: the path nope\.gz: there is no file /);
});
