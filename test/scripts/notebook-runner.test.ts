// The notebook runner: --dataset reaches the kernels (they run in notebooks/), and --in-place keeps RentTheRunway outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  datasetForKernel,
  inPlaceProblem,
  kernelEnv,
  listNotebooks,
  namedDatasetProblem,
  parseNotebookArgs,
  REGISTERED_DATASETS,
  registeredNameNote,
  UsageError,
  // @ts-expect-error: plain JS module without types
} from '../../scripts/notebook-runner.mjs';
import { fakeProject, repo } from './fake-project.js';
import { listDatasets } from '../../lib/index.js';

test('a relative dataset path is resolved from the caller; a registry name stays a name', (t) => {
  // Before: 'datasets/sample/sample.jsonl' was looked up as notebooks/datasets/sample/sample.jsonl.
  const dir = mkdtempSync(join(tmpdir(), 'sizefit-runner-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data', 'x.jsonl'), '');
  assert.equal(datasetForKernel('data/x.jsonl', dir), join(dir, 'data', 'x.jsonl'));
  assert.equal(datasetForKernel(join(dir, 'data', 'x.jsonl'), '/'), join(dir, 'data', 'x.jsonl'));
  assert.equal(datasetForKernel('renttherunway', dir), 'renttherunway');
});

test('--in-place refuses to replace RentTheRunway outputs with sample outputs unless a dataset is named', () => {
  // Before: without RentTheRunway in the data directory, 01-04 silently fell back to the sample and --in-place
  // overwrote their committed RentTheRunway outputs.
  const nb = (n: string): string => `/repo/notebooks/${n}.ipynb`;
  const all = ['00-environment', '01-explore-size-data', '03-fit-models', '05-export-model'].map(nb);
  const msg = inPlaceProblem({ inPlace: true, dataset: undefined }, all, {}, false) as string;
  assert.match(msg, /replace the committed RentTheRunway outputs of 01-explore-size-data\.ipynb, 03-fit-models\.ipynb/);
  assert.match(msg, /`npm run notebooks -- --in-place --dataset PATH\/renttherunway-dev\.jsonl\.gz 01 02 03 04`/);
  // allowed: RentTheRunway present, the sample named, the environment's dataset for 01-04 alone, only sample
  // notebooks, or not in place
  assert.equal(inPlaceProblem({ inPlace: true, dataset: undefined }, all, {}, true), null);
  assert.equal(inPlaceProblem({ inPlace: true, dataset: 'sample' }, all, {}, false), null);
  assert.equal(
    inPlaceProblem({ inPlace: true, dataset: undefined }, all.slice(0, 3), { SIZEFIT_DATASET: '/d.gz' }, false),
    null,
  );
  assert.equal(inPlaceProblem({ inPlace: true, dataset: undefined }, [nb('05-export-model')], {}, false), null);
  assert.equal(inPlaceProblem({ inPlace: false, dataset: undefined }, all, {}, false), null);
});

