// The packed `sizefit` package: what `npm pack` in lib/ ships, and the clean build its `prepack` runs.
// Before: no prepack and no clean step (a tarball from a clean checkout held only package.json, and output of a
// moved source, dist/cli/printable.*, was shipped); source maps named .ts files that were not shipped; no README
// and no LICENSE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
// @ts-expect-error: plain JS module without types
import { cleanBuild } from '../../scripts/build.mjs';
import { smallTsconfig } from './small-tsconfig.js';

const lib = 'lib';
const pkg = JSON.parse(readFileSync(join(lib, 'package.json'), 'utf8')) as {
  license: string;
  main: string;
  types: string;
  bin: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  scripts?: Record<string, string>;
};
const rootPkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };

/** The files `npm pack` would put in the tarball, from lib/dist as it is (--ignore-scripts: no prepack build). */
function packedFiles(): string[] {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: lib, encoding: 'utf8' });
  assert.equal(r.status, 0, `npm pack --dry-run failed:\n${r.stderr}`);
  return (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
}

test('the tarball holds the entry points, the bin, README, LICENSE, and sources for every map', () => {
  const files = packedFiles();
  const shipped = new Set(files);
  const rel = (p: string): string => posix.normalize(p);
  const exportTargets = Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
  for (const f of [pkg.main, pkg.types, ...Object.values(pkg.bin), ...exportTargets].map(rel))
    assert.ok(shipped.has(f), `${f} (named in lib/package.json) is not packed: is lib/dist built (npm run build)?`);
  for (const f of ['package.json', 'README.md', 'LICENSE']) assert.ok(shipped.has(f), `${f} is not packed`);
  assert.equal(pkg.license, 'MIT');
  assert.match(
    readFileSync(join(lib, 'LICENSE'), 'utf8'),
    /^MIT License\n\nCopyright \(c\) 2026 the sizefit authors\n/,
  );

  let maps = 0;
  for (const f of files) {
    if (f.startsWith('dist/')) {
      // every built file comes from a source that exists: a deleted or moved source leaves nothing behind
      const source = f.replace(/^dist\//, '').replace(/(\.d)?\.(js|ts)(\.map)?$/, '.ts');
      assert.ok(existsSync(join(lib, source)), `${f} is packed but lib/${source} does not exist (stale build)`);
      assert.ok(shipped.has(source), `${f} is packed without its source ${source}`);
    } else {
      // beside dist: the .ts sources (not hand-written .d.ts) and the package's own files, nothing else
      assert.ok(
        (f.endsWith('.ts') && !f.endsWith('.d.ts')) || ['package.json', 'README.md', 'LICENSE'].includes(f),
        `${f} is packed`,
      );
      assert.ok(!/\.test\.ts$/.test(f), `${f}: a test is packed`);
    }
    if (f.endsWith('.map')) {
      maps++;
      const { sources } = JSON.parse(readFileSync(join(lib, f), 'utf8')) as { sources: string[] };
      for (const s of sources) {
        const target = rel(posix.join(posix.dirname(f), s));
        assert.ok(shipped.has(target), `${f} maps to ${s}, which is not packed`);
      }
    }
  }
  assert.ok(maps > 0, 'the build writes source maps');
});

test('lib packs from a clean build: prepack and npm run build both run scripts/build.mjs', () => {
  assert.equal(pkg.scripts?.prepack, 'node ../scripts/build.mjs');
  assert.equal(rootPkg.scripts.build, 'node scripts/build.mjs');
});

test('scripts/build.mjs removes output of deleted sources, marks bins executable, keeps outDir on failure', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sizefit-build-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const tsconfig = join(dir, 'tsconfig.json');
  writeFileSync(tsconfig, smallTsconfig());
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', bin: { tool: './dist/cli/main.js' } }));
  mkdirSync(join(dir, 'cli'));
  writeFileSync(join(dir, 'cli', 'main.ts'), 'export const a: number = 1;\n');
  // output of a source that no longer exists, as dist/cli/printable.js was
  mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'cli', 'printable.js'), 'stale\n');
  writeFileSync(join(dir, 'dist', 'cli', 'printable.d.ts.map'), 'stale\n');
  // a whole folder whose sources are gone goes too
  mkdirSync(join(dir, 'dist', 'gone'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'gone', 'x.js'), 'stale\n');

  assert.equal(cleanBuild(tsconfig, join(dir, 'dist'), { stdio: 'pipe' }), 0);
  assert.deepEqual(readdirSync(join(dir, 'dist', 'cli')), ['main.js']);
  assert.deepEqual(readdirSync(join(dir, 'dist')), ['cli']);
  assert.equal(statSync(join(dir, 'dist', 'cli', 'main.js')).mode & 0o777, 0o755);

  // a file whose content is unchanged is not rewritten (a process loading it meanwhile never reads it truncated);
  // a changed one is replaced by a rename (a new inode), not truncated and rewritten in place
  writeFileSync(join(dir, 'cli', 'other.ts'), 'export const b: number = 2;\n');
  assert.equal(cleanBuild(tsconfig, join(dir, 'dist'), { stdio: 'pipe' }), 0);
  const main = statSync(join(dir, 'dist', 'cli', 'main.js'));
  const other = statSync(join(dir, 'dist', 'cli', 'other.js'));
  writeFileSync(join(dir, 'cli', 'other.ts'), 'export const b: number = 3;\n');
  assert.equal(cleanBuild(tsconfig, join(dir, 'dist'), { stdio: 'pipe' }), 0);
  assert.equal(statSync(join(dir, 'dist', 'cli', 'main.js')).mtimeMs, main.mtimeMs, 'unchanged output not rewritten');
  assert.notEqual(statSync(join(dir, 'dist', 'cli', 'other.js')).ino, other.ino, 'changed output renamed into place');
  assert.match(readFileSync(join(dir, 'dist', 'cli', 'other.js'), 'utf8'), /b = 3/);
  rmSync(join(dir, 'cli', 'other.ts'));
  assert.equal(cleanBuild(tsconfig, join(dir, 'dist'), { stdio: 'pipe' }), 0);

  // a type error: tsc fails, and the previous build is still there, whole
  writeFileSync(join(dir, 'cli', 'main.ts'), "export const a: number = 'one';\n");
  assert.notEqual(cleanBuild(tsconfig, join(dir, 'dist'), { stdio: 'pipe' }), 0);
  assert.match(readFileSync(join(dir, 'dist', 'cli', 'main.js'), 'utf8'), /export const a = 1;/);
  // no temporary folder is left beside dist
  assert.deepEqual(readdirSync(dir).sort(), ['cli', 'dist', 'package.json', 'tsconfig.json']);
});
