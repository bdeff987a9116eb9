"""Compute once per run: the report's context, built by the runner and read back by every notebook.

Without it each notebook's kernel would load the plan and the actuals and assess them again
(``dayao_data.yearly.context.setup``), and assess.csv (written by the runner) and the PDF (made of the
notebooks) would come from different computations.  With it the runner builds the one object the
notebooks need — for a yearly report what :func:`dayao_data.yearly.context.setup` returns, for an
evaluation what :func:`dayao_data.evaluation.setup_midterm` / ``setup_final`` return — writes
it with :func:`save_shared` into the run's private work folder (never the report folder, never in
the manifest; removed when the notebooks have run), and passes its path to the notebooks as the
papermill parameter ``context_file``.  ``setup()`` then returns :func:`load_shared` of it instead
of computing: the same object assess.csv and the workbook were written from.

The file is a pickle: the runner made it, for its own kernel, in a folder only this user can read
(``tempfile.mkdtemp``), a moment earlier.  It records the parameters it was computed for; a
notebook that asks for anything else (another year, band, plan, actuals, language…) or whose plan
or actuals files changed since gets a :class:`SharedContextError` saying which, rather than
another report's figures.  Without ``context_file`` (a statistician in JupyterLab) setup()
computes as it always did.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from dayao_data.fsutil import atomic_write_bytes, sha256_file
from dayao_data.paths import EXAMPLE, STORE, example_actuals_path
from dayao_data.run.folders import WORK_FOLDER_PREFIX, sweep_work_folders

__all__ = [
    "CONTEXT_FILE",
    "KEY_FIELDS",
    "SharedContextError",
    "context_key",
    "load_shared",
    "save_shared",
    "work_folder",
]

#: The file's name inside the run's work folder.
CONTEXT_FILE = "context.pickle"
#: The notebook parameters a shared context must agree on (those a notebook passes to setup()).
KEY_FIELDS = (
    "year",
    "plan_file",
    "actuals_files",
    "language",
    "band",
    "output_folder",
    "previous_report",
    "overrides_file",
    "data_cutoff",
    "midterm_year",
)
FORMAT = "dayao-shared-context/1"


class SharedContextError(ValueError):
    """A ``context_file`` that does not belong to the notebook's parameters (or cannot be read)."""


def _normal(field: str, value: Any) -> Any:
    if field == "actuals_files":
        items = [value] if isinstance(value, (str, Path)) else list(value or [])
        return [str(i).strip() for i in items] or [EXAMPLE]
    if field in ("year", "midterm_year"):
        return int(value or 0)
    if field == "band":
        return float(value)
    return "" if value is None else str(value).strip()


def _fingerprint(params: Mapping[str, Any]) -> dict[str, str]:
    """sha256 of the plan file and of every actuals file the parameters name (names resolved)."""
    files: dict[str, str] = {}
    plan = _normal("plan_file", params.get("plan_file", ""))
    if plan:
        files[plan] = sha256_file(plan)
    for item in _normal("actuals_files", params.get("actuals_files")):
        if item == STORE:
            continue  # the runner hands over the store's export file, never the name
        path = example_actuals_path() if item == EXAMPLE else Path(item)
        files[item] = sha256_file(path) if path.is_file() else "missing"
    return files


def context_key(kind: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """What a shared context was computed for: the report kind, the parameters, the input files' sha256."""
    if kind == "final":  # the runner leaves the final's midterm_year at its default (the plan's mid-point)
        params = {"midterm_year": 0, **params}
    return {
        "kind": kind,
        "params": {f: _normal(f, params[f]) for f in KEY_FIELDS if f in params},
        "files": _fingerprint(params),
    }


def save_shared(obj: Any, folder: Path, kind: str, params: Mapping[str, Any]) -> Path:
    """Write ``obj`` (the computed context or evaluation) with its key into ``folder``; return the file."""
    payload = {"format": FORMAT, "key": context_key(kind, params), "object": obj}
    return atomic_write_bytes(Path(folder) / CONTEXT_FILE, pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))


def load_shared(path: str | Path, kind: str, params: Mapping[str, Any]) -> Any:
    """The object the runner computed, after checking it was computed for ``kind`` and ``params``.

    Raises :class:`SharedContextError` naming the first parameter (or input file) that differs.
    """
    path = Path(path)
    try:
        payload = pickle.loads(path.read_bytes())  # noqa: S301 — written by this run's runner, see above
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
        raise SharedContextError(f"context_file {path}: cannot be read ({exc}); leave context_file empty") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise SharedContextError(f"context_file {path}: not a context written by dayao's report runner")
    saved, asked = payload["key"], context_key(kind, params)
    if saved["kind"] != kind:
        raise SharedContextError(f"context_file {path}: computed for a {saved['kind']} report, not a {kind} one")
    for field in KEY_FIELDS:
        if field not in saved["params"] or field not in asked["params"]:
            continue  # a parameter this setup() does not take (an evaluation has no overrides_file)
        if saved["params"][field] != asked["params"].get(field):
            raise SharedContextError(
                f"context_file {path}: computed for {field}={saved['params'][field]!r}, but this notebook asks "
                f"for {field}={asked['params'].get(field)!r}; leave context_file empty to compute afresh"
            )
    if saved["files"] != asked["files"]:
        changed = sorted(
            k for k in {**saved["files"], **asked["files"]} if saved["files"].get(k) != asked["files"].get(k)
        )
        raise SharedContextError(
            f"context_file {path}: the input file {changed[0]} changed since the context was computed; "
            "run the report again"
        )
    return payload["object"]


@contextlib.contextmanager
def work_folder() -> Iterator[Path]:
    """A private folder (mode 700) for the run's own files, removed when the block ends.

    A run killed inside the block cannot remove it: the folders of runs whose process is gone are
    swept first (:func:`dayao_data.run.folders.sweep_work_folders`).
    """
    sweep_work_folders()
    folder = Path(tempfile.mkdtemp(prefix=f"{WORK_FOLDER_PREFIX}{os.getpid()}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
