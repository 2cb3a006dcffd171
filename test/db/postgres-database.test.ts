import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactPassword } from '../../lib/index.js';

test('redactPassword masks the user password, password query parameters and a fragment, and nothing else', () => {
  // Before: ?password= and ?sslpassword= were shown as given.
  const cases: [string, string][] = [
    ['postgresql://u:s3cret@db.example:5432/sizefit', 'postgresql://u:***@db.example:5432/sizefit'],
    [
      'postgresql:///sizefit?host=/var/run/postgresql&password=s3cret',
      'postgresql:///sizefit?host=/var/run/postgresql&password=***',
    ],
    [
      'postgres://u@h/db?sslpassword=k3y&sslmode=require&PASSWORD=s3cret',
      'postgres://u@h/db?sslpassword=***&sslmode=require&PASSWORD=***',
    ],
    ['postgresql://u:pw@h/db?password=s3cret#w0rd', 'postgresql://u:***@h/db?password=***#***'],
    ['postgresql://u@h/db?application_name=password', 'postgresql://u@h/db?application_name=password'],
    // not a URL (an unencoded @ in the password): the user password and the parameter are still masked
    ['postgresql://u:p@ss@h/db?password=q@w', 'postgresql://u:***@h/db?password=***'],
  ];
  for (const [url, shown] of cases) assert.equal(redactPassword(url), shown, url);
});
