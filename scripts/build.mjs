#!/usr/bin/env node
// `npm run build` and lib's `prepack`: compile lib/ into a fresh lib/dist, so that the output of a source that was
// deleted or moved does not stay behind and get packed (tsc writes files but never removes any).
// tsc writes into a new folder beside lib/dist (same depth, so the source maps' relative paths are the same), which
// then replaces lib/dist by two renames: a process using the old build (a test, a notebook kernel) never finds a
// half-built lib/dist, and a failed compile leaves the old lib/dist as it was.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/**
 * Compiles the tsc project `tsconfig` into an empty folder that then replaces `outDir`, and makes the `bin`
 * targets of the package.json beside `tsconfig` (if any) executable. Returns tsc's exit status (0 = built);
 * on failure `outDir` is left untouched.
 */
export function cleanBuild(tsconfig, outDir, { stdio = 'inherit' } = {}) {
  // A dot folder: tsc's `**` patterns skip it, so a leftover from a killed build is never compiled as input.
  const tmp = join(dirname(outDir), `.${basename(outDir)}-build-${process.pid}`);
  const old = `${tmp}-old`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    const r = spawnSync(process.execPath, [tsc, '-p', tsconfig, '--outDir', tmp], { stdio });
    if (r.status !== 0) return r.status ?? 1;
    const pkgFile = join(dirname(tsconfig), 'package.json');
    if (existsSync(pkgFile)) {
      // npm sets the mode of bin files when it installs a package, but not for the workspace's own
      // node_modules/.bin/sizefit link, which points into lib/dist.
      const { bin } = JSON.parse(readFileSync(pkgFile, 'utf8'));
      for (const target of typeof bin === 'string' ? [bin] : Object.values(bin ?? {})) {
        const inOut = relative(resolve(outDir), resolve(dirname(pkgFile), target));
        if (!inOut.startsWith('..')) chmodSync(join(tmp, inOut), 0o755);
      }
    }
    if (existsSync(outDir)) renameSync(outDir, old);
    renameSync(tmp, outDir);
    rmSync(old, { recursive: true, force: true });
    return 0;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = cleanBuild(join(root, 'lib', 'tsconfig.json'), join(root, 'lib', 'dist'));
}
