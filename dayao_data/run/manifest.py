"""The record of a run: each input and output file with its checksum (:func:`file_record`), the
git state, and manifest.json (:func:`write_manifest`)."""

from __future__ import annotations

import datetime as _dt
import json
import platform
import subprocess
import time
from pathlib import Path
from typing import Any

from dayao_data import __version__
from dayao_data.collect.store import read_export_vintage
from dayao_data.fsutil import atomic_write_text, sha256_file
from dayao_data.params import PARAM_KEYS
from dayao_data.run.result import Run


def relative_path(path: Path | str, root: Path) -> str:
    p = Path(path)
    try:
        return p.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(p)


def git_state(root: Path) -> dict | None:
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10
        )
        if commit.returncode != 0:
            return None
        status = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
        )
        return {
            "commit": commit.stdout.strip(),
            "dirty": bool(status.stdout.strip()) if status.returncode == 0 else None,
        }
    except (OSError, subprocess.SubprocessError):
        return None


def file_record(role: str, path: Path, root: Path, **extra: Any) -> dict:
    stat = path.stat()
    record = {
        "role": role,
        "path": relative_path(path, root),
        "sha256": sha256_file(path),
        "bytes": stat.st_size,
        "modified": _dt.datetime.fromtimestamp(stat.st_mtime).isoformat(timespec="seconds"),
        **extra,
    }
    if role == "actuals":
        vintage = read_export_vintage(path)  # an export of the actuals store names its data vintage
        if vintage is not None:
            record["vintage"] = vintage.to_dict()
            record["vintage_label"] = vintage.label("zh")
    return record


def write_manifest(
    run: Run,
    *,
    layout: str,
    git: dict | None,
    inputs: list[dict],
    latest: int | None,
    pages: int | None,
    warnings_found: list[str],
) -> list[str]:
    """Write manifest.json into the run's temporary folder: what went in, what came out, how long it
    took.  Returns the outputs it lists (paths relative to the report folder, manifest.json aside)."""

    params, root, tmp, timings, year, st = run.params, run.root, run.tmp, run.timings, run.year, run.state
    actuals, table, plan = st["actuals"], st["table"], st["plan"]
    outputs = sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file() and p.name != "manifest.json")
    finished = _dt.datetime.now().astimezone()
    manifest = {
        "report": f"dayao-data {run.kind} report",
        "kind": run.kind,
        "layout": layout,
        "year": year,
        "language": params["language"],
        "illustrative": st["illustrative"],
        "package": {"name": "dayao-data", "version": __version__},
        "git": git,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "parameters": {k: params[k] for k in PARAM_KEYS},
        "plan": plan.identity,
        "params_file": relative_path(params["params_file"], root) if params.get("params_file") else None,
        "notebook_parameters": {
            # the shared context's path names a private work folder removed after the notebooks
            **{k: v for k, v in st["notebook_params"].items() if k != "context_file"},
            "output_folder": f"{relative_path(run.final, root)} (built in a temporary folder)",
        },
        "inputs": inputs,
        "data": {
            "actuals_rows": int(len(actuals)),
            "latest_data_year": latest,
            "data_cutoff": st.get("data_cutoff"),
            "series_assessed": int(len(table)),
            "pdf_pages": pages,
            "status_counts": {k: int(v) for k, v in table["status"].value_counts().items()},
        },
        "started": run.started.isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - run.t_start, 3),
        "notebooks": [{"name": n, "seconds": round(s, 3)} for n, s in st["notebook_seconds"].items()],
        "timings": {k: round(v, 3) for k, v in timings.items()},
        "warnings": warnings_found,
        "outputs": [{"path": n, "sha256": sha256_file(tmp / n), "bytes": (tmp / n).stat().st_size} for n in outputs],
    }
    atomic_write_text(tmp / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return outputs
