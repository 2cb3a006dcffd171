// The CLI's argument parser: a typo or a malformed number is refused, never silently changes a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HelpRequested, optInt, optNumber, optString, parseArgs, parseDecimalArg } from '../../lib/cli/args.js';
import { InvalidArgumentError } from '../../lib/core/errors.js';

const spec = { values: ['dataset', 'folds', 'seed', 'level'], flags: ['json'], positional: ['NAME'] };

test('parseArgs: values, flags, = form, -- and the named positional word', () => {
  const a = parseArgs(['--dataset', 'x.jsonl', '--json', '--folds=3', 'word'], spec);
  assert.equal(a.options.get('dataset'), 'x.jsonl');
  assert.equal(a.options.get('json'), true);
  assert.equal(a.options.get('folds'), '3');
  assert.deepEqual(a.positional, ['word']);
  assert.deepEqual(parseArgs(['--', '--json'], spec).positional, ['--json']);
  // A value option followed by another option is bare: optString says it needs a value.
  const b = parseArgs(['--dataset', '--json'], spec);
  assert.throws(() => optString(b, 'dataset'), /--dataset needs a value/);
  assert.equal(parseArgs(['--seed', '-1'], spec).options.get('seed'), '-1');
});

test('parseArgs: unknown options, repeats, values on flags and extra words are usage errors', () => {
  const err = (argv: string[], re: RegExp): void => {
    assert.throws(
      () => parseArgs(argv, spec),
      (e: unknown) => e instanceof InvalidArgumentError && re.test(e.message),
    );
  };
  err(
    ['--fold', '3'],
    /unknown option --fold \(did you mean --folds\?\); options: --dataset, --folds, --seed, --level, --json/,
  );
  err(['--bogus'], /unknown option --bogus; options:/);
  err(['--folds', '3', '--folds=4'], /--folds is given more than once/);
  err(['--json=1'], /--json takes no value, got '1'/);
  err(['a', 'b'], /unexpected argument 'b' \(after NAME\)/);
  assert.throws(
    () => parseArgs(['extra'], { values: ['x'] }),
    /unexpected argument 'extra' \(this command takes only --options\)/,
  );
});

test('optInt: decimal digits only, safe integers, bounds; empty values are missing values', () => {
  const v = (s: string): ReturnType<typeof parseArgs> => parseArgs([`--folds=${s}`], spec);
  assert.equal(optInt(v('12'), 'folds', 10), 12);
  assert.equal(optInt(v('-3'), 'folds', 10), -3);
  assert.equal(optInt(parseArgs([], spec), 'folds', 10), 10);
  for (const bad of ['1e1', '0x3', '2.5', 'abc', ' 3', '99999999999999999999']) {
    assert.throws(
      () => optInt(v(bad), 'folds', 10),
      new RegExp(`--folds must be an integer, got '${bad.replace('.', '\\.')}'`),
    );
  }
  assert.throws(() => optInt(v(''), 'folds', 10), /--folds needs a value/);
  assert.throws(() => optInt(v('1'), 'folds', 10, { min: 2 }), /--folds must be >= 2, got '1'/);
  assert.throws(() => optInt(v('70000'), 'folds', 10, { min: 0, max: 65535 }), /between 0 and 65535, got '70000'/);
});

test('optNumber and parseDecimalArg: finite decimal numbers within bounds', () => {
  const v = (s: string): ReturnType<typeof parseArgs> => parseArgs([`--level=${s}`], spec);
  assert.equal(optNumber(v('0.9'), 'level'), 0.9);
  assert.equal(optNumber(v('1e-3'), 'level'), 0.001);
  assert.equal(optNumber(v('.5'), 'level'), 0.5);
  assert.equal(optNumber(parseArgs([], spec), 'level'), undefined);
  for (const bad of ['0x10', 'Infinity', 'NaN', '1,5', '']) {
    assert.throws(() => optNumber(v(bad), 'level'), bad === '' ? /needs a value/ : /--level must be a number/);
  }
  assert.throws(() => optNumber(v('2'), 'level', { min: 0, max: 1 }), /--level must be between 0 and 1, got '2'/);
  assert.ok(Number.isNaN(parseDecimalArg('4 ')));
  assert.equal(parseDecimalArg('-4'), -4);
});

test('parseArgs: --help or -h where an option may stand asks for help; as the value of an option it is a value', () => {
  const help = (argv: string[]): void => assert.throws(() => parseArgs(argv, spec), HelpRequested, argv.join(' '));
  help(['-h']);
  help(['--help']);
  help(['--json', '-h']); // --json takes no value: -h is an option
  help(['--dataset', 'x', '-h']);
  help(['--dataset=x', '-h']);
  help(['--dataset', '--help']); // a `--word` is never a value
  help(['--bogus', '3', '--fold', '-h', '--help']); // help wins over the mistakes around it
  // As an option's value (an id that is "-h"), and after `--`, it is no help.
  assert.equal(parseArgs(['--dataset', '-h'], spec).options.get('dataset'), '-h');
  assert.equal(parseArgs(['--dataset', '-h', '--json'], spec).options.get('json'), true);
  assert.deepEqual(parseArgs(['--', '-h'], spec).positional, ['-h']);
});
