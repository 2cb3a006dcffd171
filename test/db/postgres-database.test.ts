import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseError, InvalidArgumentError, PostgresDatabase, redactPassword } from '../../lib/index.js';

test('redactPassword masks the user password, password query parameters and a fragment, and nothing else', () => {
  // Before: ?password= and ?sslpassword= were shown as given.
  const cases: [string, string][] = [
    ['postgresql://u:s3cret@db.example:5432/sizefit', 'postgresql://u:***@db.example:5432/sizefit'],
    [
      'postgresql:///sizefit?host=/var/run/postgresql&password=s3cret',
      'postgresql:///sizefit?host=/var/run/postgresql&password=***',
    ],
    [
      'postgres://u@h/db?sslmode=require&sslpassword=k3y&PASSWORD=s3cret',
      'postgres://u@h/db?sslmode=require&sslpassword=***',
    ],
    ['postgresql://u:pw@h/db?password=s3cret#w0rd', 'postgresql://***@h/db?password=***'],
    ['postgresql://u@h/db?application_name=password', 'postgresql://u@h/db?application_name=password'],
    // An unencoded @ in the password is a URL that pg reads right (password 'p@ss', host h): masked as one.
    ['postgresql://u:p@ss@h/db?password=q@w', 'postgresql://u:***@h/db?password=***'],
    // pg's socket form with a user and password (WHATWG URL refuses user information without a host).
    ['postgresql://alice:s3cret@/db?host=/var/run/postgresql', 'postgresql://alice:***@/db?host=/var/run/postgresql'],
  ];
  for (const [url, shown] of cases) assert.equal(redactPassword(url), shown, url);
});

