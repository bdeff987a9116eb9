"""What a returned file holds: its identity (:class:`FormInfo`), its figures and problems (:class:`Submission`).

Also what the two readers share (:mod:`~dayao_data.collect.plain_file` for plain actuals files,
:mod:`~dayao_data.collect.returned_form` for returned forms): the hint for merged cells, how a
formula cell and a leniently read figure are reported, a row of another department's series.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dayao_data.actuals import (
    Problem,
    Table,
    date_problem,
    show_cell,
)
from dayao_data.collect.form_layout import FORM_SHEET
from dayao_data.excel import lenient_number, plain_number_text
from dayao_data.limits import MAX_MAGNITUDE
from dayao_data.plan import Indicator, Plan

__all__ = [
    "FormInfo",
    "Submission",
    "Cell",
    "MERGED_HINT",
    "FORM_AS_SENT",
    "FORM_HEADER_SEARCH_ROWS",
    "fold_text",
    "formula_problem",
    "formula_text",
    "number_expected",
    "other_department",
    "read_figure",
]


#: How many rows from the top are searched for a form's header row.
FORM_HEADER_SEARCH_ROWS = 15
MERGED_HINT = (
    "one value per cell: unmerge the cells (开始 › 合并后居中 › 取消单元格合并) and type each figure in its own row"
)
FORM_AS_SENT = f"the form as sent, with its sheet '{FORM_SHEET}' and its headers unchanged"


def fold_text(text: Any) -> str:
    """Text folded for comparing headers and labels: NFKC, without any whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", "" if text is None else str(text)))


# --------------------------------------------------------------------------------------
# What a file holds
# --------------------------------------------------------------------------------------


@dataclass
class FormInfo:
    """The identity of a returned form (from its ``_form`` sheet, or inferred for a CSV copy)."""

    identified: bool
    form_id: str | None = None
    plan_id: str | None = None
    plan_sha256: str | None = None
    department: str | None = None
    department_name: str | None = None
    year: int | None = None
    indicators: tuple[str, ...] = ()
    prefilled: dict = field(default_factory=dict)
    contact: dict = field(default_factory=dict)


@dataclass
class Submission:
    """One file as read: what it is, its table for the shared checks, and its own problems."""

    path: Path
    file: str
    sha256: str | None
    kind: str  # form | actuals | unreadable
    form: FormInfo | None = None
    table: Table | None = None
    problems: list[Problem] = field(default_factory=list)
    notes: dict[int, list[str]] = field(default_factory=dict)
    suppressed: set = field(default_factory=set)  # (row, column header) whose shared-check problems are replaced
    fatal: bool = False
    blank_series: list[str] = field(default_factory=list)
    sheet: str | None = None
    bad_rows: set = field(default_factory=set)  # rows refused without an error of their own (inside a merged range)

    def error(self, row: int | None, column: str | None, message: str, expected: str | None = None) -> None:
        self.problems.append(Problem(self.file, row, column, message, expected, "error", self.sheet))
        if row is None:
            self.fatal = True

    def warn(self, row: int | None, column: str | None, message: str, expected: str | None = None) -> None:
        self.problems.append(Problem(self.file, row, column, message, expected, "warning", self.sheet))

    def note(self, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(self.file, row, column, message, None, "note", self.sheet))
        self.notes.setdefault(row, []).append(f"{column}: {message}")

    @property
    def department(self) -> str | None:
        return self.form.department if self.form else None

    @property
    def year(self) -> int | None:
        return self.form.year if self.form else None


@dataclass
class Cell:
    """A cell of a returned form as the user sees it: its text, its formula, whether the saved result is missing."""

    text: str
    formula: str | None = None
    cached_missing: bool = False


def formula_problem(sub: Submission, row: int, header: str, formula: str, cached: str) -> None:
    """Report a formula cell: an error without a saved result, else a warning that the saved value is read."""
    if not str(cached).strip():
        sub.error(
            row,
            header,
            f"the cell holds the formula {formula} without a saved result",
            "a typed figure (or open the file in Excel, let it calculate, and save it)",
        )
        sub.suppressed.add((row, header))
    else:
        sub.warn(
            row,
            header,
            f"the cell holds the formula {formula}; its saved result {cached} was read",
            "typed figures rather than formulas",
        )
        sub.notes.setdefault(row, []).append(f"{header}: formula {formula} read as its saved result {cached}")


def read_figure(sub: Submission, row: int, header: str, raw: str, ind: Indicator) -> str:
    """A figure cell read leniently: the plain text for the shared checks (or the raw text after an error)."""
    if not str(raw).strip():
        return ""
    date = date_problem(raw)
    value, note, error = (None, None, date) if date else lenient_number(raw, percent=ind.is_percent, unit=ind.unit)
    if not error and value is not None and (not math.isfinite(value) or abs(value) > MAX_MAGNITUDE):
        error = f"{show_cell(raw.strip())} is beyond any plausible figure (more than 10^15 in size)"
    if error:
        sub.error(row, header, error, number_expected(ind))
        sub.suppressed.add((row, header))
        return raw
    if note:
        sub.note(row, header, note)
        return plain_number_text(value)
    return raw


def number_expected(ind: Indicator) -> str:
    """What a figure of ``ind`` is expected to look like, for a message."""
    if ind.is_percent:
        return f"a percentage as printed in the plan, such as 85.76, in {ind.unit}"
    if ind.whole_number:
        return f"a whole number of {ind.unit}, such as 150"
    return f"a number in {ind.unit}, such as 92.5"


def other_department(plan: Plan, ind: Indicator, department: str) -> str:
    """The message for a row of a series that another department reports."""
    owner = plan.department_name(ind.department) if ind.department else "no department in the plan"
    return f"{ind.name_zh} ({ind.id}) is reported by {owner}, not by {plan.department_name(department)}"


def formula_text(value: Any) -> str:
    """The formula of an openpyxl cell value as text (an array formula gives its ``text``)."""
    text = getattr(value, "text", value)
    text = str(text)
    return text if text.startswith("=") else "=" + text
