// `sizefit predict --out` on something that is not a regular file (a FIFO, /dev/stdout on a pipe) is written
// directly; a regular file is still replaced atomically, and the --dataset file is still refused, /dev/stdout
// included. The CLI runs in-process, or as `node --import tsx lib/cli/main.ts` where its stdout matters.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInProcess as sizefit } from './run-in-process.js';

const SAMPLE = resolve('datasets/sample/sample.jsonl');
const CLI = ['--import', 'tsx', resolve('lib/cli/main.ts')];
let tmp = '';
let model = '';
/** The predictions of the sample as written to a new regular file. */
let expected = '';

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'sizefit-predict-out-'));
  // Readable by every user: one test runs the CLI as an unprivileged user.
  chmodSync(tmp, 0o755);
  process.once('exit', () => rmSync(tmp, { recursive: true, force: true }));
  model = join(tmp, 'model');
  const t = await sizefit('train', '--dataset', 'sample', '--model', 'prior', '--out', model);
  assert.equal(t.code, 0, t.err);
  const file = join(tmp, 'expected.csv');
  const p = await sizefit('predict', '--model', model, '--dataset', SAMPLE, '--out', file);
  assert.equal(p.code, 0, p.err);
  expected = readFileSync(file, 'utf8');
  assert.equal(expected.trim().split('\n').length, 3001);
});

test('--out a FIFO: the predictions go through it to its reader, and it stays a FIFO', async () => {
  // Before: the temporary file was renamed over the FIFO (replaced by a regular file), and its reader waited forever.
  const fifo = join(tmp, 'predictions.fifo');
  execFileSync('mkfifo', [fifo]);
  const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
  let got = '';
  reader.stdout.on('data', (c: Buffer) => (got += c.toString()));
  const done = new Promise<number | null>((resolve) => reader.on('exit', (code) => resolve(code)));
  const timer = setTimeout(() => reader.kill('SIGKILL'), 20_000);
  try {
    const p = await sizefit('predict', '--model', model, '--dataset', SAMPLE, '--out', fifo);
    assert.equal(p.code, 0, p.err);
    assert.equal(await done, 0, 'the reader got an end of file');
  } finally {
    clearTimeout(timer);
    reader.kill('SIGKILL');
  }
  assert.equal(got, expected);
  assert.ok(statSync(fifo).isFIFO());
});

test('--out a character device (a null device made with mknod) is written to, never replaced by a file', async (t) => {
  // Before: the temporary file was renamed over the device, so `--out /dev/null` run as root replaced /dev/null
  // with a regular file holding the predictions. A null device of its own stands in for it here.
  const dev = join(tmp, 'null-device');
  if (spawnSync('mknod', [dev, 'c', '1', '3']).status !== 0) return t.skip('mknod not permitted (not root)');
  const p = await sizefit('predict', '--model', model, '--dataset', SAMPLE, '--out', dev);
  assert.equal(p.code, 0, p.err);
  const st = statSync(dev);
  assert.ok(st.isCharacterDevice(), 'still a character device');
  assert.equal(st.size, 0);
});

test('--out a regular file still replaces it through a renamed temporary file, leaving nothing beside it', async () => {
  const out = join(tmp, 'replaced.csv');
  writeFileSync(out, 'old\n');
  const before = statSync(out).ino;
  const p = await sizefit('predict', '--model', model, '--dataset', SAMPLE, '--out', out);
  assert.equal(p.code, 0, p.err);
  assert.equal(readFileSync(out, 'utf8'), expected);
  assert.notEqual(statSync(out).ino, before, 'a new file renamed over the old one');
  assert.deepEqual(
    readdirSync(tmp).filter((f) => f.startsWith('.')),
    [],
    'no temporary file left',
  );
});

/** The CLI's predict of the sample to `out` as a shell command line, its stdout piped to `cat`. */
function pipedShellLine(out: string, modelDir = model): string {
  const argv = [process.execPath, ...CLI, 'predict', '--model', modelDir, '--dataset', SAMPLE, '--out', out];
  return argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ') + ' | cat';
}

