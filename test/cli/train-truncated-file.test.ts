// train and evaluate refuse a truncated gzip file (in process, through runCli): a model or figures of its first
// lines would pass for the file's. The whole file goes through. Every record here is invented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../lib/cli/run-cli.js';
import type { CommandIO } from '../../lib/cli/command.js';
import { readFitDataFile } from '../../lib/index.js';
import { tempDir } from '../temp-dir.js';
import { writeTruncatedGzip, type TruncatedGzip } from '../data/truncated-gzip-file.js';

function capture(): CommandIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

/** The refusal: one line naming the file, the line after which it is cut and the records read. */
async function assertRefused(io: { stderr: string[] }, command: string, f: TruncatedGzip): Promise<void> {
  const records = (await readFitDataFile(f.cut)).dataset.length;
  const msg = io.stderr.join('\n');
  assert.ok(
    msg.startsWith(
      `sizefit ${command}: ${f.cut} is a truncated gzip: its stream is cut after line ` +
        `${f.afterLine.toLocaleString('en-US')} (${records.toLocaleString('en-US')} records read`,
    ),
    msg,
  );
  assert.equal(io.stderr.length, 1, msg);
}

test('train refuses a truncated gzip file: exit 1, the file, line and records named, no model directory', async (t) => {
  // Before: exit 0, a model trained on the lines before the cut, the cut only counted among the problems.
  const dir = tempDir(t, 'sizefit-train-trunc-');
  const f = writeTruncatedGzip(dir);
  const out = join(dir, 'model');
  const io = capture();
  assert.equal(await runCli(['train', '--dataset', f.cut, '--model', 'prior', '--out', out], io), 1);
  await assertRefused(io, 'train', f);
  assert.ok(!existsSync(out), 'no model directory');
  assert.deepEqual(io.stdout, []);
  // the whole file trains
  const ok = capture();
  assert.equal(await runCli(['train', '--dataset', f.whole, '--model', 'prior', '--out', out], ok), 0);
  assert.ok(existsSync(join(out, 'manifest.json')));
});

test('train --register refuses a truncated file and registers no run', async (t) => {
  const dir = tempDir(t, 'sizefit-train-trunc-');
  const f = writeTruncatedGzip(dir);
  const pg = join(dir, 'pglite');
  const out = join(dir, 'model');
  const io = capture();
  const argv = ['train', '--dataset', f.cut, '--model', 'prior', '--out', out, '--register', '--pglite-dir', pg];
  assert.equal(await runCli(argv, io), 1);
  await assertRefused(io, 'train', f);
  assert.ok(!existsSync(out));
  const runs = capture();
  assert.equal(await runCli(['runs', '--json', '--pglite-dir', pg], runs), 0, runs.stderr.join('\n'));
  assert.deepEqual(JSON.parse(runs.stdout[0]), []);
});

test('evaluate refuses a truncated gzip file: exit 1, nothing printed on stdout; the whole file is scored', async (t) => {
  // Before: exit 0 and the metrics of the lines before the cut, as if of the file.
  const dir = tempDir(t, 'sizefit-evaluate-trunc-');
  const f = writeTruncatedGzip(dir);
  const model = join(dir, 'model');
  const train = capture();
  assert.equal(await runCli(['train', '--dataset', f.whole, '--model', 'prior', '--out', model], train), 0);
  const before = readdirSync(model).sort();
  for (const json of [[], ['--json']]) {
    const io = capture();
    assert.equal(await runCli(['evaluate', '--model', model, '--dataset', f.cut, ...json], io), 1);
    await assertRefused(io, 'evaluate', f);
    assert.deepEqual(io.stdout, []);
  }
  assert.deepEqual(readdirSync(model).sort(), before);
  const ok = capture();
  assert.equal(await runCli(['evaluate', '--model', model, '--dataset', f.whole, '--json'], ok), 0);
  assert.equal(JSON.parse(ok.stdout[0]).records, f.lines);
});

test('flags refuses a truncated gzip file: exit 1, the file, line and records named, nothing on stdout', async (t) => {
  // Before: flags of every article computed from the lines before the cut, exit 0.
  const dir = tempDir(t, 'sizefit-flags-trunc-');
  const f = writeTruncatedGzip(dir);
  const io = capture();
  assert.equal(await runCli(['flags', '--dataset', f.cut], io), 1);
  await assertRefused(io, 'flags', f);
  assert.deepEqual(io.stdout, []);
  const ok = capture();
  assert.equal(await runCli(['flags', '--dataset', f.whole], ok), 0, ok.stderr.join('\n'));
  assert.ok(ok.stdout.length > 0);
});
