"""The header row of a returned form: where it is, what each column is, and whether it is the form expected.

Columns are found by their header text (moved columns still work); the figures column's header
(``2024年实际值``) says the form's year, which must be the year of the form's identity, inside the
plan period, and the year (and department) the intake is for.
"""

from __future__ import annotations

import re

from dayao_data.actuals import canonical_column
from dayao_data.collect.form_layout import CODE, NAME
from dayao_data.collect.submission import FORM_AS_SENT, FORM_HEADER_SEARCH_ROWS, Cell, FormInfo, Submission, fold_text
from dayao_data.plan import Plan

__all__ = ["form_header_row", "header_columns", "form_is_the_one_expected"]


def form_header_row(grid: dict, max_row: int, *, strict: bool = True) -> int | None:
    """The header row of a form: 指标代码 and YYYY年实际值 (``strict``), or either of them or 指标名称."""
    for r in range(1, min(max_row, FORM_HEADER_SEARCH_ROWS) + 1):
        texts = {fold_text(c.text) for (rr, _), c in grid.items() if rr == r}
        has_value = any(re.fullmatch(r"\d{4}年实际值", t) for t in texts)
        has_ident = fold_text(CODE) in texts
        if (has_ident and has_value) or (not strict and (has_value or has_ident or fold_text(NAME) in texts)):
            return r
    return None


def header_columns(
    sub: Submission, grid: dict[tuple[int, int], Cell], header_row: int
) -> tuple[dict[int, str], dict[str, int], dict[int, int], int | None] | None:
    """The columns of a form's header row: (headers by column, column of each role — code, name, value,
    assigned, source, note, events, denominator, flag —, column of each earlier year on record, the
    year of the figures column); None after reporting a column twice or a required one missing."""
    headers: dict[int, str] = {c: cell.text.strip() for (r, c), cell in grid.items() if r == header_row}
    roles: dict[str, int] = {}
    earlier: dict[int, int] = {}
    header_year: int | None = None
    for c in sorted(headers):
        text = headers[c]
        folded = fold_text(text)
        role = None
        m = re.fullmatch(r"(\d{4})年实际值", folded)
        e = re.fullmatch(r"(\d{4})年\(已报\)", folded)
        if folded == fold_text(CODE):
            role = "code"
        elif folded == fold_text(NAME):
            role = "name"
        elif m:
            role, header_year = "value", int(m.group(1))
        elif re.fullmatch(r"(\d{4}年)?下达任务数?", folded):
            role = "assigned"
        elif e:
            earlier[int(e.group(1))] = c
            continue
        elif canonical_column(text) == "source":
            role = "source"
        elif canonical_column(text) == "note":
            role = "note"
        elif canonical_column(text) in ("events", "denominator", "flag"):
            role = canonical_column(text)
        if role is None:
            continue
        if role in roles:
            sub.error(
                header_row,
                text,
                f"two columns are headed '{headers[roles[role]]}' and '{text}'; the form has one of each",
                FORM_AS_SENT,
            )
            return None
        roles[role] = c
    missing = [label for role, label in (("value", "YYYY年实际值"), ("source", "统计口径/来源")) if role not in roles]
    if "code" not in roles and "name" not in roles:
        missing.insert(0, f"{CODE} or {NAME}")
    if missing:
        found = ", ".join(f"'{headers[c]}'" for c in sorted(headers))
        sub.error(header_row, None, f"the form's header row lacks {', '.join(missing)}; it has {found}", FORM_AS_SENT)
        return None
    return headers, roles, earlier, header_year


def form_is_the_one_expected(
    sub: Submission,
    form: FormInfo | None,
    plan: Plan,
    header_row: int,
    value_header: str,
    header_year: int | None,
    expected_year: int | None,
    expected_department: str | None,
) -> FormInfo | None:
    """The form's identity checked against its figures column and the intake: the year of
    ``value_header`` is the form's, inside the plan period, and the year and department expected.
    A form without identity (a copy of the table) gets one from its header.  None after reporting
    a mismatch."""
    if form is None:
        form = FormInfo(identified=False, year=header_year)
        sub.form = form
    elif header_year != form.year:
        sub.error(
            header_row,
            value_header,
            f"the figures column is headed '{value_header}', but this form is for {form.year}",
            f"the header {form.year}年实际值 as sent",
        )
        return None
    if form.year is not None and form.year not in plan.years:
        sub.error(
            header_row,
            value_header,
            f"the form is for {form.year}, outside the plan period {plan.years[0]}–{plan.years[-1]}",
            f"a year from {plan.years[0]} to {plan.years[-1]}",
        )
        return None
    if expected_year is not None and form.year != expected_year:
        sub.error(
            None,
            None,
            f"this is the form for {form.year}, but this intake is for {expected_year} (--year {expected_year})",
            f"the {expected_year} form",
        )
        return None
    if form.identified and expected_department is not None and form.department != expected_department:
        sub.error(
            None,
            None,
            f"this is the form of {plan.department_name(form.department)}, but this intake is for {plan.department_name(expected_department)} (--department)",
            f"the form of {plan.department_name(expected_department)}",
        )
        return None
    return form
