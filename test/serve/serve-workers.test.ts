// `sizefit serve --workers N` as processes: N workers behind one port and one start line; SIGTERM to the primary
// lets each worker finish its in-flight requests, then all exit 0; a model that cannot be served stops the start
// at the first worker (its reason said once); a worker that dies stops the service with exit 1 and no process left.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { call, halfSentPrediction, removeTrainedModelDirs, sampleRecords, trainedModelDir } from './serve-fixtures.js';

const CLI = ['--import', 'tsx', 'lib/cli/main.ts', 'serve'];
after(removeTrainedModelDirs);

/** The process ids of a process's children (Linux: /proc). */
function childPids(pid: number): number[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return text === '' ? [] : text.split(/\s+/).map(Number);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `p`, or a rejection naming `what` after `ms` (a server that does not stop fails the test instead of hanging it). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** Kills a primary and its workers (after a failed check, so that nothing outlives the test). */
function killAll(s: Started): void {
  for (const pid of s.workers) if (alive(pid)) process.kill(pid, 'SIGKILL');
  s.child.kill('SIGKILL');
}

interface Started {
  child: ChildProcess;
  /** The worker processes' ids, read once the service listens. */
  workers: number[];
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Trains the fixture model, starts `sizefit serve --workers N` on a free port and waits for its start line. */
async function startWorkers(workers: number): Promise<Started> {
  const dir = await trainedModelDir(false);
  const child = spawn(process.execPath, [...CLI, '--model', dir, '--port', '0', '--workers', String(workers)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (c: Buffer) => {
      stderr += c.toString();
      const m = /listening on (http:\/\/[\d.]+:\d+); (\d+) worker processes/.exec(stderr);
      if (m) resolve(m[1]);
    });
    child.on('exit', () => reject(new Error(`serve exited early: ${stderr}`)));
  });
  return { child, workers: childPids(child.pid!), url, stdout: () => stdout, stderr: () => stderr, exited };
}

test(
  '--workers 2: one start line, two worker processes answer; SIGTERM lets an in-flight request finish, exit 0',
  { timeout: 90_000 },
  async () => {
    const s = await startWorkers(2);
    try {
      assert.equal(s.stderr().match(/listening on/g)?.length, 1, s.stderr());
      assert.equal(s.workers.length, 2);
      for (let i = 0; i < 6; i++) {
        const r = await call(s.url, 'POST', '/v1/fit-predictions', JSON.stringify({ records: sampleRecords(2, i) }));
        assert.equal(r.status, 200, r.text);
      }
      const { answer, sendRest } = halfSentPrediction(s.url, JSON.stringify({ records: sampleRecords(20) }));
      await new Promise((r) => setTimeout(r, 300));
      s.child.kill('SIGTERM');
      for (let i = 0; i < 100 && (s.stderr().match(/SIGTERM: finishing/g)?.length ?? 0) < 2; i++)
        await new Promise((r) => setTimeout(r, 50));
      // Each worker was told, and the one holding the half-sent request waits for it.
      assert.match(s.stderr(), /sizefit serve: SIGTERM: stopping 2 workers/);
      assert.match(s.stderr(), /sizefit serve \(worker [12]\): SIGTERM: finishing 1 in-flight requests/);
      assert.match(s.stderr(), /sizefit serve \(worker [12]\): SIGTERM: finishing 0 in-flight requests/);
      sendRest();
      assert.deepEqual(await answer.then(({ status, n }) => ({ status, n })), { status: 200, n: 20 });
      assert.equal(await within(s.exited, 30_000, 'the service stopping'), 0, s.stderr());
      assert.match(s.stderr(), /sizefit serve: stopped\n/);
      assert.deepEqual(s.workers.filter(alive), []);
      const lines = s
        .stdout()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { worker: number; status: number; records: number });
      assert.equal(lines.length, 7);
      for (const l of lines) assert.equal(l.status, 200);
      // Each line names its worker, and the connections went to both.
      assert.deepEqual([...new Set(lines.map((l) => l.worker))].sort(), [1, 2]);
      assert.equal(Object.keys(lines[0])[0], 'worker');
    } finally {
      killAll(s);
    }
  },
);

test(
  '--workers 2 with a tampered model: the first worker says why, the second never starts, exit 1',
  { timeout: 90_000 },
  async () => {
    const dir = await trainedModelDir(false);
    const bad = dir + '-tampered-workers';
    cpSync(dir, bad, { recursive: true });
    const w = join(bad, 'weights.bin');
    const bytes = readFileSync(w);
    bytes[0] ^= 0xff;
    writeFileSync(w, bytes);
    const r = spawnSync(process.execPath, [...CLI, '--model', bad, '--port', '0', '--workers', '2'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr.match(/weights\.bin: sha256 [0-9a-f]{64} does not match the manifest/g)?.length, 1, r.stderr);
    assert.match(r.stderr, /sizefit serve: worker 1 of 2 did not start \(exit code 1\); stopping/);
    assert.doesNotMatch(r.stderr, /listening|worker 2/);
  },
);

test(
  '--workers 2: a worker killed stops the service, exit 1, naming it; the other worker exits too',
  { timeout: 90_000 },
  async () => {
    const s = await startWorkers(2);
    try {
      const [first, second] = s.workers;
      process.kill(second, 'SIGKILL');
      assert.equal(await within(s.exited, 30_000, 'the service stopping'), 1, s.stderr());
      assert.match(s.stderr(), /sizefit serve: worker 2 exited on its own \(signal SIGKILL\); stopping the others/);
      assert.match(s.stderr(), /sizefit serve \(worker 1\): stopped/);
      assert.equal(alive(first), false);
    } finally {
      killAll(s);
    }
  },
);

test('--workers must be an integer from 1 to 64', () => {
  for (const bad of ['0', '65', 'two']) {
    const r = spawnSync(process.execPath, [...CLI, '--model', 'nowhere', '--workers', bad], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--workers/);
  }
});
