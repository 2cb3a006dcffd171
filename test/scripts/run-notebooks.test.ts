// scripts/run_notebooks.py names the cell that failed. A three-cell notebook in a temporary folder, run with the
// project's venv and tslab kernel (about 3 s); skipped where setup has not made the venv.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repo } from './fake-project.js';

const python = join(repo, '.venv', 'bin', 'python');
const kernel = join(repo, '.venv', 'share', 'jupyter', 'kernels', 'tslab', 'kernel.json');

const notebook = (sources: string[]): string =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript (sizefit)', language: 'typescript' } },
    cells: sources.map((source, i) => ({
      id: `c${i}`,
      cell_type: 'code',
      metadata: {},
      execution_count: null,
      outputs: [],
      source,
    })),
  });

test(
  'a cell that does not compile is the one reported, not an earlier cell that wrote to stderr',
  { skip: !existsSync(python) || !existsSync(kernel), timeout: 60_000 },
  (t) => {
    // Before: the first cell with stderr output was blamed (here cell 1, whose console.error is no failure).
    const dir = mkdtempSync(join(tmpdir(), 'sizefit-run-notebooks-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(
      join(dir, 't.ipynb'),
      notebook(['console.error("just a warning");', 'const x: number = "a";', 'console.log("not reached");']),
    );
    const r = spawnSync(python, [join(repo, 'scripts', 'run_notebooks.py'), '--timeout', '50', join(dir, 't.ipynb')], {
      encoding: 'utf8',
      timeout: 55_000,
    });
    assert.equal(r.status, 1, r.stderr);
    const [summary] = JSON.parse(r.stdout.trim().split('\n').pop()!) as { status: string; error: string }[];
    assert.equal(summary.status, 'failed');
    assert.match(summary.error, /^cell 2:\n {2}source:\n {4}const x: number = "a";\n {2}stderr:\n.*not assignable/s);
  },
);
