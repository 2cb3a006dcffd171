import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { runCli } from '../../lib/cli/run-cli.js';
import type { CommandIO } from '../../lib/cli/command.js';
import { GENERATED_SAMPLE_SOURCE } from '../../lib/index.js';
import { tempDir } from '../temp-dir.js';
import { writeTruncatedGzip } from '../data/truncated-gzip-file.js';

function capture(): CommandIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

const LINES = [
  `{"fit": "fit", "user_id": "u1", "item_id": "i1", "weight": "130lbs", "rented for": "party", "category": "dress", "height": "5' 6\\"", "size": 8, "age": "30", "review_date": "May 1, 2017"}`,
  `{"fit": "small", "user_id": "u1", "item_id": "i2", "rented for": "work", "category": "top", "height": "5 ft 13", "size": 4, "age": "0", "review_date": "May 2, 2017"}`,
  `{"fit": "large", "user_id": "u2", "item_id": "i1", "weight": "150lbs", "rented for": "party", "category": "dress", "size": 12, "age": "41", "review_date": "May 3, 2017"}`,
  `{"fit": "fit", "user_id": "u3", "item_id": "i1", "rented for": "party", "category": "dress", "size": 8, "review_date": "May 4, 2017"}`,
  `not json`,
];

test('data stats --json prints one object with the documented keys and values', async (t) => {
  const dir = tempDir(t, 'sizefit-cli-');
  const p = join(dir, 'tiny.jsonl');
  writeFileSync(p, LINES.join('\n') + '\n');
  const io = capture();
  const code = await runCli(['data', 'stats', '--dataset', p, '--json'], io);
  assert.equal(code, 0, io.stderr.join('\n'));
  assert.equal(io.stdout.length, 1);
  const s = JSON.parse(io.stdout[0]);
  for (const k of [
    'records',
    'users',
    'items',
    'fit',
    'missing',
    'problems',
    'sha256',
    'format',
    'problemCounts',
    'examples',
  ]) {
    assert.ok(k in s, k);
  }
  assert.equal(s.records, 4);
  assert.equal(s.users, 3);
  assert.equal(s.items, 2);
  assert.deepEqual(s.fit, { small: 1, fit: 2, large: 1, missing: 0 });
  assert.equal(s.missing.weight_kg, 0.5);
  assert.equal(s.missing.height_cm, 0.75);
  assert.equal(s.missing.age, 0.5);
  assert.equal(s.missing.size, 0);
  assert.equal(s.problems, 3);
  assert.deepEqual(
    s.examples.map((e: { line: number; field: string | null }) => [e.line, e.field]),
    [
      [2, 'height'],
      [2, 'age'],
      [5, null],
    ],
  );
  assert.equal(s.format, 'renttherunway');
  assert.match(s.sha256, /^[0-9a-f]{64}$/);
});

test('data stats prints a readable summary; --strict fails with the line; unknown names fail with exit 1', async (t) => {
  const dir = tempDir(t, 'sizefit-cli-');
  const p = join(dir, 'tiny.jsonl');
  writeFileSync(p, LINES.join('\n'));
  let io = capture();
  assert.equal(await runCli(['data', 'stats', '--dataset', p], io), 0);
  const text = io.stdout.join('\n');
  assert.match(text, /records +4 /);
  assert.match(text, /fit +small 1 \(25\.0%\) · fit 2 \(50\.0%\) · large 1 \(25\.0%\)/);
  assert.match(text, /line 2: height: "5 ft 13" is not a height/);
  io = capture();
  assert.equal(await runCli(['data', 'stats', '--dataset', p, '--strict'], io), 1);
  assert.match(io.stderr.join('\n'), /tiny\.jsonl, line 2, field height/);
  io = capture();
  assert.equal(await runCli(['data', 'stats', '--dataset', join(dir, 'missing.jsonl')], io), 1);
  assert.match(io.stderr.join('\n'), /no file at/);
  io = capture();
  assert.equal(await runCli(['data', 'stats'], io), 2);
  io = capture();
  assert.equal(await runCli(['data', 'frobnicate'], io), 2);
  // A file that gives no record: the statistics say why, the exit says it is not a dataset; a JSON array
  // (the usual export of a list of records) gets a hint.
  const array = join(dir, 'array.json');
  writeFileSync(array, `[${LINES.slice(0, 4).join(',')}]\n`);
  io = capture();
  assert.equal(await runCli(['data', 'stats', '--dataset', array], io), 1);
  assert.match(io.stdout.join('\n'), /records +0 /);
  assert.match(io.stdout.join('\n'), /user_id +n\/a/);
  assert.match(io.stderr.join('\n'), /no record was read from .*array\.json; the file looks like one JSON array/);
});

