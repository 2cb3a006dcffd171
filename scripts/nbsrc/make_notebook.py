"""Writes a notebook (without outputs) from a cell list file: each cell starts at a line beginning '// %% [markdown]'
(a markdown cell, its lines written as `// ` comments) or '// %%' (a code cell); lines before the first are dropped.

Usage: .venv/bin/python scripts/nbsrc/make_notebook.py scripts/nbsrc/00-environment.ts notebooks/00-environment.ipynb
The .ts source is the readable, diffable form of a notebook; `npm run notebooks -- --in-place` then fills outputs.
"""
import sys

import nbformat as nbf

src, dst = sys.argv[1], sys.argv[2]
cells, kind, buf = [], None, []


def flush():
    if kind is None:
        return
    text = "\n".join(buf).strip("\n")
    if kind == "md":
        text = "\n".join(line[3:] if line.startswith("// ") else line[2:] if line.startswith("//") else line for line in text.splitlines())
        cells.append(nbf.v4.new_markdown_cell(text))
    else:
        cells.append(nbf.v4.new_code_cell(text))


for line in open(src, encoding="utf-8").read().splitlines():
    if line.startswith("// %% [markdown]"):
        flush(); kind, buf = "md", []
    elif line.startswith("// %%"):
        flush(); kind, buf = "code", []
    else:
        buf.append(line)
flush()
nb = nbf.v4.new_notebook()
nb.metadata = {
    "kernelspec": {"name": "tslab", "display_name": "TypeScript (sizefit)", "language": "typescript"},
    "language_info": {"name": "typescript", "file_extension": ".ts", "mimetype": "text/typescript"},
}
nb.cells = cells
nbf.write(nb, dst)
print(f"wrote {dst} ({len(cells)} cells)")
