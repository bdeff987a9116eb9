"""A plain actuals file taken in (docs/actuals-format.md): its cells read leniently, its formulas reported.

Figures typed the way people commonly type them (``８５．３``, ``1,580``) are read with a note
(:func:`dayao_data.excel.lenient_number`); a formula cell is read as its saved value with a warning.
"""

from __future__ import annotations

import io
import re

from dayao_data.actuals import (
    SUPPORTED,
    Problem,
    Unreadable,
    load_table,
)
from dayao_data.collect.submission import Submission, formula_problem, formula_text, other_department, read_figure
from dayao_data.plan import Plan

__all__ = ["read_plain_file"]


# --------------------------------------------------------------------------------------
# Plain actuals files
# --------------------------------------------------------------------------------------


def _formula_cells(data: bytes, sheet: str | None) -> dict[tuple[int, int], str]:
    """(row, 0-based column) → formula text of the formula cells of a sheet."""
    import openpyxl

    out: dict[tuple[int, int], str] = {}
    if not _has_formulas(data):
        return out  # the common case, without parsing a large workbook a second time
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001
        return out
    try:
        if sheet not in wb.sheetnames:
            return out
        ws = wb[sheet]
        for row in ws.iter_rows():
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    out[(cell.row, cell.column - 1)] = formula_text(cell.value)
    except Exception:  # noqa: BLE001 - the plain reader has already named what is wrong
        return out
    finally:
        wb.close()
    return out


def _has_formulas(data: bytes) -> bool:
    """Whether any worksheet of an .xlsx holds a formula element (``<f>`` or ``<f …>``)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    tail = b""
                    with z.open(name) as fh:
                        for chunk in iter(lambda: fh.read(1 << 20), b""):
                            if re.search(rb"<(?:\w+:)?f[ >/]", tail + chunk):
                                return True
                            tail = chunk[-16:]
    except Exception:  # noqa: BLE001 - let the full reader decide
        return True
    return False


def read_plain_file(sub: Submission, data: bytes | None, plan: Plan, department: str | None) -> None:
    """Read a plain actuals file into ``sub``: its table (figures read leniently) and its problems."""
    try:
        table = load_table(sub.path)
    except Unreadable as exc:
        sub.kind = "unreadable"
        sub.problems.append(Problem(sub.file, None, None, exc.message, exc.expected, "error", exc.sheet))
        sub.fatal = True
        return
    except Exception as exc:  # noqa: BLE001
        sub.kind = "unreadable"
        sub.problems.append(
            Problem(sub.file, None, None, f"the file cannot be read ({type(exc).__name__}: {exc})", SUPPORTED)
        )
        sub.fatal = True
        return
    table.file = sub.file
    sub.table = table
    sub.sheet = table.sheet
    if table.missing:
        return  # the shared check reports the missing columns
    cols, headers = table.columns, table.headers
    formulas = _formula_cells(data, table.sheet) if data is not None and table.meta.get("format") == "xlsx" else {}
    # Cells the reader has already explained (a formula without a saved result, NaN): their problem
    # stands as the reader put it, and no other check of the intake speaks of them.
    explained = table.meta.get("explained") or set()
    for p in table.problems:
        if (
            p.row is not None
            and p.column is not None
            and any(r == p.row and pos < len(headers) and headers[pos] == p.column for r, pos in explained)
        ):
            sub.problems.append(p)
            sub.suppressed.add((p.row, p.column))
    new_rows = []
    for row_number, cells in table.rows:
        cells = list(cells)
        ind_pos = cols.get("indicator")
        ind_id = (
            plan.resolve(cells[ind_pos])
            if ind_pos is not None and ind_pos < len(cells) and cells[ind_pos].strip()
            else None
        )
        ind = plan.indicator(ind_id) if ind_id else None
        for pos in cols.values():
            if (row_number, pos) in formulas and (row_number, pos) not in explained:
                header = headers[pos]
                cached = cells[pos] if pos < len(cells) else ""
                formula_problem(sub, row_number, header, formulas[(row_number, pos)], cached)
        for name in ("value", "assigned_target"):
            pos = cols.get(name)
            if pos is None or pos >= len(cells) or ind is None:
                continue
            if (row_number, headers[pos]) in sub.suppressed:
                continue
            cells[pos] = read_figure(sub, row_number, headers[pos], cells[pos], ind)
        if department and ind is not None and ind.department != department:
            sub.error(
                row_number,
                headers[ind_pos],
                other_department(plan, ind, department),
                f"only the series of {plan.department_name(department)} (--department)",
            )
        new_rows.append((row_number, cells))
    table.rows = new_rows
