// Executes every committed notebook into a temporary folder (never rewriting the committed ones) and fails
// on any failed cell or error output. Runs the same runner as `npm start`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createHash } from 'node:crypto';
// @ts-expect-error: plain JS module without types
import { runNotebooks, listNotebooks } from '../../scripts/notebook-runner.mjs';

interface NbOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
}
interface Nb {
  cells: { cell_type: string; outputs?: NbOutput[] }[];
}

const hash = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

test('every notebook executes without errors and renders to HTML', { timeout: 40 * 60_000 }, async () => {
  const notebooks: string[] = listNotebooks();
  assert.ok(notebooks.length >= 1, 'there are notebooks to run');
  const before = new Map(notebooks.map((p) => [p, hash(p)]));
  // the kernels inherit TMPDIR: what a notebook leaves in the temporary directory shows up here
  const tmpBefore = new Set(readdirSync(tmpdir()));
  const out = mkdtempSync(join(tmpdir(), 'sizefit-nb-'));
  try {
    const summary: { notebook: string; status: string; error: string | null }[] = await runNotebooks({
      inPlace: false,
      outDir: join(out, 'nb'),
      htmlDir: join(out, 'html'),
      timeout: 1200,
      names: [],
    });
    // every notebook ran, each once (a runner that skipped some would otherwise pass)
    const names = notebooks.map((p) => basename(p));
    assert.deepEqual(
      summary.map((s) => s.notebook),
      names,
    );
    for (const s of summary) assert.equal(s.status, 'ok', `${s.notebook} failed:\n${s.error}`);
    assert.deepEqual(readdirSync(join(out, 'nb')).sort(), names);
    for (const name of readdirSync(join(out, 'nb'))) {
      const nb = JSON.parse(readFileSync(join(out, 'nb', name), 'utf8')) as Nb;
      const code = nb.cells.filter((c) => c.cell_type === 'code');
      for (const [i, c] of code.entries()) {
        for (const o of c.outputs ?? []) {
          assert.notEqual(o.output_type, 'error', `${name}: code cell ${i + 1} has an error output`);
        }
      }
      assert.ok(
        statSync(join(out, 'html', name.replace('.ipynb', '.html'))).size > 1000,
        `${name} has an HTML rendering`,
      );
    }
    for (const [p, h] of before) assert.equal(hash(p), h, `${p} was not rewritten`);
    // Before: 05 left its model folders, with the advice history (customers' data), in the temporary directory.
    assert.deepEqual(
      readdirSync(tmpdir()).filter((f) => f.startsWith('sizefit-nb05-') && !tmpBefore.has(f)),
      [],
      'notebook 05 removed its temporary model folders',
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
