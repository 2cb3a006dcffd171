// `npm start`, `npm run notebooks` and the runner they share (scripts/start.mjs, notebooks.mjs, notebook-runner.mjs,
// run_notebooks.py): what a third mutation round found untested. A failed notebook is exit code 1; npm start refuses
// the options that write elsewhere; its banner names the dataset the kernels will read; --in-place on 01-04 follows
// whether RentTheRunway is in the data directory; --timeout reaches the runner; the summary is stdout's last line;
// filters are name prefixes; an empty SIZEFIT_DATASET is none; run_notebooks.py leaves a failed notebook as committed.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  datasetForKernel,
  inPlaceProblem,
  listNotebooks,
  UsageError,
  // @ts-expect-error: plain JS module without types
} from '../../scripts/notebook-runner.mjs';
import { fakeProject, repo } from './fake-project.js';
import { tempDir } from '../temp-dir.js';

/**
 * A project copy whose venv "python" logs its arguments and dataset and reports each notebook ok, or failed when its
 * name starts with FAKE_FAIL; with FAKE_NOISE it prints that line on stdout before the summary. `datasets` is what
 * the built library's listDatasets() says.
 */
function runnerProject(t: TestContext, datasets: object[] = []) {
  const fakePython = `#!${process.execPath}
const { appendFileSync } = require('node:fs');
const { basename } = require('node:path');
const args = process.argv.slice(2);
appendFileSync(process.env.FAKE_LOG, JSON.stringify({ args, dataset: process.env.SIZEFIT_DATASET ?? null }) + '\\n');
if (process.env.FAKE_NOISE) console.log(process.env.FAKE_NOISE);
const fail = process.env.FAKE_FAIL;
const status = (n) => (fail && n.startsWith(fail) ? 'failed' : 'ok');
const nbs = args.filter((a) => a.endsWith('.ipynb')).map((p) => basename(p));
console.log(JSON.stringify(nbs.map((n) => ({ notebook: n, seconds: 1, status: status(n), error: null }))));
`;
  const p = fakeProject(t, ['scripts/start.mjs', 'scripts/notebooks.mjs', 'scripts/notebook-runner.mjs'], {
    'package.json': '{ "type": "commonjs" }',
    '.venv/bin/python': fakePython,
    'notebooks/00-environment.ipynb': '{}',
    'notebooks/01-explore.ipynb': '{}',
    'lib/dist/index.js': `exports.listDatasets = () => ${JSON.stringify(datasets)};\n`,
  });
  const log = join(p.root, 'calls.jsonl');
  writeFileSync(log, '');
  const calls = (): { args: string[]; dataset: string | null }[] =>
    readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  const run = (script: 'start' | 'notebooks', args: string[], env: NodeJS.ProcessEnv = {}) =>
    p.node(`scripts/${script}.mjs`, args, { env: { SIZEFIT_DATASET: undefined, FAKE_LOG: log, ...env } });
  return { ...p, calls, run };
}

