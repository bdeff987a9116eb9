"""Keep committed notebooks small: only the outputs nbval checks, no images, no run metadata.

The notebooks in ``notebooks/`` are committed with the outputs of their ``# NBVAL_CHECK_OUTPUT``
cells (the summary counts, the alarm list, the status table …), so that

    pytest --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg notebooks/

re-executes them and compares those outputs.  Every other output (charts as base64 PNG, long
tables) stays out of git: the executed notebooks of a run are kept in ``reports/<year>/``.

Usage::

    python tools/strip_outputs.py                  # strip every notebooks/*.ipynb in place
    python tools/strip_outputs.py --execute        # run them (default parameters) first, then strip
    python tools/strip_outputs.py --check          # exit 1 if a notebook is not stripped (for CI)

Run ``--execute`` after changing a notebook or what a checked cell shows, then commit.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "NBVAL_CHECK_OUTPUT"
#: Output MIME types kept for checked cells: what nbval compares and what a reader of the .ipynb sees.
KEPT_MIME = ("text/plain", "text/html", "text/markdown")
#: Cell metadata a run adds and nobody needs in git.
RUN_CELL_METADATA = ("papermill", "execution", "collapsed", "scrolled", "ExecuteTime")


def is_checked(cell: dict) -> bool:
    """True for a code cell with a ``# NBVAL_CHECK_OUTPUT`` comment line (nbval's marker)."""
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    return any(
        line.strip().lstrip("#").strip() == MARKER for line in source.splitlines() if line.strip().startswith("#")
    )


def _strip_output(output: dict, where: str) -> dict | None:
    kind = output.get("output_type")
    if kind not in ("display_data", "execute_result"):
        return None  # streams (warnings, progress) and errors are not part of the record
    data = {k: v for k, v in output.get("data", {}).items() if k in KEPT_MIME}
    html = data.get("text/html", "")
    html = "".join(html) if isinstance(html, list) else html
    if "data:image" in html:
        raise SystemExit(f"{where}: a checked cell shows an image; checked cells must show text and tables only")
    if not data:
        return None
    kept = {"output_type": "display_data", "data": data, "metadata": {}}
    return kept


def strip_notebook(nb: dict, name: str = "<notebook>") -> dict:
    """The notebook with only checked cells' text outputs and no run metadata."""
    nb = copy.deepcopy(nb)
    cells = []
    code_number = 0
    for index, cell in enumerate(nb.get("cells", [])):
        meta = cell.get("metadata", {})
        if "injected-parameters" in meta.get("tags", []):
            continue  # papermill's cell: the parameters cell is the record of the defaults
        for key in RUN_CELL_METADATA:
            meta.pop(key, None)
        if cell.get("cell_type") == "code":
            code_number += 1
            outputs = []
            if is_checked(cell):
                for output in cell.get("outputs", []):
                    kept = _strip_output(output, f"{name} cell {index}")
                    if kept is not None:
                        outputs.append(kept)
            cell["outputs"] = outputs
            # nbval refuses stored outputs of a cell that never ran; number checked cells as a
            # fresh run of this notebook alone would, so that re-running in another order or
            # kernel does not change the file.
            cell["execution_count"] = code_number if outputs else None
        cells.append(cell)
    nb["cells"] = cells
    metadata = nb.setdefault("metadata", {})
    for key in ("papermill", "widgets"):
        metadata.pop(key, None)
    # The kernel writes its exact Python version here; keep only the language, so that a run on
    # another machine does not change the file.
    metadata["language_info"] = {"name": "python"}
    return nb


def _dump(nb: dict) -> str:
    return json.dumps(nb, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def execute(paths: list[Path]) -> None:
    """Run each notebook in place with its default parameters, one kernel for all."""
    import papermill
    from jupyter_client import KernelManager

    km = KernelManager(kernel_name="python3")
    km.start_kernel(cwd=str(ROOT / "notebooks"))
    try:
        for path in paths:
            print(f"executing {path.relative_to(ROOT)}", file=sys.stderr)
            papermill.execute_notebook(
                str(path),
                str(path),
                kernel_name="python3",
                km=km,
                cwd=str(path.parent),
                progress_bar=False,
                log_output=False,
            )
    finally:
        km.shutdown_kernel(now=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks (default: every notebook under notebooks/)")
    parser.add_argument("--execute", action="store_true", help="run the notebooks with their default parameters first")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook is not stripped")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("**/*.ipynb"))
    if args.execute and not args.check:
        execute(paths)
    dirty = []
    for path in paths:
        text = path.read_text("utf-8")
        stripped = _dump(strip_notebook(json.loads(text), path.name))
        if stripped != text:
            dirty.append(path)
            if not args.check:
                path.write_text(stripped, "utf-8")
    for path in dirty:
        print(
            f"{'not stripped' if args.check else 'stripped'}: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"
        )
    return 1 if (args.check and dirty) else 0


if __name__ == "__main__":
    sys.exit(main())
