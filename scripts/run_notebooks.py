"""Execute Jupyter notebooks with the tslab kernel and render them to HTML (used by scripts/notebooks.mjs).

One Python process runs the notebooks in order (kernel start ~2 s each). For each notebook it writes the
executed copy (in place or into --out-dir) and, with --html-dir, an HTML rendering without CDN requests.
A failure prints the failing cell's source, its stderr (tslab sends TypeScript diagnostics there and fails
the cell) and the traceback. The last line of stdout is a JSON summary: [{"notebook", "seconds", "status", "error"}].
"""

import argparse
import asyncio
import json
import os
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def strip_ansi(text):
    return ANSI.sub("", text)


def describe_failure(nb, failed_index=None):
    """The failing cell: `failed_index` (the cell whose execution reply was an error) when known, else the last
    code cell with an error output, else the first one with stderr."""
    failing = None
    if failed_index is not None:
        failing = (failed_index, nb.cells[failed_index])
    else:
        for idx, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            outs = cell.get("outputs", [])
            if any(o.get("output_type") == "error" for o in outs):
                failing = (idx, cell)
            elif failing is None and any(o.get("name") == "stderr" for o in outs):
                failing = (idx, cell)
    if failing is None:
        return None
    idx, cell = failing
    parts = [f"cell {idx + 1}:", "  source:"]
    parts += ["    " + line for line in cell.source.splitlines()[:20]]
    for o in cell.get("outputs", []):
        if o.get("output_type") == "stream" and o.get("name") == "stderr":
            parts.append("  stderr:")
            parts += ["    " + line for line in strip_ansi(o.get("text", "")).splitlines()[:40]]
        if o.get("output_type") == "error":
            parts.append(f"  error: {o.get('ename')}: {strip_ansi(o.get('evalue', ''))}")
            for tb in o.get("traceback", [])[:30]:
                parts += ["    " + line for line in strip_ansi(tb).splitlines()]
    return "\n".join(parts)


async def execute(path, args):
    nb = nbformat.read(path, as_version=4)
    failed = []  # index of the cell whose execution reply was an error

    client = NotebookClient(
        nb,
        timeout=args.timeout,
        kernel_name=args.kernel,
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
        on_cell_error=lambda cell, cell_index, execute_reply: failed.append(cell_index),
    )
    status, error = "ok", None
    try:
        await asyncio.wait_for(client.async_execute(), timeout=args.timeout)
    except asyncio.TimeoutError:
        status, error = "failed", f"timed out after {args.timeout} s"
    except CellTimeoutError as e:
        status, error = "failed", f"a cell timed out: {strip_ansi(str(e))[:500]}"
    except DeadKernelError as e:
        status, error = "failed", f"the kernel died: {strip_ansi(str(e))[:500]}"
    except CellExecutionError as e:
        status, error = "failed", describe_failure(nb, failed[-1] if failed else None) or strip_ansi(str(e))[:4000]
    except Exception as e:  # noqa: BLE001 - report any runner failure as a notebook failure
        status, error = "failed", f"{type(e).__name__}: {strip_ansi(str(e))[:2000]}"
    finally:
        km = getattr(client, "km", None)
        if km is not None:
            try:
                await km._async_shutdown_kernel(now=True)
            except Exception:  # noqa: BLE001
                pass
    if status == "ok":
        # tslab fails a cell that does not compile (its diagnostics arrive as stderr, with an error reply), so with
        # allow_errors=False that raised above; stderr alone is no failure (console.error in a working cell). What
        # gets here: an error output in a cell that did not raise, as nbclient allows for a cell tagged
        # "raises-exception". A notebook that shows an error is not a clean run: treat it as a failure.
        for cell in nb.cells:
            outs = cell.get("outputs", []) if cell.cell_type == "code" else []
            if any(o.get("output_type") == "error" for o in outs):
                status, error = "failed", describe_failure(nb)
                break
    return nb, status, error


def render_html(nb, out_path):
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    exporter.require_js_url = ""
    exporter.mathjax_url = ""
    body, _ = exporter.from_notebook_node(nb)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(body)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("notebooks", nargs="+")
    p.add_argument("--in-place", action="store_true", help="write outputs back into the notebooks")
    p.add_argument("--out-dir", help="write executed copies here")
    p.add_argument("--html-dir", help="write HTML renderings here")
    p.add_argument("--timeout", type=int, default=900, help="seconds per notebook")
    p.add_argument("--kernel", default="tslab")
    args = p.parse_args()
    summary = []
    for path in args.notebooks:
        name = os.path.basename(path)
        print(f"[notebooks] running {name} ...", file=sys.stderr, flush=True)
        t0 = time.time()
        nb, status, error = asyncio.run(execute(path, args))
        secs = round(time.time() - t0, 1)
        if args.in_place and status == "ok":
            nbformat.write(nb, path)
        if args.out_dir:
            os.makedirs(args.out_dir, exist_ok=True)
            nbformat.write(nb, os.path.join(args.out_dir, name))
        if args.html_dir:
            os.makedirs(args.html_dir, exist_ok=True)
            try:
                render_html(nb, os.path.join(args.html_dir, name.replace(".ipynb", ".html")))
            except Exception as e:  # noqa: BLE001
                status, error = "failed", f"HTML rendering failed: {e}"
        if error:
            print(f"[notebooks] {name} FAILED:\n{error}", file=sys.stderr, flush=True)
        else:
            print(f"[notebooks] {name} ok ({secs} s)", file=sys.stderr, flush=True)
        summary.append({"notebook": name, "seconds": secs, "status": status, "error": error})
    print(json.dumps(summary))
    sys.exit(0 if all(s["status"] == "ok" for s in summary) else 1)


if __name__ == "__main__":
    main()
