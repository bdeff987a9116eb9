"""The actuals store as read: its files, every version, the intakes, vintages, the figures in force, a history.

:class:`StoreVersions` is the reading half of :class:`~dayao_data.collect.store.ActualsStore`; it
never writes.  A vintage is the state of the store after one intake (an intake id, an ISO date or
date-time; see :meth:`StoreVersions.resolve_vintage`).
"""

import csv
import hashlib
import io
import json
import math
import re
from collections.abc import Sequence
from datetime import datetime, time
from pathlib import Path

import pandas as pd

from dayao_data.collect.records import (
    INTAKE_COLUMNS,
    INTAKE_ID,
    LEGACY_VERSION_COLUMNS,
    TEXT_COLUMNS,
    VERSION_COLUMNS,
    StoreError,
    Vintage,
    parse_time,
    unescape_cell,
)

__all__ = ["StoreVersions"]


class StoreVersions:
    """The reading half of the actuals store in ``self.root`` (see :class:`~dayao_data.collect.store.ActualsStore`)."""

    root: Path

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
    def read_csv_rows(self, path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
        """The rows of one of the store's CSV files (``columns`` checked, text unescaped; [] when absent)."""
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
            row = {k: (unescape_cell(v or "") if k in TEXT_COLUMNS else (v or "")) for k, v in rec.items()}
            rows.append({c: row.get(c, "") for c in columns} if legacy else row)
        return rows

    def versions(self) -> pd.DataFrame:
        """Every version ever recorded, oldest first (the columns :data:`VERSION_COLUMNS`)."""
        rows = self.read_csv_rows(self.versions_path, VERSION_COLUMNS)
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
        rows = self.read_csv_rows(self.intakes_path, INTAKE_COLUMNS)
        known = {r["intake_id"] for r in rows}
        committed = self.committed_intake_ids()
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
        return sorted(out, key=lambda r: (parse_time(r["received_at"]), r["intake_id"]))

    def committed_intake_ids(self) -> set[str]:
        """The ids of the intakes whose versions are in ``versions.csv`` (the committed ones)."""
        rows = self.read_csv_rows(self.versions_path, VERSION_COLUMNS)
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
        return not self.versions_path.exists() or not self.read_csv_rows(self.versions_path, VERSION_COLUMNS)

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
        if INTAKE_ID.fullmatch(text):
            raise StoreError(f"there is no intake {text!r} in the store; the intakes are {', '.join(ids)}")
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                day = datetime.fromisoformat(text).date()
                cutoff = datetime.combine(day, time.max).astimezone()
            else:
                cutoff = parse_time(text)
        except ValueError:
            raise StoreError(
                f"{text!r} is not a vintage: give an intake id (e.g. {ids[-1]}), a date (e.g. 2025-03-31) or a date and time (e.g. 2025-03-31T18:00+08:00)"
            ) from None
        chosen = None
        for k, r in enumerate(intakes):
            if parse_time(r["received_at"]) <= cutoff:
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

    def snapshot(self) -> dict[str, str]:
        """SHA-256 of every file under the store (relative path → hash): for tests and audits."""
        out: dict[str, str] = {}
        if not self.root.exists():
            return out
        for path in sorted(self.root.rglob("*")):
            rel = path.relative_to(self.root).as_posix()
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "<dir>"
        return out
