"""Execute Jupyter notebooks with the tslab kernel and render them to HTML (used by scripts/notebooks.mjs).

One Python process runs the notebooks in order (kernel start ~2 s each). Every code cell's outputs and execution
count are cleared first, so a cell a failed run did not reach shows nothing rather than its committed outputs. For each
notebook it writes the executed copy (in place, only after a clean run, or into --out-dir) and, with --html-dir, an HTML
rendering without CDN requests. A failure prints the failing cell's source, its stderr (tslab sends TypeScript
diagnostics there and fails the cell) and the traceback. --timeout limits each notebook as a whole, kernel start
included; a notebook still running then fails as timed out, naming the cell it was in. The last line of stdout is a
JSON summary: [{"notebook", "seconds", "status", "error"}].
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
from nbclient.exceptions import CellExecutionError, DeadKernelError

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


# How long after the notebook's deadline the whole run is cancelled when no cell's own timeout ended it (a kernel that
# does not start or answer): a cell's timeout is the rest of the notebook's time, and nbclient ends a cell cleanly.
STALL_GRACE_SECONDS = 5


def clear_outputs(nb):
    """Empties every code cell's outputs and execution count (nbclient resets only the cells it runs)."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None


def timeout_message(nb, args, running):
    """A notebook that ran out of its --timeout: the limit, and the cell it was in (`running`, an index, or None when
    no cell had started)."""
    limit = f"timed out: --timeout {args.timeout} s (the limit for the whole notebook, kernel start included) ran out"
    if running is None:
        return f"{limit} before any cell started (starting the kernel)"
    return f"{limit} in {describe_failure(nb, running)}"


async def execute(path, args):
    nb = nbformat.read(path, as_version=4)
    clear_outputs(nb)
    failed = []  # index of the cell whose execution reply was an error
    running = [None]  # index of the code cell last sent to the kernel
    deadline = time.monotonic() + args.timeout

    def cell_timeout(cell):
        # the rest of the notebook's time; nbclient reads 0 as "no limit"
        return max(deadline - time.monotonic(), 0.001)

    def on_cell_execute(cell, cell_index):
        running[0] = cell_index

    client = NotebookClient(
        nb,
        timeout=args.timeout,  # nbclient's wait for the kernel's first reply
        timeout_func=cell_timeout,
        kernel_name=args.kernel,
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
        on_cell_execute=on_cell_execute,
        on_cell_error=lambda cell, cell_index, execute_reply: failed.append(cell_index),
    )
    status, error = "ok", None
    try:
        await asyncio.wait_for(client.async_execute(), timeout=args.timeout + STALL_GRACE_SECONDS)
    except Exception as e:  # noqa: BLE001 - report any runner failure as a notebook failure
        status = "failed"
        # CellTimeoutError is a TimeoutError too; past the deadline, whatever ended the run (the cancelled kernel
        # client raises DeadKernelError) was the timeout
        if isinstance(e, (TimeoutError, asyncio.TimeoutError)) or time.monotonic() >= deadline:
            error = timeout_message(nb, args, running[0])
        elif isinstance(e, DeadKernelError):
            error = f"the kernel died: {strip_ansi(str(e))[:500]}"
        elif isinstance(e, CellExecutionError):
            error = describe_failure(nb, failed[-1] if failed else None) or strip_ansi(str(e))[:4000]
        else:
            error = f"{type(e).__name__}: {strip_ansi(str(e))[:2000]}"
    finally:
        km = getattr(client, "km", None)
        if km is not None:
            try:
                await km._async_shutdown_kernel(now=True)
            except Exception:  # noqa: BLE001
                pass
    if status == "ok" and failed:
        # nbclient allows an error reply from a cell tagged "raises-exception" (and still reports it to
        # on_cell_error). A notebook that shows an error is not a clean run: treat it as a failure. tslab shows a
        # runtime error as stderr text, not as an error output, so the reply is what tells (the check below alone
        # passed such a tslab notebook as ok).
        status, error = "failed", describe_failure(nb, failed[0])
    if status == "ok":
        # tslab fails a cell that does not compile (its diagnostics arrive as stderr, with an error reply), so with
        # allow_errors=False that raised above; stderr alone is no failure (console.error in a working cell). What
        # gets here: an error output in a cell whose reply was not an error. Not a clean run either.
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
    p.add_argument(
        "--timeout",
        type=int,
        default=900,
        help="seconds per notebook as a whole, kernel start included (default 900)",
    )
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
