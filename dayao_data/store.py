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
import getpass
import hashlib
import io
import json
import math
import os
import re
import shutil
import socket
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pandas as pd

from dayao_data.excel import FORMULA_TRIGGERS, plain_number_text, safe_cell_text
from dayao_data.fsutil import atomic_write_text, sha256_file

__all__ = [
    "VERSION_COLUMNS",
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

VERSION_COLUMNS = (
    "version_id",
    "indicator",
    "year",
    "value",
    "assigned_target",
    "source",
    "note",
    "department",
    "intake_id",
    "received_at",
    "file_name",
    "file_sha256",
    "sheet",
    "row",
    "supersedes",
    "reading_note",
    "flag",
    "events",
    "denominator",
)
#: The columns of versions.csv before flags and counts were recorded (read, and upgraded on the
#: next intake by rewriting the file with the new header; no figure changes).
LEGACY_VERSION_COLUMNS = VERSION_COLUMNS[:-3]
INTAKE_COLUMNS = ("intake_id", "received_at", "recorded_by", "note", "files", "new", "revised", "unchanged", "options")
TEXT_COLUMNS = ("source", "note", "file_name", "sheet", "reading_note", "recorded_by", "files", "options")

#: The tidy actuals columns of an export (what :func:`dayao_data.actuals.load_actuals` reads).
EXPORT_COLUMNS = ("indicator", "year", "value", "source", "note", "assigned_target", "flag", "events", "denominator")
EXPORT_SCHEMA = "dayao-actuals-export/1"
_INTAKE_ID = re.compile(r"\d{8}-\d{3,}")


class StoreError(RuntimeError):
    """The store cannot do what was asked (unknown vintage, damaged file, nothing recorded yet)."""


class StoreLocked(StoreError):
    """Another intake is being recorded into the same store."""


def default_store_root() -> Path:
    """``$DAYAO_STORE`` if set, else ``<project root>/data/store`` (see :func:`dayao_data.sources.project_root`)."""
    env = os.environ.get("DAYAO_STORE")
    if env:
        return Path(env).expanduser().resolve()
    from dayao_data.paths import project_root

    return project_root() / "data" / "store"


# --------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IncomingFile:
    """A file taken in: where it is now, the name it is archived under, and its SHA-256 when validated."""

    path: Path
    sha256: str
    name: str | None = None
    kind: str = ""  # form | actuals
    department: str | None = None
    year: int | None = None
    status: str = "accepted"  # accepted | partly accepted

    @property
    def archive_name(self) -> str:
        return _safe_file_name(self.name or Path(self.path).name)


@dataclass(frozen=True)
class NewVersion:
    """One figure to record (the intake decides new / revised / unchanged before recording)."""

    indicator: str
    year: int
    value: float
    source: str
    note: str = ""
    assigned_target: float | None = None
    department: str | None = None
    file: IncomingFile | None = None
    sheet: str | None = None
    row: int | None = None
    reading_note: str = ""
    flag: str = ""  # provisional | final | estimated | ""
    events: int | None = None
    denominator: int | None = None


@dataclass(frozen=True)
class IntakeRecord:
    """What :meth:`ActualsStore.record` recorded."""

    intake_id: str
    received_at: str
    version_ids: tuple[str, ...]
    files: tuple[str, ...]  # archive paths, relative to the store root


@dataclass(frozen=True)
class Vintage:
    """The state of the store after one intake: what a report says it used."""

    intake_id: str
    received_at: str
    requested: str | None = None
    versions: int = 0

    def label(self, language: str = "zh") -> str:
        """``数据版本 20250312-001（2025-03-12 10:15 入库）`` / ``data vintage 20250312-001 (recorded 2025-03-12 10:15)``."""
        when = self.received_at[:16].replace("T", " ")
        if language == "en":
            return f"data vintage {self.intake_id} (recorded {when})"
        return f"数据版本 {self.intake_id}（{when} 入库）"

    def to_dict(self) -> dict:
        return {
            "intake_id": self.intake_id,
            "received_at": self.received_at,
            "requested": self.requested,
            "versions": self.versions,
        }


def _safe_file_name(name: str) -> str:
    """A file name that stays inside its folder: no separators, no leading dots."""
    name = Path(str(name).replace("\\", "/")).name
    name = re.sub(r"[\x00-\x1f/]", "_", name).lstrip(".")
    return name or "file"


def _escape(text: Any) -> str:
    """A text field as written to the store's CSV: formula triggers and a leading ' get a leading '."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    text = str(text)
    if text.startswith(FORMULA_TRIGGERS) or text.startswith("'"):
        return "'" + text
    return text


def _unescape(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def _number_text(value: float | None) -> str:
    """A stored number as plain decimal text that reads back as the same float (1580.0 → '1580', no exponent)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return plain_number_text(float(value))


def _now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


def _parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment


def read_export_vintage(path: str | os.PathLike) -> Vintage | None:
    """The vintage of an exported actuals CSV (from its sidecar ``.json``), or None for any other file."""
    sidecar = Path(path).with_suffix(".json")
    if not sidecar.exists():
        return None
    try:
        meta = json.loads(sidecar.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("schema") != EXPORT_SCHEMA:
        return None
    return Vintage(meta["intake_id"], meta["received_at"], meta.get("requested"), int(meta.get("versions", 0)))


# --------------------------------------------------------------------------------------
# The store
# --------------------------------------------------------------------------------------


@dataclass
class ActualsStore:
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

    # -- paths ------------------------------------------------------------------------
    @property
    def versions_path(self) -> Path:
        return self.root / "versions.csv"

    @property
    def intakes_path(self) -> Path:
        return self.root / "intakes.csv"

    @property
    def incoming_dir(self) -> Path:
        return self.root / "incoming"

    @property
    def exports_dir(self) -> Path:
        return self.root / "exports"

    @property
    def lock_path(self) -> Path:
        return self.root / ".lock"

    # -- reading ----------------------------------------------------------------------
    def _read_csv(self, path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
        if not path.exists():
            return []
        try:
            text = path.read_text("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise StoreError(f"{path}: the store file cannot be read ({exc})") from None
        reader = csv.DictReader(io.StringIO(text, newline=""))
        legacy = tuple(columns) == VERSION_COLUMNS and tuple(reader.fieldnames or ()) == LEGACY_VERSION_COLUMNS
        if tuple(reader.fieldnames or ()) != tuple(columns) and not legacy:
            raise StoreError(
                f"{path}: unexpected columns {reader.fieldnames}; expected {', '.join(columns)} (was the file edited by hand?)"
            )
        rows = []
        for rec in reader:
            row = {k: (_unescape(v or "") if k in TEXT_COLUMNS else (v or "")) for k, v in rec.items()}
            rows.append({c: row.get(c, "") for c in columns} if legacy else row)
        return rows

    def versions(self) -> pd.DataFrame:
        """Every version ever recorded, oldest first (the columns :data:`VERSION_COLUMNS`)."""
        rows = self._read_csv(self.versions_path, VERSION_COLUMNS)
        frame = pd.DataFrame(rows, columns=list(VERSION_COLUMNS), dtype=object)
        if not len(frame):
            frame = pd.DataFrame({c: pd.Series([], dtype=object) for c in VERSION_COLUMNS})
        frame["year"] = pd.to_numeric(frame["year"]).astype("int64")
        frame["value"] = pd.to_numeric(frame["value"]).astype("float64")
        frame["assigned_target"] = pd.to_numeric(frame["assigned_target"].replace("", math.nan)).astype("float64")
        frame["row"] = pd.array(pd.to_numeric(frame["row"].replace("", math.nan)), dtype="Int64")
        frame["version_no"] = pd.to_numeric(frame["version_id"]).astype("int64")
        return frame.sort_values("version_no", kind="stable").reset_index(drop=True)

    def intakes(self) -> list[dict]:
        """Every recorded intake, oldest first (``files`` and ``options`` decoded from JSON).

        An intake whose figures are in ``versions.csv`` but whose row is missing from
        ``intakes.csv`` (a crash right after the commit) is completed from its ``intake.json``.
        """
        rows = self._read_csv(self.intakes_path, INTAKE_COLUMNS)
        known = {r["intake_id"] for r in rows}
        committed = self._committed_intake_ids()
        for intake_id in sorted(committed - known):
            record = self._intake_json(intake_id)
            if record is not None:
                rows.append({k: record.get(k, "") for k in INTAKE_COLUMNS})
        out = []
        for r in rows:
            if r["intake_id"] not in committed:
                continue  # never committed (cannot normally happen: the index is written after the commit)
            rec = dict(r)
            for key in ("files", "options"):
                value = rec.get(key)
                if isinstance(value, str):
                    try:
                        rec[key] = json.loads(value) if value else ([] if key == "files" else {})
                    except ValueError:
                        pass
            for key in ("new", "revised", "unchanged"):
                try:
                    rec[key] = int(rec.get(key) or 0)
                except (TypeError, ValueError):
                    pass
            out.append(rec)
        return sorted(out, key=lambda r: (_parse_time(r["received_at"]), r["intake_id"]))

    def _committed_intake_ids(self) -> set[str]:
        rows = self._read_csv(self.versions_path, VERSION_COLUMNS)
        return {r["intake_id"] for r in rows}

    def _intake_json(self, intake_id: str) -> dict | None:
        path = self.incoming_dir / intake_id / "intake.json"
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        data = dict(data)
        data["files"] = json.dumps(data.get("files", []), ensure_ascii=False)
        data["options"] = json.dumps(data.get("options", {}), ensure_ascii=False)
        return data

    def is_empty(self) -> bool:
        return not self.versions_path.exists() or not self._read_csv(self.versions_path, VERSION_COLUMNS)

    # -- vintages ---------------------------------------------------------------------
    def resolve_vintage(self, vintage: str | None = None) -> Vintage | None:
        """The intake a vintage names: None/"latest" → the latest; an intake id; an ISO date or date-time.

        A date means every intake up to the end of that day (local time); a date-time without a
        time zone is local time.  None when the store is empty.  Raises :class:`StoreError` for a
        vintage that names nothing, or that lies before the first intake.
        """
        intakes = self.intakes()
        counts = self.versions().groupby("intake_id").size().to_dict() if intakes else {}
        if not intakes:
            if vintage in (None, "", "latest"):
                return None
            raise StoreError(
                f"the actuals store at {self.root} holds no intake yet, so there is no vintage {vintage!r}"
            )
        text = None if vintage is None else str(vintage).strip()
        if text in (None, "", "latest"):
            last = intakes[-1]
            return Vintage(
                last["intake_id"],
                last["received_at"],
                text or None,
                self._count_up_to(intakes, counts, len(intakes) - 1),
            )
        ids = [r["intake_id"] for r in intakes]
        if text in ids:
            k = ids.index(text)
            return Vintage(text, intakes[k]["received_at"], text, self._count_up_to(intakes, counts, k))
        if _INTAKE_ID.fullmatch(text):
            raise StoreError(f"there is no intake {text!r} in the store; the intakes are {', '.join(ids)}")
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                day = datetime.fromisoformat(text).date()
                cutoff = datetime.combine(day, time.max).astimezone()
            else:
                cutoff = _parse_time(text)
        except ValueError:
            raise StoreError(
                f"{text!r} is not a vintage: give an intake id (e.g. {ids[-1]}), a date (e.g. 2025-03-31) or a date and time (e.g. 2025-03-31T18:00+08:00)"
            ) from None
        chosen = None
        for k, r in enumerate(intakes):
            if _parse_time(r["received_at"]) <= cutoff:
                chosen = k
        if chosen is None:
            first = intakes[0]
            raise StoreError(
                f"no intake was recorded by {text}; the first is {first['intake_id']} of {first['received_at']}"
            )
        r = intakes[chosen]
        return Vintage(r["intake_id"], r["received_at"], text, self._count_up_to(intakes, counts, chosen))

    @staticmethod
    def _count_up_to(intakes: list[dict], counts: dict, k: int) -> int:
        return int(sum(counts.get(r["intake_id"], 0) for r in intakes[: k + 1]))

    def vintage(self, vintage: str | None = None) -> Vintage | None:
        """The vintage a report states it used (the latest intake by default); None when the store is empty."""
        return self.resolve_vintage(vintage)

    def current(self, vintage: str | None = None) -> pd.DataFrame:
        """The figure in force for each (indicator, year) as of a vintage: its latest version.

        Columns: those of :meth:`versions`; one row per (indicator, year), sorted by indicator and
        year.  Empty when the store is empty.
        """
        versions = self.versions()
        chosen = self.resolve_vintage(vintage)
        if chosen is None or not len(versions):
            return versions.iloc[0:0].copy()
        order = [r["intake_id"] for r in self.intakes()]
        allowed = set(order[: order.index(chosen.intake_id) + 1])
        upto = versions[versions["intake_id"].isin(allowed)]
        latest = upto.groupby(["indicator", "year"], sort=False)["version_no"].transform("max") == upto["version_no"]
        return upto[latest].sort_values(["indicator", "year"], kind="stable").reset_index(drop=True)

    def history(self, indicator: str, year: int | None = None) -> pd.DataFrame:
        """Every version of one indicator (and year), newest first; ``current`` marks the figure in force."""
        versions = self.versions()
        mine = versions[versions["indicator"] == indicator]
        if year is not None:
            mine = mine[mine["year"] == int(year)]
        mine = mine.copy()
        if len(mine):
            latest = mine.groupby("year")["version_no"].transform("max")
            mine["current"] = mine["version_no"] == latest
        else:
            mine["current"] = pd.Series([], dtype=bool)
        return mine.sort_values(["version_no"], ascending=False, kind="stable").reset_index(drop=True)

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
                    _number_text(r.value),
                    safe_cell_text(r.source),
                    safe_cell_text(r.note),
                    _number_text(None if pd.isna(r.assigned_target) else r.assigned_target),
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
            "exported_at": _now().isoformat(),
        }
        atomic_write_text(destination.with_suffix(".json"), json.dumps(sidecar, ensure_ascii=False, indent=1) + "\n")
        return destination

    def _outside_exports_dir(self) -> Path:
        """Where exports of a read-only store go: ``<temp>/dayao-exports-<user>/<hash of the store path>/``."""
        import tempfile

        key = hashlib.sha256(str(self.root).encode("utf-8")).hexdigest()[:16]
        folder = (
            Path(tempfile.gettempdir()) / f"dayao-exports-{os.getuid() if hasattr(os, 'getuid') else _user()}" / key
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
            fd = self._acquire_lock()
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
            self._remove_leftovers()
            yield self
        finally:
            self._lock_depth = 0
            self._release_lock(fd)
            if created_root:
                with contextlib.suppress(OSError):
                    self.root.rmdir()  # only when nothing was recorded into a new store

    def _acquire_lock(self) -> int:
        """Open ``.lock`` and take the OS lock on it, or raise :class:`StoreLocked`; returns the descriptor."""
        me = {"pid": os.getpid(), "host": socket.gethostname(), "since": _now().isoformat(), "user": _user()}
        for _ in range(100):
            fd = os.open(self.lock_path, os.O_CREAT | os.O_RDWR, 0o644)
            try:
                taken = _flock(fd, exclusive=True)
                holder = self._lock_holder()
                if taken is False or (
                    taken is None and holder and holder.get("host") == me["host"] and _pid_alive(holder.get("pid"))
                ):
                    os.close(fd)
                    raise StoreLocked(self._locked_message(holder))
                # The holder removes the lock file while it still holds the lock; a lock taken on a
                # file that is no longer the one at .lock locks nothing: start again.
                try:
                    same = os.fstat(fd).st_ino == os.stat(self.lock_path).st_ino
                except FileNotFoundError:
                    same = False
                if not same:
                    os.close(fd)
                    continue
                holder = self._lock_holder()
                if holder and holder.get("host") not in (None, me["host"]):
                    # Another computer's intake: its OS lock does not reach us, its lock file does.
                    os.close(fd)
                    raise StoreLocked(self._locked_message(holder))
                os.ftruncate(fd, 0)
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, json.dumps(me).encode("utf-8"))
                os.fsync(fd)
                return fd
            except BaseException:
                with contextlib.suppress(OSError):
                    os.close(fd)
                raise
        raise StoreLocked(self._locked_message(self._lock_holder()))  # pragma: no cover - 100 lost races

    def _release_lock(self, fd: int) -> None:
        # Remove the file while the lock is still held, then let go of the lock (see _acquire_lock).
        with contextlib.suppress(FileNotFoundError):
            self.lock_path.unlink()
        with contextlib.suppress(OSError):
            os.close(fd)

    def _locked_message(self, holder: dict | None) -> str:
        who = (
            f"process {holder.get('pid')} of {holder.get('user', '?')} on {holder.get('host')} since {holder.get('since')}"
            if holder
            else "another process"
        )
        return (
            f"the actuals store {self.root} is being written by {who}; wait for that intake to finish "
            f"(if it was interrupted on another computer, delete {self.lock_path})"
        )

    def _remove_leftovers(self) -> None:
        """Remove the temporary copies of versions.csv and intakes.csv that a killed intake left.

        They are written only under the lock (which we now hold), beside their file, named
        ``.versions.csv.<random>.tmp`` by :func:`dayao_data.fsutil.atomic_path`; the file itself is
        whole (``os.replace`` is the commit), so the copy is never needed.
        """
        for name in ("versions.csv", "intakes.csv"):
            for leftover in self.root.glob(f".{name}.*.tmp"):
                with contextlib.suppress(OSError):
                    leftover.unlink()

    def _lock_holder(self) -> dict | None:
        try:
            return json.loads(self.lock_path.read_text("utf-8"))
        except (OSError, ValueError):
            return None

    def _next_intake_id(self, now: datetime) -> str:
        day = now.strftime("%Y%m%d")
        used = set(self._committed_intake_ids())
        used |= {r["intake_id"] for r in self._read_csv(self.intakes_path, INTAKE_COLUMNS)}
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
        committed = self._committed_intake_ids()
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
        now = (now or _now()).replace(microsecond=0)
        if now.tzinfo is None:
            now = now.astimezone()
        received_at = now.isoformat()
        with self.locked():
            self._remove_orphans()
            existing_text = self.versions_path.read_text("utf-8-sig") if self.versions_path.exists() else ""
            existing = self._read_csv(self.versions_path, VERSION_COLUMNS)
            if existing_text and existing_text.split("\n", 1)[0].strip() != ",".join(VERSION_COLUMNS):
                # A store written before flags and counts: rewrite its rows under the new header.
                upgraded = io.StringIO()
                w = csv.writer(upgraded, lineterminator="\n")
                w.writerow(VERSION_COLUMNS)
                for r in existing:
                    w.writerow([_escape(r[c]) if c in TEXT_COLUMNS else r[c] for c in VERSION_COLUMNS])
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
                            _number_text(v.value),
                            _number_text(v.assigned_target),
                            _escape(v.source),
                            _escape(v.note),
                            v.department or "",
                            intake_id,
                            received_at,
                            _escape(archived.get(id(v.file), v.file.archive_name) if v.file is not None else ""),
                            v.file.sha256 if v.file is not None else "",
                            _escape(v.sheet or ""),
                            "" if v.row is None else int(v.row),
                            in_force.get(key, ""),
                            _escape(v.reading_note),
                            v.flag or "",
                            "" if v.events is None else int(v.events),
                            "" if v.denominator is None else int(v.denominator),
                        ]
                    )
                    in_force[key] = version_id
                record = {
                    "intake_id": intake_id,
                    "received_at": received_at,
                    "recorded_by": _user(),
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
                out.append(_escape(value) if k in TEXT_COLUMNS or k == "note" else value)
            writer.writerow(out)
        atomic_write_text(self.intakes_path, "\ufeff" + buf.getvalue())

    def snapshot(self) -> dict[str, str]:
        """SHA-256 of every file under the store (relative path → hash): for tests and audits."""
        out: dict[str, str] = {}
        if not self.root.exists():
            return out
        for path in sorted(self.root.rglob("*")):
            rel = path.relative_to(self.root).as_posix()
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "<dir>"
        return out


def _write_new_file(path: Path, text: str) -> None:
    with open(path, "x", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers
        return ""


def _flock(fd: int, exclusive: bool = True) -> bool | None:
    """Take an OS lock on ``fd`` without waiting: True if taken, False if another process holds it.

    None where the platform has no ``flock`` (Windows): there the lock file's own content is the
    lock (``O_EXCL`` cannot be used with a lock file that stays, so a second intake is refused
    when the file names a live process).
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return None
    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _pid_alive(pid: Any) -> bool:
    try:
        pid = int(pid)
    except (TypeError, ValueError):
        return False
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
