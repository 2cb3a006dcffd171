// How a benchmark finds its data and stops without it: bench/rtr-file.ts (the RentTheRunway file asked for, its
// default, exit 2 for a missing file asked for, exit 3 "skipped" for a missing default), bench/read-bench-data.ts
// (a file without records: one line, exit 2; any other error is not hidden) and bench/child-process.ts (median, a
// failing child). The process's exit is replaced by a throw here, so each ending is seen without ending the run.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError, parseFitData } from '../../lib/index.js';
import { BENCH_BAD_FILE, BENCH_SKIPPED, requireRtrFile, rtrDevFile } from '../../bench/rtr-file.js';
import { readBenchData } from '../../bench/read-bench-data.js';
import { median, runChild } from '../../bench/child-process.js';
import { tempDir } from '../temp-dir.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What process.exit was called with, thrown in its place. */
class Exit extends Error {
  constructor(readonly code: number | undefined) {
    super(`process.exit(${code})`);
  }
}

/** Runs `f` with process.exit, console.log and console.error replaced: its value, or its exit code and output. */
async function capture<T>(
  t: TestContext,
  f: () => T | Promise<T>,
): Promise<{ value?: T; code?: number; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const mocks = [
    t.mock.method(process, 'exit', (code?: number) => {
      throw new Exit(code);
    }),
    t.mock.method(console, 'log', (...xs: unknown[]) => void stdout.push(xs.join(' '))),
    t.mock.method(console, 'error', (...xs: unknown[]) => void stderr.push(xs.join(' '))),
  ];
  try {
    return { value: await f(), stdout, stderr };
  } catch (e) {
    if (!(e instanceof Exit)) throw e;
    return { code: e.code, stdout, stderr };
  } finally {
    for (const m of mocks) m.mock.restore();
  }
}

test('the exit codes: a missing file asked for fails as a bad command (2), a missing default is skipped (3)', () => {
  // scripts/bench.mjs counts exit 3 as skipped (neither ran nor failed) and any other non-zero code as a failure.
  assert.equal(BENCH_BAD_FILE, 2);
  assert.equal(BENCH_SKIPPED, 3);
});

test('rtrDevFile: without a path or SIZEFIT_RTR_DEV (or with it empty), the file in ../shared/datasets', async (t) => {
  const dflt = join(repo, '..', 'shared', 'datasets', 'renttherunway-dev.jsonl.gz');
  const cwd = tempDir(t);
  for (const env of [{}, { SIZEFIT_RTR_DEV: '' }, { SIZEFIT_RTR_DEV: '', INIT_CWD: cwd }]) {
    const r = await capture(t, () => rtrDevFile(undefined, env));
    assert.equal(r.value, dflt, JSON.stringify(env));
  }
});

test('rtrDevFile: a relative path is read from INIT_CWD (where npm was run); the path given beats the variable', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'a.jsonl'), '\n');
  writeFileSync(join(dir, 'b.jsonl'), '\n');
  // this process's working directory is not `dir`: only INIT_CWD can make the relative names these files
  assert.notEqual(process.cwd(), dir);
  const env = { INIT_CWD: dir, SIZEFIT_RTR_DEV: 'b.jsonl' };
  assert.equal((await capture(t, () => rtrDevFile('a.jsonl', env))).value, join(dir, 'a.jsonl'));
  assert.equal((await capture(t, () => rtrDevFile(undefined, env))).value, join(dir, 'b.jsonl'));
  assert.equal((await capture(t, () => rtrDevFile(join(dir, 'a.jsonl'), {}))).value, join(dir, 'a.jsonl'));
});

