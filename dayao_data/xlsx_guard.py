"""Looking inside an .xlsx before openpyxl does: sizes, hidden rows, formulas without a result, NaN.

An .xlsx is a ZIP archive of XML parts.  Three things are checked or found here, on the raw parts,
because openpyxl either cannot be asked (a read-only sheet does not know which rows are hidden) or
fails without saying where (a number cell holding ``NaN`` stops it with ``invalid literal for
int()``, naming neither row nor column):

* :func:`check_archive` — the uncompressed size of every part, read from the archive's directory
  *before anything is decompressed*: a 1 MB workbook whose shared strings expand to 1 GiB is refused
  in milliseconds.  (Python's :mod:`zipfile` never decompresses a part beyond the size its directory
  states, so the stated sizes bound what openpyxl can be made to read.)
* :func:`neutralise_non_finite` — number cells holding ``NaN`` or ``INF`` are turned into text cells
  (in the in-memory copy only; the file is never changed) and listed, so that the row and column
  can be named.
* :func:`scan_sheet` — the rows a sheet hides and the formula cells that have no saved result.

>>> import io, openpyxl
>>> wb = openpyxl.Workbook(); ws = wb.active; ws.append(["a"]); ws.append(["b"]); ws.row_dimensions[2].hidden = True
>>> buf = io.BytesIO(); wb.save(buf)
>>> check_archive(buf.getvalue())
>>> scan_sheet(buf.getvalue(), "xl/worksheets/sheet1.xml").hidden_rows
[2]
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from dayao_data.limits import limit, size_text

__all__ = ["WorkbookRefused", "SheetScan", "check_archive", "neutralise_non_finite", "scan_sheet", "cell_position"]


class WorkbookRefused(Exception):
    """A workbook refused before it is read (too large once decompressed, or not a ZIP archive)."""

    def __init__(self, message: str, expected: str):
        super().__init__(message)
        self.message = message
        self.expected = expected


def check_archive(data: bytes) -> None:
    """Raise :class:`WorkbookRefused` when a workbook's parts would decompress beyond the limits.

    Only the archive's directory is read: nothing is decompressed.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a readable archive: openpyxl's own message names it
    per_part, total_limit, ratio = limit("MAX_XLSX_MEMBER"), limit("MAX_XLSX_UNCOMPRESSED"), limit("MAX_XLSX_RATIO")
    expected = f"a workbook of ordinary size (each part at most {size_text(per_part)} and {size_text(total_limit)} in all, uncompressed)"
    if len(infos) > 10_000:
        raise WorkbookRefused(f"the workbook has {len(infos):,} parts; an actuals workbook has a few dozen", expected)
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > per_part:
            raise WorkbookRefused(
                f"the workbook's part {info.filename} would expand to {size_text(info.file_size)} (from {size_text(info.compress_size)} in the file); "
                f"the limit is {size_text(per_part)}, so it is not read",
                expected,
            )
        if info.file_size > 16 * 1024 * 1024 and info.compress_size and info.file_size / info.compress_size > ratio:
            raise WorkbookRefused(
                f"the workbook's part {info.filename} is compressed {info.file_size / info.compress_size:,.0f} to 1 "
                f"({size_text(info.compress_size)} expanding to {size_text(info.file_size)}), as only a crafted file is; it is not read",
                expected,
            )
    if total > total_limit:
        raise WorkbookRefused(
            f"the workbook would expand to {size_text(total)} in all; the limit is {size_text(total_limit)}, so it is not read",
            expected,
        )