test('redactPassword shows no part of a password in a malformed URL', () => {
  // Before: these were shown as given (a missing scheme, one slash, a missing colon), or with the part of the
  // password before an unencoded '#' shown as the host ('p@ss#***', '127.0.0.1:1#***').
  const cases: [url: string, shown: string, secret: RegExp][] = [
    ['//alice:secret@localhost/db', '//***@localhost/db', /secret/],
    ['alice:secret@localhost:5432/db', '***@localhost:5432/db', /secret/],
    ['postgresql:/alice:secret@localhost/db', '***@localhost/db', /secret/],
    ['postgresql//alice:secret@localhost/db', 'postgresql//***@localhost/db', /secret/],
    ['postgresql://alice:p@ss#word@localhost/db', 'postgresql://***@localhost/db', /ss|word/],
    ['postgresql://u:p@127.0.0.1:1#w0rd@x/db', 'postgresql://***@x/db', /127\.0\.0\.1|w0rd/],
    ['postgresql://u:p@ss:w/o#rd %é@127.0.0.1/db', 'postgresql://***@127.0.0.1/db', /ss|w\/o|rd/],
    // a '/' or '?' in the password: pg would read the rest as the port, path or query
    ['postgresql://u:5432/x@h/db', 'postgresql://***@h/db', /5432|x@/],
    ['postgresql://u:12?x@h/db', 'postgresql://***@h/db', /12|x@/],
    ['postgresql:///db?host=/x&password=a@b#c', 'postgresql://***', /a@|b#|#c/],
    // no '@host' after the password: what is not a port number is masked
    ['postgresql://alice:s3cret', 'postgresql://alice:***', /s3cret/],
    ['postgresql:/alice:s3cret/db', 'postgresql:/alice:***/db', /s3cret/],
    ['not a url', 'not a url', /^$/],
  ];
  for (const [url, shown, secret] of cases) {
    const masked = redactPassword(url);
    assert.equal(masked, shown, url);
    assert.doesNotMatch(masked, secret, url);
  }
});

test('connect refuses URLs pg would misread, naming what is wrong, and accepts what pg reads', async () => {
  const refused: [url: string, why: RegExp][] = [
    ['postgresql:/alice:secret@localhost/db', /must be a postgres:\/\/ or postgresql:\/\/ URL/],
    ['postgresql://alice:p@ss#word@localhost/db', /holds a '#', which starts a URL fragment that pg ignores/],
    ['postgresql://u:5432/x@h/db', /has an '@' after the host/],
    // Before: "must be a postgres:// or postgresql:// URL" (WHATWG URL refuses ports above 65535).
    ['postgresql://alice:secret@localhost:99999/db', /port 99999 is out of range \(at most 65535\)/],
    ['postgresql://alice:secret@localhost:5x/db', /the port is not a number/],
  ];
  for (const [url, why] of refused) {
    await assert.rejects(PostgresDatabase.connect({ url }), (e: unknown) => {
      assert.ok(e instanceof InvalidArgumentError, `${url}: ${String(e)}`);
      assert.match(e.message, why, url);
      assert.doesNotMatch(e.message, /secret|ss#word|5432\/x/, url);
      return true;
    });
  }
  // Before: refused as "must be a postgres:// or postgresql:// URL". pg reads it (user alice, password s3cret,
  // the socket directory of ?host=): the connection is tried, and fails only because no server listens there.
  const dir = mkdtempSync(join(tmpdir(), 'sizefit-nosocket-'));
  try {
    const url = `postgresql://alice:s3cret@/db?host=${dir}`;
    await assert.rejects(PostgresDatabase.connect({ url }), (e: unknown) => {
      assert.ok(e instanceof DatabaseError, String(e));
      assert.match(e.message, /^cannot connect to PostgreSQL at postgresql:\/\/alice:\*\*\*@\/db\?host=.*ENOENT/);
      assert.doesNotMatch(e.message, /s3cret/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('redactPassword masks the key/value form and encoded parameter names', () => {
  // Before: `host=... password=...` (as psql users type it) and `?pass%77ord=` were printed in full.
  const cases: [string, string][] = [
    [
      'host=/var/run/postgresql dbname=x password=s3cret user=a',
      'host=/var/run/postgresql dbname=x password=*** user=a',
    ],
    ["host=h password='a b\\' c' user=x", 'host=h password=*** user=x'],
    // An unquoted value holds backslash-escaped spaces: 'se\\ cret' is the password 'se cret' (' cret' was shown).
    ['host=h password=se\\ cret user=u', 'host=h password=*** user=u'],
    ['postgresql://u@h/db?sslmode=require&pass%77ord=s3cret', 'postgresql://u@h/db?sslmode=require&pass%77ord=***'],
  ];
  for (const [url, shown] of cases) {
    assert.equal(redactPassword(url), shown);
    assert.ok(!redactPassword(url).includes('s3cret') && !redactPassword(url).includes("c'"), url);
  }
});

test("a database name holding '@' is accepted when no password can have been cut short", async () => {
  // Before: postgresql:///my@db?host=... was refused as "a password holding / or ?" although it has no user part.
  await assert.rejects(
    PostgresDatabase.connect({ url: 'postgresql:///sizefit_no_such@db?host=/var/run/postgresql' }),
    (e: unknown) => e instanceof DatabaseError && !(e instanceof InvalidArgumentError),
  );
  // With a ':' before the path, an '@' after the host still most likely ends a password holding '/'.
  await assert.rejects(
    PostgresDatabase.connect({ url: 'postgresql://user:pa/ss@host/db' }),
    (e: unknown) => e instanceof InvalidArgumentError && /an '@' after the host/.test(e.message),
  );
});

test("an '@' in the database name after a host and port is accepted; a password cut by '/' or '?' is not", async () => {
  // Before: postgresql://localhost:5432/my@db was refused as "a password holding / or ?" (the ':' of the port was
  // taken for the start of a password). pg reads the database 'my@db' on the host and port given: the connection
  // is tried, and fails only because nothing listens on port 1; the URL is shown whole (it holds no password).
  const accepted: [url: string, shown: string][] = [
    ['postgresql://127.0.0.1:1/sizefit_no_such@db', 'postgresql://127.0.0.1:1/sizefit_no_such@db'],
    ['postgresql://u:s3cret@127.0.0.1:1/my@db', 'postgresql://u:***@127.0.0.1:1/my@db'],
    ['postgresql://[::1]:1/my@db', 'postgresql://[::1]:1/my@db'],
    // an unencoded '@' in the password: pg takes the last '@' of the authority (password 'pa@ss')
    ['postgresql://user:pa@ss@127.0.0.1:1/db', 'postgresql://user:***@127.0.0.1:1/db'],
  ];
  for (const [url, shown] of accepted) {
    await assert.rejects(PostgresDatabase.connect({ url }), (e: unknown) => {
      assert.ok(e instanceof DatabaseError && !(e instanceof InvalidArgumentError), `${url}: ${String(e)}`);
      assert.ok(e.message.startsWith(`cannot connect to PostgreSQL at ${shown}: `), e.message);
      assert.doesNotMatch(e.message, /s3cret|pa@ss/, url);
      return true;
    });
  }
  // An unencoded '/' or '?' in a password: pg would read the rest as the port, database or query.
  const refused: [url: string, secret: RegExp][] = [
    ['postgresql://user:pa/ss@host/db', /pa\/ss/],
    ['postgresql://user:pa?ss@host/db', /pa\?ss/],
    ['postgresql://u:5432/x@h/db', /5432\/x/],
    ['postgresql://u:5432/x@h:5433/db', /5432\/x/],
    ['postgresql://u:5432/x@/db?host=/var/run/postgresql', /5432\/x/],
  ];
  for (const [url, secret] of refused) {
    await assert.rejects(PostgresDatabase.connect({ url }), (e: unknown) => {
      assert.ok(e instanceof InvalidArgumentError, `${url}: ${String(e)}`);
      assert.match(e.message, /an '@' after the host \(a password holding \/ or \?\)/, url);
      assert.doesNotMatch(e.message, secret, url);
      return true;
    });
  }
});

test("redactPassword masks a password parameter to the end: an '&' in it shows nothing", async () => {
  // Before: '?password=pa&ss' was shown as 'password=***&ss' (pg reads password 'pa' and a parameter 'ss').
  const cases: [url: string, shown: string][] = [
    [
      'postgresql:///db?host=/var/run/postgresql&password=s3&cret',
      'postgresql:///db?host=/var/run/postgresql&password=***',
    ],
    ['postgresql://u@h/db?password=s3&cret=x&sslmode=require', 'postgresql://u@h/db?password=***'],
    [
      'postgresql://u@h/db?Application_Name=a&sslpassword=k&3y&password=s3&cr&et',
      'postgresql://u@h/db?Application_Name=a&sslpassword=***',
    ],
    ['postgresql://u@h/db?password=s3cret&%68ost=/tmp', 'postgresql://u@h/db?password=***'],
  ];
  for (const [url, shown] of cases) {
    assert.equal(redactPassword(url), shown, url);
    assert.doesNotMatch(redactPassword(url), /cret|3y|et$/, url);
  }
  // The connection error of such a URL shows no part of the password either.
  await assert.rejects(
    PostgresDatabase.connect({ url: 'postgresql://u@127.0.0.1:1/db?password=s3&cret' }),
    (e: unknown) => {
      assert.ok(e instanceof DatabaseError, String(e));
      assert.match(
        e.message,
        /^cannot connect to PostgreSQL at postgresql:\/\/u@127\.0\.0\.1:1\/db\?password=\*\*\*: /,
      );
      assert.doesNotMatch(e.message, /cret/);
      return true;
    },
  );
});

test("redactPassword: a '?' inside a password parameter starts no parameter; only an '&' does", () => {
  // Before: '?password=sec?host=evil&sslmode=require' was shown as 'password=***?host=evil&sslmode=require' (pg
  // reads the password 'sec?host=evil': after the query's '?', parameters are separated by '&' only).
  const cases: [url: string, shown: string][] = [
    ['postgresql://u@h/db?sslmode=require&password=sec?host=evil', 'postgresql://u@h/db?sslmode=require&password=***'],
    [
      'postgresql:///db?host=/var/run/postgresql&password=s3?user=evil',
      'postgresql:///db?host=/var/run/postgresql&password=***',
    ],
    [
      'postgresql://u@h/db?application_name=a&sslpassword=k3y?sslmode=evil&password=s3?port=evil',
      'postgresql://u@h/db?application_name=a&sslpassword=***',
    ],
  ];
  for (const [url, shown] of cases) {
    assert.equal(redactPassword(url), shown, url);
    assert.doesNotMatch(redactPassword(url), /evil|sec|s3|k3y/, url);
  }
  // In a malformed URL (a '?' in the user password) a '?password=' after another '?' is masked too.
  const malformed = 'postgresql://u:pa?ss@h/db?sslmode=require&password=s3?host=evil';
  assert.equal(redactPassword(malformed), 'postgresql://***@h/db?sslmode=require&password=***');
});

test("redactPassword shows no part of a password holding an unencoded '&sslmode=', and no tab-split name", async () => {
  // Before: a password written unencoded as '?password=pa&sslmode=require' (pg reads the password 'pa') was shown
  // as 'password=***&sslmode=require', and '?pass<TAB>word=s3cret' (pg drops the tab: the password 's3cret') whole.
  const cases: [url: string, shown: string][] = [
    ['postgresql://u@h/db?password=pa&sslmode=require', 'postgresql://u@h/db?password=***'],
    [
      'postgresql://u@h:5432/db?host=h&sslpassword=pa&sslmode=x&port=1',
      'postgresql://u@h:5432/db?host=h&sslpassword=***',
    ],
    ['postgresql://u@h/db?pass\tword=s3cret&sslmode=require', 'postgresql://u@h/db?pass\tword=***'],
    ['postgresql://u@h/db?ssl\npass\rword=s3cret', 'postgresql://u@h/db?ssl\npass\rword=***'],
    // percent-encoded, the whole password is the user information's or the parameter's: the rest stays readable
    ['postgresql://u:pa%26sslmode%3Dx@h/db?sslmode=require', 'postgresql://u:***@h/db?sslmode=require'],
    [
      'postgresql://u@h/db?sslmode=require&password=pa%26sslmode%3Dx',
      'postgresql://u@h/db?sslmode=require&password=***',
    ],
    // Before: 'postgresql://u:***' (a '&password=' in the user password was taken for a query parameter).
    ['postgresql://u:pa&password=x@h/db?sslmode=require', 'postgresql://u:***@h/db?sslmode=require'],
  ];
  for (const [url, shown] of cases) {
    const masked = redactPassword(url);
    assert.equal(masked, shown, url);
    assert.doesNotMatch(masked, /:pa|=pa|s3cret|x@/, url);
  }
  // The connection error shows the same.
  await assert.rejects(
    PostgresDatabase.connect({ url: 'postgresql://u@127.0.0.1:1/db?password=pa&sslmode=disable' }),
    (e: unknown) => {
      assert.ok(e instanceof DatabaseError, String(e));
      assert.match(
        e.message,
        /^cannot connect to PostgreSQL at postgresql:\/\/u@127\.0\.0\.1:1\/db\?password=\*\*\*: /,
      );
      assert.doesNotMatch(e.message, /sslmode/);
      return true;
    },
  );
});
