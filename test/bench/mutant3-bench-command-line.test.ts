// bench/bench-args.ts and bench/json-option.ts: which command lines a benchmark accepts, and how it refuses the others
// (one line naming the problem, the usage line, exit 2) or answers --help / -h (the usage line, exit 0). The process's
// exit is replaced by a throw here, so each refusal is seen without ending the test run.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { LatentFitModel } from '../../lib/index.js';
import { readBenchArgs, type BenchArgs, type BenchOptionKind } from '../../bench/bench-args.js';
import { jsonObjectOption } from '../../bench/json-option.js';

const USAGE = 'usage: node --import tsx bench/x.bench.ts [FILE] [--n N]';

/** What process.exit was called with, thrown in its place. */
class Exit extends Error {
  constructor(readonly code: number | undefined) {
    super(`process.exit(${code})`);
  }
}

interface Ended {
  code: number | undefined;
  stdout: string[];
  stderr: string[];
}

/** Runs `f` with process.exit, console.log and console.error replaced; returns how it ended, or its value. */
function capture<T>(t: TestContext, f: () => T): { value?: T; ended?: Ended } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exit = t.mock.method(process, 'exit', (code?: number) => {
    throw new Exit(code);
  });
  const log = t.mock.method(console, 'log', (...xs: unknown[]) => void stdout.push(xs.join(' ')));
  const error = t.mock.method(console, 'error', (...xs: unknown[]) => void stderr.push(xs.join(' ')));
  try {
    return { value: f() };
  } catch (e) {
    if (!(e instanceof Exit)) throw e;
    return { ended: { code: e.code, stdout, stderr } };
  } finally {
    exit.mock.restore();
    log.mock.restore();
    error.mock.restore();
  }
}

/** Reads `args` against `options`; the options read, or how the process would have ended. */
function read(t: TestContext, options: Record<string, BenchOptionKind>, args: string[]) {
  return capture(t, () => readBenchArgs(USAGE, options, args));
}

/** Asserts that `args` is refused: exit 2, a first line ending with `problem`, then the usage line. */
function assertRefused(t: TestContext, options: Record<string, BenchOptionKind>, args: string[], problem: string) {
  const { value, ended } = read(t, options, args);
  assert.equal(value, undefined, `${JSON.stringify(args)} was accepted`);
  assert.equal(ended?.code, 2, JSON.stringify(args));
  assert.equal(ended.stderr.length, 2, ended.stderr.join('\n'));
  assert.ok(ended.stderr[0].endsWith(`: ${problem}`), `${JSON.stringify(args)}: ${ended.stderr[0]}`);
  assert.equal(ended.stderr[1], USAGE);
  assert.deepEqual(ended.stdout, []);
}

test('count takes positive integers only, natural takes 0, positive takes fractions above 0 but not 0', (t) => {
  const options = { '--n': 'count', '--k': 'natural', '--s': 'positive' } as const;
  assertRefused(t, options, ['--n', '0'], '--n must be a positive integer, got 0');
  assertRefused(t, options, ['--s', '0'], '--s must be a finite number above 0, got 0');
  assertRefused(t, options, ['--s', '0.0'], '--s must be a finite number above 0, got 0.0');
  assertRefused(t, options, ['--k', '-1'], '--k must be a non-negative integer, got -1');
  const a = read(t, options, ['--n', '1', '--k', '0', '--s', '0.5']).value!;
  assert.equal(a.number('--n', 16), 1);
  assert.equal(a.number('--k', 3000), 0);
  assert.equal(a.number('--s', 8), 0.5);
  // an option not given: its default, and has() says so
  const none = read(t, options, []).value!;
  assert.equal(none.number('--k', 3000), 3000);
  assert.equal(none.has('--k'), false);
});

test('numeric values are plain decimals: exponents, hex, binary, signs on positive and blanks are refused', (t) => {
  // Number() reads each of these as an acceptable number; the benchmarks' usage lines promise plain decimals.
  const options = { '--n': 'count', '--s': 'positive', '--seed': 'integer' } as const;
  for (const v of ['1e3', '0x10', '0b11', ' 5', '5 ', '+5', '1.0']) {
    assertRefused(t, options, ['--n', v], `--n must be a positive integer, got ${v}`);
  }
  for (const v of ['1e-3', '+0.5', '-0.5', 'Infinity', '0x1']) {
    assertRefused(t, options, ['--s', v], `--s must be a finite number above 0, got ${v}`);
  }
  assertRefused(t, options, ['--seed', '1e2'], '--seed must be a safe integer, got 1e2');
  const a = read(t, options, ['--seed', '-7', '--s', '.25']).value!;
  assert.equal(a.number('--seed', 0), -7);
  assert.equal(a.number('--s', 8), 0.25);
});

