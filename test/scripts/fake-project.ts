// A throwaway copy of some project scripts in a folder whose path has a space, a non-ASCII letter and a `%` (as a
// checkout may), with the files a test gives; removed when the test ends. The scripts find the project from their
// own location, so they run against the copy. They run outside the calling test runner (no NODE_TEST_CONTEXT) and
// npm (no INIT_CWD) unless a test sets those.
import type { TestContext } from 'node:test';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository this test file belongs to. */
export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface FakeProject {
  /** The copy's root (a real path, no symbolic links). */
  root: string;
  /** Runs `node <script> ...args` in `cwd` (default: the copy's root). */
  node(script: string, args: string[], opts?: { cwd?: string; env?: NodeJS.ProcessEnv }): SpawnSyncReturns<string>;
}

/**
 * Makes the copy.
 * @param scripts paths (relative to the repository) copied as they are.
 * @param files path → content; a content starting with `#!` is made executable.
 * @param linkNodeModules symlink the repository's node_modules (read only: nothing here installs into it).
 */
export function fakeProject(
  t: TestContext,
  scripts: string[],
  files: Record<string, string> = {},
  { linkNodeModules = false } = {},
): FakeProject {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'sizefit-scripts-a b é%20')));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  for (const s of scripts) {
    mkdirSync(dirname(join(root, s)), { recursive: true });
    copyFileSync(join(repo, s), join(root, s));
  }
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
    if (text.startsWith('#!')) chmodSync(join(root, p), 0o755);
  }
  if (linkNodeModules) symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
  return {
    root,
    node: (script, args, opts = {}) =>
      spawnSync(process.execPath, [join(root, script), ...args], {
        cwd: opts.cwd ?? root,
        encoding: 'utf8',
        env: { ...process.env, INIT_CWD: undefined, NODE_TEST_CONTEXT: undefined, ...opts.env },
        timeout: 60_000,
      }),
  };
}
