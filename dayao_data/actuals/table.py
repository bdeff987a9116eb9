"""An actuals file read and its header found (:class:`Table`), and the raw cells as a frame (:func:`read_table`).

The file's header row and what the reader found beside the cells are checked by the rules of
:mod:`dayao_data.actuals.header_rules` (docs/actuals-format.md, sections 2 and 3).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from dayao_data.actuals.columns import column_letter, find_header
from dayao_data.actuals.files import SUPPORTED, Unreadable, read_rows
from dayao_data.actuals.header_rules import (
    HeaderCheck,
    cells_are_finite,
    data_columns_have_headers,
    formulas_have_saved_results,
    header_has_data_rows,
    hidden_rows_are_not_read,
    hidden_sheets_are_not_read,
    one_column_per_meaning,
    other_columns_are_ignored,
    required_columns_are_present,
)
from dayao_data.actuals.problems import ActualsError, Problem

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
    if not numbered:
        where = f"sheet '{sheet}' is empty" if sheet else "the file holds only blank lines"
        raise Unreadable(
            where, "a header row (indicator, year, value, source) and one row per indicator and year", sheet
        )
    index, _ = find_header(numbered)
    assert index is not None
    header_row, header_cells = numbered[index]
    headers = [str(h).strip() for h in header_cells]
    data_rows = numbered[index + 1 :]
    check = HeaderCheck(file, sheet, header_row, headers)
    columns, ignored = one_column_per_meaning(check)
    # Cells explained by the reading are not called "empty" by the row rules as well.
    explained: set[tuple[int, int]] = set()
    meta["explained"] = explained
    formulas_have_saved_results(check, meta, explained)
    cells_are_finite(check, meta, explained)
    hidden_sheets_are_not_read(check, meta)
    hidden_rows_are_not_read(check, meta)
    missing = required_columns_are_present(check, columns)
    if not missing:
        other_columns_are_ignored(check, ignored)
        data_columns_have_headers(check, data_rows)
        header_has_data_rows(check, data_rows)
    problems = check.problems
    meta = dict(meta)
    meta.update({"path": file, "header_row": header_row, "columns": {c: headers[i] for c, i in columns.items()}})
    return Table(file, sheet, header_row, headers, columns, data_rows, meta, problems, missing)


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
