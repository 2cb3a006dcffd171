#!/usr/bin/env node
// `npm run build` and lib's `prepack`: compile lib/ into lib/dist and remove the output of sources that were
// deleted or moved (tsc writes files but never removes any, so such output would stay behind and get packed).
// The compiler runs in this process with a file writer of its own: a file whose content is unchanged is not
// rewritten, and a changed one is written beside it and renamed over it, so a process loading lib/dist meanwhile
// (a test, a notebook kernel, a worker thread, a lazily imported CLI command) reads either the old file or the new
// one, never an empty or half-written one, and lib/dist itself never disappears. With noEmitOnError a failed
// compile writes nothing. There is no temporary folder, so an interrupted build leaves at most one `*.tmp-PID`
// file, which the next build removes.
import ts from 'typescript';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The extensions tsc writes for a `.ts` source (longest first, so `x.d.ts.map` is not read as `x.d` + `.ts.map`). */
const OUTPUT_EXTENSIONS = ['.d.ts.map', '.js.map', '.d.ts', '.js'];

/**
 * Removes the files of `outDir` that no source of `srcDir` produces (`a/b.js`, `a/b.d.ts` and their maps belong to
 * `srcDir/a/b.ts`), and the folders that end up empty. Files of other kinds are left alone.
 * @returns the removed files, relative to `outDir`.
 */
function removeOrphans(srcDir, outDir) {
  const removed = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        walk(p);
        if (readdirSync(p).length === 0) rmdirSync(p);
        continue;
      }
      if (/\.tmp-\d+$/.test(e.name)) {
        rmSync(p, { force: true }); // left by an interrupted build
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

/** Writes `text` to `file` unless it already holds exactly that, through a temporary file renamed over it. */
function writeIfChanged(file, text) {
  try {
    if (readFileSync(file, 'utf8') === text) return;
  } catch {
    // absent (or unreadable): write it
  }
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/**
 * Compiles the tsc project `tsconfig` (its sources under the tsconfig's folder) into `outDir`, removes the output
 * of sources that no longer exist, and makes the `bin` targets of the package.json beside `tsconfig` (if any)
 * executable. Diagnostics go to stderr unless `stdio` is 'pipe'. Returns 0 when built, 1 when not; on a failed
 * compile `outDir` is left untouched.
 */
export function cleanBuild(tsconfig, outDir, { stdio = 'inherit' } = {}) {
  const report = (diagnostics) => {
    if (stdio === 'pipe' || diagnostics.length === 0) return;
    const host = {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: ts.sys.getCurrentDirectory,
      getNewLine: () => '\n',
    };
    process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
  };
  let configError = null;
  const config = ts.getParsedCommandLineOfConfigFile(
    tsconfig,
    { outDir: resolve(outDir), noEmitOnError: true },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => (configError = d) },
  );
  if (config === undefined || configError !== null) {
    report(configError ? [configError] : []);
    return 1;
  }
  if (config.errors.length > 0) {
    report(config.errors);
    return 1;
  }
  const host = ts.createCompilerHost(config.options);
  host.writeFile = (file, text) => writeIfChanged(file, text);
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host });
  const before = ts.getPreEmitDiagnostics(program);
  if (before.some((d) => d.category === ts.DiagnosticCategory.Error)) {
    report(before);
    return 1;
  }
  const emitted = program.emit();
  report([...before, ...emitted.diagnostics]);
  if (emitted.emitSkipped) return 1;
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
