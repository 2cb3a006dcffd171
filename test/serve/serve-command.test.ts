// `sizefit serve` as a process: a tampered model refuses to start (exit 1, ModelFormatError message); SIGTERM
// during a slow request stops accepting, finishes the request, exits 0, and does not wait for a connection that
// has sent no request; the serve module loads no notebook, DataFrame or plotting package.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { call, halfSentPrediction, removeTrainedModelDirs, sampleRecords, trainedModelDir } from './serve-fixtures.js';

const CLI = ['--import', 'tsx', 'lib/cli/main.ts', 'serve'];
after(removeTrainedModelDirs);

test('a tampered model directory refuses to start with the ModelFormatError message and exit code 1', async () => {
  const dir = await trainedModelDir(false);
  const bad = dir + '-tampered';
  cpSync(dir, bad, { recursive: true });
  const w = join(bad, 'weights.bin');
  const bytes = readFileSync(w);
  bytes[bytes.length - 1] ^= 0xff;
  writeFileSync(w, bytes);
  const r = spawnSync(process.execPath, [...CLI, '--model', bad, '--port', '0'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /sizefit serve: .*weights\.bin: sha256 [0-9a-f]{64} does not match the manifest/);
  assert.doesNotMatch(r.stderr, /listening/);
});

test('SIGTERM during a slow request: new connections refused, the request finishes, exit 0', async () => {
  const dir = await trainedModelDir(false);
  const child = spawn(process.execPath, [...CLI, '--model', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(stderr);
      if (m) resolve(m[1]);
    });
    child.on('exit', () => reject(new Error(`serve exited early: ${stderr}`)));
  });
  try {
    const body = JSON.stringify({ records: sampleRecords(20) });
    const { answer, sendRest } = halfSentPrediction(url, body);
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGTERM');
    // Wait until the server says it is draining, then check it no longer accepts connections.
    for (let i = 0; i < 100 && !/SIGTERM: finishing 1 in-flight/.test(stderr); i++)
      await new Promise((r) => setTimeout(r, 50));
    assert.match(stderr, /SIGTERM: finishing 1 in-flight requests/);
    await assert.rejects(call(url, 'GET', '/healthz'), /ECONNREFUSED/);
    sendRest();
    const { status, n } = await answer;
    assert.deepEqual({ status, n }, { status: 200, n: 20 });
    assert.equal(await exited, 0, stderr);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 1);
    assert.equal(lines[0].status, 200);
    assert.equal(lines[0].records, 20);
  } finally {
    child.kill('SIGKILL');
  }
});

test('SIGTERM with a connection open that has sent no request: the service stops at once and exits 0', async () => {
  // Before: close() waited the 10 s shutdown timeout for that connection, then said requests were cut: exit 1.
  const dir = await trainedModelDir(false);
  const child = spawn(process.execPath, [...CLI, '--model', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      const m = /listening on http:\/\/[\d.]+:(\d+)/.exec(stderr);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', () => reject(new Error(`serve exited early: ${stderr}`)));
  });
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  try {
    await new Promise((r) => socket.once('connect', r));
    const closedByServer = new Promise<void>((r) => socket.once('close', () => r()));
    child.kill('SIGTERM');
    await closedByServer;
    assert.equal(await exited, 0, stderr);
    assert.match(stderr, /sizefit serve: stopped\n/);
    assert.doesNotMatch(stderr, /cut/);
  } finally {
    socket.destroy();
    child.kill('SIGKILL');
  }
});

/** Modules (require.cache, i.e. CommonJS packages) loaded by a child process after importing `spec`. */
function loadedPackages(spec: string): string[] {
  const code = `await import(${JSON.stringify(spec)}); const { createRequire } = await import('node:module');
    console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as string[];
}

const FORBIDDEN = /node_modules\/(danfojs-node|plotly\.js-dist-min|playwright-core|tslab)\//;

test('loading the serve module and command loads no danfojs-node, plotly, playwright or tslab', () => {
  const serve = loadedPackages('./lib/serve/index.ts');
  assert.ok(
    serve.some((p) => p.includes('node_modules/ml-matrix/')),
    'the check sees packages the module does load',
  );
  assert.deepEqual(
    serve.filter((p) => FORBIDDEN.test(p)),
    [],
  );
  const cli = loadedPackages('./lib/cli/serve-command.ts');
  assert.deepEqual(
    cli.filter((p) => FORBIDDEN.test(p)),
    [],
  );
  // The check can fail: importing danfojs-node shows up.
  assert.ok(loadedPackages('danfojs-node').some((p) => FORBIDDEN.test(p)));
});
