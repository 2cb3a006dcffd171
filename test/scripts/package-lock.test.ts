import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const json = (path: string): Record<string, unknown> => JSON.parse(readFileSync(join(root, path), 'utf8'));

test('package-lock.json agrees with both package.json files, so a clean npm install leaves it unchanged', () => {
  // Before: the engines range changed in the package.json files but not in the lock, and every clean install (CI's
  // too) rewrote the tracked lock.
  const lock = json('package-lock.json') as { packages: Record<string, Record<string, unknown>> };
  for (const [entry, manifest] of [
    ['', 'package.json'],
    ['lib', 'lib/package.json'],
  ]) {
    const pkg = json(manifest);
    const locked = lock.packages[entry];
    assert.ok(locked, `package-lock.json has no entry '${entry}'`);
    for (const field of ['name', 'version', 'engines', 'dependencies', 'devDependencies', 'peerDependencies']) {
      assert.deepEqual(locked[field], pkg[field], `${manifest} ${field}`);
    }
  }
});
