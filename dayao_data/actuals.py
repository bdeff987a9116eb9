"""Annual actuals: read the files planners fill in, check every figure against the plan, load them.

Planners type one row per indicator and year into Excel or a CSV file::

    indicator,year,value,source,note,assigned_target
    学前三年毛入园率,2023,89.2,2023年教育事业统计年报,,

This module turns such files into the tidy frame the progress engine uses, and — before that —
finds *every* problem in *every* file at once, each with the file, the row number the user sees in
Excel or a text editor (header = row 1), the column header as typed, what is wrong and what was
expected.  Reading never changes the input: files are read once into memory, workbooks are opened
read-only, and nothing is written back.

Three entry points:

- :func:`validate_actuals` — the problems, never raises for bad content (``dayao validate``);
- :func:`load_actuals` — the tidy frame, raising :class:`ActualsError` listing all errors;
- :func:`read_table` — the raw cells as strings, with the encoding, sheet and header row found.

Examples
--------
>>> from dayao_data.plan import load_plan
>>> plan = load_plan()
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> p = d / "actuals.csv"
>>> _ = p.write_text("指标,年份,数值,来源\\n学前三年毛入园率,2023,89.2,教育统计年报\\n", encoding="utf-8")
>>> df = load_actuals(p, plan)
>>> df[["indicator", "year", "value", "row"]].to_dict("records")
[{'indicator': 'preschool_gross_enrolment_rate', 'year': 2023, 'value': 89.2, 'row': 2}]
>>> _ = p.write_text("indicator,year,value,source\\n学前三年毛入园率,2023,九十二,年报\\n", encoding="utf-8")
>>> for problem in validate_actuals(p, plan):
...     print(problem.row, problem.column, problem.message)
2 value '九十二' is not a number
"""

from __future__ import annotations

import contextlib
import contextvars
import csv
import functools
import io
import math
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from dayao_data.limits import MAX_MAGNITUDE, limit, size_text
from dayao_data.paths import is_illustrative_source  # noqa: F401 (part of this module's API)
from dayao_data.plan import Indicator, Plan, load_plan
from dayao_data.terminal import invisible_characters

__all__ = [
    "ACTUALS_COLUMNS",
    "REQUIRED_COLUMNS",
    "HEADER_ALIASES",
    "Problem",
    "ActualsError",
    "is_illustrative_source",
    "read_table",
    "validate_actuals",
    "load_actuals",
    "example_actuals_path",
]

ACTUALS_COLUMNS = (
    "indicator",
    "year",
    "value",
    "source",
    "note",
    "assigned_target",
    "events",
    "denominator",
    "flag",
    "series_break",
)
REQUIRED_COLUMNS = ("indicator", "year", "value", "source")

#: The headers people type for each column.  Matching folds full-width forms (NFKC), case,
#: spaces, underscores and hyphens, so ``Assigned Target``, ``ASSIGNED_TARGET`` and
#: ``assigned-target`` are the same header, and so are ``年份`` and ``年 份``.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "indicator_id", "indicator_name", "指标", "指标名称"),
    "year": ("year", "年份", "年度"),
    "value": ("value", "actual", "数值", "实际值", "完成值"),
    "source": ("source", "来源", "数据来源", "统计口径/来源"),
    "note": ("note", "notes", "备注", "说明"),
    "assigned_target": ("assigned_target", "下达目标", "省州下达目标", "下达任务"),
    # Optional, for rates from counts (deaths and live births, for example): docs/actuals-format.md.
    "events": ("events", "事件数", "例数", "死亡数", "死亡人数", "分子"),
    "denominator": ("denominator", "分母", "活产数", "活产儿数", "活产婴儿数"),
    # Optional: provisional / final / estimated (初步 / 正式 / 估计).
    "flag": ("flag", "数据状态", "数据性质", "初步/正式/估计"),
    # Optional: a change of definition or source from this year on (text saying what changed).
    "series_break": ("series_break", "break", "口径变化", "口径调整"),
}

#: The values of ``flag`` and the words people type for them.
FLAG_VALUES: dict[str, tuple[str, ...]] = {
    "provisional": ("provisional", "初步", "初步数", "快报", "初报"),
    "final": ("final", "正式", "正式数", "最终", "终审"),
    "estimated": ("estimated", "估计", "估计数", "估算", "推算"),
}
_FLAG_LOOKUP = {alias.lower(): code for code, aliases in FLAG_VALUES.items() for alias in aliases}
#: How far a rate may differ from events ÷ denominator × scale: half a unit of the value's last
#: printed decimal (a value printed 5.2 stands for 5.15–5.25), and never less than 0.05 of the unit.
RATE_ROUNDING_FLOOR = 0.05

#: The columns of the frame :func:`load_actuals` returns.
FRAME_COLUMNS = (
    "indicator",
    "year",
    "value",
    "source",
    "note",
    "assigned_target",
    "events",
    "denominator",
    "flag",
    "series_break",
    "illustrative",
    "file",
    "row",
)

#: Sheets read in preference to the first one, when a workbook has them.
PREFERRED_SHEETS = ("actuals", "实际值")

#: How many rows from the top are searched for the header (title rows may stand above it).
HEADER_SEARCH_ROWS = 10

TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
SEPARATORS = (",", ";", "\t")

EXAMPLE_NUMBER = "a number such as 92.5"
PLAIN_NUMBER_HINT = "a plain number such as 92.5: ASCII digits and a decimal point only"