test('--in-place refuses a dataset other than the sample for 05 and 06, and shows the command for 01-04', (t) => {
  // Before: `--in-place --dataset PATH` (or SIZEFIT_DATASET) gave PATH to every kernel, so 05 and 06, committed on
  // the sample by design, were re-run on RentTheRunway; the refusal for 01-04 itself suggested `--dataset PATH`.
  const dir = mkdtempSync(join(tmpdir(), 'sizefit-runner-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'rtr dev.jsonl.gz'), '');
  const nb = (n: string): string => join(repo, 'notebooks', `${n}.ipynb`);
  const all = ['00-environment', '01-explore-size-data', '04-size-advice', '05-export-model', '06-postgres-workflow'];
  const problem = (dataset: string | undefined, env: Record<string, string>, names = all, cwd = dir) =>
    inPlaceProblem({ inPlace: true, dataset }, names.map(nb), env, false, cwd) as string | null;

  let msg = problem('rtr dev.jsonl.gz', {}) as string;
  assert.match(msg, /^--in-place with --dataset rtr dev\.jsonl\.gz would replace the committed outputs of /);
  assert.match(msg, /of 05-export-model\.ipynb, 06-postgres-workflow\.ipynb, which come from the bundled sample/);
  assert.ok(msg.includes("`npm run notebooks -- --in-place --dataset 'rtr dev.jsonl.gz' 01 02 03 04`"), msg);
  assert.ok(msg.includes('`npm run notebooks -- --in-place 00 05 06`'), msg);
  msg = problem(undefined, { SIZEFIT_DATASET: 'renttherunway' }, all.slice(3)) as string;
  assert.match(msg, /^--in-place with SIZEFIT_DATASET=renttherunway would replace the committed outputs of 05-/);
  assert.ok(msg.includes('`npm run notebooks -- --in-place --dataset renttherunway 01 02 03 04`'), msg);
  assert.ok(msg.includes('`env -u SIZEFIT_DATASET npm run notebooks -- --in-place 00 05 06`'), msg);
  // --dataset wins over the environment, as it does for the kernels
  assert.match(
    problem('/x/rtr.jsonl.gz', { SIZEFIT_DATASET: 'sample' }) as string,
    /with --dataset \/x\/rtr\.jsonl\.gz /,
  );
  // The command shown for the sample notebooks is itself accepted in the caller's environment. Before: with both
  // --dataset and SIZEFIT_DATASET set, it lacked `env -u SIZEFIT_DATASET` and would have been refused in turn.
  for (const [dataset, env] of [
    ['rtr dev.jsonl.gz', {}],
    [undefined, { SIZEFIT_DATASET: 'rtr dev.jsonl.gz' }],
    ['rtr dev.jsonl.gz', { SIZEFIT_DATASET: 'rtr dev.jsonl.gz' }],
  ] as const) {
    const shown = /and the sample ones with `(env -u SIZEFIT_DATASET )?npm run notebooks -- --in-place 00 05 06`$/.exec(
      problem(dataset, env) as string,
    );
    assert.ok(shown, `${dataset} ${JSON.stringify(env)}`);
    const envThen: Record<string, string> = shown[1] ? {} : env;
    assert.equal(problem(undefined, envThen, [all[0], ...all.slice(3)]), null, `${dataset} ${JSON.stringify(env)}`);
  }

  // allowed: the command the message shows, the sample by its registered name, not in place
  assert.equal(problem('rtr dev.jsonl.gz', {}, all.slice(1, 3)), null);
  assert.equal(problem(undefined, { SIZEFIT_DATASET: 'renttherunway' }, all.slice(0, 3)), null);
  assert.equal(problem('sample', {}), null);
  assert.equal(problem(undefined, { SIZEFIT_DATASET: 'sample' }), null);
  assert.equal(inPlaceProblem({ inPlace: false, dataset: 'rtr dev.jsonl.gz' }, all.map(nb), {}, false, dir), null);
});

test("--in-place refuses the sample's file by path for 05 and 06: only the name `sample` reads its extra columns", (t) => {
  // Before: datasets/sample/sample.jsonl (from wherever given) counted as the sample, but by path the kernels read
  // only the record format's fields (no brand, size_system, size_label, return_reason, returned), so 05 and 06's
  // committed outputs would have been replaced by different ones.
  const nb = (n: string): string => join(repo, 'notebooks', `${n}.ipynb`);
  const all = ['00-environment', '01-explore-size-data', '05-export-model', '06-postgres-workflow'];
  const problem = (dataset: string | undefined, env: Record<string, string>, cwd: string, names = all) =>
    inPlaceProblem({ inPlace: true, dataset }, names.map(nb), env, false, cwd) as string | null;
  for (const [dataset, env, cwd, from] of [
    ['datasets/sample/sample.jsonl', {}, repo, '--dataset datasets/sample/sample.jsonl'],
    ['./datasets/sample/sample.jsonl', {}, repo, '--dataset ./datasets/sample/sample.jsonl'],
    ['../datasets/sample/sample.jsonl', {}, join(repo, 'notebooks'), '--dataset ../datasets/sample/sample.jsonl'],
    ['sample.jsonl', {}, join(repo, 'datasets', 'sample'), '--dataset sample.jsonl'],
    [
      undefined,
      { SIZEFIT_DATASET: 'datasets/sample/sample.jsonl' },
      repo,
      'SIZEFIT_DATASET=datasets/sample/sample.jsonl',
    ],
  ] as const) {
    const msg = problem(dataset, env, cwd);
    assert.ok(msg !== null, from);
    assert.ok(
      msg.startsWith(
        `--in-place with ${from} would replace the committed outputs of 05-export-model.ipynb, ` +
          '06-postgres-workflow.ipynb, which come from the bundled sample by its registered name',
      ),
      msg,
    );
    assert.ok(
      msg.includes('use `--dataset sample` (`npm run notebooks -- --in-place --dataset sample 00 05 06`)'),
      msg,
    );
    // the command shown is accepted where the refused one was given
    assert.equal(problem('sample', env, cwd, [all[0], ...all.slice(2)]), null, from);
  }
  // the name `sample` reads the registered sample even where a file of that name is in the caller's directory (as the
  // CLI reads it); ./sample is that file, not the registered sample
  const dir = mkdtempSync(join(tmpdir(), 'sizefit-runner-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'sample'), '');
  assert.equal(problem('sample', {}, dir), null);
  assert.match(
    problem('./sample', {}, dir) as string,
    /^--in-place with --dataset \.\/sample would replace the committed/,
  );
  // 01-04 alone may run on the sample's file
  assert.equal(problem('datasets/sample/sample.jsonl', {}, repo, all.slice(0, 2)), null);
});

test('a relative data directory reaches the kernels absolute, as the CLI reads it', () => {
  // Before: SIZEFIT_DATA_DIR=datasets/cache was read by the kernels as notebooks/datasets/cache.
  const env = kernelEnv({ SIZEFIT_DATA_DIR: 'datasets/cache', SIZEFIT_PROJECT_ROOT: '/abs/root', OTHER: 'x' }, '/repo');
  assert.deepEqual(env, { SIZEFIT_DATA_DIR: '/repo/datasets/cache', SIZEFIT_PROJECT_ROOT: '/abs/root', OTHER: 'x' });
  assert.deepEqual(kernelEnv({}, '/repo'), {});
});

test('a notebook filter that selects nothing is an error naming it; a path to a notebook selects it', () => {
  // Before: `npm start -- 00 99-typo` ran 00 and exited 0, '' selected every notebook, and
  // notebooks/01-explore-size-data.ipynb (a path) selected none.
  const names = (filters: string[], cwd = repo): string[] =>
    listNotebooks(filters, cwd).map((p: string) => basename(p));
  assert.deepEqual(names(['00']), ['00-environment.ipynb']);
  assert.deepEqual(names(['notebooks/01-explore-size-data.ipynb']), ['01-explore-size-data.ipynb']);
  assert.deepEqual(names(['01-explore-size-data.ipynb'], join(repo, 'notebooks')), ['01-explore-size-data.ipynb']);
  assert.deepEqual(names(['../notebooks/00-environment.ipynb'], join(repo, 'datasets')), ['00-environment.ipynb']);
  assert.deepEqual(names(['01', '00']), ['00-environment.ipynb', '01-explore-size-data.ipynb']);
  assert.throws(
    () => listNotebooks(['00', '99-typo', 'zz'], repo),
    (e: Error) => e instanceof UsageError && /no notebook matches 99-typo, zz:/.test(e.message),
  );
  assert.throws(
    () => listNotebooks([''], repo),
    (e: Error) => e instanceof UsageError && /empty filter/.test(e.message),
  );
  assert.throws(() => listNotebooks(['README.md'], repo), /no notebook matches README\.md/);
});

test('--timeout takes whole seconds > 0; unknown options are usage errors', () => {
  // Before: 1.5, abc and -5 reached argparse (noise) or ran with NaN; unknown options were plain errors (a stack trace).
  assert.equal(parseNotebookArgs(['--timeout', '60']).timeout, 60);
  for (const bad of ['1.5', 'abc', '-5', '0', '']) {
    assert.throws(
      () => parseNotebookArgs(['--timeout', bad]),
      (e: Error) => e instanceof UsageError && e.message.includes(`not '${bad}'`),
      bad,
    );
  }
  assert.throws(
    () => parseNotebookArgs(['--bogus']),
    (e: Error) => e instanceof UsageError && /--bogus/.test(e.message),
  );
  assert.throws(() => parseNotebookArgs(['--dataset']), UsageError);
});

test("an empty --dataset, --out-dir or --html-dir is a usage error, not 'no dataset' or the caller's directory", () => {
  // Before: `--dataset ''` was accepted and the notebooks ran on the default dataset; `--out-dir ''` wrote into the
  // caller's directory.
  for (const [option, takes] of [
    ['--dataset', "a registered dataset name (e.g. sample) or a file's path"],
    ['--out-dir', 'a directory'],
    ['--html-dir', 'a directory'],
  ]) {
    assert.throws(
      () => parseNotebookArgs([option, '']),
      (e: Error) => e instanceof UsageError && e.message === `${option} takes ${takes}, not ''`,
      option,
    );
  }
  // as runNotebooks reads opts.dataset
  assert.throws(() => datasetForKernel('', repo), UsageError);
});

test('--out-dir without --html-dir puts the HTML in the out dir, not in the project reports/', (t) => {
  // Before: `--out-dir DIR` alone overwrote the project's reports/*.html.
  const dir = mkdtempSync(join(tmpdir(), 'sizefit-runner-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  let opts = parseNotebookArgs(['--out-dir', 'out'], { cwd: dir });
  assert.deepEqual([opts.outDir, opts.htmlDir], [join(dir, 'out'), join(dir, 'out')]);
  opts = parseNotebookArgs(['--out-dir', 'out', '--html-dir', 'html'], { cwd: dir });
  assert.deepEqual([opts.outDir, opts.htmlDir], [join(dir, 'out'), join(dir, 'html')]);
  opts = parseNotebookArgs([], { cwd: dir });
  assert.deepEqual([opts.outDir, opts.htmlDir], [join(repo, 'reports', 'notebooks'), join(repo, 'reports')]);
  opts = parseNotebookArgs(['--in-place'], { cwd: dir });
  assert.deepEqual([opts.outDir, opts.htmlDir], [undefined, undefined]);
});

test('--in-place and --out-dir exclude each other, in either order', () => {
  // Before: both were accepted and both written, although the usage says one or the other.
  for (const argv of [
    ['--in-place', '--out-dir', 'x'],
    ['--out-dir', 'x', '--in-place'],
  ]) {
    assert.throws(
      () => parseNotebookArgs(argv),
      (e: Error) => e instanceof UsageError && /--in-place and --out-dir exclude each other/.test(e.message),
      argv.join(' '),
    );
  }
  assert.equal(parseNotebookArgs(['--in-place']).outDir, undefined);
  assert.equal(parseNotebookArgs(['--in-place', '--html-dir', 'h']).inPlace, true);
});

test("relative paths are read from npm's INIT_CWD (the user's directory), SIZEFIT_DATASET as --dataset", (t) => {
  // Before: --out-dir/--html-dir were resolved from npm's cwd (the project root), and SIZEFIT_DATASET not at all.
  const dir = mkdtempSync(join(tmpdir(), 'sizefit-runner-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'sample'));
  writeFileSync(join(dir, 'sample', 'x.jsonl'), '');
  const opts = parseNotebookArgs(['--out-dir', 'out', '--html-dir', 'html'], { cwd: dir });
  assert.equal(opts.outDir, join(dir, 'out'));
  assert.equal(opts.htmlDir, join(dir, 'html'));
  assert.equal(kernelEnv({ SIZEFIT_DATASET: 'sample/x.jsonl' }, dir).SIZEFIT_DATASET, join(dir, 'sample', 'x.jsonl'));
  // a registry name stays a name, even where a folder of that name exists (datasets/sample)
  assert.equal(kernelEnv({ SIZEFIT_DATASET: 'sample' }, dir).SIZEFIT_DATASET, 'sample');
  assert.equal(datasetForKernel('sample', dir), 'sample');
  // a path that is not there is said at once, not by each kernel
  assert.throws(() => datasetForKernel('nope/x.jsonl', dir), /there is no file .*nope\/x\.jsonl/);
  assert.throws(() => datasetForKernel('x.jsonl.gz', dir), UsageError);
});

/** A project copy whose venv "python" records what the runner asked of it and reports every notebook ok. */
function runnerProject(t: import('node:test').TestContext) {
  const fakePython = `#!${process.execPath}
const { appendFileSync } = require('node:fs');
const { basename } = require('node:path');
const args = process.argv.slice(2);
appendFileSync(process.env.FAKE_LOG, JSON.stringify({ args, dataset: process.env.SIZEFIT_DATASET ?? null }) + '\\n');
const nbs = args.filter((a) => a.endsWith('.ipynb'));
console.log(JSON.stringify(nbs.map((p) => ({ notebook: basename(p), seconds: 0, status: 'ok', error: null }))));
`;
  const p = fakeProject(t, ['scripts/start.mjs', 'scripts/notebooks.mjs', 'scripts/notebook-runner.mjs'], {
    'package.json': '{ "type": "commonjs" }',
    '.venv/bin/python': fakePython,
    'notebooks/00-environment.ipynb': '{}',
    'notebooks/01-explore.ipynb': '{}',
    'datasets/sample/sample.jsonl': '',
    'lib/dist/.keep': '',
  });
  const log = join(p.root, 'calls.jsonl');
  const calls = (): { args: string[]; dataset: string | null }[] =>
    readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  writeFileSync(log, '');
  return { ...p, log, calls };
}

test('npm start and npm run notebooks: bad commands exit 2 in one line, relative paths from the user directory', (t) => {
  // Before: `start 00 99-typo` ran 00 and exited 0; unknown options and a missing venv were stack traces; in a
  // checkout path with a space, `%` or non-ASCII letter the runner did not find its notebooks; --dataset and
  // SIZEFIT_DATASET paths relative to the user's directory were read from the project root or notebooks/.
  const p = runnerProject(t);
  const env = { FAKE_LOG: p.log };
  let r = p.node('scripts/start.mjs', ['00', '99-typo'], { env });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^sizefit: no notebook matches 99-typo:/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  r = p.node('scripts/notebooks.mjs', ['--bogus'], { env });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^notebooks: unknown option --bogus\nusage: /);
  r = p.node('scripts/start.mjs', ['--timeout', '1.5'], { env });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--timeout takes a whole number of seconds > 0, not '1\.5'/);
  for (const script of ['scripts/start.mjs', 'scripts/notebooks.mjs']) {
    r = p.node(script, ['--dataset', '', '00'], { env });
    assert.equal(r.status, 2, `${script}: ${r.stderr}`);
    assert.match(r.stderr, /^(sizefit|notebooks): --dataset takes a registered dataset name \(e\.g\. sample\) or a/);
  }
  assert.deepEqual(p.calls(), [], 'nothing ran');
  r = p.node('scripts/notebooks.mjs', ['--help'], { env });
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^usage: npm run notebooks -- /);
  assert.match(r.stdout, /\n {2}--out-dir DIR +executed copies to DIR, and the HTML too unless --html-dir\n/);

  // the venv's python runs, from a checkout path with a space, `%` and a non-ASCII letter
  const datasets = join(p.root, 'datasets');
  r = p.node('scripts/start.mjs', ['--dataset', 'sample/sample.jsonl', '01'], {
    cwd: p.root,
    env: { ...env, INIT_CWD: datasets },
  });
  assert.equal(r.status, 0, r.stderr);
  r = p.node('scripts/notebooks.mjs', ['../notebooks/00-environment.ipynb', '--out-dir', 'out'], {
    env: { ...env, INIT_CWD: datasets, SIZEFIT_DATASET: 'sample/sample.jsonl' },
  });
  assert.equal(r.status, 0, r.stderr);
  const [start, notebooks] = p.calls();
  assert.deepEqual(start.args.slice(-1), [join(p.root, 'notebooks', '01-explore.ipynb')]);
  assert.equal(start.dataset, join(datasets, 'sample', 'sample.jsonl'));
  assert.equal(notebooks.dataset, join(datasets, 'sample', 'sample.jsonl'));
  assert.equal(notebooks.args[notebooks.args.indexOf('--out-dir') + 1], join(datasets, 'out'));
  assert.equal(
    notebooks.args[notebooks.args.indexOf('--html-dir') + 1],
    join(datasets, 'out'),
    'HTML beside the copies',
  );
  assert.deepEqual(notebooks.args.slice(-1), [join(p.root, 'notebooks', '00-environment.ipynb')]);

  // no venv: one line, exit 1
  rmSync(join(p.root, '.venv'), { recursive: true });
  r = p.node('scripts/start.mjs', ['00'], { env });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^sizefit: the Python venv \(\.venv\) is missing: run `npm install`/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

test('a dataset name the data directory lacks is refused before any kernel starts (exit 2, one line)', (t) => {
  // Before: `npm start -- --dataset renttherunway` without the file started a kernel, failed inside the first code
  // cell with a stack trace and exited 1 ("a notebook failed").
  const datasets = [
    { name: 'sample', present: true, lookedAt: [] },
    { name: 'renttherunway', present: false, lookedAt: ['/data/renttherunway_final_data.json.gz'] },
  ];
  assert.equal(namedDatasetProblem('sample', datasets), null);
  assert.equal(namedDatasetProblem('/data/x.jsonl', datasets), null, 'a path is checked by datasetForKernel');
  assert.match(
    namedDatasetProblem('renttherunway', datasets),
    /^dataset renttherunway is not in the data directory: looked for \/data\/renttherunway_final_data\.json\.gz/,
  );
  assert.match(
    namedDatasetProblem('rtr', datasets),
    /^dataset rtr: no such file, and not a dataset name \(sample, renttherunway\)/,
  );

  const p = runnerProject(t);
  writeFileSync(join(p.root, 'lib', 'dist', 'index.js'), `exports.listDatasets = () => ${JSON.stringify(datasets)};\n`);
  for (const [script, args, env] of [
    ['scripts/start.mjs', ['--dataset', 'renttherunway', '01'], {}],
    ['scripts/notebooks.mjs', ['01'], { SIZEFIT_DATASET: 'renttherunway' }],
  ] as const) {
    const r = p.node(script, [...args], { env: { FAKE_LOG: p.log, ...env } });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^(sizefit|notebooks): dataset renttherunway is not in the data directory/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
  assert.deepEqual(p.calls(), [], 'no kernel started');
  const r = p.node('scripts/start.mjs', ['--dataset', 'sample', '01'], { env: { FAKE_LOG: p.log } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(p.calls()[0].dataset, 'sample');
});

test('npm run notebooks -- --in-place --dataset PATH with 05 or 06 selected exits 2 before any kernel starts', (t) => {
  // Before: every notebook ran on PATH and 05/06's committed sample outputs were replaced.
  const p = runnerProject(t);
  writeFileSync(join(p.root, 'notebooks', '05-export-model.ipynb'), '{}');
  writeFileSync(join(p.root, 'rtr.jsonl.gz'), '');
  const datasets = [{ name: 'renttherunway', present: false, lookedAt: [] }];
  writeFileSync(join(p.root, 'lib', 'dist', 'index.js'), `exports.listDatasets = () => ${JSON.stringify(datasets)};\n`);
  const env = { FAKE_LOG: p.log };
  let r = p.node('scripts/notebooks.mjs', ['--in-place', '--dataset', 'rtr.jsonl.gz'], { env });
  assert.equal(r.status, 2, r.stderr);
  assert.match(
    r.stderr,
    /^notebooks: --in-place with --dataset rtr\.jsonl\.gz would replace the committed outputs of 05-/,
  );
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.deepEqual(p.calls(), [], 'no kernel started');
  r = p.node('scripts/notebooks.mjs', ['--in-place', '--dataset', 'rtr.jsonl.gz', '01'], { env });
  assert.equal(r.status, 0, r.stderr);
  r = p.node('scripts/notebooks.mjs', ['--in-place', '00', '05'], { env });
  assert.equal(r.status, 0, r.stderr);
  const [rtr, sample] = p.calls();
  assert.equal(rtr.dataset, join(p.root, 'rtr.jsonl.gz'));
  assert.deepEqual(rtr.args.slice(-2), ['--in-place', join(p.root, 'notebooks', '01-explore.ipynb')]);
  assert.equal(sample.dataset, null);
});

test('a registered name wins over a file of that name in the working directory, as the CLI reads --dataset', (t) => {
  // Before: with a file named `sample` in the working directory, `--dataset sample` ran the notebooks on that file
  // while `sizefit train --dataset sample` read the registered sample.
  assert.deepEqual(
    [...REGISTERED_DATASETS].sort(),
    listDatasets()
      .map((d) => d.name)
      .sort(),
    "the runner's names are the library's",
  );
  const dir = mkdtempSync(join(tmpdir(), 'sizefit-runner-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'sample'), '');
  writeFileSync(join(dir, 'mydata'), '');
  mkdirSync(join(dir, 'renttherunway'));
  assert.equal(datasetForKernel('sample', dir), 'sample');
  assert.equal(datasetForKernel('./sample', dir), join(dir, 'sample'), './NAME reads the file');
  assert.equal(datasetForKernel('mydata', dir), join(dir, 'mydata'), 'a word that is no registered name is a file');
  assert.equal(datasetForKernel('renttherunway', dir), 'renttherunway');
  assert.match(
    registeredNameNote('sample', dir),
    /^--dataset sample reads the registered dataset 'sample', not the file sample in the working directory: give --dataset \.\/sample to read the file$/,
  );
  assert.match(registeredNameNote('renttherunway', dir), /not the folder renttherunway in the working directory$/);
  assert.equal(registeredNameNote('mydata', dir), null);
  assert.equal(registeredNameNote('modcloth', dir), null, 'no file of that name');

  const p = runnerProject(t);
  const datasets = [{ name: 'sample', present: true, lookedAt: [] }];
  writeFileSync(join(p.root, 'lib', 'dist', 'index.js'), `exports.listDatasets = () => ${JSON.stringify(datasets)};\n`);
  writeFileSync(join(p.root, 'sample'), '');
  const env = { FAKE_LOG: p.log };
  let r = p.node('scripts/notebooks.mjs', ['--dataset', 'sample', '01', '--out-dir', 'out'], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^notebooks: --dataset sample reads the registered dataset 'sample', not the file sample/);
  r = p.node('scripts/notebooks.mjs', ['--dataset', './sample', '01', '--out-dir', 'out'], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /registered dataset/);
  r = p.node('scripts/start.mjs', ['--dataset', 'sample', '01'], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^sizefit: --dataset sample reads the registered dataset 'sample', not the file sample/);
  const [named, file, started] = p.calls();
  assert.equal(named.dataset, 'sample');
  assert.equal(file.dataset, join(p.root, 'sample'));
  assert.equal(started.dataset, 'sample');
});