test('rtrDevFile: a missing file asked for ends with 2 in one line naming it, not a fall-back', async (t) => {
  const dir = tempDir(t);
  const missing = join(dir, 'nosuch.jsonl');
  const byPath = await capture(t, () => rtrDevFile('nosuch.jsonl', { INIT_CWD: dir }));
  assert.equal(byPath.code, 2);
  assert.equal(byPath.stderr.length, 1);
  assert.ok(byPath.stderr[0].endsWith(`: the path nosuch.jsonl: there is no file ${missing}`), byPath.stderr[0]);
  const byEnv = await capture(t, () => rtrDevFile(undefined, { INIT_CWD: dir, SIZEFIT_RTR_DEV: 'nosuch.jsonl' }));
  assert.equal(byEnv.code, 2);
  assert.ok(byEnv.stderr[0].endsWith(`: SIZEFIT_RTR_DEV=nosuch.jsonl: there is no file ${missing}`), byEnv.stderr[0]);
});

test('requireRtrFile: an existing file is returned; a missing one is skipped (exit 3) with a line on stdout', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'dev.jsonl');
  writeFileSync(file, '\n');
  assert.equal((await capture(t, () => requireRtrFile('models', file))).value, file);
  const r = await capture(t, () => requireRtrFile('models', join(dir, 'nosuch.jsonl.gz')));
  assert.equal(r.code, 3);
  assert.equal(r.stdout.length, 1);
  assert.ok(r.stdout[0].startsWith(`models: ${join(dir, 'nosuch.jsonl.gz')} not found`), r.stdout[0]);
});

test('readBenchData: no labelled record or a DataError ends with 2 in one line; other errors propagate', async (t) => {
  const empty = await capture(t, () => readBenchData('x.bench', async () => parseFitData('not data\n')));
  assert.equal(empty.code, 2);
  assert.equal(empty.stderr.length, 1);
  assert.ok(empty.stderr[0].startsWith('x.bench: <string>: no labelled record to benchmark on'), empty.stderr[0]);
  const unreadable = await capture(t, () =>
    readBenchData('x.bench', () => Promise.reject(new DataError('f.jsonl: not gzip'))),
  );
  assert.equal(unreadable.code, 2);
  assert.deepEqual(unreadable.stderr, ['x.bench: f.jsonl: not gzip']);
  // a bug (not a data problem) keeps its stack trace: it is thrown, not turned into a one-line exit
  const bug = new TypeError('x is not a function');
  await assert.rejects(
    capture(t, () => readBenchData('x.bench', () => Promise.reject(bug))),
    (e) => e === bug,
  );
  const good = parseFitData('{"fit": "fit", "user_id": "1", "item_id": "2", "size": 8}\n');
  assert.equal((await capture(t, () => readBenchData('x.bench', async () => good))).value, good);
});

test('median: the middle value in numeric order, the mean of the two middle ones for an even count', () => {
  // [10, 9, 2] sorted as text would be [10, 2, 9]
  assert.equal(median([10, 9, 2]), 9);
  assert.equal(median([1, 100, 3, 20]), 11.5);
  assert.equal(median([5]), 5);
  assert.equal(median([4, 2]), 3);
  const xs = [3, 1, 2];
  median(xs);
  assert.deepEqual(xs, [3, 1, 2]);
});

test('runChild: passes --child and the arguments, parses the last line; a failing child sets exit code 1', (t) => {
  const dir = tempDir(t);
  const script = join(dir, 'child.mjs');
  writeFileSync(
    script,
    "const a = process.argv.slice(2);\nif (a[1] === 'fail') { console.error('child broke'); process.exit(4); }\n" +
      "console.log('a line first');\nconsole.log(JSON.stringify({ args: a }));\n",
  );
  assert.deepEqual(runChild(script, ['x', 'y'], []), { args: ['--child', 'x', 'y'] });
  const before = process.exitCode;
  const write = t.mock.method(process.stderr, 'write', () => true);
  try {
    assert.equal(runChild(script, ['fail'], []), undefined);
    assert.equal(process.exitCode, 1);
    assert.ok(write.mock.calls.some((c) => String(c.arguments[0]).includes('child broke')));
  } finally {
    write.mock.restore();
    process.exitCode = before;
  }
});
