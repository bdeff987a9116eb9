"""The actuals store: every figure a department reported, every version of it, and where it came from.

The store is a folder (``data/store/`` in the project, or ``$DAYAO_STORE``)::

    data/store/
      versions.csv              every version of every figure; rows are only ever added
      intakes.csv               one row per intake: id, time, who, note, files, counts (an index)
      incoming/<intake_id>/     the files of that intake, byte for byte as they came,
                                and intake.json (the intake's own record)
      exports/                  tidy actuals CSVs for the reports (a cache, rebuilt on demand; for a
                                store we may only read, in <temp>/dayao-exports-<user>/ instead)
      .lock                     present only while an intake is being recorded (an OS file lock)

A **version** is one figure for one (indicator, year) as received: value, assigned target, source,
note, the department, the intake, the time, the file (name and SHA-256), sheet and row, how a
non-plain text was read (``reading_note``) and the version it replaced (``supersedes``).  A revised
figure is a new version; the earlier one stays in ``versions.csv`` and in :meth:`history`.

A **vintage** is the state of the store after one intake.  :meth:`current` and
:meth:`export_current` take an intake id (``20250312-001``), an ISO date (``2025-03-12``: every
intake up to the end of that day, local time) or an ISO date-time; so a report can be rebuilt
exactly as it was on an earlier day.

Safety
------
Recording an intake (:meth:`record`) is all-or-nothing.  Under an OS file lock on ``.lock``
(``flock``, one intake at a time, taken over atomically from an intake that was killed),
the incoming files are copied into ``incoming/<intake_id>/`` and checked against the SHA-256 taken
when they were validated; then the new ``versions.csv`` is written to a temporary file, flushed
to disk and moved over the old one with ``os.replace`` — the single commit point.  If anything
fails before that, the copied files are removed and the store is byte for byte as it was.
``intakes.csv`` is refreshed after the commit; it is an index that :meth:`intakes` completes from
``incoming/*/intake.json`` if a crash ever left it behind.

Text that a spreadsheet would run as a formula (``=…``, ``+…``, ``-…``, ``@…``) is stored with a
leading apostrophe in the CSV files (and read back without it), so that opening ``versions.csv``
in Excel is safe; the exported actuals keep the apostrophe (see :func:`dayao_data.excel.safe_cell_text`).

The store is read by :class:`~dayao_data.collect.store_versions.StoreVersions` (versions, intakes,
vintages, current figures, history), which :class:`ActualsStore` extends with the intake's writing
and the exports; its records are in :mod:`~dayao_data.collect.records`, its lock in
:mod:`~dayao_data.collect.store_lock`.  This module re-exports the records' names.

Examples
--------
>>> import tempfile
>>> store = ActualsStore(tempfile.mkdtemp())
>>> store.is_empty()
True
>>> len(store.current())
0
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from dayao_data.collect.records import (
    EXPORT_COLUMNS,
    EXPORT_SCHEMA,
    INTAKE_COLUMNS,
    LEGACY_VERSION_COLUMNS,
    TEXT_COLUMNS,
    VERSION_COLUMNS,
    IncomingFile,
    IntakeRecord,
    NewVersion,
    StoreError,
    StoreLocked,
    Vintage,
    escape_cell,
    now_local,
    number_text,
    read_export_vintage,
)
from dayao_data.collect.store_lock import acquire_lock, release_lock, remove_leftovers, user_name
from dayao_data.collect.store_versions import StoreVersions
from dayao_data.excel import safe_cell_text
from dayao_data.fsutil import atomic_write_text, sha256_file

__all__ = [
    "VERSION_COLUMNS",
    "LEGACY_VERSION_COLUMNS",
    "INTAKE_COLUMNS",
    "ActualsStore",
    "StoreError",
    "StoreLocked",
    "NewVersion",
    "IncomingFile",
    "IntakeRecord",
    "Vintage",
    "default_store_root",
    "read_export_vintage",
]


def default_store_root() -> Path:
    """``$DAYAO_STORE`` if set, else ``<project root>/data/store`` (see :func:`dayao_data.paths.project_root`)."""
    env = os.environ.get("DAYAO_STORE")
    if env:
        return Path(env).expanduser().resolve()
    from dayao_data.paths import project_root

    return project_root() / "data" / "store"


# --------------------------------------------------------------------------------------
# The store
# --------------------------------------------------------------------------------------


@dataclass
class ActualsStore(StoreVersions):
    """The actuals store in ``root`` (created on the first intake).

    >>> import tempfile
    >>> ActualsStore(tempfile.mkdtemp()).vintage() is None
    True
    """

    root: Path
    _lock_depth: int = field(default=0, repr=False, compare=False)

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root).expanduser().resolve()
        self._lock_depth = 0

    @classmethod
    def default(cls) -> ActualsStore:
        """The project's store: ``$DAYAO_STORE``, else ``<project root>/data/store``."""
        return cls(default_store_root())

    # -- export for the reports -------------------------------------------------------
    def export_current(self, vintage: str | None = None) -> Path:
        """A tidy actuals CSV of the figures in force as of ``vintage`` (default: the latest intake).

        The file is ``exports/actuals-<intake_id>.csv`` inside the store (columns indicator, year,
        value, source, note, assigned_target — what :func:`dayao_data.actuals.load_actuals` reads),
        written atomically, with a sidecar ``.json`` naming the vintage (read it with
        :func:`read_export_vintage`).  Text that could run as a formula keeps a leading apostrophe.

        Raises
        ------
        StoreError
            When the store holds no intake (or none by that vintage), or the vintage is unknown.
        """
        chosen = self.resolve_vintage(vintage)
        if chosen is None:
            raise StoreError(
                f"the actuals store at {self.root} holds no figures yet: take in the returned forms with "
                "`dayao intake FILE ...` first (or use --actuals example for the illustrative data)"
            )
        current = self.current(chosen.intake_id)
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(EXPORT_COLUMNS)
        for r in current.itertuples(index=False):
            writer.writerow(
                [
                    r.indicator,
                    int(r.year),
                    number_text(r.value),
                    safe_cell_text(r.source),
                    safe_cell_text(r.note),
                    number_text(None if pd.isna(r.assigned_target) else r.assigned_target),
                    r.flag if isinstance(r.flag, str) else "",
                    "" if pd.isna(r.events) or r.events == "" else r.events,
                    "" if pd.isna(r.denominator) or r.denominator == "" else r.denominator,
                ]
            )
        destination = self.exports_dir / f"actuals-{chosen.intake_id}.csv"
        # A BOM so that Excel in China opens the Chinese text correctly; the loader reads it too.
        try:
            atomic_write_text(destination, "\ufeff" + buf.getvalue())
        except OSError:
            # A store we may only read (a shared folder, a read-only copy): reading it must still
            # work, so the export goes to a per-user cache outside the store instead.
            destination = self._outside_exports_dir() / destination.name
            atomic_write_text(destination, "\ufeff" + buf.getvalue())
        sidecar = {
            "schema": EXPORT_SCHEMA,
            "store": str(self.root),
            "intake_id": chosen.intake_id,
            "received_at": chosen.received_at,
            "requested": vintage,
            "versions": int(len(current)),
            "version_ids": [str(v) for v in current["version_id"]],
            "versions_csv_sha256": sha256_file(self.versions_path),
            "exported_at": now_local().isoformat(),
        }
        atomic_write_text(destination.with_suffix(".json"), json.dumps(sidecar, ensure_ascii=False, indent=1) + "\n")
        return destination

    def _outside_exports_dir(self) -> Path:
        """Where exports of a read-only store go: ``<temp>/dayao-exports-<user>/<hash of the store path>/``."""
        import tempfile

        key = hashlib.sha256(str(self.root).encode("utf-8")).hexdigest()[:16]
        folder = (
            Path(tempfile.gettempdir()) / f"dayao-exports-{os.getuid() if hasattr(os, 'getuid') else user_name()}" / key
        )
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return folder

    # -- writing ----------------------------------------------------------------------
    @contextlib.contextmanager
    def locked(self) -> Iterator[ActualsStore]:
        """Hold the store's lock (re-entrant): no other intake can record meanwhile.

        The lock is an OS file lock (``flock``) on ``.lock``, held for as long as the block runs, so
        the operating system — not a check of who wrote the file — decides who holds it: a lock
        file left by a killed intake is taken over by exactly one of the intakes that find it, and
        every other one raises :class:`StoreLocked` naming the holder.  A lock file written by an
        intake on another computer (a shared folder, where OS locks may not reach) is respected.
        """
        if self._lock_depth:
            self._lock_depth += 1
            try:
                yield self
            finally:
                self._lock_depth -= 1
            return
        created_root = not self.root.exists()
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd = acquire_lock(self.root, self.lock_path)
        except PermissionError as exc:
            raise StoreError(
                f"the actuals store {self.root} cannot be written ({exc.strerror or exc}): an intake needs write access to it; "
                "reading it (dayao history, reports from [store]) does not"
            ) from None
        except OSError as exc:
            if isinstance(exc, StoreError):
                raise
            raise StoreError(
                f"the actuals store {self.root} cannot be locked for an intake ({exc.strerror or exc})"
            ) from None
        self._lock_depth = 1
        try:
            remove_leftovers(self.root)
            yield self
        finally:
            self._lock_depth = 0
            release_lock(self.lock_path, fd)
            if created_root:
                with contextlib.suppress(OSError):
                    self.root.rmdir()  # only when nothing was recorded into a new store

    def _next_intake_id(self, now: datetime) -> str:
        day = now.strftime("%Y%m%d")
        used = set(self.committed_intake_ids())
        used |= {r["intake_id"] for r in self.read_csv_rows(self.intakes_path, INTAKE_COLUMNS)}
        if self.incoming_dir.exists():
            used |= {p.name for p in self.incoming_dir.iterdir()}
        n = 1 + max(
            [int(u.split("-")[1]) for u in used if u.startswith(day + "-") and u.split("-")[1].isdigit()] or [0]
        )
        return f"{day}-{n:03d}"

    def _remove_orphans(self) -> None:
        """Remove incoming folders of intakes that never committed (a process killed mid-intake)."""
        if not self.incoming_dir.exists():
            return
        committed = self.committed_intake_ids()
        for folder in self.incoming_dir.iterdir():
            if folder.is_dir() and folder.name not in committed:
                shutil.rmtree(folder, ignore_errors=True)

    def record(
        self,
        versions: Sequence[NewVersion],
        files: Sequence[IncomingFile],
        *,
        note: str = "",
        counts: dict | None = None,
        options: dict | None = None,
        now: datetime | None = None,
    ) -> IntakeRecord:
        """Record one intake: archive its files, then add its versions — all or nothing.

        ``versions`` are the figures to add (new ones and accepted revisions; the intake leaves out
        unchanged duplicates); each supersedes the version in force for its (indicator, year), if
        any.  ``files`` are the files they came from, archived byte for byte; a file whose bytes no
        longer match the SHA-256 taken when it was validated stops the intake.

        Raises
        ------
        StoreLocked
            If another intake holds the lock.
        StoreError
            If there is nothing to record or a file changed since it was validated.
        """
        if not versions:
            raise StoreError("nothing to record: no new or revised figure")
        now = (now or now_local()).replace(microsecond=0)
        if now.tzinfo is None:
            now = now.astimezone()
        received_at = now.isoformat()
        with self.locked():
            self._remove_orphans()
            existing_text = self.versions_path.read_text("utf-8-sig") if self.versions_path.exists() else ""
            existing = self.read_csv_rows(self.versions_path, VERSION_COLUMNS)
            if existing_text and existing_text.split("\n", 1)[0].strip() != ",".join(VERSION_COLUMNS):
                # A store written before flags and counts: rewrite its rows under the new header.
                upgraded = io.StringIO()
                w = csv.writer(upgraded, lineterminator="\n")
                w.writerow(VERSION_COLUMNS)
                for r in existing:
                    w.writerow([escape_cell(r[c]) if c in TEXT_COLUMNS else r[c] for c in VERSION_COLUMNS])
                existing_text = upgraded.getvalue()
            in_force: dict[tuple[str, int], str] = {}
            for r in existing:
                in_force[(r["indicator"], int(r["year"]))] = r["version_id"]
            next_id = 1 + max([int(r["version_id"]) for r in existing] or [0])
            intake_id = self._next_intake_id(now)
            folder = self.incoming_dir / intake_id
            created_incoming = not self.incoming_dir.exists()
            archived: dict[int, str] = {}
            try:
                folder.mkdir(parents=True, exist_ok=False)
                file_rows = []
                for f in files:
                    name = f.archive_name
                    stem, suffix = os.path.splitext(name)
                    k = 2
                    while name in archived.values():
                        name = f"{stem} ({k}){suffix}"
                        k += 1
                    target = folder / name
                    data = Path(f.path).read_bytes()
                    if hashlib.sha256(data).hexdigest() != f.sha256:
                        raise StoreError(f"{f.path} changed after it was validated; run the intake again")
                    with open(target, "xb") as fh:
                        fh.write(data)
                        fh.flush()
                        os.fsync(fh.fileno())
                    archived[id(f)] = name
                    file_rows.append(
                        {
                            "name": name,
                            "original": str(f.path),
                            "sha256": f.sha256,
                            "kind": f.kind,
                            "department": f.department,
                            "year": f.year,
                            "status": f.status,
                        }
                    )
                lines = io.StringIO()
                writer = csv.writer(lines, lineterminator="\n")
                if not existing_text:
                    writer.writerow(VERSION_COLUMNS)
                version_ids = []
                for v in versions:
                    key = (v.indicator, int(v.year))
                    version_id = str(next_id)
                    next_id += 1
                    version_ids.append(version_id)
                    writer.writerow(
                        [
                            version_id,
                            v.indicator,
                            int(v.year),
                            number_text(v.value),
                            number_text(v.assigned_target),
                            escape_cell(v.source),
                            escape_cell(v.note),
                            v.department or "",
                            intake_id,
                            received_at,
                            escape_cell(archived.get(id(v.file), v.file.archive_name) if v.file is not None else ""),
                            v.file.sha256 if v.file is not None else "",
                            escape_cell(v.sheet or ""),
                            "" if v.row is None else int(v.row),
                            in_force.get(key, ""),
                            escape_cell(v.reading_note),
                            v.flag or "",
                            "" if v.events is None else int(v.events),
                            "" if v.denominator is None else int(v.denominator),
                        ]
                    )
                    in_force[key] = version_id
                record = {
                    "intake_id": intake_id,
                    "received_at": received_at,
                    "recorded_by": user_name(),
                    "note": note or "",
                    "files": file_rows,
                    "new": (counts or {}).get("new", 0),
                    "revised": (counts or {}).get("revised", 0),
                    "unchanged": (counts or {}).get("unchanged", 0),
                    "options": options or {},
                }
                _write_new_file(folder / "intake.json", json.dumps(record, ensure_ascii=False, indent=1) + "\n")
                # The commit point: one os.replace of versions.csv.
                new_text = ("\ufeff" + existing_text if existing_text else "\ufeff") + lines.getvalue()
                atomic_write_text(self.versions_path, new_text)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                if created_incoming:
                    with contextlib.suppress(OSError):
                        self.incoming_dir.rmdir()
                raise
            # After the commit: refresh the index.  If this fails, intakes() completes it from intake.json.
            with contextlib.suppress(Exception):
                self._write_intakes_index()
            return IntakeRecord(
                intake_id,
                received_at,
                tuple(version_ids),
                tuple(f"incoming/{intake_id}/{n}" for n in archived.values()),
            )

    def _write_intakes_index(self) -> None:
        rows = self.intakes()
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(INTAKE_COLUMNS)
        for r in rows:
            out = []
            for k in INTAKE_COLUMNS:
                value = r.get(k, "")
                if k in ("files", "options") and not isinstance(value, str):
                    value = json.dumps(value, ensure_ascii=False)
                out.append(escape_cell(value) if k in TEXT_COLUMNS or k == "note" else value)
            writer.writerow(out)
        atomic_write_text(self.intakes_path, "\ufeff" + buf.getvalue())


def _write_new_file(path: Path, text: str) -> None:
    with open(path, "x", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
