import { closeSync, existsSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatabaseError } from '../core/errors.js';
import { makeDirectory } from '../core/make-directory.js';

/** The lock file a process holds in a PGlite data directory while it has the database open. */
export const LOCK_FILE = 'sizefit.lock';

/** A held lock: release it when the database is closed. */
export interface DirectoryLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the PGlite data directory `dir` for this process: creates it when absent, checks that it is a
 * directory and, when it holds anything, a PostgreSQL data directory (PG_VERSION), then creates `sizefit.lock` with this pid exclusively. A lock whose process is gone (a
 * killed ingest) is taken over.
 *
 * @throws DatabaseError naming the directory and what is wrong (a file, someone else's files, in use).
 */
export function lockDataDirectory(dir: string): DirectoryLock {
  const root = resolve(dir);
  if (existsSync(root)) {
    if (!statSync(root).isDirectory()) throw new DatabaseError(`PGlite data directory ${root} is a file`);
    const entries = readdirSync(root).filter((e) => e !== LOCK_FILE);
    if (entries.length > 0 && !entries.includes('PG_VERSION')) {
      throw new DatabaseError(
        `${root} is not a PGlite data directory (it holds other files and no PG_VERSION): choose an empty or new directory`,
      );
    }
  } else {
    makeDirectory(root);
  }
  const path = join(root, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let held = true;
      return {
        release(): void {
          if (held) rmSync(path, { force: true });
          held = false;
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new DatabaseError(`cannot lock the PGlite data directory ${root}: ${(e as Error).message}`, { cause: e });
      }
    }
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
      throw new DatabaseError(
        `the PGlite data directory ${root} is in use by process ${pid}: PGlite serves one process at a time ` +
          `(wait for it, or use PostgreSQL with --database-url for concurrent work)`,
      );
    }
    rmSync(path, { force: true }); // the holder is gone (killed): take the lock over
  }
  throw new DatabaseError(`cannot lock the PGlite data directory ${root}: another process took it at the same time`);
}