# --------------------------------------------------------------------------------------
# Problems
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an actuals file, located as the user sees it.

    ``row`` is the row number shown by Excel or a text editor (header = row 1 when the header is
    on the first line); ``column`` is the header as typed in the file.

    >>> str(Problem("actuals.csv", 7, "value", "'九十二' is not a number", "a number such as 92.5"))
    "actuals.csv, row 7, column 'value': '九十二' is not a number (expected a number such as 92.5)"
    >>> str(Problem("a.xlsx", 3, "年份", "year is empty", None, "warning", "实际值"))
    "a.xlsx, sheet '实际值', row 3, column '年份': warning: year is empty"
    """

    file: str
    row: int | None
    column: str | None
    message: str
    expected: str | None
    severity: str = "error"
    sheet: str | None = None

    def location(self) -> str:
        """Where in the file: sheet, row and column ("" for the file as a whole)."""
        parts = []
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def where(self) -> str:
        """The location part: file, sheet, row and column."""
        return ", ".join(part for part in (self.file, self.location()) if part)

    def __str__(self) -> str:
        label = "warning: " if self.severity == "warning" else ""
        expected = f" (expected {self.expected})" if self.expected else ""
        return f"{self.where()}: {label}{self.message}{expected}"

    def to_dict(self) -> dict:
        return asdict(self)


class ActualsError(ValueError):
    """Actuals that cannot be used; ``problems`` holds every problem found (errors first)."""

    def __init__(self, problems: Sequence[Problem], summary: str | None = None):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        warnings = [p for p in self.problems if p.severity != "error"]
        if summary is None:
            summary = f"the actuals have {_count(len(errors), 'error')}" + (
                f" and {_count(len(warnings), 'warning')}" if warnings else ""
            )
        lines = "\n".join(f"  - {p}" for p in errors + warnings)
        super().__init__(f"{summary}:\n{lines}" if lines else summary)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _show(text: str, limit: int = 40) -> str:
    """A cell quoted for a message, shortened if long."""
    from dayao_data.terminal import printable

    text = printable(text, keep_newlines=False)  # control and invisible characters shown
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


def example_actuals_path() -> Path:
    """The bundled illustrative actuals (``dayao_data/data/examples/actuals-illustrative.csv``)."""
    return Path(str(resources.files("dayao_data").joinpath("data/examples/actuals-illustrative.csv")))


# --------------------------------------------------------------------------------------
# Headers
# --------------------------------------------------------------------------------------


def _fold_header(text: Any) -> str:
    text = unicodedata.normalize("NFKC", str(text)).replace("\ufeff", "")
    return re.sub(r"[\s_\-]+", "", text).casefold()


_HEADER_LOOKUP = {_fold_header(alias): canonical for canonical, aliases in HEADER_ALIASES.items() for alias in aliases}


def canonical_column(header: Any) -> str | None:
    """The actuals column a typed header means, or None.

    Trailing ``*`` (a required-field mark) and a trailing bracketed unit are ignored.

    >>> canonical_column("数据来源"), canonical_column(" Assigned Target "), canonical_column("数值（%）")
    ('source', 'assigned_target', 'value')
    >>> canonical_column("单位") is None
    True
    """
    folded = _fold_header(header)
    if not folded:
        return None
    if folded in _HEADER_LOOKUP:
        return _HEADER_LOOKUP[folded]
    trimmed = re.sub(r"(\*+|\([^()]*\))+$", "", folded)
    return _HEADER_LOOKUP.get(trimmed)


@functools.lru_cache(maxsize=8192)
def _canonical_cached(header: str) -> str | None:
    """:func:`canonical_column` remembered: the check for a repeated header row asks it of every cell."""
    return canonical_column(header)


def _column_letter(index: int) -> str:
    """Excel column letter for a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _is_blank(cells: Sequence[str]) -> bool:
    return all(not str(c).strip() for c in cells)


def _find_header(rows: list[tuple[int, list[str]]]) -> tuple[int | None, int]:
    """Index (into rows) of the header among the first rows, and how many columns it names.

    The first row naming every required column wins; otherwise the row naming the most columns;
    otherwise the first non-blank row.
    """
    best_index, best_score = None, 0
    for k, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {canonical_column(c) for c in cells} - {None}
        if set(REQUIRED_COLUMNS) <= found:
            return k, len(found)
        if len(found) > best_score:
            best_index, best_score = k, len(found)
    if best_index is None and rows:
        best_index = 0
    return best_index, best_score


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


class _Unreadable(Exception):
    """A file that cannot be read at all (becomes one Problem)."""

    def __init__(self, message: str, expected: str | None = None, sheet: str | None = None):
        super().__init__(message)
        self.message = message
        self.expected = expected
        self.sheet = sheet


_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF", "a PDF document"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "a legacy Excel .xls workbook, a password-protected workbook or another old Office file",
    ),
    (b"PK\x03\x04", "a ZIP archive (an .xlsx workbook, a .docx document or similar)"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
)

SUPPORTED = "an .xlsx workbook or a .csv file"


def _sniff(data: bytes) -> str | None:
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            return what
    return None


#: The encoding the user named (``--encoding``) for text files that are not UTF-8; see :func:`forced_encoding`.
_FORCED_ENCODING: contextvars.ContextVar[str | None] = contextvars.ContextVar("dayao_forced_encoding", default=None)

# A GBK/GB18030 two-byte character whose second byte is an ASCII letter or sign (0x40–0x7E): real
# Chinese text rarely has one (GB2312 characters have both bytes ≥ 0xA1), while Windows-1252 or
# Latin-1 text ("Señor" = 53 65 F1 6F 72) always decodes into them ("Se駉r").
_GB_SEQUENCE = re.compile(rb"[\x81-\xfe](?:[\x30-\x39][\x81-\xfe][\x30-\x39]|[\x40-\x7e\x80-\xfe])")


@contextlib.contextmanager
def forced_encoding(encoding: str | None):
    """Read text files that are not UTF-8 in ``encoding`` (``dayao validate/intake --encoding``)."""
    if encoding:
        import codecs

        try:
            encoding = codecs.lookup(encoding).name
        except LookupError:
            raise ValueError(f"unknown encoding {encoding!r} (expected e.g. gb18030, cp1252, latin-1, big5)") from None
    token = _FORCED_ENCODING.set(encoding or None)
    try:
        yield
    finally:
        _FORCED_ENCODING.reset(token)


def _ambiguous_gb18030(data: bytes) -> int | None:
    """The offset of the first GB18030 character that could as well be two Windows-1252 letters, or None."""
    for m in _GB_SEQUENCE.finditer(data):
        seq = m.group(0)
        if len(seq) == 2 and 0x40 <= seq[1] <= 0x7E:
            return m.start()
    return None