_NON_FINITE_V = re.compile(rb"<(?:\w+:)?v>\s*[-+]?(?:nan|inf(?:inity)?)\s*</(?:\w+:)?v>", re.I)
_CELL = re.compile(rb"<((?:\w+:)?)c\b([^>]*?)(/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')


def neutralise_non_finite(data: bytes) -> tuple[bytes, dict[str, dict[tuple[int, int], str]]]:
    """A copy of the workbook in which number cells holding NaN/INF are text cells, and where they were.

    Returns the (possibly unchanged) bytes and, per worksheet part, ``{(row, 0-based column): text}``.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return data, {}
    found: dict[str, dict[tuple[int, int], str]] = {}
    replaced: dict[str, bytes] = {}
    with archive:
        for info in archive.infolist():
            name = info.filename
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            try:
                xml = archive.read(name)
            except Exception:  # noqa: BLE001 - a damaged part: openpyxl names the problem
                continue
            if not _NON_FINITE_V.search(xml):
                continue
            where: dict[tuple[int, int], str] = {}

            def fix(m: re.Match) -> bytes:
                prefix, attrs, body = m.group(1), m.group(2), m.group(4) or b""
                v = _NON_FINITE_V.search(body)
                if v is None or re.search(rb'\bt="(?:s|str|inlineStr)"', attrs):
                    return m.group(0)
                text = re.sub(rb"</?(?:\w+:)?v>", b"", v.group(0)).strip()
                ref = _REF.search(attrs)
                if ref:
                    where[(int(ref.group(2)), _column_index(ref.group(1).decode()))] = text.decode("ascii", "replace")
                attrs = re.sub(rb'\s\bt="[^"]*"', b"", attrs)
                return b'<%sc%s t="inlineStr"><%sis><%st>%s</%st></%sis></%sc>' % (
                    prefix,
                    attrs,
                    prefix,
                    prefix,
                    text,
                    prefix,
                    prefix,
                    prefix,
                )

            replaced[name] = _CELL.sub(fix, xml)
            found[name] = where
        if not replaced:
            return data, {}
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in archive.infolist():
                copy.writestr(
                    info, replaced.get(info.filename) if info.filename in replaced else archive.read(info.filename)
                )
    return out.getvalue(), found


@dataclass
class SheetScan:
    """What :func:`scan_sheet` found in one worksheet part."""

    hidden_rows: list[int] = field(default_factory=list)
    formulas_without_result: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, 0-based column) → formula


_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b[^>]*>")
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def scan_sheet(data: bytes, part: str) -> SheetScan:
    """The hidden rows and the formulas without a saved result of the worksheet part ``part``."""
    scan = SheetScan()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read(part.lstrip("/"))
    except Exception:  # noqa: BLE001 - nothing to add to what openpyxl reports
        return scan
    if b"hidden=" in xml:
        for m in _ROW_TAG.finditer(xml):
            tag = m.group(0)
            if _HIDDEN.search(tag):
                r = _ROW_NUMBER.search(tag)
                if r:
                    scan.hidden_rows.append(int(r.group(1)))
    if _FORMULA.search(xml):
        try:
            for _, element in ElementTree.iterparse(io.BytesIO(xml), events=("end",)):
                tag = element.tag.rsplit("}", 1)[-1]
                if tag == "c":
                    f = v = None
                    for child in element:
                        t = child.tag.rsplit("}", 1)[-1]
                        if t == "f":
                            f = child
                        elif t in ("v", "is"):
                            v = child
                    has_value = v is not None and ((v.text or "").strip() or len(v))
                    if f is not None and not has_value:
                        pos = cell_position(element.get("r") or "")
                        if pos is not None:
                            text = (f.text or "").strip()
                            scan.formulas_without_result[pos] = (
                                ("=" + text) if text else "(a formula shared with the cell above)"
                            )
                elif tag == "row":
                    element.clear()
        except ElementTree.ParseError:
            pass
    return scan


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def cell_position(ref: str) -> tuple[int, int] | None:
    """``"C3"`` → ``(3, 2)``: the row and the 0-based column.

    >>> cell_position("C3"), cell_position("AA10"), cell_position("?")
    ((3, 2), (10, 26), None)
    """
    m = re.fullmatch(r"([A-Z]{1,3})(\d+)", ref)
    if not m:
        return None
    return int(m.group(2)), _column_index(m.group(1))