test('--out /dev/stdout or /dev/fd/1 writes the predictions to stdout: a pipe, or the socket node gives a child', () => {
  // Before: ENOENT on '/proc/PID/fd/pipe:[N].tmp-PID' (or socket:[N]), the temporary file beside it, exit 1.
  for (const out of ['/dev/stdout', '/dev/fd/1']) {
    const socket = spawnSync(
      process.execPath,
      [...CLI, 'predict', '--model', model, '--dataset', SAMPLE, '--out', out],
      {
        encoding: 'utf8',
        timeout: 60_000,
        maxBuffer: 64 << 20,
      },
    );
    assert.equal(socket.status, 0, socket.stderr);
    assert.equal(socket.stdout, expected);
    assert.ok(socket.stderr.endsWith(`sizefit predict: 3,000 records -> ${out}\n`), socket.stderr);
    const pipe = spawnSync('sh', ['-c', pipedShellLine(out)], {
      encoding: 'utf8',
      timeout: 60_000,
      maxBuffer: 64 << 20,
    });
    assert.equal(pipe.status, 0, pipe.stderr);
    assert.equal(pipe.stdout, expected, pipe.stderr);
  }
});

test('--out /dev/stdout works for a user who may not write in /dev', (t) => {
  // Before: the check of --out wanted the directory (/dev) writable: "no permission to write there", exit 1.
  const uid = process.getuid?.();
  if (uid === undefined) return t.skip('no user ids on this platform');
  let argv = ['sh', '-c', pipedShellLine('/dev/stdout')];
  let env = process.env;
  let shared = '';
  if (uid === 0) {
    // As root every directory is writable: run as nobody (the pipe, made by its shell, is its own).
    if (spawnSync('setpriv', ['--version']).status !== 0) return t.skip('root without setpriv: cannot drop privileges');
    // Nobody cannot enter the test runner's private temporary folder: the model goes to a folder of its own under
    // /tmp that nobody may read, with a temporary folder nobody may write in (tsx keeps its cache there).
    shared = mkdtempSync('/tmp/sizefit-predict-nobody-');
    chmodSync(shared, 0o755);
    cpSync(model, join(shared, 'model'), { recursive: true });
    mkdirSync(join(shared, 'tmp'), { mode: 0o1777 });
    chmodSync(join(shared, 'tmp'), 0o1777);
    env = { ...process.env, TMPDIR: join(shared, 'tmp') };
    argv = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', 'sh', '-c'];
    argv.push(pipedShellLine('/dev/stdout', join(shared, 'model')));
  }
  try {
    const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20, env });
    assert.equal(r.stderr.includes('no permission'), false, r.stderr);
    assert.equal(r.stdout, expected, r.stderr);
    if (shared !== '') {
      // stdout redirected to a regular file: written through the descriptor, so /proc/PID/fd need not be writable
      // (before: "no permission to write there", exit 2).
      const file = join(shared, 'tmp', 'out.csv');
      const line = pipedShellLine('/dev/stdout', join(shared, 'model')).replace(/ \| cat$/, ` > '${file}'`);
      const f = spawnSync(argv[0], [...argv.slice(1, -1), line], { encoding: 'utf8', timeout: 60_000, env });
      assert.equal(f.status, 0, f.stderr);
      assert.equal(readFileSync(file, 'utf8'), expected, f.stderr);
    }
  } finally {
    if (shared !== '') rmSync(shared, { recursive: true, force: true });
  }
});

test('--out /dev/stdout that is the --dataset file (stdout appended to it) is refused, the file kept', () => {
  const input = join(tmp, 'input.jsonl');
  copyFileSync(SAMPLE, input);
  const fd = openSync(input, 'a');
  let r;
  try {
    r = spawnSync(process.execPath, [...CLI, 'predict', '--model', model, '--dataset', input, '--out', '/dev/stdout'], {
      stdio: ['ignore', fd, 'pipe'],
      encoding: 'utf8',
      timeout: 60_000,
    });
  } finally {
    closeSync(fd);
  }
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^sizefit predict: --out \/dev\/stdout is the --dataset input file \S+; write elsewhere\n$/);
  assert.equal(readFileSync(input, 'utf8'), readFileSync(SAMPLE, 'utf8'));
});

