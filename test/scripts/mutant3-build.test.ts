// scripts/build.mjs (cleanBuild): what a third mutation round on the build found untested. A tsconfig that does not
// read is a failed build that writes nothing; a `*.tmp-PID` file an interrupted build left in the output goes with the
// next build; a package whose `bin` is a single path (npm's short form) gets that file marked executable too.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: plain JS module without types
import { cleanBuild } from '../../scripts/build.mjs';
import { tempDir } from '../temp-dir.js';
import { smallTsconfig } from './small-tsconfig.js';

/** A one-file tsc project (cli/main.ts) in a temporary folder, with `compilerOptions` added to a small, fast base. */
function project(t: TestContext, compilerOptions: Record<string, unknown> = {}, pkg: object = { type: 'module' }) {
  const dir = tempDir(t, 'sizefit-build-');
  writeFileSync(join(dir, 'tsconfig.json'), smallTsconfig(compilerOptions));
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
  mkdirSync(join(dir, 'cli'));
  writeFileSync(join(dir, 'cli', 'main.ts'), 'export const a: number = 1;\n');
  const build = (): number => cleanBuild(join(dir, 'tsconfig.json'), join(dir, 'dist'), { stdio: 'pipe' });
  return { dir, dist: join(dir, 'dist'), build };
}

test('a tsconfig with an error (an unknown compiler option) fails the build and writes nothing', (t) => {
  // tsc itself refuses such a tsconfig (error TS5023) rather than compiling with the option ignored
  const p = project(t, { noSuchOption: true });
  assert.equal(p.build(), 1);
  assert.equal(existsSync(p.dist), false, 'no output for a project whose tsconfig does not read');
});

test('a temporary file an interrupted build left in the output (NAME.tmp-PID) is removed by the next build', (t) => {
  const p = project(t);
  mkdirSync(join(p.dist, 'cli'), { recursive: true });
  // what writeIfChanged leaves when a build is killed between writing and renaming
  writeFileSync(join(p.dist, 'cli', 'main.js.tmp-12345'), 'half-written');
  // a file of another kind (no tsc output, no temporary file) is not the build's to remove
  writeFileSync(join(p.dist, 'cli', 'notes.txt'), 'kept');
  assert.equal(p.build(), 0);
  assert.deepEqual(readdirSync(join(p.dist, 'cli')).sort(), ['main.js', 'notes.txt']);
});

test("a package whose bin is one path (npm's string form) has that file made executable", (t) => {
  const p = project(t, {}, { type: 'module', bin: './dist/cli/main.js' });
  assert.equal(p.build(), 0);
  assert.equal(statSync(join(p.dist, 'cli', 'main.js')).mode & 0o777, 0o755);
});

test('a bin outside the output folder is left alone, and the build still succeeds', (t) => {
  const p = project(t, {}, { type: 'module', bin: { tool: './bin/tool.js' } });
  mkdirSync(join(p.dir, 'bin'));
  writeFileSync(join(p.dir, 'bin', 'tool.js'), '');
  assert.equal(p.build(), 0);
  assert.equal(statSync(join(p.dir, 'bin', 'tool.js')).mode & 0o111, 0, 'not the build output: mode unchanged');
  assert.equal(statSync(join(p.dist, 'cli', 'main.js')).mode & 0o111, 0, 'main.js is no bin here');
});
