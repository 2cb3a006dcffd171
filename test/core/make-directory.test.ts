import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDirectory } from '../../lib/index.js';

const root = mkdtempSync(join(tmpdir(), 'sizefit-mkdir-'));

test('makeDirectory creates every missing level and leaves an existing directory as it is', () => {
  const deep = join(root, 'a', 'b', 'c');
  makeDirectory(deep);
  assert.ok(statSync(deep).isDirectory());
  writeFileSync(join(deep, 'keep.txt'), 'x');
  makeDirectory(deep);
  assert.ok(existsSync(join(deep, 'keep.txt')));
});

test('makeDirectory throws the file system error instead of creating through a file', () => {
  const file = join(root, 'plain-file');
  writeFileSync(file, 'x');
  assert.throws(
    () => makeDirectory(join(file, 'sub')),
    (e: NodeJS.ErrnoException) => e.code === 'ENOTDIR',
  );
});

test(
  'makeDirectory under /proc fails with ENOENT instead of looping (Node recursive mkdir hangs there)',
  {
    skip: !existsSync('/proc/self') && 'no /proc on this system',
  },
  () => {
    // In a child process with a time limit, so a regression fails the test instead of hanging the run.
    const script = `import('${join(process.cwd(), 'lib/dist/index.js')}').then((sf) => {
    try { sf.makeDirectory('/proc/sizefit-no-such-dir/x'); console.log('created'); }
    catch (e) { console.log('error ' + e.code); }
  });`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.signal, null, 'the call returned (no timeout)');
    assert.equal(r.stdout.trim(), 'error ENOENT', r.stderr);
  },
);