test('a notebook that failed makes npm start and npm run notebooks exit 1', (t) => {
  const p = runnerProject(t);
  for (const script of ['start', 'notebooks'] as const) {
    const r = p.run(script, ['00', '01'], { FAKE_FAIL: '01-' });
    assert.equal(r.status, 1, `${script}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /\n1 ok, 1 failed, 2\.0 s in all\n/);
    assert.equal(p.run(script, ['00', '01']).status, 0, `${script}: all ok`);
  }
});

test('npm start refuses --in-place, --out-dir and --html-dir (exit 2) before anything runs', (t) => {
  const p = runnerProject(t);
  for (const [args, said] of [
    [
      ['--in-place', '00'],
      /^sizefit: npm start never rewrites the committed notebooks: use `npm run notebooks -- --in-place`/,
    ],
    [['--out-dir', 'x'], /^sizefit: npm start writes to reports\/: use `npm run notebooks -- --out-dir DIR`/],
    [['--html-dir', 'x'], /^sizefit: npm start writes to reports\/: use `npm run notebooks -- --html-dir DIR`/],
  ] as const) {
    const r = p.run('start', [...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, said);
  }
  assert.deepEqual(p.calls(), [], 'no kernel started');
});

test("npm start's banner names the dataset: RentTheRunway only when present, else the sample; SIZEFIT_DATASET wins", (t) => {
  const banner = (present: boolean, env: NodeJS.ProcessEnv = {}) => {
    const p = runnerProject(t, [
      { name: 'renttherunway', present, path: '/data/rtr.json.gz', lookedAt: ['/data/rtr.json.gz'] },
      { name: 'sample', present: true, lookedAt: [] },
    ]);
    const r = p.run('start', ['00', '01'], env);
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.split('\n')[0];
  };
  assert.equal(
    banner(true),
    'sizefit: running 00, 01 on dataset renttherunway (the default: found at /data/rtr.json.gz; 00-environment on ' +
      'the bundled sample by design)',
  );
  assert.match(banner(false), /^sizefit: running 00, 01 on dataset sample \(the default: RentTheRunway is not in/);
  assert.equal(banner(true, { SIZEFIT_DATASET: 'sample' }), 'sizefit: running 00, 01 on dataset sample');
});

test('--in-place on 01-04 without a dataset runs when RentTheRunway is present, and is refused when it is not', (t) => {
  for (const present of [true, false]) {
    const p = runnerProject(t, [{ name: 'renttherunway', present, lookedAt: [] }]);
    const r = p.run('notebooks', ['--in-place', '01']);
    assert.equal(r.status, present ? 0 : 2, `present: ${present}: ${r.stderr}`);
    if (present) {
      assert.deepEqual(p.calls()[0].args.slice(-2), ['--in-place', join(p.root, 'notebooks', '01-explore.ipynb')]);
    } else {
      assert.match(r.stderr, /^notebooks: --in-place would replace the committed RentTheRunway outputs of 01-explore/);
      assert.deepEqual(p.calls(), [], 'no kernel started');
    }
  }
});

test("--timeout reaches the runner; the summary is stdout's last line, whatever Python printed before it", (t) => {
  const p = runnerProject(t);
  let r = p.run('notebooks', ['--timeout', '60', '00']);
  assert.equal(r.status, 0, r.stderr);
  const { args } = p.calls()[0];
  assert.equal(args[args.indexOf('--timeout') + 1], '60');
  // a .pth file or PYTHONWARNINGS can print at Python's start-up
  r = p.run('start', ['00'], { FAKE_NOISE: 'a warning on stdout' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\n1 ok, 0 failed, 1\.0 s in all\n/);
});

test('a notebook filter is a name prefix: a word from the middle of a name selects nothing', () => {
  for (const filter of ['explore', '1', 'environment.ipynb']) {
    assert.throws(
      () => listNotebooks([filter], repo),
      (e: Error) => e instanceof UsageError && e.message.startsWith(`no notebook matches ${filter}: `),
      filter,
    );
  }
});

test('a folder named as the dataset is no dataset file: the word stays a name', (t) => {
  const dir = tempDir(t, 'sizefit-runner-');
  mkdirSync(join(dir, 'mydata'));
  assert.equal(datasetForKernel('mydata', dir), 'mydata');
  writeFileSync(join(dir, 'myfile'), '');
  assert.equal(datasetForKernel('myfile', dir), join(dir, 'myfile'));
});

test('an empty SIZEFIT_DATASET is no dataset for --in-place, as it is for the kernels', () => {
  const nb = (n: string): string => join(repo, 'notebooks', `${n}.ipynb`);
  const problem = (names: string[], rtr: boolean) =>
    inPlaceProblem({ inPlace: true, dataset: undefined }, names.map(nb), { SIZEFIT_DATASET: '' }, rtr, repo);
  assert.equal(problem(['00-environment', '05-export-model'], false), null, 'the sample notebooks on the sample');
  assert.match(problem(['01-explore-size-data'], false), /^--in-place would replace the committed RentTheRunway/);
  assert.equal(problem(['01-explore-size-data'], true), null);
});

const python = join(repo, '.venv', 'bin', 'python');
// The runner is the kernel's: these notebooks run on the venv's Python kernel (ipykernel, which setup installs), which
// starts faster than tslab and reports a runtime error as an error output, the case the runner checks after a run.
const noVenv =
  !existsSync(python) || !existsSync(join(repo, '.venv', 'share', 'jupyter', 'kernels', 'python3', 'kernel.json'));

/** A Python notebook of code cells, each `[source, tags]`, with an earlier run's output in every cell. */
const notebook = (cells: [string, string[]][]): string =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    cells: cells.map(([source, tags], i) => ({
      id: `c${i}`,
      cell_type: 'code',
      metadata: { tags },
      execution_count: 1,
      outputs: [{ output_type: 'stream', name: 'stdout', text: 'committed\n' }],
      source,
    })),
  });

test(
  'run_notebooks.py --in-place rewrites a notebook that ran clean, not one that failed or shows an error',
  { skip: noVenv, timeout: 120_000 },
  (t) => {
    const dir = tempDir(t, 'sizefit-run-notebooks-');
    const files = {
      'ok.ipynb': notebook([['print("fresh")', []]]),
      'fails.ipynb': notebook([['raise ValueError("boom")', []]]),
      // nbclient lets a cell tagged raises-exception fail without stopping: its error output is still no clean run
      'shows-error.ipynb': notebook([['raise ValueError("shown")', ['raises-exception']]]),
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const r = spawnSync(
      python,
      [
        join(repo, 'scripts', 'run_notebooks.py'),
        '--in-place',
        '--kernel',
        'python3',
        '--timeout',
        '60',
        ...Object.keys(files),
      ],
      { cwd: dir, encoding: 'utf8', timeout: 110_000 },
    );
    assert.equal(r.status, 1, r.stderr);
    const summary = JSON.parse(r.stdout.trim().split('\n').pop()!) as { notebook: string; status: string }[];
    assert.deepEqual(
      summary.map((s) => [s.notebook, s.status]),
      [
        ['ok.ipynb', 'ok'],
        ['fails.ipynb', 'failed'],
        ['shows-error.ipynb', 'failed'],
      ],
    );
    assert.match(readFileSync(join(dir, 'ok.ipynb'), 'utf8'), /fresh/);
    assert.equal(readFileSync(join(dir, 'fails.ipynb'), 'utf8'), files['fails.ipynb'], 'left as committed');
    assert.equal(readFileSync(join(dir, 'shows-error.ipynb'), 'utf8'), files['shows-error.ipynb'], 'as committed');
  },
);
