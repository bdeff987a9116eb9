"""The records of the actuals store: what a version, an intake, an incoming file and a vintage are.

Also the columns of the store's CSV files, how text is escaped in them (a cell a spreadsheet would
run as a formula gets a leading apostrophe), and reading the vintage an export was made from.
See :mod:`dayao_data.collect.store` for the store itself.
"""

import json
import math
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from dayao_data.excel import FORMULA_TRIGGERS, plain_number_text

__all__ = [
    "VERSION_COLUMNS",
    "LEGACY_VERSION_COLUMNS",
    "INTAKE_COLUMNS",
    "TEXT_COLUMNS",
    "EXPORT_COLUMNS",
    "EXPORT_SCHEMA",
    "INTAKE_ID",
    "StoreError",
    "StoreLocked",
    "IncomingFile",
    "NewVersion",
    "IntakeRecord",
    "Vintage",
    "escape_cell",
    "unescape_cell",
    "number_text",
    "now_local",
    "parse_time",
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
INTAKE_ID = re.compile(r"\d{8}-\d{3,}")


class StoreError(RuntimeError):
    """The store cannot do what was asked (unknown vintage, damaged file, nothing recorded yet)."""


class StoreLocked(StoreError):
    """Another intake is being recorded into the same store."""


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


def escape_cell(text: Any) -> str:
    """A text field as written to the store's CSV: formula triggers and a leading ' get a leading '."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    text = str(text)
    if text.startswith(FORMULA_TRIGGERS) or text.startswith("'"):
        return "'" + text
    return text


def unescape_cell(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def number_text(value: float | None) -> str:
    """A stored number as plain decimal text that reads back as the same float (1580.0 → '1580', no exponent)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return plain_number_text(float(value))


def now_local() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


def parse_time(text: str) -> datetime:
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