/** The CLI's predict of the sample to `out` as a shell command line (no redirection). */
function shellLine(out: string): string {
  const argv = [process.execPath, ...CLI, 'predict', '--model', model, '--dataset', SAMPLE, '--out', out];
  return argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
}

test('--out /dev/stdout (or /dev/fd/1, /proc/self/fd/1, the file itself) with stdout appended to a file appends', () => {
  // Before: the temporary file was renamed over the file stdout is open on: the log lost its earlier lines, the
  // header and the footer (the shell's writes went to the replaced file), and was a new file.
  const log = join(tmp, 'appended.log');
  for (const out of ['/dev/stdout', '/dev/fd/1', '/proc/self/fd/1', log]) {
    writeFileSync(log, 'previous line\n');
    const ino = statSync(log).ino;
    const r = spawnSync('sh', ['-c', `{ echo header; ${shellLine(out)}; echo footer; } >> '${log}'`], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(log, 'utf8'), `previous line\nheader\n${expected}footer\n`, out);
    assert.equal(statSync(log).ino, ino, `${out}: the same file, never replaced`);
  }
});

test('--out /dev/stdout with stdout truncating a file writes where the shell left it', () => {
  const log = join(tmp, 'truncated.log');
  writeFileSync(log, 'old content, to be truncated by the shell\n');
  const r = spawnSync('sh', ['-c', `{ echo header; ${shellLine('/dev/stdout')}; } > '${log}'`], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(log, 'utf8'), `header\n${expected}`);
});

test('--out /dev/fd/3 or /proc/PID/fd/3 of the process itself writes through descriptor 3 (appended by the shell)', () => {
  // Before: the temporary file was renamed over the file descriptor 3 is open on, dropping its line.
  const log = join(tmp, 'fd3.log');
  // `exec`: the shell's $$ is then the CLI's own process id.
  for (const out of ['/dev/fd/3', '/proc/self/fd/3', '/proc/$$/fd/3']) {
    writeFileSync(log, 'previous line\n');
    const ino = statSync(log).ino;
    const line = shellLine(out).replace(`'${out}'`, () => `"${out}"`);
    const r = spawnSync('sh', ['-c', `exec ${line} 3>> '${log}'`], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(log, 'utf8'), `previous line\n${expected}`, out);
    assert.equal(statSync(log).ino, ino, `${out}: the same file, never replaced`);
  }
});

test('--out with a name over 255 bytes is refused before loading, naming the name; 255 bytes are written', async () => {
  // Before: the model was loaded and the predictions made, then writing failed with ENAMETOOLONG.
  const dir = join(tmp, 'long-names');
  mkdirSync(dir);
  for (const name of ['n'.repeat(256), 'é'.repeat(128) + '.csv']) {
    const out = join(dir, name);
    const p = await sizefit('predict', '--model', model, '--dataset', SAMPLE, '--out', out);
    assert.equal(p.code, 2, p.err);
    const bytes = Buffer.byteLength(name);
    assert.ok(
      p.err.includes(`--out ${out}: the name '${name.slice(0, 40)}...' is ${bytes} bytes, over the 255`),
      p.err,
    );
  }
  // a long directory part is named too, not reported as a directory that does not exist
  const deep = join(dir, 'd'.repeat(300), 'predictions.csv');
  const d = await sizefit('predict', '--model', model, '--dataset', SAMPLE, '--out', deep);
  assert.equal(d.code, 2, d.err);
  assert.match(d.err, /the name 'd{40}\.\.\.' is 300 bytes, over the 255 a file name may have/);
  assert.deepEqual(readdirSync(dir), []);
  const ok = join(dir, 'n'.repeat(255));
  const p = await sizefit('predict', '--model', model, '--dataset', SAMPLE, '--out', ok);
  assert.equal(p.code, 0, p.err);
  assert.equal(readFileSync(ok, 'utf8'), expected);
});
