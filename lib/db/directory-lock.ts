import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatabaseError } from '../core/errors.js';
import { makeDirectory } from '../core/make-directory.js';

/** The lock file a process holds in a PGlite data directory while it has the database open. */
export const LOCK_FILE = 'sizefit.lock';

/** A held lock: release it when the database is closed. */
export interface DirectoryLock {
  release(): void;
}

/** How often, and how long apart, a contender looks again while another process is between two steps. */
const ATTEMPTS = 400;
const PAUSE_MS = 5;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When this process started (ms since the epoch), the same in every thread and every copy of this module. A lock file
 * holds only a pid (as earlier versions write and read it), and a pid says nothing about which process wrote it once
 * the pid is reused: after a container restart, a process often gets the pid of the killed one whose lock was left
 * behind. A file with this process's pid written before this process started is such a leftover; one written since
 * is this process's own (another thread, or another copy of this module, holds it).
 */
const PROCESS_START_MS = Date.now() - process.uptime() * 1000;
/** Clock and file-time granularity allowed between a process's start and a lock it writes at once. */
const START_SLACK_MS = 1000;

/** `dev:ino` of the file at `path`, or null when there is none (any more). */
function fileIdentity(path: string): string | null {
  try {
    const st = statSync(path, { bigint: true });
    return `${st.dev}:${st.ino}`;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Whether the process `pid` written in a lock file (`path`, or a takeover mutex) can still be holding it. */
function holderAlive(pid: number, path: string): boolean {
  if (pid !== process.pid) return alive(pid);
  // This pid is ours: the file is ours (some thread of this process) unless it was written before we started.
  try {
    return statSync(path).mtimeMs >= PROCESS_START_MS - START_SLACK_MS;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The pid a lock file holds, or null when it holds no pid (garbage, or empty). */
function pidOf(content: string): number | null {
  const pid = /^[0-9]+\n?$/.test(content) ? Number(content.trim()) : NaN;
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

/** The text of `path`, or null when there is no such file (any more). */
function readIfExists(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** A name beside `path` that no other process uses. */
function uniqueBeside(path: string, suffix: string): string {
  return `${path}.${process.pid}.${randomBytes(6).toString('hex')}.${suffix}`;
}

/**
 * Creates `path` holding `content` if no such file exists, atomically: the content is written to a file of
 * its own and hard-linked to `path` (link fails when `path` exists), so no reader ever sees the lock empty.
 * @returns false when `path` exists.
 */
function createExclusive(path: string, content: string): boolean {
  const tmp = uniqueBeside(path, 'tmp');
  writeFileSync(tmp, content, { flag: 'wx' });
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // A file system without hard links: create in place (a reader may then briefly see it empty, and waits).
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
    try {
      writeFileSync(path, content, { flag: 'wx' });
      return true;
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e2;
    }
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Removes `path` if it still holds `content`. The file is first moved aside under a unique name (rename is
 * atomic), then read: when it is not the file meant (another process replaced it meanwhile), it is put back.
 * Only used to break a takeover mutex whose holder died, a window of a few system calls.
 */
function removeIfStill(path: string, content: string): void {
  const aside = uniqueBeside(path, 'stale');
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  try {
    if (readFileSync(aside, 'utf8') !== content) linkSync(aside, path);
  } catch (e) {
    // EEXIST: another file took the place meanwhile; it stays.
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    rmSync(aside, { force: true });
  }
}

/**
 * Removes the lock file `path` when it still holds `stale` (the text of a lock whose process is gone).
 *
 * Takeovers are serialized by a second lock file (`sizefit.lock.takeover`): only its holder deletes a lock
 * file, after reading it again. Lock files are created only where none exists and removed only by their live
 * holder or by a takeover of a dead one, so a contender that read the stale pid late cannot delete the lock
 * another contender has just created (before: two processes each removed "the stale lock", the slower one
 * the faster one's new lock, and both held the directory).
 */
function takeOver(path: string, stale: string): void {
  const mutex = `${path}.takeover`;
  if (!createExclusive(mutex, `${process.pid}\n`)) {
    const holder = readIfExists(mutex);
    const pid = holder === null ? null : pidOf(holder);
    // With this pid, the mutex is another thread's of this process, unless it was left before this process started.
    if (holder !== null && holder !== '' && (pid === null || !holderAlive(pid, mutex))) {
      removeIfStill(mutex, holder);
    } else pause(PAUSE_MS); // another live process is taking over: look again after it
    return;
  }
  try {
    if (readIfExists(path) === stale) rmSync(path, { force: true });
  } finally {
    rmSync(mutex, { force: true });
  }
}

/**
 * Takes the PGlite data directory `dir` for this process: creates it when absent, checks that it is a
 * directory and, when it holds anything, a PostgreSQL data directory (PG_VERSION), then creates
 * `sizefit.lock` with this pid exclusively. A lock whose process is gone (a killed ingest) is taken over,
 * by one contender only when several try at once; so is a lock holding this process's own pid written before this
 * process started (left by a killed process whose pid this one got, as after a container restart). A lock with this
 * pid written since is this process's own (another thread or module copy) and is refused like any live holder's.
 *
 * @throws DatabaseError naming the directory and what is wrong (a file, someone else's files, in use).
 */
export function lockDataDirectory(dir: string): DirectoryLock {
  const root = resolve(dir);
  if (existsSync(root)) {
    if (!statSync(root).isDirectory()) throw new DatabaseError(`PGlite data directory ${root} is a file`);
    // sizefit.lock and the short-lived files of a lock being taken (sizefit.lock.*) are ours.
    const entries = readdirSync(root).filter((e) => !e.startsWith(LOCK_FILE));
    if (entries.length > 0 && !entries.includes('PG_VERSION')) {
      throw new DatabaseError(
        `${root} is not a PGlite data directory (it holds other files and no PG_VERSION): choose an empty or new directory`,
      );
    }
  } else {
    makeDirectory(root);
  }
  const path = join(root, LOCK_FILE);
  try {
    return acquire(root, path);
  } catch (e) {
    if (e instanceof DatabaseError) throw e;
    throw new DatabaseError(`cannot lock the PGlite data directory ${root}: ${(e as Error).message}`, { cause: e });
  }
}

/** Creates the lock file `path` for this process, taking over one whose process is gone. */
function acquire(root: string, path: string): DirectoryLock {
  const mine = `${process.pid}\n`;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (createExclusive(path, mine)) {
      // Nobody removes a lock whose holder is alive: the file at `path` is still the one just created.
      const id = fileIdentity(path);
      let held = true;
      return {
        release(): void {
          if (!held) return;
          held = false;
          if (readIfExists(path) === mine && fileIdentity(path) === id) rmSync(path, { force: true });
        },
      };
    }
    const content = readIfExists(path);
    if (content === null) continue; // released meanwhile: try again
    if (content === '') {
      pause(PAUSE_MS); // being written (a file system without hard links): look again
      continue;
    }
    const pid = pidOf(content);
    if (pid !== null && holderAlive(pid, path)) {
      throw new DatabaseError(
        `the PGlite data directory ${root} is in use by process ${pid}: PGlite serves one process at a time ` +
          `(wait for it, or use PostgreSQL with --database-url for concurrent work)` +
          (pid === process.pid
            ? ''
            : `; if process ${pid} is not sizefit, a killed process left the lock and its pid was reused: remove ${path}`),
      );
    }
    takeOver(path, content); // the holder is gone (killed; or, with this pid, a process before a restart)
  }
  throw new DatabaseError(
    `cannot lock the PGlite data directory ${root}: ${path} stayed empty or kept changing; ` +
      'if no sizefit process uses the directory, remove that file',
  );
}
