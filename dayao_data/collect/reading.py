"""Reading one returned file (:func:`read_submission`): a returned form, a copy of a form's table, or a plain actuals file.

The kind is told from the workbook (the very hidden ``_form`` sheet, or the form's header row on a
visible sheet), then :mod:`~dayao_data.collect.returned_form` or :mod:`~dayao_data.collect.plain_file`
reads it.  Never raises for bad content: every problem is in ``Submission.problems``.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from dayao_data.actuals import (
    TEXT_EXTENSIONS,
    XLSX_EXTENSIONS,
    read_rows,
)
from dayao_data.collect.form_header import form_header_row
from dayao_data.collect.form_layout import META_SHEET
from dayao_data.collect.plain_file import read_plain_file
from dayao_data.collect.returned_form import (
    drop_hidden_rows,
    read_form_grid,
    read_form_workbook,
    sheet_grid,
)
from dayao_data.collect.submission import FORM_HEADER_SEARCH_ROWS, Cell, Submission
from dayao_data.limits import limit
from dayao_data.plan import Plan
from dayao_data.xlsx_guard import WorkbookRefused, check_archive, neutralise_non_finite

__all__ = ["read_submission"]


def _read_bytes(path: Path) -> bytes | None:
    try:
        if path.is_file() and path.stat().st_size > limit("MAX_FILE_BYTES"):
            return None  # the plain reader refuses it with the limit named
        if path.is_file():
            with open(path, "rb") as handle:
                return handle.read()
    except OSError:
        return None
    return None


def read_submission(
    path: str | Path, plan: Plan, *, year: int | None = None, department: str | None = None
) -> Submission:
    """Read one file: a returned form or a plain actuals file.  Never raises for bad content.

    ``year`` and ``department`` are what the intake expects (``--year``, ``--department``); a form
    for another year or department is refused as a whole.
    """
    p = Path(path)
    file = str(path) if str(path) else "<no file name>"
    data = _read_bytes(p)
    sha = hashlib.sha256(data).hexdigest() if data is not None else None
    suffix = p.suffix.lower()
    if data and suffix in XLSX_EXTENSIONS and data.startswith(b"PK"):
        import openpyxl

        try:
            check_archive(data)  # before anything is decompressed
        except WorkbookRefused as exc:
            sub = Submission(p, file, sha, "unreadable")
            sub.error(None, None, exc.message, exc.expected)
            return sub
        data, _ = neutralise_non_finite(data)  # NaN/INF number cells read as text, and refused as such
        # A quick look first (read-only, the top rows only): a plain actuals workbook may be large.
        kind, form_sheet = _workbook_kind(data)
        if kind is not None:
            try:
                wb_f = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
            except Exception:  # noqa: BLE001 - a damaged workbook: the plain reader names the problem
                wb_f = None
            if wb_f is not None and kind == "form":
                sub = Submission(p, file, sha, "form")
                read_form_workbook(sub, wb_f, data, plan, year, department)
                return sub
            if wb_f is not None and kind == "form copy":
                ws = wb_f[form_sheet]
                sub = Submission(p, file, sha, "form", sheet=ws.title)
                wb_v = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
                grid, max_row = sheet_grid(ws, wb_v[ws.title])
                drop_hidden_rows(sub, ws, grid)
                sub.warn(
                    None,
                    None,
                    f"this workbook has the form's columns but not its identification (sheet '{META_SHEET}'); the year and department are taken from its headers and series",
                    "the .xlsx form as sent",
                )
                read_form_grid(sub, grid, max_row, list(ws.merged_cells.ranges), None, plan, year, department)
                return sub
    elif data and suffix in TEXT_EXTENSIONS:
        try:
            numbered, meta = read_rows(p)
        except Exception:  # noqa: BLE001 - unreadable: the plain reader names the problem
            numbered, meta = [], {}
        grid = {
            (r, c + 1): Cell(str(text)) for r, cells in numbered for c, text in enumerate(cells) if str(text).strip()
        }
        max_row = max([r for r, _ in numbered] or [0])
        if numbered and form_header_row(grid, max_row) is not None:
            sub = Submission(p, file, sha, "form")
            sub.warn(
                None,
                None,
                f"this form was saved as a text file (CSV, encoding {meta.get('encoding', '?').upper()}), which drops the form's identification; the year and department are taken from its headers and series",
                "the .xlsx form as sent",
            )
            read_form_grid(sub, grid, max_row, [], None, plan, year, department)
            return sub
    sub = Submission(p, file, sha, "actuals")
    read_plain_file(sub, data, plan, department)
    return sub


def _workbook_kind(data: bytes) -> tuple[str | None, str | None]:
    """("form", None) for a returned form, ("form copy", sheet) for the form's table without its
    identification, (None, None) for anything else (a plain actuals workbook, or unreadable)."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001
        return None, None
    try:
        if META_SHEET in wb.sheetnames:
            return "form", None
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue  # a hidden sheet is not what the user sees, so not what is read
            grid: dict[tuple[int, int], Cell] = {}
            try:
                for row in ws.iter_rows(min_row=1, max_row=FORM_HEADER_SEARCH_ROWS):
                    for cell in row:
                        value = getattr(cell, "value", None)
                        if value is not None and getattr(cell, "row", None):
                            grid[(cell.row, cell.column)] = Cell(str(value))
            except Exception:  # noqa: BLE001
                continue
            if form_header_row(grid, FORM_HEADER_SEARCH_ROWS) is not None:
                return "form copy", ws.title
        return None, None
    finally:
        wb.close()