test('-h prints the usage line on stdout and ends with 0, as --help does, whatever else is on the line', (t) => {
  for (const args of [['-h'], ['--help'], ['--nosuch', '-h']]) {
    const { ended } = read(t, { '--n': 'count' }, args);
    assert.equal(ended?.code, 0, JSON.stringify(args));
    assert.deepEqual(ended.stdout, [USAGE]);
    assert.deepEqual(ended.stderr, []);
  }
});

test('an option given twice, or a value option followed by another option instead of its value, is refused', (t) => {
  const options = { '--model': 'text', '--seconds': 'positive', '--json': 'switch' } as const;
  assertRefused(t, options, ['--model', 'a', '--model', 'b'], '--model is given twice');
  assertRefused(t, options, ['--json', '--json'], '--json is given twice');
  assertRefused(t, options, ['--model', '--seconds', '1'], '--model needs a value');
  assertRefused(t, options, ['--model'], '--model needs a value');
  assertRefused(t, options, ['--model', ''], '--model needs a value');
  // a text value may start with one dash (a file called -x), not with two
  assert.equal(read(t, options, ['--model', '-x']).value!.text('--model'), '-x');
});

test('positional arguments: taken in order, one value each; a dash or an extra argument is refused', (t) => {
  const one = { FILE: 'positional', '--n': 'count' } as const;
  assertRefused(t, one, ['-x'], 'unknown argument -x');
  assertRefused(t, one, ['-'], 'unknown argument -');
  assertRefused(t, one, ['a.jsonl', 'b.jsonl'], 'unknown argument b.jsonl');
  assertRefused(t, one, [''], "unknown argument ''");
  const a = read(t, one, ['--n', '2', 'a.jsonl']).value!;
  assert.equal(a.text('FILE'), 'a.jsonl');
  assert.equal(a.has('FILE'), true);
  const two = read(t, { IN: 'positional', OUT: 'positional' }, ['x', 'y']).value!;
  assert.equal(two.text('IN'), 'x');
  assert.equal(two.text('OUT'), 'y');
  // without a positional entry, a plain word is an unknown argument
  assertRefused(t, { '--n': 'count' }, ['a.jsonl'], 'unknown argument a.jsonl');
});

test("names of Object.prototype's properties are unknown arguments, not options", (t) => {
  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    assertRefused(t, { '--n': 'count' }, [name, '5'], `unknown argument ${name}`);
  }
});

/** A command line whose --json is `text`; refuse throws its problem instead of ending the process. */
function argsWithJson(text: string): BenchArgs {
  return {
    has: (name) => name === '--json',
    text: (name) => (name === '--json' ? text : undefined),
    number: (_name, dflt) => dflt,
    refuse: (problem) => {
      throw new Error(problem);
    },
  };
}

test('jsonObjectOption refuses JSON null as it refuses other non-objects, with or without known options', () => {
  const known = new LatentFitModel().options;
  for (const k of [known, undefined]) {
    assert.throws(() => jsonObjectOption(argsWithJson('null'), '--json', k), {
      message: '--json must be a JSON object of options, got null',
    });
  }
  assert.throws(() => jsonObjectOption(argsWithJson('3'), '--json'), /must be a JSON object of options, got 3/);
});

test('jsonObjectOption refuses one unknown key alone; a value that is not an object is left to the model', () => {
  const known = new LatentFitModel().options;
  assert.throws(() => jsonObjectOption(argsWithJson('{"epoch":1}'), '--json', known), {
    message: `--json: unknown option 'epoch' (did you mean 'epochs'?); options: ${Object.keys(known).join(', ')}`,
  });
  // `columns` given as a string or an array: its keys are not option names; checking the value is the model's
  assert.deepEqual(jsonObjectOption(argsWithJson('{"columns":"user"}'), '--json', known), { columns: 'user' });
  assert.deepEqual(jsonObjectOption(argsWithJson('{"columns":["a"]}'), '--json', known), { columns: ['a'] });
});
