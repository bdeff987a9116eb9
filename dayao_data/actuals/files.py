"""Reading an actuals file into numbered rows of text: CSV and XLSX, encodings, limits, hidden sheets.

See docs/actuals-format.md, section 3 ("Files"): the sheet ``actuals``/``实际值`` or the first
visible sheet; CSV in UTF-8, UTF-16 or GB18030 with no guessed encodings; what you see is what is
read (hidden sheets and rows are not); the size limits.  Reading never changes the input: a file
is read once into memory, a workbook opened read-only, and nothing is written back.  A file that
cannot be read at all raises :class:`Unreadable`, which the checker turns into one Problem.
"""

from __future__ import annotations

import contextlib
import contextvars
import csv
import io
import math
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from dayao_data.actuals.cells import plain_decimal
from dayao_data.actuals.columns import HEADER_SEARCH_ROWS, PREFERRED_SHEETS, find_header, fold_header, is_blank_row
from dayao_data.actuals.problems import show_cell
from dayao_data.limits import limit, size_text
from dayao_data.xlsx_guard import WorkbookRefused, check_archive, neutralise_non_finite, scan_sheet

__all__ = [
    "SUPPORTED",
    "TEXT_EXTENSIONS",
    "XLSX_EXTENSIONS",
    "SEPARATORS",
    "Unreadable",
    "cell_text",
    "forced_encoding",
    "read_rows",
]

TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
SEPARATORS = (",", ";", "\t")


