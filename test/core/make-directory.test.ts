import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs, { existsSync, lstatSync, mkdtempSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makeDirectory } from '../../lib/index.js';

const root = mkdtempSync(join(tmpdir(), 'sizefit-mkdir-'));
const realMkdir = fs.mkdirSync;

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

test('makeDirectory throws EEXIST naming the path when it is a file or a symbolic link to one', () => {
  // Before: it returned without error, and the caller failed later (fetchDataset's clean-up on a plain ENOTDIR).
  const file = join(root, 'target-file');
  writeFileSync(file, 'x');
  const link = join(root, 'link-to-file');
  symlinkSync(file, link);
  for (const path of [file, link, join(root, '.', 'target-file')]) {
    assert.throws(
      () => makeDirectory(path),
      (e: NodeJS.ErrnoException) =>
        e.code === 'EEXIST' && e.path === resolve(path) && e.message.includes(resolve(path)),
    );
    assert.ok(lstatSync(path).isFile() || lstatSync(path).isSymbolicLink(), 'left as it was');
  }
  assert.ok(statSync(file).isFile());
  // a symbolic link to a directory is a directory, as before
  const dirLink = join(root, 'link-to-dir');
  makeDirectory(join(root, 'linked-dir'));
  symlinkSync(join(root, 'linked-dir'), dirLink);
  makeDirectory(dirLink);
  assert.ok(statSync(dirLink).isDirectory());
});

/**
 * Runs `body` with node:fs's mkdirSync replaced (for ES module importers too, lib's included) by one that first calls
 * `before(path)`: another process acting between makeDirectory's existence check and its mkdir, deterministically.
 */
function withRacingMkdir(before: (path: string) => void, body: () => void): string[] {
  const real = realMkdir;
  const calls: string[] = [];
  fs.mkdirSync = ((path: fs.PathLike, options?: fs.MakeDirectoryOptions) => {
    calls.push(String(path));
    before(String(path));
    return real(path, options);
  }) as typeof fs.mkdirSync;
  syncBuiltinESMExports();
  try {
    body();
  } finally {
    fs.mkdirSync = real;
    syncBuiltinESMExports();
  }
  return calls;
}

test('makeDirectory goes on when another process creates a level (a shared parent, or the target) at the same moment', () => {
  // Before: EEXIST: file already exists, mkdir '.../race/a' (4 processes x 15 rounds of base/a/b/c/d/e/<pid>: 3 of 60).
  const base = join(root, 'race');
  const target = join(base, 'a', 'b', 'c');
  for (const raced of [join(base, 'a'), target]) {
    fs.rmSync(base, { recursive: true, force: true });
    const calls = withRacingMkdir(
      (path) => {
        if (path === raced) realMkdir(path);
      },
      () => makeDirectory(target),
    );
    assert.ok(calls.includes(raced), `mkdir of ${raced} was raced`);
    assert.ok(statSync(target).isDirectory());
  }
  // A symbolic link to a directory, made in between, is a directory as an existing one is.
  fs.rmSync(base, { recursive: true, force: true });
  const elsewhere = mkdtempSync(join(tmpdir(), 'sizefit-mkdir-link-'));
  withRacingMkdir(
    (path) => {
      if (path === join(base, 'a')) symlinkSync(elsewhere, path);
    },
    () => makeDirectory(target),
  );
  assert.ok(statSync(join(realpathSync(elsewhere), 'b', 'c')).isDirectory());
});

test('makeDirectory still fails when what another process created in between is a file, not a directory', () => {
  const base = join(root, 'race-file');
  for (const raced of [join(base, 'a'), join(base, 'a', 'b')]) {
    fs.rmSync(base, { recursive: true, force: true });
    assert.throws(
      () =>
        withRacingMkdir(
          (path) => {
            if (path === raced) writeFileSync(path, 'x');
          },
          () => makeDirectory(join(base, 'a', 'b')),
        ),
      (e: NodeJS.ErrnoException) => e.code === 'EEXIST' && e.path === raced,
    );
  }
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
