// What a user walking through the README meets: `sizefit flags --help` explains every option of its usage line, the
// `npm start` banner names the dataset the notebooks run on, the README's commands leave `git status` clean, and the
// docs say what the files hold and give commands that do not collide on a shared machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../lib/cli/run-cli.js';
import { fakeProject } from '../scripts/fake-project.js';

async function help(command: string): Promise<string> {
  const out: string[] = [];
  assert.equal(await runCli([command, '--help'], { out: (t) => out.push(t), err: () => {} }), 0);
  return out.join('\n');
}

test('sizefit flags --help explains each option of its usage line, --level and --seed included', async () => {
  // Before: the usage line showed [--level 0.95] [--seed 0] and nothing said what they do.
  const usage = await help('flags');
  const options = [...usage.split('\n')[0].matchAll(/\[(--[a-z-]+)/g)].map((m) => m[1]);
  assert.deepEqual(options, ['--json', '--all', '--prior-strength', '--level', '--seed']);
  const body = usage.split('\n').slice(1).join('\n');
  for (const o of options) assert.ok(body.includes(o), `the help body says what ${o} does`);
  assert.match(body, /\n {2}--level {11}credible level of the interval \(between 0 and 1, exclusive; default 0\.95\)/);
  assert.match(body, /\n {2}--seed {12}seed of those posterior draws \(a whole number >= 0, default 0\)/);
});

function startProject(t: import('node:test').TestContext, listDatasets: string) {
  const fakePython = `#!${process.execPath}
const { basename } = require('node:path');
const nbs = process.argv.slice(2).filter((a) => a.endsWith('.ipynb'));
console.log(JSON.stringify(nbs.map((p) => ({ notebook: basename(p), seconds: 0, status: 'ok', error: null }))));
`;
  return fakeProject(t, ['scripts/start.mjs', 'scripts/notebooks.mjs', 'scripts/notebook-runner.mjs'], {
    'package.json': '{ "type": "commonjs" }',
    '.venv/bin/python': fakePython,
    'notebooks/00-environment.ipynb': '{}',
    'notebooks/01-explore.ipynb': '{}',
    'datasets/sample/sample.jsonl': '',
    'lib/dist/index.js': `exports.listDatasets = ${listDatasets};\n`,
  });
}

const noDataset = { SIZEFIT_DATASET: undefined, SIZEFIT_DATA_DIR: undefined, SIZEFIT_PROJECT_ROOT: undefined };

test('the npm start banner names the default dataset the notebooks will use, as the library sees the data directory', (t) => {
  // Before: "on dataset default (renttherunway when the data directory has it, else the bundled sample)", whichever.
  const present = startProject(
    t,
    `() => [{ name: 'sample', present: true }, { name: 'renttherunway', present: true, path: require('node:path').join(process.env.SIZEFIT_DATA_DIR ?? '/cache', 'rtr.jsonl.gz') }]`,
  );
  const caller = join(present.root, 'datasets');
  let r = present.node('scripts/start.mjs', [], { env: { ...noDataset, INIT_CWD: caller, SIZEFIT_DATA_DIR: 'cache' } });
  assert.equal(r.status, 0, r.stderr);
  // a relative SIZEFIT_DATA_DIR is read from the caller's directory, as the kernels read it
  assert.equal(
    r.stdout.split('\n')[0],
    `sizefit: running every notebook on dataset renttherunway (the default: found at ${join(caller, 'cache', 'rtr.jsonl.gz')}; ` +
      '00-environment on the bundled sample by design)',
  );
  r = present.node('scripts/start.mjs', ['01'], { env: { ...noDataset, SIZEFIT_DATA_DIR: '/data' } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(
    r.stdout.split('\n')[0],
    'sizefit: running 01 on dataset renttherunway (the default: found at /data/rtr.jsonl.gz)',
  );
  // a dataset given is named as it is
  r = present.node('scripts/start.mjs', ['--dataset', 'sample', '01'], { env: noDataset });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.split('\n')[0], 'sizefit: running 01 on dataset sample');

  const absent = startProject(
    t,
    `() => [{ name: 'sample', present: true }, { name: 'renttherunway', present: false, path: null }]`,
  );
  r = absent.node('scripts/start.mjs', [], { env: noDataset });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(
    r.stdout.split('\n')[0],
    'sizefit: running every notebook on dataset sample (the default: RentTheRunway is not in the data directory; ' +
      '`npx sizefit data list` says where it looked)',
  );
});

test("the files the README's commands write are git-ignored, and no tracked file is", () => {
  // Before: `sizefit train ... --out models/best` and `npm pack -w lib` left `?? models/` and `?? sizefit-0.1.0.tgz`.
  const ignored = (p: string): boolean => spawnSync('git', ['check-ignore', '-q', '--no-index', p]).status === 0;
  assert.ok(ignored('models/best/manifest.json'));
  assert.ok(ignored('sizefit-0.1.0.tgz'));
  assert.ok(ignored('lib/sizefit-0.1.0.tgz'), '`cd lib && npm pack` writes it there');
  // the pattern is anchored: the model sources and their tests stay visible to git
  assert.ok(!ignored('lib/models/new-model.ts'));
  assert.ok(!ignored('test/models/new-model.test.ts'));
  const tracked = spawnSync('git', ['ls-files', '--cached', '--ignored', '--exclude-standard'], { encoding: 'utf8' });
  assert.equal(tracked.status, 0, tracked.stderr);
  assert.equal(tracked.stdout, '', 'no tracked file matches .gitignore');
});

test('datasets/README.md names every top-level key of sample/truth.json', () => {
  // Before: `generator` was left out.
  const keys = Object.keys(JSON.parse(readFileSync('datasets/sample/truth.json', 'utf8')) as object);
  const readme = readFileSync('datasets/README.md', 'utf8');
  const paragraph = readme.slice(
    readme.indexOf('**truth.json**:'),
    readme.indexOf('\n\n', readme.indexOf('**truth.json**:')),
  );
  assert.ok(keys.includes('generator'));
  for (const k of keys)
    assert.ok(paragraph.includes(`\`${k}\``), `datasets/README.md's truth.json paragraph names ${k}`);
});

test('examples/fit-service-client/README.md works in a directory of its own, not in fixed /tmp paths', () => {
  // Before: /tmp/sizefit-0.1.0.tgz, /tmp/client and /tmp/model, shared by everyone on the machine.
  const readme = readFileSync('examples/fit-service-client/README.md', 'utf8');
  const block = /```sh\n([\s\S]*?)```/.exec(readme)![1];
  assert.doesNotMatch(block, /\/tmp\b/);
  assert.match(block, /^dir=\$\(mktemp -d\)$/m);
  for (const step of ['--pack-destination "$dir"', '"$dir/client"', '"$dir"/sizefit-*.tgz', '--out "$dir/model"'])
    assert.ok(block.includes(step), step);
  assert.equal(spawnSync('bash', ['-n', '-c', block]).status, 0, 'the block is valid shell');
});

test('--dataset help of train, cv, flags and data, and the README, say a name and a path do not read the same fields', async () => {
  // Before: the README said a path "works as well", though by name the sample has extra columns that a path drops.
  const { SAMPLE_EXTRA_FIELD_TYPES } = await import('../../lib/data/dataset-registry.js');
  for (const command of ['train', 'cv', 'flags', 'data']) {
    const usage = (await help(command)).replace(/\s+/g, ' ');
    assert.match(
      usage,
      /--dataset:? a registered name \(renttherunway, modcloth, sample; see `sizefit data list`\) reads/,
    );
    assert.ok(usage.includes("reads only the fields of the file's record format"), `${command} --help: a path`);
    assert.ok(usage.includes('give ./NAME to read the file'), `${command} --help: a file named like a dataset`);
    for (const field of Object.keys(SAMPLE_EXTRA_FIELD_TYPES)) assert.ok(usage.includes(field), `${command}: ${field}`);
  }
  const data = readFileSync('README.md', 'utf8').split('\n## Data\n')[1].split('\n## ')[0].replace(/\s+/g, ' ');
  assert.ok(!data.includes('works as well'));
  assert.ok(
    data.includes(
      "a registered name reads the dataset with its registered options, a path only the fields of the file's record format",
    ),
  );
  for (const field of Object.keys(SAMPLE_EXTRA_FIELD_TYPES))
    assert.ok(data.includes(`\`${field}\``), `README: ${field}`);
});
