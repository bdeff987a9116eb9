"""The rules a file as a whole must keep: its header row and what the reader found beside the cells.

One function per rule of docs/actuals-format.md, each citing its section;
:func:`~dayao_data.actuals.table.load_table` runs them in this order: one column per meaning, the
reading (formulas without a saved result, NaN cells, hidden sheets, hidden rows), the required
columns, then — when they are there — the other columns ignored, data without a header and a
header without data.  The rules of a data row are in :mod:`dayao_data.actuals.rules`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from dayao_data.actuals.columns import ACTUALS_COLUMNS, REQUIRED_COLUMNS, canonical_column, column_letter
from dayao_data.actuals.problems import EXAMPLE_NUMBER, Problem, show_cell

__all__ = [
    "HeaderCheck",
    "one_column_per_meaning",
    "formulas_have_saved_results",
    "cells_are_finite",
    "hidden_sheets_are_not_read",
    "hidden_rows_are_not_read",
    "required_columns_are_present",
    "other_columns_are_ignored",
    "data_columns_have_headers",
    "header_has_data_rows",
]


@dataclass
class HeaderCheck:
    """A file's header row being checked: where it is, its headers as typed, the problems found so far."""

    file: str
    sheet: str | None
    header_row: int
    headers: list[str]
    problems: list[Problem] = field(default_factory=list)

    def report(self, row: int | None, column: str | None, message: str, expected: str, severity: str = "error") -> None:
        """Record a problem of the file at ``row`` (None: the file as a whole) and ``column`` as typed."""
        self.problems.append(Problem(self.file, row, column, message, expected, severity, self.sheet))

    def header_of(self, pos: int) -> str:
        """The header of a 0-based column as typed, or ``(column F)`` for one without a header."""
        headers = self.headers
        return headers[pos] if pos < len(headers) and headers[pos] else f"(column {column_letter(pos)})"


def one_column_per_meaning(check: HeaderCheck) -> tuple[dict[str, int], list[str]]:
    """Section 2 ("Columns"): two columns meaning the same thing are an error (the second is not read).

    Returns the columns found (canonical name → 0-based position of the first) and the headers
    that name no actuals column.
    """
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for pos, header in enumerate(check.headers):
        canonical = canonical_column(header)
        if canonical is None:
            if header:
                ignored.append(header)
            continue
        if canonical in columns:
            first = check.headers[columns[canonical]]
            check.report(
                check.header_row,
                header,
                f"columns '{first}' and '{header}' both mean '{canonical}'; the second is not read",
                "one column for each of " + ", ".join(ACTUALS_COLUMNS),
            )
            continue
        columns[canonical] = pos
    return columns, ignored


def formulas_have_saved_results(check: HeaderCheck, meta: dict, explained: set[tuple[int, int]]) -> None:
    """Section 3 ("Files", cells described as what they are): a formula without a saved result is
    reported as such (not as "empty"); its cell is added to ``explained``."""
    for (r, pos), formula in sorted(meta.get("formulas_without_result", {}).items()):
        if r <= check.header_row:
            continue
        explained.add((r, pos))
        check.report(
            r,
            check.header_of(pos),
            f"the cell holds the formula {formula} without a saved result",
            "a typed figure (or open the file in Excel, let it calculate, and save it)",
        )


def cells_are_finite(check: HeaderCheck, meta: dict, explained: set[tuple[int, int]]) -> None:
    """Section 3 ("Files", cells described as what they are): a ``NaN`` or ``INF`` number cell is an
    error at its row and column, and the other rows are still checked; its cell is added to ``explained``."""
    for (r, pos), text in sorted(meta.get("non_finite", {}).items()):
        explained.add((r, pos))
        check.report(
            r,
            check.header_of(pos),
            f"the cell holds {show_cell(text)} (not a number, or infinity), not a figure",
            EXAMPLE_NUMBER,
        )


def hidden_sheets_are_not_read(check: HeaderCheck, meta: dict) -> None:
    """Section 3 ("Files", what you see is what is read): hidden and very hidden sheets are not read;
    a warning names them and the sheet that was read."""
    hidden_sheets = meta.get("hidden_sheets") or []
    if hidden_sheets:
        names = ", ".join(
            f"'{t}' ({'very hidden' if state == 'veryHidden' else 'hidden'})" for t, state in hidden_sheets
        )
        check.report(
            None,
            None,
            f"hidden sheet{'s' if len(hidden_sheets) > 1 else ''} {names} {'are' if len(hidden_sheets) > 1 else 'is'} not read; sheet '{check.sheet}' was read",
            "the figures on a visible sheet (in Excel: right-click a sheet tab › Unhide)",
            "warning",
        )


def _rows_text(rows: Sequence[int], limit_shown: int = 12) -> str:
    shown = ", ".join(str(r) for r in rows[:limit_shown])
    return shown + (f" and {len(rows) - limit_shown:,} more" if len(rows) > limit_shown else "")


def hidden_rows_are_not_read(check: HeaderCheck, meta: dict) -> None:
    """Section 3 ("Files", what you see is what is read): hidden rows are skipped, with a warning
    listing their numbers."""
    hidden_rows = meta.get("hidden_rows") or []
    if hidden_rows:
        check.report(
            None,
            None,
            f"hidden row{'s' if len(hidden_rows) > 1 else ''} {_rows_text(hidden_rows)} {'are' if len(hidden_rows) > 1 else 'is'} not read",
            "every row to be read visible (in Excel: select the rows around them, right-click › Unhide)",
            "warning",
        )


def required_columns_are_present(check: HeaderCheck, columns: dict[str, int]) -> list[str]:
    """Section 2 ("Columns"): indicator, year, value and source are required, in a header row within
    the first 10 rows.  Returns the required columns missing."""
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        found = [h for h in check.headers if h]
        shown = ", ".join(show_cell(h, 30) for h in found[:12]) + (
            f" and {len(found) - 12} more" if len(found) > 12 else ""
        )
        check.report(
            check.header_row,
            None,
            f"missing required column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; the header row (row {check.header_row}) has: {shown or 'no headers'}",
            "a header row with indicator, year, value, source (or 指标, 年份, 数值, 来源) within the first 10 rows",
        )
    return missing


def other_columns_are_ignored(check: HeaderCheck, ignored: list[str]) -> None:
    """Section 2 ("Columns"): other columns are ignored with a warning."""
    if ignored:
        check.report(
            check.header_row,
            None,
            f"column{'s' if len(ignored) > 1 else ''} {', '.join(show_cell(h, 30) for h in ignored[:8])} {'are' if len(ignored) > 1 else 'is'} not used and will be ignored",
            "only " + ", ".join(ACTUALS_COLUMNS),
            "warning",
        )


def data_columns_have_headers(check: HeaderCheck, data_rows: list[tuple[int, list[str]]]) -> None:
    """Section 2 ("Columns"): cells beyond the header's width, or under a column without a header,
    would be lost silently — a warning names their columns."""
    headers = check.headers
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
        check.report(
            check.header_row,
            None,
            f"column{'s' if len(unnamed) > 1 else ''} {letters} {'hold' if len(unnamed) > 1 else 'holds'} data but no header; {'they are' if len(unnamed) > 1 else 'it is'} ignored",
            "a header above every column that holds data",
            "warning",
        )


def header_has_data_rows(check: HeaderCheck, data_rows: list[tuple[int, list[str]]]) -> None:
    """Section 1 ("One row per indicator and year"): a header without any data row below is a warning."""
    if not data_rows:
        check.report(
            check.header_row,
            None,
            "the file has a header but no data rows",
            "one row per indicator and year below the header",
            "warning",
        )
