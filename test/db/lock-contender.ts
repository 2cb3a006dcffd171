// A child process of directory-lock.test.ts (not a test itself): says `ready`, waits for `go` on stdin,
// tries to lock the directory given as its argument, says `held PID` or `refused MESSAGE`, and keeps
// what it got until its stdin ends, so that every contender has answered while the holder still holds.
// The lock is internal to lib/db (PgliteDatabase.open takes it); it is tested directly so that each
// contender does not start a whole PGlite.
import { createInterface } from 'node:readline';
import { lockDataDirectory, type DirectoryLock } from '../../lib/db/directory-lock.js';

const dir = process.argv[2];
const lines = createInterface({ input: process.stdin });
let lock: DirectoryLock | undefined;
lines.on('line', (text) => {
  if (text !== 'go') return;
  try {
    lock = lockDataDirectory(dir);
    process.stdout.write(`held ${process.pid}\n`);
  } catch (e) {
    process.stdout.write(`refused ${(e as Error).message}\n`);
  }
});
lines.on('close', () => lock?.release());
process.stdout.write('ready\n');
