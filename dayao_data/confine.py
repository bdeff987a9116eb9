"""Confined writes: a report run replaces only a folder that it (or an earlier run) made.

``output_folder`` in a params file and ``--output`` on the command line name the folder a report
goes to, and the runner *replaces* that folder when the run succeeds.  Before this module a params
file saying ``output_folder: data/store`` replaced the actuals store, ``reports`` removed every
year's report and ``""`` removed the whole project.  :func:`check_output_folder` is called before
anything is written and refuses (:class:`OutputFolderError`, with the reason and what to do) an
output folder that

* is the project folder, or contains it (``""``, ``.``, ``..``, ``/``);
* lies inside a folder the program reads from or is made of (``params/``, ``notebooks/``,
  ``data/store`` or ``$DAYAO_STORE``, ``dayao_data/``, ``.git/`` …);
* lies outside the project, unless the caller says so explicitly (``--allow-outside``,
  ``allow_outside=True``);
* is a file, or a folder that is not empty and is not a previous report of the same kind (a
  previous report is recognised by the ``manifest.json`` this program writes, which names the
  report's kind and year), or a previous report holding files the report did not make.

:func:`remove_report` is the only way a report folder is deleted: it removes the files the folder's
manifest lists (and the manifest), then the folders left empty — never anything else.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

__all__ = ["OutputFolderError", "PROTECTED_FOLDERS", "check_output_folder", "read_report_manifest", "remove_report"]

MANIFEST = "manifest.json"
#: Top-level folders of a project that hold its inputs, its code or its history: never an output.
PROTECTED_FOLDERS = (".git", ".venv", "params", "notebooks", "dayao_data", "data", "tests", "docs", "tools")


class OutputFolderError(ValueError):
    """An output folder a run refuses to write to (nothing has been written)."""


def _resolved(path: str | Path) -> Path:
    return Path(os.path.abspath(os.fspath(path))).resolve()


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def read_report_manifest(folder: str | Path) -> dict | None:
    """The manifest of a report folder written by this program, or None.

    A manifest is this program's when it is a JSON object whose ``report`` says
    ``dayao-data <kind> report`` and whose ``outputs`` lists the files it made.
    """
    path = Path(folder) / MANIFEST
    try:
        if not path.is_file() or path.stat().st_size > 50_000_000:
            return None
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("outputs"), list):
        return None
    report = data.get("report")
    if not isinstance(report, str) or not report.startswith("dayao-data ") or not report.endswith(" report"):
        return None
    data.setdefault("kind", report[len("dayao-data ") : -len(" report")])
    return data


def _listed(manifest: dict) -> set[str]:
    names = {MANIFEST}
    for item in manifest.get("outputs", []):
        if isinstance(item, dict) and isinstance(item.get("path"), str):
            names.add(Path(item["path"]).as_posix())
    return names


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir() or p.is_symlink())


def _some(names: list[str], n: int = 5) -> str:
    shown = ", ".join(names[:n])
    return shown + (f" and {len(names) - n} more" if len(names) > n else "")


def check_output_folder(
    folder: str | Path,
    project_root: str | Path,
    *,
    kind: str = "yearly",
    year: int | None = None,
    allow_outside: bool = False,
    store_root: str | Path | None = None,
    what: str = "output_folder",
) -> Path:
    """The resolved output folder if a run may build its report there; else :class:`OutputFolderError`.

    ``what`` names the setting in the message (``output_folder`` of the params file, ``--output``).

    >>> import tempfile, pathlib
    >>> project = pathlib.Path(tempfile.mkdtemp())
    >>> check_output_folder(project / "reports" / "2023", project, year=2023) == (project / "reports" / "2023").resolve()
    True
    >>> check_output_folder(project, project, year=2023)
    Traceback (most recent call last):
    ...
    dayao_data.confine.OutputFolderError: output_folder ... is the project folder itself; ...
    """
    root = _resolved(project_root)
    final = _resolved(folder)
    shown = f"{what} {str(folder)!r}" + (f" ({final})" if str(folder) != str(final) else "")
    advice = "choose a new folder under reports/, e.g. reports/" + (str(year) if kind == "yearly" and year else kind)
    if final == root:
        raise OutputFolderError(
            f"{shown} is the project folder itself; a report replaces its output folder, "
            f"so this would delete the project — {advice}"
        )
    if _inside(root, final):
        raise OutputFolderError(
            f"{shown} contains the project folder {root}; a report replaces its output folder, "
            f"so this would delete the project — {advice}"
        )
    if _inside(final, root):
        top = final.relative_to(root).parts[0]
        if top in PROTECTED_FOLDERS:
            raise OutputFolderError(
                f"{shown} lies inside the project's {top}/ folder, which holds the program's inputs "
                f"or code, not reports — {advice}"
            )
    elif not allow_outside:
        raise OutputFolderError(
            f"{shown} lies outside the project folder {root}; to write a report there, say so "
            f"explicitly with --allow-outside (allow_outside=True) — or {advice}"
        )
    if store_root is None:
        try:
            from dayao_data.collect.store import default_store_root

            store_root = default_store_root()
        except Exception:  # noqa: BLE001 — no store configured: nothing to protect
            store_root = None
    if store_root is not None:
        store = _resolved(store_root)
        if _inside(final, store) or _inside(store, final):
            raise OutputFolderError(f"{shown} is, contains or lies inside the actuals store {store} — {advice}")
    if final.exists() or final.is_symlink():
        if not final.is_dir():
            raise OutputFolderError(f"{shown} is a file, not a folder — {advice}")
        if any(final.iterdir()):
            manifest = read_report_manifest(final)
            if manifest is None:
                raise OutputFolderError(
                    f"{shown} is not empty and is not a report made by this program (it has no dayao manifest.json): "
                    f"a report replaces its output folder, so its files ({_some(_files(final))}) would be deleted — {advice}, "
                    "or an empty one"
                )
            if manifest.get("kind") != kind:
                raise OutputFolderError(
                    f"{shown} holds a {manifest.get('kind')} report, and this run makes a {kind} report; "
                    f"it would replace it — {advice}"
                )
            if kind == "yearly" and year is not None and manifest.get("year") not in (None, year):
                raise OutputFolderError(
                    f"{shown} holds the yearly report of {manifest.get('year')}, and this run is for "
                    f"{year}; it would replace it — {advice}"
                )
            extra = [n for n in _files(final) if n not in _listed(manifest)]
            if extra:
                raise OutputFolderError(
                    f"{shown} holds files the report did not make ({_some(extra)}); replacing the "
                    "report would delete them — move them elsewhere first, or choose another folder"
                )
    return final


def remove_report(folder: str | Path) -> list[str]:
    """Delete a report folder: the files its manifest lists, the manifest, then folders left empty.

    Returns what was left because the report did not make it (then the folder stays).  A folder
    without this program's manifest is left as it is, except that it is removed when empty.

    >>> import tempfile, pathlib, json
    >>> d = pathlib.Path(tempfile.mkdtemp()) / "2023"; d.mkdir()
    >>> _ = (d / "report.pdf").write_text("x"); _ = (d / "notes.txt").write_text("mine")
    >>> _ = (d / "manifest.json").write_text(json.dumps({"report": "dayao-data yearly report", "outputs": [{"path": "report.pdf"}]}))
    >>> remove_report(d)
    ['notes.txt']
    >>> sorted(p.name for p in d.iterdir())
    ['notes.txt']
    """
    folder = Path(folder)
    if not folder.is_dir() or folder.is_symlink():
        return [folder.name] if folder.exists() or folder.is_symlink() else []
    manifest = read_report_manifest(folder)
    if manifest is not None:
        for name in sorted(_listed(manifest) - {MANIFEST}) + [MANIFEST]:
            p = folder / name
            if not _inside(Path(os.path.abspath(p)), Path(os.path.abspath(folder))):
                continue  # a manifest naming ../something: never outside the folder
            try:
                if p.is_symlink() or p.is_file():
                    p.unlink()
            except OSError:
                pass
    for d in sorted(
        (p for p in folder.rglob("*") if p.is_dir() and not p.is_symlink()), key=lambda p: len(p.parts), reverse=True
    ):
        try:
            d.rmdir()
        except OSError:
            pass
    try:
        folder.rmdir()
    except OSError:
        return _files(folder)
    return []
