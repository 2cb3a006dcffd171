// From review 19 of lib/db: only an error the database server sent carries a SQLSTATE in the CLI's messages; a Node
// system error of a broken connection (EPIPE...) says the connection was lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DatabaseError, DataError } from '../../lib/index.js';
import { asDatabaseError } from '../../lib/cli/db-command.js';
import { runInProcess } from './run-in-process.js';

const WHERE = 'PostgreSQL at postgresql:///db?host=/var/run/postgresql';

/** A Node system error as net or fs raises it. */
const systemError = (code: string, syscall: string): Error =>
  Object.assign(new Error(`${syscall} ${code}`), { code, errno: -1, syscall });

/** The message of asDatabaseError's DatabaseError for `e`. */
function messageOf(e: unknown): string {
  const r = asDatabaseError(e, WHERE);
  assert.ok(r instanceof DatabaseError, String(r));
  return r.message;
}

test('a Node errno code is not shown as a SQLSTATE; a broken connection says it was lost', () => {
  // Before: any five capitals were a SQLSTATE: "write EPIPE (SQLSTATE EPIPE)", nothing about the connection.
  assert.equal(
    messageOf(systemError('EPIPE', 'write')),
    `${WHERE}: the connection to the server was lost (EPIPE: write EPIPE)`,
  );
  assert.match(messageOf(systemError('ECONNRESET', 'read')), /: the connection to the server was lost \(ECONNRESET:/);
  for (const code of ['EBADF', 'EPERM', 'EROFS', 'EBUSY']) {
    const m = messageOf(systemError(code, 'open'));
    assert.equal(m, `${WHERE}: open ${code} (system error ${code})`);
    assert.doesNotMatch(m, /SQLSTATE/);
  }
  // Five capitals without a severity did not come from the server either.
  assert.equal(messageOf(Object.assign(new Error('odd'), { code: 'ABCDE' })), `${WHERE}: odd`);
});

test('an error the server sent keeps its SQLSTATE; sizefit errors pass unchanged', () => {
  const pgError = Object.assign(new Error('terminating connection due to administrator command'), {
    code: '57P01',
    severity: 'FATAL',
  });
  assert.equal(messageOf(pgError), `${WHERE}: terminating connection due to administrator command (SQLSTATE 57P01)`);
  const index = Object.assign(new Error('index row size 3224 exceeds btree version 4 maximum 2704'), {
    code: '54000',
    severity: 'ERROR',
  });
  assert.match(messageOf(index), /maximum 2704 \(SQLSTATE 54000\)$/);
  assert.equal((asDatabaseError(pgError, WHERE) as DatabaseError).cause, pgError);
  const own = new DataError('mine');
  assert.equal(asDatabaseError(own, WHERE), own);
  assert.equal(
    messageOf(new Error('Connection terminated unexpectedly')),
    `${WHERE}: Connection terminated unexpectedly`,
  );
});

test("sizefit db --help says how long a connection waits and that the URL's connect_timeout sets it", async () => {
  const r = await runInProcess('db', '--help');
  assert.equal(r.code, 0);
  assert.match(r.out, /connect_timeout \(seconds, [^)]*\), else\s+PGCONNECT_TIMEOUT, else 30 s/);
});
