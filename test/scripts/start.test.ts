// `npm start` (scripts/start.mjs) names the notebooks that run on the bundled sample by design with the notebook
// runner's rule (scripts/notebook-runner.mjs), not a copy of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
// @ts-expect-error: plain JS module without types
import { listNotebooks, onSampleByDesign } from '../../scripts/notebook-runner.mjs';
import { fakeProject, repo } from './fake-project.js';

test("the runner's rule: 00 always loads the bundled sample, 05 and 06 default to it", () => {
  const names = (listNotebooks([], repo) as string[]).map((p) => basename(p, '.ipynb'));
  assert.deepEqual(
    names.filter((n) => onSampleByDesign(n)),
    names.filter((n) => /^0[056]-/.test(n)),
  );
  assert.deepEqual(
    ['00-a', '00-a.ipynb', '01-b', '04-c', '05-d.ipynb', '06-e', '07-f', 'x05-g'].map((n) => onSampleByDesign(n)),
    [true, true, false, false, true, true, false, false],
  );
});

test("npm start's banner lists the notebooks on the sample by the runner's rule, whatever that rule is", (t) => {
  // Before: start.mjs had its own copy of the rule (/^0[056]-/): a notebook the runner counts as a sample one
  // would not be named by the banner, nor the other way round.
  const fakePython = `#!${process.execPath}
const { basename } = require('node:path');
const nbs = process.argv.slice(2).filter((a) => a.endsWith('.ipynb'));
console.log(JSON.stringify(nbs.map((p) => ({ notebook: basename(p), seconds: 0, status: 'ok', error: null }))));
`;
  const notebooks = ['00-environment', '01-explore', '05-export-model', '06-postgres', '07-new'];
  const p = fakeProject(t, ['scripts/start.mjs', 'scripts/notebook-runner.mjs'], {
    'package.json': '{ "type": "commonjs" }',
    '.venv/bin/python': fakePython,
    ...Object.fromEntries(notebooks.map((n) => [`notebooks/${n}.ipynb`, '{}'])),
    'lib/dist/.keep': '', // not built: the banner says the rule
  });
  const env = { SIZEFIT_DATASET: undefined };
  const banner = (): string => {
    const r = p.node('scripts/start.mjs', [], { env });
    assert.equal(r.status, 0, r.stderr);
    const m = /; ([^;]*) on the bundled sample by design\)/.exec(r.stdout.split('\n')[0]);
    assert.ok(m, r.stdout);
    return m[1];
  };
  assert.equal(banner(), notebooks.filter((n) => onSampleByDesign(n)).join(', '));
  assert.equal(banner(), '00-environment, 05-export-model, 06-postgres');
  // The runner's rule changed (07 on the sample too): the banner follows it.
  const runner = join(p.root, 'scripts', 'notebook-runner.mjs');
  const source = readFileSync(runner, 'utf8');
  const changed = source.replace(
    "const SAMPLE_NOTEBOOKS = ['05-', '06-'];",
    "const SAMPLE_NOTEBOOKS = ['05-', '06-', '07-'];",
  );
  assert.notEqual(changed, source, 'the rule is where this test expects it');
  writeFileSync(runner, changed);
  assert.equal(banner(), '00-environment, 05-export-model, 06-postgres, 07-new');
});
