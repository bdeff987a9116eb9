"""The checker: every problem of every actuals file, by running the rules of :mod:`dayao_data.actuals.rules`.

:func:`check_files` reads each file (:func:`~dayao_data.actuals.table.load_table`), keeps the
problems of its header and of the reading, then runs the row rules on every data row in the
documented order and returns the problems, the rows as parsed (:class:`CheckedRow`) and the files
as named.  ``dayao validate``, ``dayao intake`` and :func:`~dayao_data.actuals.load_actuals` all
check through it, so a figure is judged by the same rules wherever it comes from.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from dayao_data.actuals.columns import REQUIRED_COLUMNS
from dayao_data.actuals.files import SUPPORTED, Unreadable
from dayao_data.actuals.problems import Problem
from dayao_data.actuals.rules import (
    RowCheck,
    assigned_target_is_a_quota,
    counts_agree_with_the_rate,
    flag_is_known,
    indicator_is_known,
    repeats_the_header,
    row_is_not_a_duplicate,
    source_is_given,
    text_cells_are_within_the_limit,
    value_is_a_plain_number,
    year_is_in_the_plan_period,
)
from dayao_data.actuals.table import Table, load_table
from dayao_data.limits import limit
from dayao_data.paths import example_actuals_path
from dayao_data.plan import Plan, load_plan

__all__ = ["CheckedRow", "as_plan", "check_files"]


@dataclass
class CheckedRow:
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


def as_plan(plan: Plan | str | os.PathLike | None) -> Plan:
    """The plan to check against: a :class:`~dayao_data.plan.Plan` as is, a plan file loaded, None
    for the embedded plan (raises what :func:`~dayao_data.plan.load_plan` raises)."""
    if plan is None:
        return load_plan()
    if isinstance(plan, Plan):
        return plan
    return load_plan(plan)


def check_files(paths: Any, plan: Plan) -> tuple[list[Problem], list[CheckedRow], list[str]]:
    """Every problem of every file, the rows parsed, and the files as named.

    ``paths`` is one path or a list (None: the bundled example).  An item may also be a
    :class:`~dayao_data.actuals.table.Table` already read — a returned form, or a file whose figures
    :mod:`dayao_data.collect.intake` has read leniently — which is checked by the same rules.  Never raises
    for bad content: a file that cannot be read is one Problem naming it.
    """
    problems: list[Problem] = []
    rows: list[CheckedRow] = []
    files: list[str] = []
    seen: dict[tuple[str, int], CheckedRow] = {}
    suggestions: dict[str, list[str]] = {}
    max_suggestions, max_chars = limit("MAX_SUGGESTIONS"), limit("MAX_CELL_CHARS")
    for path in _as_paths(paths):
        prebuilt = isinstance(path, Table)
        file = path.file if prebuilt else (str(path) if str(path) else "<no file name>")
        files.append(file)
        try:
            table = path if prebuilt else load_table(path)
        except Unreadable as exc:
            problems.append(Problem(file, None, None, exc.message, exc.expected, "error", exc.sheet))
            continue
        except Exception as exc:  # noqa: BLE001 - never a traceback for a bad file
            problems.append(
                Problem(file, None, None, f"the file cannot be read ({type(exc).__name__}: {exc})", SUPPORTED)
            )
            continue
        problems.extend(table.problems)
        if any(c not in table.columns for c in REQUIRED_COLUMNS):
            continue  # without the required columns no row can be read (reported by load_table)
        sheet, headers, cols = table.sheet, table.headers, table.columns
        explained = table.meta.get("explained") or set()
        for row_number, cells in table.rows:
            row = RowCheck(file, row_number, sheet, headers, cols, cells, explained)
            if repeats_the_header(row):
                problems.extend(row.problems)
                rows.append(CheckedRow(file, row_number, sheet, None, None, None, "", "", None, ok=False))
                continue
            ind = indicator_is_known(row, plan, suggestions, max_suggestions)
            year, year_ok = year_is_in_the_plan_period(row, ind, plan)
            value, value_ok = value_is_a_plain_number(row, ind)
            source = source_is_given(row)
            text_cells_are_within_the_limit(row, max_chars)
            assigned, assigned_ok = assigned_target_is_a_quota(row, ind)
            events, denominator = counts_agree_with_the_rate(row, ind, value if value_ok else None)
            flag = flag_is_known(row)
            record = CheckedRow(
                file,
                row_number,
                sheet,
                ind.id if ind else None,
                year,
                value,
                source,
                row.cell("note"),
                assigned,
                row.ok,
                events,
                denominator,
                flag,
                row.cell("series_break"),
            )
            # the same indicator and year twice, in this file or another (compared only once
            # both values are valid, so that one mistake is reported once)
            if ind is not None and year_ok and value_ok and assigned_ok:
                key = (ind.id, year)
                earlier = seen.get(key)
                if earlier is None:
                    seen[key] = record
                elif row_is_not_a_duplicate(
                    row, ind, year, value, assigned, (earlier.file, earlier.row, earlier.value, earlier.assigned_target)
                ):
                    earlier.ok = record.ok = False
            problems.extend(row.problems)
            rows.append(record)
    return problems, rows, files
