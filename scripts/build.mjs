#!/usr/bin/env node
// `npm run build` and lib's `prepack`: compile lib/ into lib/dist and remove the output of sources that were
// deleted or moved (tsc writes files but never removes any, so such output would stay behind and get packed).
// tsc writes in place, with --noEmitOnError: a failed compile leaves lib/dist as it was, and lib/dist never
// disappears (processes using it, a test, a notebook kernel or a worker thread, keep finding their modules).
// There is no temporary folder, so an interrupted build leaves nothing behind beyond files the next build
// rewrites, and two builds at once write the same files.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readdirSync, realpathSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** The extensions tsc writes for a `.ts` source (longest first, so `x.d.ts.map` is not read as `x.d` + `.ts.map`). */
const OUTPUT_EXTENSIONS = ['.d.ts.map', '.js.map', '.d.ts', '.js'];

/**
 * Removes the files of `outDir` that no source of `srcDir` produces (`a/b.js`, `a/b.d.ts` and their maps belong to
 * `srcDir/a/b.ts`), and the folders that end up empty. Files of other kinds are left alone.
 * @returns the removed files, relative to `outDir`.
 */
export function removeOrphans(srcDir, outDir) {
  const removed = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        walk(p);
        if (readdirSync(p).length === 0) rmdirSync(p);
        continue;
      }
      const ext = OUTPUT_EXTENSIONS.find((x) => e.name.endsWith(x));
      if (ext === undefined) continue;
      const rel = relative(outDir, p);
      if (!existsSync(join(srcDir, rel.slice(0, -ext.length) + '.ts'))) {
        rmSync(p, { force: true });
        removed.push(rel);
      }
    }
  };
  if (existsSync(outDir)) walk(outDir);
  return removed;
}

/**
 * Compiles the tsc project `tsconfig` (its sources under the tsconfig's folder) into `outDir`, removes the output
 * of sources that no longer exist, and makes the `bin` targets of the package.json beside `tsconfig` (if any)
 * executable. Returns tsc's exit status (0 = built); on a failed compile `outDir` is left untouched.
 */
export function cleanBuild(tsconfig, outDir, { stdio = 'inherit' } = {}) {
  const r = spawnSync(process.execPath, [tsc, '-p', tsconfig, '--outDir', outDir, '--noEmitOnError'], { stdio });
  if (r.status !== 0) return r.status ?? 1;
  removeOrphans(dirname(tsconfig), outDir);
  const pkgFile = join(dirname(tsconfig), 'package.json');
  if (existsSync(pkgFile)) {
    // npm sets the mode of bin files when it installs a package, but not for the workspace's own
    // node_modules/.bin/sizefit link, which points into lib/dist.
    const { bin } = JSON.parse(readFileSync(pkgFile, 'utf8'));
    for (const target of typeof bin === 'string' ? [bin] : Object.values(bin ?? {})) {
      const inOut = relative(resolve(outDir), resolve(dirname(pkgFile), target));
      if (!inOut.startsWith('..')) chmodSync(join(outDir, inOut), 0o755);
    }
  }
  return 0;
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = cleanBuild(join(root, 'lib', 'tsconfig.json'), join(root, 'lib', 'dist'));
}
