// toDataFrame when danfojs-node cannot be loaded (not installed, or installed but broken), in a child process whose
// module resolution is steered by a loader hook; and sizefit's declarations, which must not name optional peers.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { tempDir } from '../temp-dir.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const libIndex = join(repoRoot, 'lib/index.ts');

/**
 * Calls toDataFrame in a fresh process in which `danfojs-node` resolves as `resolveTo` says: `nowhere` (as if
 * not installed: resolved from a folder without node_modules) or a file written into a package folder
 * `danfojs-node/` (name, source). Returns the error's name, code, message and the code of its cause.
 */
function toDataFrameInChild(
  t: TestContext,
  resolveTo: 'nowhere' | { file: string; source: string },
): Record<string, unknown> {
  const dir = tempDir(t, 'sizefit-danfo-');
  let target: string;
  if (resolveTo === 'nowhere') {
    target = `return next(specifier, { ...context, parentURL: ${JSON.stringify(pathToFileURL(join(dir, 'x.mjs')).href)} });`;
  } else {
    mkdirSync(join(dir, 'danfojs-node'));
    writeFileSync(join(dir, 'danfojs-node', resolveTo.file), resolveTo.source);
    const url = pathToFileURL(join(dir, 'danfojs-node', resolveTo.file)).href;
    target = `return { url: ${JSON.stringify(url)}, shortCircuit: true, format: ${JSON.stringify(resolveTo.file.endsWith('.cjs') ? 'commonjs' : 'module')} };`;
  }
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `export async function resolve(specifier, context, next) {\n` +
      `  if (specifier === 'danfojs-node') { ${target} }\n` +
      `  return next(specifier, context);\n}\n`,
  );
  writeFileSync(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`,
  );
  const code =
    `import { parseFitData, toDataFrame } from ${JSON.stringify(libIndex)};` +
    `const { dataset } = parseFitData('{"fit": "fit", "user_id": "u", "item_id": "i", "size": 8}');` +
    `toDataFrame(dataset).then(() => console.log(JSON.stringify({ ok: true })),` +
    ` (e) => console.log(JSON.stringify({ ok: false, name: e.name, code: e.code, message: e.message, cause: e.cause?.code })));`;
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', pathToFileURL(join(dir, 'register.mjs')).href, '--input-type=module', '-e', code],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

test('toDataFrame says danfojs-node is not installed only when danfojs-node itself is not found', (t) => {
  const r = toDataFrameInChild(t, 'nowhere');
  assert.deepEqual(r, {
    ok: false,
    name: 'SizefitError',
    code: 'OPTIONAL_DEPENDENCY_MISSING',
    message: 'toDataFrame needs the optional package danfojs-node (npm install danfojs-node)',
    cause: 'ERR_MODULE_NOT_FOUND',
  });
});

test('toDataFrame says an installed danfojs-node failed to load, with the first line of the cause', (t) => {
  // Before: "needs the optional package danfojs-node (npm install danfojs-node)" for every failure, e.g. when the
  // native binding of its tfjs-node is missing (a CommonJS require of a file that is not there)...
  const binding = toDataFrameInChild(t, { file: 'index.cjs', source: `require('./lib/napi-v8/tfjs_binding.node');\n` });
  assert.equal(binding.ok, false);
  assert.equal(binding.name, 'SizefitError');
  assert.equal(binding.code, 'OPTIONAL_DEPENDENCY_FAILED');
  assert.equal(binding.cause, 'MODULE_NOT_FOUND');
  assert.equal(
    binding.message,
    "toDataFrame: danfojs-node is installed but failed to load: Cannot find module './lib/napi-v8/tfjs_binding.node'",
  );
  // ...a package danfojs-node needs that is not installed (the same error code as danfojs-node missing)...
  const dependency = toDataFrameInChild(t, { file: 'index.mjs', source: `import '@tensorflow/tfjs-node';\n` });
  assert.equal(dependency.code, 'OPTIONAL_DEPENDENCY_FAILED');
  assert.equal(dependency.cause, 'ERR_MODULE_NOT_FOUND');
  assert.match(
    String(dependency.message),
    /^toDataFrame: danfojs-node is installed but failed to load: Cannot find package '@tensorflow\/tfjs-node' imported from .*index\.mjs$/,
  );
  // ...or an error its initialisation throws: only the first line of a long message
  const init = toDataFrameInChild(t, {
    file: 'index.cjs',
    source: `throw Object.assign(new Error('libtensorflow.so.2: cannot open shared object file\\nmore details'), { code: 'ERR_DLOPEN_FAILED' });\n`,
  });
  assert.equal(init.code, 'OPTIONAL_DEPENDENCY_FAILED');
  assert.equal(init.cause, 'ERR_DLOPEN_FAILED');
  assert.equal(
    init.message,
    'toDataFrame: danfojs-node is installed but failed to load: libtensorflow.so.2: cannot open shared object file',
  );
});

test("sizefit's declarations reference no optional peer dependency (danfojs-node, playwright-core, plotly)", () => {
  // Before: dist/data/to-data-frame.d.ts returned Promise<import('danfojs-node').DataFrame>, so a consumer's tsc
  // without skipLibCheck failed with TS2307 when danfojs-node was not installed.
  const config = ts.getParsedCommandLineOfConfigFile(
    join(repoRoot, 'lib/tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    },
  );
  assert.ok(config);
  const program = ts.createProgram(config.fileNames, {
    ...config.options,
    noEmit: false,
    emitDeclarationOnly: true,
    declaration: true,
    declarationMap: false,
    sourceMap: false,
  });
  const declarations = new Map<string, string>();
  const result = program.emit(undefined, (name, text) => declarations.set(name, text));
  assert.equal(result.emitSkipped, false);
  assert.ok(declarations.size > 50, `${declarations.size} declaration files`);
  const offending = [...declarations]
    .filter(([, text]) => /(from\s+|import\()\s*['"](danfojs-node|playwright-core|plotly\.js-dist-min)['"]/.test(text))
    .map(([name]) => name.slice(name.indexOf('/dist/') + 1));
  assert.deepEqual(offending, []);
  const dataFrame = [...declarations].find(([name]) => name.endsWith('/data/to-data-frame.d.ts'));
  assert.match(dataFrame?.[1] ?? '', /Promise<DataFrameLike>/);
});
