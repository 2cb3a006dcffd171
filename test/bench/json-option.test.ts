// bench/json-option.ts and the benchmarks that take --json (latent, neural): a key that is not an option of the model
// is refused before any data is read, naming the key, the nearest option and the options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LatentFitModel, NeuralFitModel } from '../../lib/index.js';
import type { BenchArgs } from '../../bench/bench-args.js';
import { jsonObjectOption } from '../../bench/json-option.js';
import { tempDir } from '../temp-dir.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A command line whose --json is `text`; refuse throws its problem instead of ending the process. */
function argsWithJson(text: string | undefined): BenchArgs {
  return {
    has: (name) => name === '--json' && text !== undefined,
    text: (name) => (name === '--json' ? text : undefined),
    number: (_name, dflt) => dflt,
    refuse: (problem) => {
      throw new Error(problem);
    },
  };
}

test('jsonObjectOption refuses keys that are not options, naming each, the nearest and the options', () => {
  // Before: {"epoch":1} was returned as it was, and the benchmark ran with 10 epochs.
  const known = new LatentFitModel().options;
  const optionList = Object.keys(known).join(', ');
  assert.throws(
    () => jsonObjectOption(argsWithJson('{"epoch":1,"learningrate":5,"nosuch":true}'), '--json', known),
    (e: Error) => {
      assert.equal(
        e.message,
        "--json: unknown options 'epoch' (did you mean 'epochs'?), 'learningrate' (did you mean 'learningRate'?), " +
          `'nosuch'; options: ${optionList}`,
      );
      return true;
    },
  );
  // the keys of an object option (columns) are checked against the model's too
  assert.throws(() => jsonObjectOption(argsWithJson('{"epochs":1,"columns":{"usr":"u"}}'), '--json', known), {
    message:
      "--json: unknown option 'columns.usr' (did you mean 'columns.user'?); options of columns: user, item, size, label",
  });
  // an own __proto__ key (JSON.parse makes one) is not an option either
  assert.throws(
    () => jsonObjectOption(argsWithJson('{"__proto__":{}}'), '--json', known),
    /unknown option '__proto__'/,
  );
});

test('jsonObjectOption returns the options it was given when every key is known, and {} without the option', () => {
  const known = new NeuralFitModel().options;
  const text = '{"epochs":2,"hidden":[8,4],"seed":3,"columns":{"user":"u","numeric":["size"]}}';
  assert.deepEqual(jsonObjectOption(argsWithJson(text), '--json', known), JSON.parse(text));
  assert.deepEqual(jsonObjectOption(argsWithJson(undefined), '--json', known), {});
  // without `known`, any keys (as before)
  assert.deepEqual(jsonObjectOption(argsWithJson('{"anything":1}'), '--json'), { anything: 1 });
  assert.throws(() => jsonObjectOption(argsWithJson('[1]'), '--json', known), /must be a JSON object of options/);
});

/** Runs a benchmark script from the repository root, outside the test runner and npm. */
function runBench(script: string, args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join('bench', script), ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, NODE_TEST_CONTEXT: undefined, INIT_CWD: undefined, SIZEFIT_RTR_DEV: undefined },
    timeout: 60_000,
  });
}

test('latent and neural benchmarks refuse an unknown --json key before reading the data (exit 2)', (t) => {
  // Before: latent trained and printed its figures with {"epoch":1,"learningrate":5} (exit 0) and neural ran 10
  // epochs with {"epoch":1}. The data file here is not data at all: a benchmark that read it would fail on it, not
  // refuse the key.
  const notData = join(tempDir(t), 'not-data.jsonl');
  writeFileSync(notData, 'this is not a JSON line\n');
  const cases = [
    ['latent.bench.ts', ['--models', 'K-LF-LR', '--json', '{"epoch":1,"learningrate":5}']],
    ['neural.bench.ts', ['--json', '{"epoch":1}']],
  ] as const;
  for (const [script, args] of cases) {
    const r = runBench(script, [notData, ...args]);
    assert.equal(r.status, 2, `${script}: ${r.stdout}${r.stderr}`);
    assert.equal(r.stdout, '', `${script} started: ${r.stdout}`);
    assert.match(
      r.stderr,
      new RegExp(`^${script.replace('.', '\\.')}: --json: unknown options? 'epoch' \\(did you mean 'epochs'\\?\\)`),
    );
    assert.match(r.stderr, /; options: [^\n]*\bepochs\b[^\n]*\nusage: /);
  }
  // without a FILE (the default dev file, whether or not this machine has it), refused all the same
  const r = runBench('latent.bench.ts', ['--json', '{"nosuch":1}']);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^latent\.bench\.ts: --json: unknown option 'nosuch'; options: /);
});

test('the latent benchmark still runs with known --json keys (the sample, one epoch)', () => {
  const r = runBench('latent.bench.ts', [
    join('datasets', 'sample', 'sample.jsonl'),
    '--models',
    'K-LF-LR',
    '--json',
    '{"epochs":1,"columns":{"user":"user_id"}}',
  ]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /sample\.jsonl: 3000 rows; train 2400, test 600/);
  assert.match(r.stdout, /^K-LF-LR +\d\.\d{4} /m);
});
