"""An actuals file read and its header found (:class:`Table`), and the raw cells as a frame (:func:`read_table`).

The problems of the header row follow docs/actuals-format.md, section 2 ("Columns": other columns are
ignored with a warning, two columns meaning the same thing are an error, the required columns must
be there) and section 3 ("Files": hidden sheets and rows, formulas without a saved result, NaN cells).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from dayao_data.actuals.columns import ACTUALS_COLUMNS, REQUIRED_COLUMNS, canonical_column, column_letter, find_header
from dayao_data.actuals.files import SUPPORTED, Unreadable, read_rows
from dayao_data.actuals.problems import EXAMPLE_NUMBER, ActualsError, Problem, show_cell

__all__ = ["Table", "load_table", "read_table"]


@dataclass
class Table:
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


def load_table(path: Any) -> Table:
    """Read a file and find its header: the :class:`Table` the checker works on.

    The problems of the header (duplicated, missing, ignored or unnamed columns, no data rows) and
    of the reading (hidden sheets and rows, formulas without a result, NaN cells) are in
    ``problems``; a file that cannot be read at all raises :class:`~dayao_data.actuals.files.Unreadable`.
    """
    file = str(path) if str(path) else "<no file name>"
    try:
        p = Path(os.fspath(path))
    except TypeError:
        raise Unreadable(f"{path!r} is not a file path", SUPPORTED) from None
    try:
        numbered, meta = read_rows(p)
    except Unreadable:
        raise
    except Exception as exc:  # noqa: BLE001 - an unforeseen failure is still one Problem, never a traceback
        raise Unreadable(f"the file cannot be read ({type(exc).__name__}: {exc})", SUPPORTED) from None
    sheet = meta.get("sheet")
    problems: list[Problem] = []
    if not numbered:
        where = f"sheet '{sheet}' is empty" if sheet else "the file holds only blank lines"
        raise Unreadable(
            where, "a header row (indicator, year, value, source) and one row per indicator and year", sheet
        )
    index, _ = find_header(numbered)
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
        shown = ", ".join(show_cell(h, 30) for h in found[:12]) + (
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
                f"column{'s' if len(ignored) > 1 else ''} {', '.join(show_cell(h, 30) for h in ignored[:8])} {'are' if len(ignored) > 1 else 'is'} not used and will be ignored",
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
            letters = ", ".join(column_letter(pos) for pos in unnamed[:8])
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
    return Table(file, sheet, header_row, headers, columns, data_rows, meta, problems, missing)


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
        return headers[pos] if pos < len(headers) and headers[pos] else f"(column {column_letter(pos)})"

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
                f"the cell holds {show_cell(text)} (not a number, or infinity), not a figure",
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
        table = load_table(path)
    except Unreadable as exc:
        problem = Problem(str(path) or "<no file name>", None, None, exc.message, exc.expected, "error", exc.sheet)
        raise ActualsError([problem], f"{str(path) or '<no file name>'} cannot be read") from None
    width = max([len(table.headers)] + [len(cells) for _, cells in table.rows])
    names: list[str] = []
    for pos in range(width):
        header = table.headers[pos] if pos < len(table.headers) else ""
        name = header or f"(column {column_letter(pos)})"
        while name in names:
            name = f"{name} ({column_letter(pos)})"
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