class Unreadable(Exception):
    """A file that cannot be read at all (becomes one Problem): ``message``, ``expected``, ``sheet``."""

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
            raise Unreadable(
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
                as_gb = show_cell(data[start:end].decode("gb18030", "replace"), 60)
                as_west = show_cell(data[start:end].decode("cp1252", "replace"), 60)
                line = data.count(b"\n", 0, at) + 1
                raise Unreadable(
                    f"the file is not UTF-8, and its encoding cannot be told for certain: line {line} reads {as_gb} as GB18030 (Chinese) "
                    f"but {as_west} as Windows-1252 (Western); nothing is read until you say which",
                    "the file saved as UTF-8 (in Excel: Save As › CSV UTF-8), or the encoding named: --encoding gb18030 or --encoding cp1252",
                )
        return text, encoding
    assert last is not None
    bad = data[last.start : last.start + 1].hex()
    tried = " or ".join(e.upper() for e in candidates)
    raise Unreadable(
        f"the text cannot be decoded as {tried} (byte 0x{bad} at position {last.start})",
        "a CSV file saved as UTF-8, UTF-16 or GB18030/GBK",
    )


def _parse_delimited(text: str, separator: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, quotechar='"', strict=False)
    return [list(r) for r in reader]


def _read_csv(data: bytes) -> tuple[list[tuple[int, list[str]]], dict]:
    what = _sniff(data)
    if what:
        raise Unreadable(f"not a text (CSV) file: it looks like {what}", SUPPORTED)
    text, encoding = _decode(data)
    if "\x00" in text:
        raise Unreadable(
            "the file contains NUL characters: it is not a text (CSV) file, or it is UTF-16 text without a byte-order mark",
            "a CSV file saved as UTF-8, UTF-16 or GB18030/GBK",
        )
    if not text.strip():
        raise Unreadable(
            "the file holds only blank lines",
            "a header row (indicator, year, value, source) and one row per indicator and year",
        )
    # Excel's optional first line "sep=;" names the separator.
    max_rows = limit("MAX_ROWS")
    lines = text.count("\n")
    if lines > max_rows + HEADER_SEARCH_ROWS:
        raise Unreadable(
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
                raise Unreadable(f"the file cannot be read as CSV ({exc})", SUPPORTED) from None
            continue
        numbered = [(i + 1, r) for i, r in enumerate(rows) if not is_blank_row(r)]
        _, score = find_header(numbered)
        first = next((r for _, r in numbered), [])
        occurrences = len(first) - 1 if first else 0
        key = (score, occurrences)
        if best is None or key > best[:2]:
            best = (score, occurrences, sep, rows)
    if best is None:  # pragma: no cover - every separator failed
        raise Unreadable("the file cannot be read as CSV", SUPPORTED)
    _, _, sep, rows = best
    if sample is not text:
        try:
            rows = _parse_delimited(text, sep)
        except csv.Error as exc:
            raise Unreadable(f"the file cannot be read as CSV ({exc})", SUPPORTED) from None
    numbered = [(i + 1, [c for c in r]) for i, r in enumerate(rows) if not is_blank_row(r)]
    return numbered, {"format": "csv", "encoding": encoding, "separator": sep, "sheet": None}


def cell_text(value: Any, number_format: str | None = None) -> str:
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
            return plain_decimal(d * 100) + "%"
        return plain_decimal(d)
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
        raise Unreadable(f"not an Excel workbook: it looks like {what}", SUPPORTED)
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise Unreadable("cannot be read: openpyxl is not installed", "run `make install`") from None
    try:
        check_archive(data)  # before anything is decompressed
    except WorkbookRefused as exc:
        raise Unreadable(exc.message, exc.expected) from None
    data, non_finite = neutralise_non_finite(data)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure of a damaged workbook is one Problem
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise Unreadable(f"the workbook cannot be read ({detail})", SUPPORTED) from None
    try:
        all_sheets = list(wb.worksheets)
        if not all_sheets:
            raise Unreadable(
                "the workbook has no worksheet", "a worksheet with a header row and one row per indicator and year"
            )
        # What the user sees is what is read: hidden and very hidden sheets are not read.
        sheets = [ws for ws in all_sheets if getattr(ws, "sheet_state", "visible") == "visible"]
        hidden_sheets = [(ws.title, ws.sheet_state) for ws in all_sheets if ws not in sheets and ws.title != "_form"]
        if not sheets:
            raise Unreadable(
                f"every sheet of the workbook is hidden ({', '.join(repr(t) for t, _ in hidden_sheets)}); hidden sheets are not read",
                "the figures on a visible sheet (in Excel: right-click a sheet tab › Unhide)",
            )
        chosen = sheets[0]
        preferred = {fold_header(n) for n in PREFERRED_SHEETS}
        for ws in sheets:
            if fold_header(ws.title) in preferred:
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
                cells = [cell_text(getattr(c, "value", None), getattr(c, "number_format", None)) for c in row]
                while cells and not cells[-1].strip():
                    cells.pop()
                if cells and row_number in hidden_rows:
                    skipped.append(row_number)
                elif cells:
                    numbered.append((row_number, cells))
                    if len(numbered) > max_rows + HEADER_SEARCH_ROWS:
                        raise Unreadable(
                            f"sheet '{chosen.title}' has more than {max_rows:,} rows; the limit is {max_rows:,} (DAYAO_MAX_ROWS)",
                            "one row per indicator and year (a few hundred rows); split a larger file",
                            chosen.title,
                        )
        except Unreadable:
            raise
        except Exception as exc:  # noqa: BLE001
            detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
            raise Unreadable(f"sheet '{chosen.title}' cannot be read ({detail})", SUPPORTED, chosen.title) from None
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


def read_rows(path: Path) -> tuple[list[tuple[int, list[str]]], dict]:
    """Read the non-blank rows of a file, numbered as the user sees them."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise Unreadable("file not found", "the path of an existing .xlsx or .csv file")
    if path.is_dir():
        raise Unreadable("this is a folder, not a file", SUPPORTED)
    if suffix == ".xls":
        raise Unreadable(
            "this is a legacy Excel .xls workbook, which is not read here",
            "an .xlsx workbook (in Excel: File › Save As › Excel Workbook (*.xlsx)) or a CSV file",
        )
    if suffix not in TEXT_EXTENSIONS + XLSX_EXTENSIONS:
        shown = f"files ending in '{path.suffix}' are" if path.suffix else "a file without an extension is"
        raise Unreadable(f"{shown} not read; only .xlsx, .xlsm, .csv, .tsv and .txt", SUPPORTED)
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size > limit("MAX_FILE_BYTES"):
        raise Unreadable(
            f"the file is {size_text(size)}; the limit for an actuals file is {size_text(limit('MAX_FILE_BYTES'))} (DAYAO_MAX_FILE_BYTES), so it is not read",
            "one row per indicator and year (a few hundred rows); split a larger file",
        )
    try:
        # One read into memory: the file is never held open, locked or written.
        with open(path, "rb") as handle:
            data = handle.read()
    except PermissionError:
        raise Unreadable("cannot be opened (permission denied)", "a file you may read") from None
    except OSError as exc:
        raise Unreadable(f"cannot be opened ({exc.strerror or exc})", SUPPORTED) from None
    if not data:
        raise Unreadable(
            "the file is empty (0 bytes)",
            "a header row (indicator, year, value, source) and one row per indicator and year",
        )
    if suffix in XLSX_EXTENSIONS:
        return _read_xlsx(data)
    return _read_csv(data)
