import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseError } from '../../lib/index.js';
import { lockDataDirectory } from '../../lib/db/directory-lock.js';
import { tempDir } from '../temp-dir.js';

const CONTENDER = new URL('./lock-contender.ts', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;
/** Above Linux's largest pid_max (2^22): never a live process. */
const DEAD_PID = 2147483646;

interface Contender {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the next line the child prints. */
  next(): Promise<string>;
  exited: Promise<number | null>;
}

function contender(dir: string): Contender {
  const child = spawn(process.execPath, ['--import', 'tsx', CONTENDER, dir], { cwd: ROOT });
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let buffer = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => {
    buffer += b.toString();
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const w = waiting.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    exited,
    next: () =>
      lines.length > 0
        ? Promise.resolve(lines.shift()!)
        : new Promise<string>((resolve, reject) => {
            waiting.push(resolve);
            void exited.then((code) => reject(new Error(`contender exited (${code}) without answering: ${stderr}`)));
          }),
  };
}

test('contenders for a stale PGlite lock: exactly one takes it over, the others are told who holds it', async (t) => {
  // Before: each contender read the dead pid and removed "the stale lock"; a slower one removed the lock a
  // faster one had just created, and two processes held the directory (2 of 8 trials with 3 contenders).
  for (let trial = 0; trial < 4; trial++) {
    const dir = tempDir(t, 'sizefit-lockrace-');
    writeFileSync(join(dir, 'sizefit.lock'), `${DEAD_PID}\n`);
    const all = Array.from({ length: 6 }, () => contender(dir));
    try {
      for (const c of all) assert.equal(await c.next(), 'ready');
      for (const c of all) c.child.stdin.write('go\n');
      const answers = await Promise.all(all.map((c) => c.next()));
      const held = answers.filter((a) => a.startsWith('held '));
      assert.equal(held.length, 1, `trial ${trial}: ${answers.join(' | ')}`);
      const holder = held[0].slice('held '.length);
      for (const a of answers.filter((x) => !x.startsWith('held '))) {
        assert.match(a, new RegExp(`^refused the PGlite data directory .* is in use by process ${holder}:`));
      }
      assert.deepEqual(readdirSync(dir), ['sizefit.lock'], 'no file of a takeover is left');
    } finally {
      for (const c of all) c.child.stdin.end();
      await Promise.all(all.map((c) => c.exited));
    }
    assert.deepEqual(readdirSync(dir), [], 'the holder released the lock');
  }
});

test('a lock left with this process own pid by a process before it is taken over; its own lock is not', (t) => {
  // Before: alive(pid) is true for this very process, so a lock that a killed process left with the pid this one
  // got (PID 1 after a container restart) was refused forever: "in use by process <own pid>".
  const dir = tempDir(t, 'sizefit-ownpid-');
  const beforeThisProcess = new Date(Date.now() - process.uptime() * 1000 - 60_000);
  writeFileSync(join(dir, 'sizefit.lock'), `${process.pid}\n`);
  utimesSync(join(dir, 'sizefit.lock'), beforeThisProcess, beforeThisProcess);
  const lock = lockDataDirectory(dir);
  try {
    assert.equal(readFileSync(join(dir, 'sizefit.lock'), 'utf8'), `${process.pid}\n`);
    // The lock this process holds is still refused, by this path and by another path to the same directory.
    const link = join(tempDir(t, 'sizefit-ownpid-link-'), 'link');
    symlinkSync(dir, link);
    for (const path of [dir, link]) {
      assert.throws(
        () => lockDataDirectory(path),
        (e: unknown) => e instanceof DatabaseError && e.message.includes(`is in use by process ${process.pid}:`),
      );
    }
  } finally {
    lock.release();
  }
  assert.deepEqual(readdirSync(dir), [], 'released');
  // A takeover mutex left by a killed process with this pid (killed between its two steps) is not waited for.
  writeFileSync(join(dir, 'sizefit.lock'), `${DEAD_PID}\n`);
  writeFileSync(join(dir, 'sizefit.lock.takeover'), `${process.pid}\n`);
  utimesSync(join(dir, 'sizefit.lock.takeover'), beforeThisProcess, beforeThisProcess);
  lockDataDirectory(dir).release();
  assert.deepEqual(readdirSync(dir), []);
});

test('a second copy of the lock module in this process (as a worker thread has) is refused while the first holds', async (t) => {
  // Before: each module copy kept its own list of the locks it held, so another copy took over a live lock of this
  // very process and two PGlite instances could write one directory.
  const dir = tempDir(t, 'sizefit-owncopy-');
  const lock = lockDataDirectory(dir);
  try {
    const url = new URL('../../lib/db/directory-lock.ts?second-copy', import.meta.url).href;
    const copy = (await import(url)) as { lockDataDirectory: typeof lockDataDirectory };
    assert.notEqual(copy.lockDataDirectory, lockDataDirectory, 'a separate module instance');
    assert.throws(
      () => copy.lockDataDirectory(dir),
      (e: unknown) => e instanceof Error && e.message.includes(`is in use by process ${process.pid}:`),
    );
    assert.equal(readFileSync(join(dir, 'sizefit.lock'), 'utf8'), `${process.pid}\n`, 'the lock is still there');
  } finally {
    lock.release();
  }
  assert.deepEqual(readdirSync(dir), []);
});
