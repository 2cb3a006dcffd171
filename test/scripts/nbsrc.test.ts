// scripts/nbsrc/NN-*.ts is the readable source of notebooks/NN-*.ipynb (scripts/nbsrc/make_notebook.py writes one
// from the other): each notebook's cells must be the source's cells, so an edit made on one side only is caught.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repo } from './fake-project.js';

type Cell = [kind: 'markdown' | 'code', text: string];

/** The cells of a source file, as make_notebook.py reads them. */
function sourceCells(text: string): Cell[] {
  const cells: Cell[] = [];
  let cell: { kind: Cell[0]; lines: string[] } | undefined;
  const flush = (): void => {
    if (!cell) return;
    let body = cell.lines.join('\n').replace(/^\n+|\n+$/g, '');
    if (cell.kind === 'markdown') {
      body = body
        .split('\n')
        .map((l) => (l.startsWith('// ') ? l.slice(3) : l.startsWith('//') ? l.slice(2) : l))
        .join('\n');
    }
    cells.push([cell.kind, body]);
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('// %% [markdown]')) {
      flush();
      cell = { kind: 'markdown', lines: [] };
    } else if (line.startsWith('// %%')) {
      flush();
      cell = { kind: 'code', lines: [] };
    } else cell?.lines.push(line);
  }
  flush();
  return cells;
}

test('every notebook has a source in scripts/nbsrc, with the same cells', () => {
  const notebooks = readdirSync(join(repo, 'notebooks')).filter((f) => f.endsWith('.ipynb'));
  const sources = readdirSync(join(repo, 'scripts', 'nbsrc')).filter((f) => f.endsWith('.ts'));
  assert.ok(notebooks.length > 0);
  assert.deepEqual(
    sources.map((f) => f.replace(/\.ts$/, '')).sort(),
    notebooks.map((f) => f.replace(/\.ipynb$/, '')).sort(),
  );
  for (const name of notebooks) {
    const nb = JSON.parse(readFileSync(join(repo, 'notebooks', name), 'utf8')) as {
      cells: { cell_type: string; source: string | string[] }[];
    };
    const cells = nb.cells.map((c) => [c.cell_type, [c.source].flat().join('')]);
    const src = sourceCells(readFileSync(join(repo, 'scripts', 'nbsrc', name.replace(/\.ipynb$/, '.ts')), 'utf8'));
    assert.equal(cells.length, src.length, `${name}: ${cells.length} cells, its source ${src.length}`);
    for (const [i, c] of cells.entries()) assert.deepEqual(c, src[i], `${name}: cell ${i} differs from its source`);
  }
});