test('data list reports the data directory and each named dataset', async (t) => {
  const dir = tempDir(t, 'sizefit-cli-list-');
  const before = process.env.SIZEFIT_DATA_DIR;
  process.env.SIZEFIT_DATA_DIR = dir;
  try {
    writeFileSync(join(dir, 'modcloth_final_data.json'), '');
    const io = capture();
    assert.equal(await runCli(['data', 'list', '--json'], io), 0);
    const s = JSON.parse(io.stdout[0]);
    assert.equal(s.dataDir, dir);
    const byName = Object.fromEntries(s.datasets.map((d: { name: string; present: boolean }) => [d.name, d.present]));
    assert.equal(byName.modcloth, true);
    assert.equal(byName.renttherunway, false);
    // the text form names where each present dataset is read from
    const text = capture();
    assert.equal(await runCli(['data', 'list'], text), 0);
    const lines = text.stdout.join('\n').split('\n');
    const after = (name: string): string => lines[lines.findIndex((l) => l.startsWith(name + ' ')) + 1].trim();
    assert.equal(after('modcloth'), join(dir, 'modcloth_final_data.json'));
    assert.match(after('renttherunway'), /^looked for: /);
  } finally {
    if (before === undefined) delete process.env.SIZEFIT_DATA_DIR;
    else process.env.SIZEFIT_DATA_DIR = before;
  }
});

test('data list names the in-memory sample when the project has no datasets/sample (an installed package)', async (t) => {
  // Before: the line under `sample` read `null`.
  const before = process.env.SIZEFIT_PROJECT_ROOT;
  process.env.SIZEFIT_PROJECT_ROOT = tempDir(t, 'sizefit-cli-noroot-');
  try {
    const io = capture();
    assert.equal(await runCli(['data', 'list'], io), 0);
    const lines = io.stdout.join('\n').split('\n');
    const i = lines.findIndex((l) => l.startsWith('sample '));
    assert.match(lines[i], /^sample +present /);
    assert.equal(lines[i + 1].trim(), GENERATED_SAMPLE_SOURCE);
  } finally {
    if (before === undefined) delete process.env.SIZEFIT_PROJECT_ROOT;
    else process.env.SIZEFIT_PROJECT_ROOT = before;
  }
});

test('a dataset can be read from a pipe (/dev/stdin), plain or gzip, with the same records and fingerprint', (t) => {
  // Before: 'cannot read /dev/stdin: ESPIPE: invalid seek' (the gzip check read at position 0 first).
  const text = LINES.join('\n') + '\n';
  const dir = tempDir(t, 'sizefit-pipe-');
  const stats = (input: Buffer): { records: number; sha256: string; problems: number } => {
    const file = join(dir, 'input');
    writeFileSync(file, input);
    // Through a shell pipe, as a user would (`zcat x.gz | sizefit ...`): stdin is then a pipe.
    const r = spawnSync(
      'sh',
      ['-c', `cat "$0" | "$1" lib/dist/cli/main.js data stats --dataset /dev/stdin --json`, file, process.execPath],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { records: number; sha256: string; problems: number };
  };
  const plain = stats(Buffer.from(text));
  const gz = stats(gzipSync(text));
  assert.equal(plain.records, 4);
  assert.equal(gz.records, 4);
  assert.equal(gz.problems, plain.problems);
  assert.equal(plain.sha256, createHash('sha256').update(text).digest('hex'));
  assert.equal(gz.sha256, createHash('sha256').update(gzipSync(text)).digest('hex'));
});

test('data stats on a truncated gzip proceeds, saying first on stderr how much was read; --json has truncated', async (t) => {
  // Before: the truncation was one problem among the others (and not among the examples past the cap).
  const dir = tempDir(t, 'sizefit-cli-trunc-');
  const f = writeTruncatedGzip(dir);
  const n = f.afterLine.toLocaleString('en-US');
  const note = `sizefit data stats: ${f.cut} is a truncated gzip: only the first ${n} lines were read (${n} records kept); the rest of the file is missing`;
  const text = capture();
  assert.equal(await runCli(['data', 'stats', '--dataset', f.cut], text), 0, text.stderr.join('\n'));
  assert.deepEqual(text.stderr, [note]);
  assert.ok(
    text.stdout.some((l) => l.startsWith(`truncated gzip: cut after line ${n} `)),
    text.stdout.join('\n'),
  );
  const json = capture();
  assert.equal(await runCli(['data', 'stats', '--dataset', f.cut, '--json'], json), 0);
  assert.deepEqual(json.stderr, [note]);
  const s = JSON.parse(json.stdout[0]);
  assert.deepEqual(s.truncated, { afterLine: f.afterLine, bytesRead: f.inflatedBytes });
  assert.equal(s.records, f.afterLine);
  const whole = capture();
  assert.equal(await runCli(['data', 'stats', '--dataset', f.whole, '--json'], whole), 0);
  assert.deepEqual(whole.stderr, []);
  assert.equal(JSON.parse(whole.stdout[0]).truncated, null);
});