def _decode(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: BOMs first, then strict UTF-8, then GB18030 (Excel's "CSV" in China).

    Text that is not UTF-8 and could be GB18030 or a Western encoding alike is refused with both
    readings shown, until the user names the encoding (``--encoding``).
    """
    forced = _FORCED_ENCODING.get()
    if forced and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        try:
            return data.decode(forced), forced
        except UnicodeDecodeError as exc:
            raise _Unreadable(
                f"the text cannot be decoded as {forced.upper()} (--encoding), byte 0x{data[exc.start : exc.start + 1].hex()} at position {exc.start}",
                "the encoding the file was saved in, or the file saved as UTF-8",
            ) from None
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    last: UnicodeDecodeError | None = None
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            last = exc
            continue
        if encoding == "gb18030":
            at = _ambiguous_gb18030(data)
            if at is not None:
                start = max(0, data.rfind(b"\n", 0, at) + 1, at - 30)
                end = data.find(b"\n", at)
                end = min(len(data), at + 30) if end < 0 else min(end, at + 30)
                as_gb = _show(data[start:end].decode("gb18030", "replace"), 60)
                as_west = _show(data[start:end].decode("cp1252", "replace"), 60)
                line = data.count(b"\n", 0, at) + 1
                raise _Unreadable(
                    f"the file is not UTF-8, and its encoding cannot be told for certain: line {line} reads {as_gb} as GB18030 (Chinese) "
                    f"but {as_west} as Windows-1252 (Western); nothing is read until you say which",
                    "the file saved as UTF-8 (in Excel: Save As › CSV UTF-8), or the encoding named: --encoding gb18030 or --encoding cp1252",
                )
        return text, encoding
    assert last is not None
    bad = data[last.start : last.start + 1].hex()
    tried = " or ".join(e.upper() for e in candidates)
    raise _Unreadable(
        f"the text cannot be decoded as {tried} (byte 0x{bad} at position {last.start})",
        "a CSV file saved as UTF-8, UTF-16 or GB18030/GBK",
    )


def _parse_delimited(text: str, separator: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, quotechar='"', strict=False)
    return [list(r) for r in reader]


def _read_csv(data: bytes) -> tuple[list[tuple[int, list[str]]], dict]:
    what = _sniff(data)
    if what:
        raise _Unreadable(f"not a text (CSV) file: it looks like {what}", SUPPORTED)
    text, encoding = _decode(data)
    if "\x00" in text:
        raise _Unreadable(
            "the file contains NUL characters: it is not a text (CSV) file, or it is UTF-16 text without a byte-order mark",
            "a CSV file saved as UTF-8, UTF-16 or GB18030/GBK",
        )
    if not text.strip():
        raise _Unreadable(
            "the file holds only blank lines",
            "a header row (indicator, year, value, source) and one row per indicator and year",
        )
    # Excel's optional first line "sep=;" names the separator.
    max_rows = limit("MAX_ROWS")
    lines = text.count("\n")
    if lines > max_rows + HEADER_SEARCH_ROWS:
        raise _Unreadable(
            f"the file has {lines:,} lines; the limit for an actuals file is {max_rows:,} rows (DAYAO_MAX_ROWS), so it is not read",
            "one row per indicator and year (a few hundred rows); split a larger file",
        )
    first_line = text.lstrip("\ufeff").split("\n", 1)[0].strip()
    hinted = re.fullmatch(r"sep=(.)", first_line)
    separators = (hinted.group(1),) if hinted else SEPARATORS
    # The separator is chosen on the first lines; the whole file is then parsed once.
    sample = "\n".join(text.split("\n", 200)[:200]) if lines > 200 else text
    best: tuple[int, int, str, list[list[str]]] | None = None
    for sep in separators:
        try:
            rows = _parse_delimited(sample, sep)
        except csv.Error as exc:
            if best is None and sep == separators[-1]:
                raise _Unreadable(f"the file cannot be read as CSV ({exc})", SUPPORTED) from None
            continue
        numbered = [(i + 1, r) for i, r in enumerate(rows) if not _is_blank(r)]
        _, score = _find_header(numbered)
        first = next((r for _, r in numbered), [])
        occurrences = len(first) - 1 if first else 0
        key = (score, occurrences)
        if best is None or key > best[:2]:
            best = (score, occurrences, sep, rows)
    if best is None:  # pragma: no cover - every separator failed
        raise _Unreadable("the file cannot be read as CSV", SUPPORTED)
    _, _, sep, rows = best
    if sample is not text:
        try:
            rows = _parse_delimited(text, sep)
        except csv.Error as exc:
            raise _Unreadable(f"the file cannot be read as CSV ({exc})", SUPPORTED) from None
    numbered = [(i + 1, [c for c in r]) for i, r in enumerate(rows) if not _is_blank(r)]
    return numbered, {"format": "csv", "encoding": encoding, "separator": sep, "sheet": None}


def _plain_decimal(d: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: Decimal('2.0230E+3') → '2023'."""
    text = format(d.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _cell_text(value: Any, number_format: str | None = None) -> str:
    """An Excel cell as the text a planner sees: numbers plain, percent-formatted cells with %."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if number_format and "%" in number_format:
            # Typed as "92%" in a percent-formatted cell, stored as 0.92: show what the user sees.
            return _plain_decimal(d * 100) + "%"
        return _plain_decimal(d)
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") and hasattr(value, "date") else value.isoformat()
    return str(value)


def _read_xlsx(data: bytes) -> tuple[list[tuple[int, list[str]]], dict]:
    if not data.startswith(b"PK"):
        what = _sniff(data)
        if what is None:
            try:
                data[:2048].decode("utf-8")
                what = "a text file (perhaps a CSV file renamed .xlsx)"
            except UnicodeDecodeError:
                what = "something else"
        raise _Unreadable(f"not an Excel workbook: it looks like {what}", SUPPORTED)
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise _Unreadable("cannot be read: openpyxl is not installed", "run `make install`") from None
    from dayao_data.xlsx_guard import WorkbookRefused, check_archive, neutralise_non_finite, scan_sheet

    try:
        check_archive(data)  # before anything is decompressed
    except WorkbookRefused as exc:
        raise _Unreadable(exc.message, exc.expected) from None
    data, non_finite = neutralise_non_finite(data)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure of a damaged workbook is one Problem
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise _Unreadable(f"the workbook cannot be read ({detail})", SUPPORTED) from None
    try:
        all_sheets = list(wb.worksheets)
        if not all_sheets:
            raise _Unreadable(
                "the workbook has no worksheet", "a worksheet with a header row and one row per indicator and year"
            )
        # What the user sees is what is read: hidden and very hidden sheets are not read.
        sheets = [ws for ws in all_sheets if getattr(ws, "sheet_state", "visible") == "visible"]
        hidden_sheets = [(ws.title, ws.sheet_state) for ws in all_sheets if ws not in sheets and ws.title != "_form"]
        if not sheets:
            raise _Unreadable(
                f"every sheet of the workbook is hidden ({', '.join(repr(t) for t, _ in hidden_sheets)}); hidden sheets are not read",
                "the figures on a visible sheet (in Excel: right-click a sheet tab › Unhide)",
            )
        chosen = sheets[0]
        preferred = {_fold_header(n) for n in PREFERRED_SHEETS}
        for ws in sheets:
            if _fold_header(ws.title) in preferred:
                chosen = ws
                break
        part = getattr(chosen, "_worksheet_path", None)
        scan = scan_sheet(data, part) if part else None
        hidden_rows = set(scan.hidden_rows) if scan else set()
        max_rows = limit("MAX_ROWS")
        try:
            chosen.reset_dimensions()  # the stored size can be wrong; read every row present
        except AttributeError:  # pragma: no cover - not a read-only sheet
            pass
        numbered: list[tuple[int, list[str]]] = []
        skipped: list[int] = []
        try:
            for row_number, row in enumerate(chosen.iter_rows(min_row=1, min_col=1), start=1):
                cells = [_cell_text(getattr(c, "value", None), getattr(c, "number_format", None)) for c in row]
                while cells and not cells[-1].strip():
                    cells.pop()
                if cells and row_number in hidden_rows:
                    skipped.append(row_number)
                elif cells:
                    numbered.append((row_number, cells))
                    if len(numbered) > max_rows + HEADER_SEARCH_ROWS:
                        raise _Unreadable(
                            f"sheet '{chosen.title}' has more than {max_rows:,} rows; the limit is {max_rows:,} (DAYAO_MAX_ROWS)",
                            "one row per indicator and year (a few hundred rows); split a larger file",
                            chosen.title,
                        )
        except _Unreadable:
            raise
        except Exception as exc:  # noqa: BLE001
            detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
            raise _Unreadable(f"sheet '{chosen.title}' cannot be read ({detail})", SUPPORTED, chosen.title) from None
        meta = {
            "format": "xlsx",
            "encoding": None,
            "separator": None,
            "sheet": chosen.title,
            "sheets": [s.title for s in all_sheets],
        }
        meta["hidden_sheets"] = hidden_sheets
        meta["hidden_rows"] = skipped
        meta["formulas_without_result"] = dict(scan.formulas_without_result) if scan else {}
        meta["non_finite"] = dict(non_finite.get(str(part).lstrip("/"), {})) if part else {}
        return numbered, meta
    finally:
        wb.close()


def _read_rows(path: Path) -> tuple[list[tuple[int, list[str]]], dict]:
    """Read the non-blank rows of a file, numbered as the user sees them."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise _Unreadable("file not found", "the path of an existing .xlsx or .csv file")
    if path.is_dir():
        raise _Unreadable("this is a folder, not a file", SUPPORTED)
    if suffix == ".xls":
        raise _Unreadable(
            "this is a legacy Excel .xls workbook, which is not read here",
            "an .xlsx workbook (in Excel: File › Save As › Excel Workbook (*.xlsx)) or a CSV file",
        )
    if suffix not in TEXT_EXTENSIONS + XLSX_EXTENSIONS:
        shown = f"files ending in '{path.suffix}' are" if path.suffix else "a file without an extension is"
        raise _Unreadable(f"{shown} not read; only .xlsx, .xlsm, .csv, .tsv and .txt", SUPPORTED)
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size > limit("MAX_FILE_BYTES"):
        raise _Unreadable(
            f"the file is {size_text(size)}; the limit for an actuals file is {size_text(limit('MAX_FILE_BYTES'))} (DAYAO_MAX_FILE_BYTES), so it is not read",
            "one row per indicator and year (a few hundred rows); split a larger file",
        )
    try:
        # One read into memory: the file is never held open, locked or written.
        with open(path, "rb") as handle:
            data = handle.read()
    except PermissionError:
        raise _Unreadable("cannot be opened (permission denied)", "a file you may read") from None
    except OSError as exc:
        raise _Unreadable(f"cannot be opened ({exc.strerror or exc})", SUPPORTED) from None
    if not data:
        raise _Unreadable(
            "the file is empty (0 bytes)",
            "a header row (indicator, year, value, source) and one row per indicator and year",
        )
    if suffix in XLSX_EXTENSIONS:
        return _read_xlsx(data)
    return _read_csv(data)


@dataclass
class _Table:
    """A file read and its header found: the raw material of validation."""

    file: str
    sheet: str | None
    header_row: int | None
    headers: list[str]  # as typed, "" for a column without a header
    columns: dict[str, int]  # canonical name → position (first of duplicates)
    rows: list[tuple[int, list[str]]]  # data rows (non-blank, below the header)
    meta: dict
    problems: list[Problem]
    missing: list[str] = field(default_factory=list)  # required columns the header lacks


def _load_table(path: Any) -> _Table:
    file = str(path) if str(path) else "<no file name>"
    try:
        p = Path(os.fspath(path))
    except TypeError:
        raise _Unreadable(f"{path!r} is not a file path", SUPPORTED) from None
    try:
        numbered, meta = _read_rows(p)
    except _Unreadable:
        raise
    except Exception as exc:  # noqa: BLE001 - an unforeseen failure is still one Problem, never a traceback
        raise _Unreadable(f"the file cannot be read ({type(exc).__name__}: {exc})", SUPPORTED) from None
    sheet = meta.get("sheet")
    problems: list[Problem] = []
    if not numbered:
        where = f"sheet '{sheet}' is empty" if sheet else "the file holds only blank lines"
        raise _Unreadable(
            where, "a header row (indicator, year, value, source) and one row per indicator and year", sheet
        )
    index, _ = _find_header(numbered)
    assert index is not None
    header_row, header_cells = numbered[index]
    headers = [str(h).strip() for h in header_cells]
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for pos, header in enumerate(headers):
        canonical = canonical_column(header)
        if canonical is None:
            if header:
                ignored.append(header)
            continue
        if canonical in columns:
            first = headers[columns[canonical]]
            problems.append(
                Problem(
                    file,
                    header_row,
                    header,
                    f"columns '{first}' and '{header}' both mean '{canonical}'; the second is not read",
                    "one column for each of " + ", ".join(ACTUALS_COLUMNS),
                    "error",
                    sheet,
                )
            )
            continue
        columns[canonical] = pos
    data_rows = numbered[index + 1 :]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    problems.extend(_reading_problems(file, sheet, meta, headers, header_row))
    if missing:
        found = [h for h in headers if h]
        shown = ", ".join(_show(h, 30) for h in found[:12]) + (
            f" and {len(found) - 12} more" if len(found) > 12 else ""
        )
        problems.append(
            Problem(
                file,
                header_row,
                None,
                f"missing required column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; the header row (row {header_row}) has: {shown or 'no headers'}",
                "a header row with indicator, year, value, source (or 指标, 年份, 数值, 来源) within the first 10 rows",
                "error",
                sheet,
            )
        )
    elif ignored:
        problems.append(
            Problem(
                file,
                header_row,
                None,
                f"column{'s' if len(ignored) > 1 else ''} {', '.join(_show(h, 30) for h in ignored[:8])} {'are' if len(ignored) > 1 else 'is'} not used and will be ignored",
                "only " + ", ".join(ACTUALS_COLUMNS),
                "warning",
                sheet,
            )
        )
    if not missing:
        # Cells beyond the header's width, or under a column without a header, would be lost silently.
        unnamed = sorted(
            {
                pos
                for _, cells in data_rows
                for pos, c in enumerate(cells)
                if c.strip() and (pos >= len(headers) or not headers[pos])
            }
        )
        if unnamed:
            letters = ", ".join(_column_letter(pos) for pos in unnamed[:8])
            problems.append(
                Problem(
                    file,
                    header_row,
                    None,
                    f"column{'s' if len(unnamed) > 1 else ''} {letters} {'hold' if len(unnamed) > 1 else 'holds'} data but no header; {'they are' if len(unnamed) > 1 else 'it is'} ignored",
                    "a header above every column that holds data",
                    "warning",
                    sheet,
                )
            )
        if not data_rows:
            problems.append(
                Problem(
                    file,
                    header_row,
                    None,
                    "the file has a header but no data rows",
                    "one row per indicator and year below the header",
                    "warning",
                    sheet,
                )
            )
    meta = dict(meta)
    meta.update({"path": file, "header_row": header_row, "columns": {c: headers[i] for c, i in columns.items()}})
    return _Table(file, sheet, header_row, headers, columns, data_rows, meta, problems, missing)


def _rows_text(rows: Sequence[int], limit_shown: int = 12) -> str:
    shown = ", ".join(str(r) for r in rows[:limit_shown])
    return shown + (f" and {len(rows) - limit_shown:,} more" if len(rows) > limit_shown else "")


def _reading_problems(file: str, sheet: str | None, meta: dict, headers: list[str], header_row: int) -> list[Problem]:
    """What the reader of a workbook found beside the cells: hidden sheets and rows, formulas
    without a saved result, NaN/INF cells.  Cells explained here are listed in
    ``meta["explained"]`` so that the row checks do not call them "empty" as well."""
    problems: list[Problem] = []
    explained: set[tuple[int, int]] = set()
    meta["explained"] = explained

    def header_of(pos: int) -> str:
        return headers[pos] if pos < len(headers) and headers[pos] else f"(column {_column_letter(pos)})"

    for (r, pos), formula in sorted(meta.get("formulas_without_result", {}).items()):
        if r <= header_row:
            continue
        explained.add((r, pos))
        problems.append(
            Problem(
                file,
                r,
                header_of(pos),
                f"the cell holds the formula {formula} without a saved result",
                "a typed figure (or open the file in Excel, let it calculate, and save it)",
                "error",
                sheet,
            )
        )
    for (r, pos), text in sorted(meta.get("non_finite", {}).items()):
        explained.add((r, pos))
        problems.append(
            Problem(
                file,
                r,
                header_of(pos),
                f"the cell holds {_show(text)} (not a number, or infinity), not a figure",
                EXAMPLE_NUMBER,
                "error",
                sheet,
            )
        )
    hidden_sheets = meta.get("hidden_sheets") or []
    if hidden_sheets:
        names = ", ".join(
            f"'{t}' ({'very hidden' if state == 'veryHidden' else 'hidden'})" for t, state in hidden_sheets
        )
        problems.append(
            Problem(
                file,
                None,
                None,
                f"hidden sheet{'s' if len(hidden_sheets) > 1 else ''} {names} {'are' if len(hidden_sheets) > 1 else 'is'} not read; sheet '{sheet}' was read",
                "the figures on a visible sheet (in Excel: right-click a sheet tab › Unhide)",
                "warning",
                sheet,
            )
        )
    hidden_rows = meta.get("hidden_rows") or []
    if hidden_rows:
        problems.append(
            Problem(
                file,
                None,
                None,
                f"hidden row{'s' if len(hidden_rows) > 1 else ''} {_rows_text(hidden_rows)} {'are' if len(hidden_rows) > 1 else 'is'} not read",
                "every row to be read visible (in Excel: select the rows around them, right-click › Unhide)",
                "warning",
                sheet,
            )
        )
    return problems


def read_table(path: str | os.PathLike) -> tuple[pd.DataFrame, dict]:
    """The raw cells of an actuals file as strings, and what was found out while reading.

    Returns
    -------
    frame
        One row per non-blank data row below the header, one column per header *as typed*
        (a column without a header is named by its letter, e.g. ``(column F)``); every cell is a
        string, ``""`` when empty.  The index is the row number the user sees.
    meta
        ``format`` (csv | xlsx), ``encoding``, ``separator``, ``sheet``, ``header_row`` (1-based),
        ``columns`` (actuals column → header as typed) and ``problems`` (non-fatal problems of the
        header: missing or duplicated columns, ignored columns).

    Raises
    ------
    ActualsError
        With one Problem naming the file when it cannot be read at all (missing, empty, not a
        spreadsheet, legacy .xls, unknown extension, undecodable).
    """
    try:
        table = _load_table(path)
    except _Unreadable as exc:
        problem = Problem(str(path) or "<no file name>", None, None, exc.message, exc.expected, "error", exc.sheet)
        raise ActualsError([problem], f"{str(path) or '<no file name>'} cannot be read") from None
    width = max([len(table.headers)] + [len(cells) for _, cells in table.rows])
    names: list[str] = []
    for pos in range(width):
        header = table.headers[pos] if pos < len(table.headers) else ""
        name = header or f"(column {_column_letter(pos)})"
        while name in names:
            name = f"{name} ({_column_letter(pos)})"
        names.append(name)
    records = [cells + [""] * (width - len(cells)) for _, cells in table.rows]
    frame = pd.DataFrame(records, columns=names, index=pd.Index([r for r, _ in table.rows], name="row"), dtype=object)
    if not len(frame):
        frame = pd.DataFrame({n: pd.Series([], dtype=object) for n in names})
        frame.index.name = "row"
    meta = dict(table.meta)
    meta["problems"] = list(table.problems)
    return frame, meta


# --------------------------------------------------------------------------------------
# Cells
# --------------------------------------------------------------------------------------

_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
_SCIENTIFIC = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d{1,4}", re.ASCII)
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?", re.ASCII)
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+", re.ASCII)
_FULL_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_PLACEHOLDERS = {
    "-",
    "--",
    "---",
    "—",
    "——",
    "/",
    "\\",
    "无",
    "暂无",
    "空",
    "na",
    "n/a",
    "nan",
    "null",
    "none",
    "…",
    "...",
    "x",
    "?",
    "？",
}


def _clean_number_text(text: str) -> str:
    """A plain decimal string as a person would write it: '+085.30' → '85.3'."""
    try:
        return _plain_decimal(Decimal(text))
    except (InvalidOperation, ValueError):
        return text


def parse_number(raw: Any) -> tuple[float | None, str | None]:
    """A cell as a plain number, or why it is not one.

    Only ASCII decimals are numbers here (``92.5``, ``-3``, ``.5``).  Full-width digits, thousands
    separators, a trailing % and scientific notation are refused with the number they probably
    mean, so that the person who typed it corrects the file (converting them is the intake
    workflow's job, where the conversion is recorded).

    >>> parse_number("92.5")
    (92.5, None)
    >>> parse_number("８５．３")
    (None, "'８５．３' uses full-width digits (did you mean 85.3?)")
    >>> parse_number("1e3")
    (None, "'1e3' is in scientific notation, which is not accepted here (did you mean 1000?)")
    >>> parse_number("1,234.5")
    (None, "'1,234.5' has thousands separators (did you mean 1234.5?)")
    >>> parse_number("92%")
    (None, "'92%' has a % sign (did you mean 92?)")
    >>> parse_number("")
    (None, 'empty')
    """
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None, "empty"
    if _PLAIN_NUMBER.fullmatch(text):
        value = float(text)
        if not math.isfinite(value):
            return None, f"{_show(text)} is too large to be a figure"
        if abs(value) > MAX_MAGNITUDE:
            return None, f"{_show(text)} is beyond any plausible figure (more than 10^15 in size)"
        return value, None
    shown = _show(text)
    date = date_problem(text)
    if date:
        return None, date
    folded = unicodedata.normalize("NFKC", text).strip()
    if folded.casefold() in _PLACEHOLDERS:
        return None, f"{shown} is a placeholder, not a number; leave the row out until the figure is known"
    if re.fullmatch(r"#[A-Z/0-9]+[!?]?", folded.upper()):
        return None, f"{shown} is an Excel error, not a number; fix the formula or type the figure"
    reasons: list[str] = []
    # Fold only the full-width forms an input method types (０-９, ．, ，, ％, －, the ideographic
    # space), so that a suggestion is never built from look-alikes such as ² or ½.
    candidate = text.translate(_FULL_WIDTH).strip()
    if candidate != text:
        if any("\uff10" <= ch <= "\uff19" for ch in text):
            reasons.append("uses full-width digits")
        else:
            reasons.append("uses full-width characters")
    if "\u2212" in candidate:
        reasons.append("uses the sign '−' instead of the minus '-'")
        candidate = candidate.replace("\u2212", "-")
    if candidate.endswith(("%", "‰")):
        reasons.append(f"has a {candidate[-1]} sign")
        candidate = candidate[:-1].strip()
    if _THOUSANDS.fullmatch(candidate):
        reasons.append("has thousands separators")
        candidate = re.sub(r"[,\u00a0\u202f ]", "", candidate)
    elif _DECIMAL_COMMA.fullmatch(candidate):
        reasons.append("uses a comma as the decimal mark")
        candidate = candidate.replace(",", ".")
    if _SCIENTIFIC.fullmatch(candidate):
        reasons.append("is in scientific notation, which is not accepted here")
        candidate = _clean_number_text(candidate)
    if reasons and _PLAIN_NUMBER.fullmatch(candidate):
        return None, f"{shown} {' and '.join(reasons)} (did you mean {_clean_number_text(candidate)}?)"
    return None, f"{shown} is not a number"


_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?|\d{2}:\d{2}:\d{2}")


def date_problem(text: str) -> str | None:
    """Why a cell that Excel holds as a date or time is not a figure, or None.

    A workbook cell formatted as a date reads as ``2023-05-01 00:00:00`` (see :func:`_cell_text`).

    >>> date_problem("2023-05-01 00:00:00")
    "'2023-05-01' is a date, not a number: the cell holds a date (in Excel: format the cell as a number and type the figure)"
    >>> date_problem("89.2") is None
    True
    """
    text = str(text).strip()
    if not _DATE_TEXT.fullmatch(text):
        return None
    shown = text[:10] if text.endswith("00:00:00") else text
    what = "a time" if ":" in text and "-" not in text else "a date"
    return f"{_show(shown)} is {what}, not a number: the cell holds {what} (in Excel: format the cell as a number and type the figure)"


def parse_year(raw: Any) -> tuple[int | None, str | None]:
    """A cell as a year (a whole number), or why it is not one.

    >>> parse_year("2023"), parse_year("2023.0")
    ((2023, None), (2023, None))
    >>> parse_year("2023年")
    (None, "'2023年' is not a whole number (did you mean 2023?)")
    """
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None, "empty"
    match = re.fullmatch(r"\+?(\d{1,6})(?:\.0*)?", text, re.ASCII)
    if match:
        return int(match.group(1)), None
    folded = unicodedata.normalize("NFKC", text).strip()
    guess = re.fullmatch(r"(\d{4})(?:\.0*)?\s*(?:年|年度)?", folded, re.ASCII)
    hint = f" (did you mean {int(guess.group(1))}?)" if guess else ""
    return None, f"{_show(text)} is not a whole number{hint}"


def _fmt(value: float) -> str:
    """A float as a person writes it: 92.0 → '92', 0.1 + 0.2 → '0.3'."""
    if not math.isfinite(value):
        return str(value)
    return _plain_decimal(Decimal(repr(value)).quantize(Decimal("1e-9")) if abs(value) < 1e15 else Decimal(repr(value)))


def _reference_level(ind: Indicator) -> float | None:
    for v in (ind.target_value, ind.baseline_value):
        if v is not None and v > 0:
            return v
    return None


def _looks_like_fraction(ind: Indicator, value: float) -> bool:
    """A % value in (0, 1] whose 100-fold is closer (in log terms) to the plan's level."""
    if not ind.is_percent or not 0 < value <= 1:
        return False
    ref = _reference_level(ind)
    if ref is None:
        return False
    return abs(math.log(100 * value) - math.log(ref)) < abs(math.log(value) - math.log(ref))


def _range_text(lo: float | None, hi: float | None, unit: str) -> str:
    if lo is not None and hi is not None:
        return f"{_fmt(lo)}–{_fmt(hi)} {unit}".strip()
    if lo is not None:
        return f"at least {_fmt(lo)} {unit}".strip()
    return f"at most {_fmt(hi)} {unit}".strip()  # type: ignore[arg-type]


def _value_problem(ind: Indicator, value: float, raw: str) -> tuple[str, str] | None:
    """What is wrong with a number for this indicator (message, expected), or None."""
    lo, hi = ind.bounds
    name = ind.name_zh
    shown = _show(raw.strip())
    if value < 0 and (lo == 0 or ind.is_count) and not ind.is_percent and ind.unit != "‰":
        what = "negative count" if ind.is_count else "negative value"
        return (f"{shown} is a {what}: {name} cannot be below 0", f"a value of at least 0 {ind.unit}".rstrip())
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        if ind.is_percent and (lo, hi) == (0.0, 100.0):
            return (f"{shown} is a percentage outside 0–100", "a percentage from 0 to 100, as printed in the plan")
        if ind.unit == "‰" and (lo, hi) == (0.0, 1000.0):
            return (f"{shown} is a rate per thousand outside 0–1000 ‰", "a value from 0 to 1000 (per thousand)")
        return (
            f"{shown} is outside the possible range of {name} ({_range_text(lo, hi, ind.unit)})",
            f"a value in {_range_text(lo, hi, ind.unit)}",
        )
    if _looks_like_fraction(ind, value):
        times100 = _plain_decimal(Decimal(raw.strip()) * 100)
        return (
            f"{raw.strip()} looks like a fraction; percentages are entered as printed in the plan, e.g. {times100} for {times100} %",
            f"a percentage such as {times100}; the plan's level for {name} is about {_fmt(_reference_level(ind) or 0)}",
        )
    if ind.whole_number and value != int(value):
        return (
            f"{shown} is not a whole number: {name} is counted in whole {ind.unit}",
            f"a whole number of {ind.unit}",
        )
    return None


# --------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------


@dataclass
class _Row:
    """A data row as parsed; ``ok`` is False when it has an error."""

    file: str
    row: int
    sheet: str | None
    indicator: str | None
    year: int | None
    value: float | None
    source: str
    note: str
    assigned_target: float | None
    ok: bool = True
    events: int | None = None
    denominator: int | None = None
    flag: str = ""
    series_break: str = ""


def _as_paths(paths: Any) -> list[Any]:
    if paths is None:
        return [example_actuals_path()]
    if isinstance(paths, (str, bytes, os.PathLike)):
        return [paths]
    try:
        return list(paths)
    except TypeError:
        return [paths]


def _as_plan(plan: Plan | str | os.PathLike | None) -> Plan:
    if plan is None:
        return load_plan()
    if isinstance(plan, Plan):
        return plan
    return load_plan(plan)


def _pair(value: float | None, assigned: float | None, other_assigned: float | None) -> str:
    """A value for a duplicate message, with its assigned target where the two rows differ in it."""
    text = _fmt(value) if value is not None else "?"
    if assigned is not None or other_assigned is not None:
        text += f" (assigned {_fmt(assigned)})" if assigned is not None else " (no assigned target)"
    return text


def _check(paths: Any, plan: Plan) -> tuple[list[Problem], list[_Row], list[str]]:
    """Every problem of every file, the rows parsed, and the files as named."""
    problems: list[Problem] = []
    rows: list[_Row] = []
    files: list[str] = []
    seen: dict[tuple[str, int], _Row] = {}
    suggestions: dict[str, list[str]] = {}
    plan_first, plan_last = plan.base_year + 1, plan.target_year
    max_suggestions, max_chars = limit("MAX_SUGGESTIONS"), limit("MAX_CELL_CHARS")
    for path in _as_paths(paths):
        # Hook for dayao_data.intake: an item may be a table already read (a returned form, or a
        # file whose figures the intake has read leniently); it is checked by the same rules.
        prebuilt = isinstance(path, _Table)
        file = path.file if prebuilt else (str(path) if str(path) else "<no file name>")
        files.append(file)
        try:
            table = path if prebuilt else _load_table(path)
        except _Unreadable as exc:
            problems.append(Problem(file, None, None, exc.message, exc.expected, "error", exc.sheet))
            continue
        except Exception as exc:  # noqa: BLE001 - never a traceback for a bad file
            problems.append(
                Problem(file, None, None, f"the file cannot be read ({type(exc).__name__}: {exc})", SUPPORTED)
            )
            continue
        problems.extend(table.problems)
        if any(c not in table.columns for c in REQUIRED_COLUMNS):
            continue  # without the required columns no row can be read (reported by _load_table)
        sheet, headers, cols = table.sheet, table.headers, table.columns
        explained = table.meta.get("explained") or set()

        def cell(cells: list[str], name: str) -> str:
            pos = cols.get(name)
            if pos is None or pos >= len(cells):
                return ""
            return str(cells[pos]).strip()

        for row_number, cells in table.rows:
            row_problems: list[Problem] = []

            def report(column: str | None, message: str, expected: str | None, severity: str = "error") -> None:
                if column in cols and (row_number, cols[column]) in explained:
                    return  # already said what is in the cell (a formula without a result, NaN)
                header = headers[cols[column]] if column in cols else column
                row_problems.append(Problem(file, row_number, header, message, expected, severity, sheet))

            # A second header row (two tables pasted one under the other).
            if (
                sum(1 for c in cells if _canonical_cached(c)) >= 2
                and _canonical_cached(cell(cells, "indicator")) == "indicator"
            ):
                report(None, "this row repeats the header row", "one header row at the top; delete this row")
                problems.extend(row_problems)
                rows.append(_Row(file, row_number, sheet, None, None, None, "", "", None, ok=False))
                continue

            # indicator
            ind: Indicator | None = None
            raw_ind = cell(cells, "indicator")
            if not raw_ind:
                report("indicator", "indicator is empty", "an indicator id or its Chinese name as printed in the plan")
            else:
                ind_id = plan.resolve(raw_ind)
                if ind_id is None:
                    if raw_ind not in suggestions:  # the same typo is often on many rows
                        # once per distinct name, and for the first MAX_SUGGESTIONS names only: a
                        # file of 20,000 different unknown names must not cost 20,000 searches
                        suggestions[raw_ind] = plan.suggest(raw_ind) if len(suggestions) < max_suggestions else []
                    hints = suggestions[raw_ind]
                    hint = f"; did you mean {', '.join(hints)}?" if hints else ""
                    hidden = invisible_characters(raw_ind)
                    if hidden:
                        hint = (
                            f"; it contains the invisible character{'s' if len(hidden) > 1 else ''} {', '.join(hidden)} (shown as <U+…>): delete {'them' if len(hidden) > 1 else 'it'}"
                            + hint
                        )
                    report(
                        "indicator",
                        f"unknown indicator {_show(raw_ind)}{hint}",
                        "an indicator id, its Chinese name as printed in the plan, or an alias",
                    )
                else:
                    ind = plan.indicator(ind_id)

            # year
            year_ok = False
            year, why = parse_year(cell(cells, "year"))
            if why == "empty":
                report("year", "year is empty", "a year such as 2023")
            elif why:
                report("year", why, "a year such as 2023")
            elif year is not None:
                first, last = (ind.base_year + 1, ind.target_year) if ind else (plan_first, plan_last)
                base = ind.base_year if ind else plan.base_year
                if not first <= year <= last:
                    whose = f" of {ind.name_zh}" if ind else ""
                    if year <= base:
                        extra = f"; the {base} base-year value lives in the plan, not in the actuals"
                    else:
                        extra = f"; the plan ends in {last}"
                    report(
                        "year",
                        f"year {year} is outside the plan period{whose} ({first}–{last}){extra}",
                        f"a year from {first} to {last}",
                    )
                else:
                    year_ok = True

            # value
            raw_value = cell(cells, "value")
            value, why_value = parse_number(raw_value)
            value_ok = False
            if why_value == "empty":
                report("value", "value is empty", EXAMPLE_NUMBER + "; leave the row out until the figure is known")
            elif why_value:
                report(
                    "value", why_value, EXAMPLE_NUMBER if why_value.endswith("is not a number") else PLAIN_NUMBER_HINT
                )
            elif value is not None and ind is not None:
                issue = _value_problem(ind, value, raw_value)
                if issue:
                    report("value", *issue)
                else:
                    value_ok = True

            # source
            source = cell(cells, "source")
            if not source:
                report(
                    "source",
                    "source is empty: every figure must say where it came from",
                    "where the figure comes from, e.g. 2023年教育事业统计年报",
                )
            for name in ("source", "note", "indicator"):
                text = cell(cells, name)
                if len(text) > max_chars:
                    report(
                        name,
                        f"the {name} is {len(text):,} characters long; the limit is {max_chars:,} (DAYAO_MAX_CELL_CHARS)",
                        f"a {name} of at most {max_chars:,} characters",
                    )

            # assigned_target (qualitative indicators: the quota handed down for that year)
            assigned: float | None = None
            assigned_ok = True
            raw_assigned = cell(cells, "assigned_target")
            if raw_assigned:
                assigned, why_assigned = parse_number(raw_assigned)
                if why_assigned:
                    report(
                        "assigned_target",
                        why_assigned,
                        EXAMPLE_NUMBER if why_assigned.endswith("is not a number") else PLAIN_NUMBER_HINT,
                    )
                    assigned, assigned_ok = None, False
                elif assigned is not None and assigned < 0:
                    report(
                        "assigned_target",
                        f"{_show(raw_assigned)} is negative: a quota cannot be below 0",
                        "the quota handed down for that year, at least 0",
                    )
                    assigned, assigned_ok = None, False
                elif ind is not None and ind.kind != "qualitative":
                    report(
                        "assigned_target",
                        f"assigned_target is only used for qualitative targets; {ind.name_zh} is assessed against the plan's own target, so {_show(raw_assigned)} is ignored",
                        "an empty assigned_target for this indicator",
                        "warning",
                    )
                    assigned = None

            events, denominator, flag = _counts_and_flag(
                lambda name: cell(cells, name), report, ind, value if value_ok else None, raw_value
            )

            ok = not any(p.severity == "error" for p in row_problems)
            record = _Row(
                file,
                row_number,
                sheet,
                ind.id if ind else None,
                year,
                value,
                source,
                cell(cells, "note"),
                assigned,
                ok,
                events,
                denominator,
                flag,
                cell(cells, "series_break"),
            )

            # the same indicator and year twice, in this file or another (compared only once
            # both values are valid, so that one mistake is reported once)
            if ind is not None and year_ok and value_ok and assigned_ok:
                key = (ind.id, year)
                earlier = seen.get(key)
                if earlier is None:
                    seen[key] = record
                else:
                    here, there = f"{file} row {row_number}", f"{earlier.file} row {earlier.row}"
                    if earlier.value == value and earlier.assigned_target == assigned:
                        report(
                            "value",
                            f"{ind.name_zh} {year} appears twice with the same value {_fmt(value)} ({there} and {here}); the second is ignored",
                            "one row per indicator and year",
                            "warning",
                        )
                    else:
                        report(
                            "value",
                            f"{ind.name_zh} {year} is given twice with different values: "
                            f"{_pair(earlier.value, earlier.assigned_target, assigned)} in {there} and "
                            f"{_pair(value, assigned, earlier.assigned_target)} in {here}",
                            "one value per indicator and year: correct or delete one of the two rows",
                        )
                        earlier.ok = False
                        record.ok = False
            problems.extend(row_problems)
            rows.append(record)
    return problems, rows, files


def _whole(raw: str) -> tuple[int | None, str | None]:
    number, why = parse_number(raw)
    if why:
        return None, why
    if number is None or number < 0 or number != int(number):
        return None, f"{_show(raw)} is not a whole number of at least 0"
    return int(number), None


def _counts_and_flag(
    get, report, ind: Indicator | None, value: float | None, raw_value: str
) -> tuple[int | None, int | None, str]:
    """The optional events, denominator and flag cells of a row, checked (problems via ``report``).

    ``get(name)`` returns the row's cell of a canonical column ("" when absent).
    """
    from dayao_data.certainty import unit_scale

    events = denominator = None
    raw_events, raw_den = get("events"), get("denominator")
    if raw_events:
        events, why = _whole(raw_events)
        if why:
            report("events", why, "the number of events (e.g. deaths) as a whole number such as 12")
    if raw_den:
        denominator, why = _whole(raw_den)
        if why:
            report("denominator", why, "the denominator (e.g. live births) as a whole number such as 2450")
        elif denominator == 0:
            report("denominator", "the denominator is 0", "the denominator (e.g. live births), at least 1")
            denominator = None
    if (raw_events and not raw_den) or (raw_den and not raw_events):
        missing = "denominator" if raw_events else "events"
        report(
            missing,
            f"{missing} is empty while {'events' if raw_events else 'denominator'} is given",
            "both events and denominator, or neither",
        )
    elif events is not None and denominator is not None:
        scale = unit_scale(ind.unit) if ind is not None else None
        if events > denominator:
            report(
                "events",
                f"{events} events is more than the denominator {denominator}",
                "events at most the denominator",
            )
            events = denominator = None
        elif ind is not None and scale is None:
            report(
                "events",
                f"events and denominator are only read for rates (‰, %, 1/10万); {ind.name_zh} is in {ind.unit or 'no unit'}, so they are ignored",
                "empty events and denominator for this indicator",
                "warning",
            )
            events = denominator = None
        elif value is not None and scale is not None:
            rate = events / denominator * scale
            decimals = len(raw_value.split(".")[1]) if "." in raw_value else 0
            tolerance = max(0.5 * 10 ** (-decimals), RATE_ROUNDING_FLOOR)
            if abs(rate - value) > tolerance + 1e-12:
                report(
                    "value",
                    f"the value {_show(raw_value)} does not agree with events ÷ denominator: {events} ÷ {denominator} × {scale:g} = {rate:.3f} {ind.unit}",
                    f"a value within {tolerance:g} of {rate:.3f}, or corrected events/denominator",
                )
    flag = ""
    raw_flag = get("flag")
    if raw_flag:
        flag = _FLAG_LOOKUP.get(raw_flag.strip().lower(), "")
        if not flag:
            report(
                "flag",
                f"{_show(raw_flag)} is not a data flag",
                "provisional, final or estimated (初步、正式 or 估计), or empty",
            )
    return events, denominator, flag


def validate_actuals(paths: Any, plan: Plan | str | os.PathLike | None = None) -> list[Problem]:
    """Every problem in every actuals file, errors and warnings, in file and row order.

    Never raises for bad content: an unreadable file is one Problem naming it.  ``paths`` is one
    path or a list; ``plan`` a :class:`~dayao_data.plan.Plan`, a plan file, or None for the
    embedded plan.
    """
    problems, _, _ = _check(paths, _as_plan(plan))
    return problems


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": pd.Series([], dtype=str),
            "year": pd.Series([], dtype="int64"),
            "value": pd.Series([], dtype="float64"),
            "source": pd.Series([], dtype=str),
            "note": pd.Series([], dtype=str),
            "assigned_target": pd.Series([], dtype="float64"),
            "events": pd.Series([], dtype="Int64"),
            "denominator": pd.Series([], dtype="Int64"),
            "flag": pd.Series([], dtype=str),
            "series_break": pd.Series([], dtype=str),
            "illustrative": pd.Series([], dtype=bool),
            "file": pd.Series([], dtype=str),
            "row": pd.Series([], dtype="int64"),
        }
    )


def load_actuals(
    paths: Any = None, plan: Plan | str | os.PathLike | None = None, *, keep_valid_rows: bool = False
) -> pd.DataFrame:
    """The actuals as a tidy frame, one row per indicator and year, after full validation.

    Parameters
    ----------
    paths
        One path or a list of paths (.xlsx or .csv); None for the bundled illustrative example.
    plan
        The plan to check against (a Plan or a plan file); None for the embedded plan.
    keep_valid_rows
        If False (default), any error raises :class:`ActualsError` listing every problem.  If
        True, rows with errors are dropped and the problems are kept in ``df.attrs["problems"]``.

    Returns
    -------
    pandas.DataFrame
        Columns indicator (plan id), year (int), value (float), source, note ("" when absent),
        assigned_target (float, NaN when absent), events and denominator (nullable integers, for
        rates from counts), flag ("provisional", "final", "estimated" or ""), series_break (text,
        "" when none), illustrative (bool), file, row (as the user sees it).  Warnings (and, with ``keep_valid_rows``, errors) are in ``df.attrs["problems"]``.
    """
    the_plan = _as_plan(plan)
    problems, rows, _ = _check(paths, the_plan)
    errors = [p for p in problems if p.severity == "error"]
    if errors and not keep_valid_rows:
        raise ActualsError(errors + [p for p in problems if p.severity != "error"])
    kept: list[_Row] = []
    keys: set[tuple[str, int]] = set()
    for r in rows:
        if not (r.ok and r.indicator is not None and r.year is not None and r.value is not None):
            continue
        if (r.indicator, r.year) in keys:
            continue  # an identical duplicate (a warning): the first copy is kept
        keys.add((r.indicator, r.year))
        kept.append(r)
    if kept:
        frame = pd.DataFrame(
            {
                "indicator": pd.Series([r.indicator for r in kept], dtype=str),
                "year": pd.Series([r.year for r in kept], dtype="int64"),
                "value": pd.Series([r.value for r in kept], dtype="float64"),
                "source": pd.Series([r.source for r in kept], dtype=str),
                "note": pd.Series([r.note for r in kept], dtype=str),
                "assigned_target": pd.Series(
                    [math.nan if r.assigned_target is None else r.assigned_target for r in kept], dtype="float64"
                ),
                "events": pd.array([r.events for r in kept], dtype="Int64"),
                "denominator": pd.array([r.denominator for r in kept], dtype="Int64"),
                "flag": pd.Series([r.flag for r in kept], dtype=str),
                "series_break": pd.Series([r.series_break for r in kept], dtype=str),
                "illustrative": pd.Series([is_illustrative_source(r.source) for r in kept], dtype=bool),
                "file": pd.Series([r.file for r in kept], dtype=str),
                "row": pd.Series([r.row for r in kept], dtype="int64"),
            }
        )
    else:
        frame = _empty_frame()
    frame.attrs["problems"] = problems if keep_valid_rows else [p for p in problems if p.severity != "error"]
    return frame
