// `npm run lab` starts JupyterLab from the project's venv with the TypeScript (tslab) kernel as default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';

test('npm run lab serves JupyterLab with the tslab kernel', { timeout: 120_000 }, async () => {
  const port = 20000 + (process.pid % 10000);
  const token = 'sizefit-test';
  const child = spawn(
    process.execPath,
    ['scripts/lab.mjs', `--port=${port}`, `--ServerApp.token=${token}`, '--no-browser', '--ServerApp.port_retries=0'],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  try {
    let specs: { default: string; kernelspecs: Record<string, { spec: { display_name: string } }> } | undefined;
    const t0 = Date.now();
    while (!specs && Date.now() - t0 < 90_000) {
      await new Promise((r) => setTimeout(r, 1000));
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/kernelspecs`, {
          headers: { Authorization: `token ${token}` },
        });
        if (res.ok) specs = (await res.json()) as typeof specs;
      } catch {
        // not listening yet
      }
    }
    assert.ok(specs, `JupyterLab did not answer on port ${port}:\n${log.slice(-2000)}`);
    assert.equal(specs.default, 'tslab');
    assert.equal(specs.kernelspecs.tslab.spec.display_name, 'TypeScript (sizefit)');
    const lab = await fetch(`http://127.0.0.1:${port}/lab?token=${token}`);
    assert.equal(lab.status, 200);
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
  }
});
