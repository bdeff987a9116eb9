"""A returned form read: its identification sheet, its table found by the header text, every cell checked.

The form was written by :mod:`dayao_data.collect.forms`; it is read from the sheet its ``_form``
sheet names (never another, hidden or not), columns found by their header text, hidden rows
skipped with a warning, merged cells refused, locked figures compared with what was sent.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Sequence

from dayao_data.actuals import (
    Table,
    cell_text,
    format_number,
)
from dayao_data.collect.form_header import form_header_row, form_is_the_one_expected, header_columns
from dayao_data.collect.form_layout import CODE, FOOTER_LABELS, FORM_SCHEMA, FORM_SHEET, META_SHEET, NAME
from dayao_data.collect.submission import (
    FORM_AS_SENT,
    FORM_HEADER_SEARCH_ROWS,
    MERGED_HINT,
    Cell,
    FormInfo,
    Submission,
    fold_text,
    formula_problem,
    formula_text,
    other_department,
    read_figure,
)
from dayao_data.excel import lenient_number
from dayao_data.plan import Indicator, Plan

__all__ = ["drop_hidden_rows", "read_form_grid", "read_form_workbook", "sheet_grid"]


# --------------------------------------------------------------------------------------
# Returned forms
# --------------------------------------------------------------------------------------


def sheet_grid(ws_f, ws_v) -> tuple[dict[tuple[int, int], Cell], int]:
    """The non-empty cells of a sheet as the user sees them; formulas with their saved values."""
    grid: dict[tuple[int, int], Cell] = {}
    max_row = 0
    for row in ws_f.iter_rows():
        for cell in row:
            value = cell.value
            if value is None:
                continue
            if cell.data_type == "f":
                cached = ws_v[cell.coordinate].value if ws_v is not None else None
                text = cell_text(cached, cell.number_format) if cached is not None else ""
                grid[(cell.row, cell.column)] = Cell(text, formula_text(value), cached is None)
            else:
                text = cell_text(value, cell.number_format)
                if not text.strip():
                    continue
                grid[(cell.row, cell.column)] = Cell(text)
            max_row = max(max_row, cell.row)
    return grid, max_row


def drop_hidden_rows(sub: Submission, ws, grid: dict[tuple[int, int], Cell]) -> None:
    """Remove the cells of hidden rows from ``grid`` (what the user does not see is not read), with a warning."""
    hidden = sorted(
        r for r, dim in ws.row_dimensions.items() if getattr(dim, "hidden", False) and any(rr == r for rr, _ in grid)
    )
    if not hidden:
        return
    for key in [k for k in grid if k[0] in set(hidden)]:
        del grid[key]
    shown = ", ".join(str(r) for r in hidden[:12]) + (f" and {len(hidden) - 12:,} more" if len(hidden) > 12 else "")
    sub.warn(
        None,
        None,
        f"hidden row{'s' if len(hidden) > 1 else ''} {shown} {'are' if len(hidden) > 1 else 'is'} not read",
        "every row to be read visible (in Excel: select the rows around them, right-click › Unhide)",
    )


def _read_meta(wb_f) -> dict[str, str]:
    ws = wb_f[META_SHEET]
    meta = {}
    for row in ws.iter_rows(min_col=1, max_col=2):
        key, value = row[0].value, row[1].value if len(row) > 1 else None
        if key is None:
            continue
        meta[str(key)] = "" if value is None else str(value)
    return meta


def read_form_workbook(
    sub: Submission, wb_f, data: bytes, plan: Plan, year: int | None, department: str | None
) -> None:
    """Read a returned form workbook into ``sub``: its identity from ``_form``, then its table sheet."""
    import openpyxl

    meta = _read_meta(wb_f)
    form = FormInfo(identified=True)
    sub.form = form
    if meta.get("form_schema") != FORM_SCHEMA:
        sub.error(
            None,
            None,
            f"the form's identification sheet '{META_SHEET}' is not a {FORM_SCHEMA} form (it says {meta.get('form_schema')!r})",
            "a form written by `dayao forms`",
        )
        return
    form.form_id = meta.get("form_id")
    form.plan_id = meta.get("plan_id")
    form.plan_sha256 = meta.get("plan_sha256")
    form.department = meta.get("department_id") or None
    form.department_name = meta.get("department_name")
    try:
        form.year = int(meta.get("year", ""))
    except ValueError:
        sub.error(None, None, f"the form's year {meta.get('year')!r} cannot be read", FORM_AS_SENT)
        return
    form.indicators = tuple(i for i in meta.get("indicators", "").split(",") if i)
    try:
        form.prefilled = json.loads(meta.get("prefilled") or "{}")
    except ValueError:
        form.prefilled = {}
    if form.plan_id != plan.id:
        sub.error(
            None,
            None,
            f"this form belongs to the plan {form.plan_id!r}, not to {plan.id!r}",
            f"a form of {plan.short_title('zh')} written by `dayao forms`",
        )
        return
    if plan.sha256 and form.plan_sha256 and form.plan_sha256 != plan.sha256:
        sub.warn(
            None,
            None,
            f"the plan file has changed since this form was written (plan SHA-256 {form.plan_sha256[:12]}… then, {plan.sha256[:12]}… now); the figures are checked against the current plan",
            None,
        )
    if form.department not in plan.departments:
        sub.error(
            None, None, f"the form names the department {form.department!r}, which is not in the plan", FORM_AS_SENT
        )
        return
    sheet_name = meta.get("sheet") or FORM_SHEET
    if sheet_name not in wb_f.sheetnames:
        visible = [ws.title for ws in wb_f.worksheets if ws.sheet_state == "visible"]
        sub.error(
            None,
            None,
            f"the form has no sheet '{sheet_name}'; its sheets are {', '.join(repr(v) for v in visible)}",
            f"the sheet '{sheet_name}' as sent: do not rename, move or delete the form's sheets",
        )
        return
    sub.sheet = sheet_name
    ws_f = wb_f[sheet_name]
    if ws_f.sheet_state != "visible":
        sub.warn(
            None,
            None,
            f"the form's sheet '{sheet_name}' has been hidden; it is read, as the sheet the form put its figures on",
            f"the sheet '{sheet_name}' visible, as sent",
        )
    wb_v = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    grid, max_row = sheet_grid(ws_f, wb_v[sheet_name])
    drop_hidden_rows(sub, ws_f, grid)
    for ws in wb_f.worksheets:
        if ws.title in (sheet_name, META_SHEET) or ws.title == "填报说明":
            continue
        extra, _ = sheet_grid(ws, None)
        if extra:
            state = {"hidden": "hidden ", "veryHidden": "very hidden "}.get(ws.sheet_state, "")
            sub.warn(
                None,
                None,
                f"{state}sheet '{ws.title}' is not part of the form and is not read",
                f"figures only in the sheet '{sheet_name}'",
            )
    read_form_grid(sub, grid, max_row, list(ws_f.merged_cells.ranges), form, plan, year, department)


def read_form_grid(
    sub: Submission,
    grid: dict[tuple[int, int], Cell],
    max_row: int,
    merged: Sequence,
    form: FormInfo | None,
    plan: Plan,
    expected_year: int | None,
    expected_department: str | None,
) -> None:
    """Read a form's table (``grid``) into ``sub``: find the header, check every row, build the table for the shared checks."""
    header_row = form_header_row(grid, max_row, strict=form is None)
    if header_row is None:
        sub.error(
            None,
            None,
            f"the header row of the form ({CODE}, {NAME}, …, YYYY年实际值, 统计口径/来源, 备注) is not in the first {FORM_HEADER_SEARCH_ROWS} rows",
            FORM_AS_SENT,
        )
        return
    found = header_columns(sub, grid, header_row)
    if found is None:
        return
    headers, roles, earlier, header_year = found
    form = form_is_the_one_expected(
        sub, form, plan, header_row, headers[roles["value"]], header_year, expected_year, expected_department
    )
    if form is None:
        return

    # Where the table ends: the sign-off row.
    footer = next(
        (
            r
            for r in range(header_row + 1, max_row + 1)
            if any(
                fold_text(cell.text).startswith(fold_text(FOOTER_LABELS[0])[:3])
                for (rr, _), cell in grid.items()
                if rr == r
            )
        ),
        max_row + 1,
    )
    if form is not None:
        for label in FOOTER_LABELS:
            for (r, c), cell in grid.items():
                if r == footer and fold_text(cell.text) == fold_text(label):
                    value = grid.get((r, c + 1))
                    if value is not None and value.text.strip():
                        form.contact[label.rstrip("：")] = value.text.strip()

    # Merged cells inside the table.
    bad_rows: set[int] = set()
    for rng in merged:
        lo, hi = rng.min_row, rng.max_row
        if hi < header_row or lo >= footer:
            continue
        header = headers.get(rng.min_col) or None
        if lo <= header_row:
            sub.error(header_row, header, f"cells {rng.coord} of the header row are merged", FORM_AS_SENT)
            return
        sub.error(lo, header, f"cells {rng.coord} are merged", MERGED_HINT)
        bad_rows.update(range(lo, hi + 1))
        sub.bad_rows.update(range(lo, hi + 1))
        # The covered cells read as empty: that is the merge, reported once above.
        for r in range(lo, hi + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if c in headers and (r, c) != (lo, rng.min_col):
                    sub.suppressed.add((r, headers[c]))

    def text(r: int, role: str) -> str:
        c = roles.get(role)
        cell = grid.get((r, c)) if c is not None else None
        return cell.text.strip() if cell is not None else ""

    value_h = headers[roles["value"]]
    source_h = headers[roles["source"]]
    note_h = headers.get(roles.get("note", -1), "备注")
    assigned_h = headers.get(roles.get("assigned", -1), "下达任务数")
    extra_h = [headers.get(roles.get(role, -1), role) for role in ("events", "denominator", "flag")]
    ident_h = headers[roles["code"]] if "code" in roles else headers[roles["name"]]
    table_rows: list[tuple[int, list[str]]] = []
    seen_ids: set[str] = set()
    departments_seen: dict[str, int] = {}
    for r in range(header_row + 1, footer):
        cells_here = {c: cell for (rr, c), cell in grid.items() if rr == r}
        if not cells_here and r not in bad_rows:
            continue  # a blank row
        code, name = text(r, "code"), text(r, "name")
        inputs = {role: text(r, role) for role in ("value", "assigned", "source", "note")}
        # Formula cells in the input columns.
        for role in ("value", "assigned", "source", "note"):
            c = roles.get(role)
            cell = grid.get((r, c)) if c is not None else None
            if cell is not None and cell.formula:
                formula_problem(sub, r, headers[c], cell.formula, cell.text)
        if not any(inputs.values()):
            if code or name:
                sub.blank_series.append(code or name)
                seen_ids.add(code)
            continue
        # Which series: by code, checked against the name.
        ind: Indicator | None = None
        by_code = plan.resolve(code) if code else None
        by_name = plan.resolve(name) if name else None
        ident = code or name
        if by_code and by_name and by_code != by_name:
            sub.error(
                r,
                ident_h,
                f"{CODE} {code} is {plan.indicator(by_code).name_zh}, but {NAME} says '{name}'",
                "the code and name of one series, as sent",
            )
            bad_rows.add(r)
        elif by_code or by_name:
            ind = plan.indicator(by_code or by_name)
            ident = ind.id
            if code and not by_code:
                sub.warn(
                    r,
                    ident_h,
                    f"{CODE} '{code}' is not known; the row was matched by its name to {ind.id}",
                    "the code as sent",
                )
        if ind is not None:
            seen_ids.add(ind.id)
            departments_seen[ind.department or ""] = departments_seen.get(ind.department or "", 0) + 1
            owner = form.department if form.identified else expected_department
            if owner and ind.department != owner:
                sub.error(
                    r,
                    ident_h,
                    other_department(plan, ind, owner),
                    f"only the series of {plan.department_name(owner)} on this form; report this one on its own department's form",
                )
                bad_rows.add(r)
            elif form.identified and form.indicators and ind.id not in form.indicators:
                sub.warn(
                    r, ident_h, f"{ind.name_zh} was not on the form as sent (a row added by hand); it is read", None
                )
            # Locked figures of earlier years must be as sent.
            if form.identified:
                sent = form.prefilled.get(ind.id, {})
                for y, c in sorted(earlier.items()):
                    cell = grid.get((r, c))
                    now = cell.text.strip() if cell is not None else ""
                    before = sent.get(str(y))
                    now_value, _, _ = lenient_number(now) if now else (None, None, None)
                    if (before is None and now) or (
                        before is not None
                        and (
                            now_value is None
                            or not math.isclose(now_value, float(before), rel_tol=1e-12, abs_tol=1e-12)
                        )
                    ):
                        was = format_number(float(before)) if before is not None else "empty"
                        sub.error(
                            r,
                            headers[c],
                            f"the locked figure for {y} was changed from {was} to {now or 'empty'}; figures on record are not revised through this form",
                            f"the figure as sent ({was}); send a correction as described in docs/data-collection.md",
                        )
                        bad_rows.add(r)
            value_text = (
                read_figure(sub, r, value_h, inputs["value"], ind)
                if (r, value_h) not in sub.suppressed
                else inputs["value"]
            )
            assigned_text = (
                read_figure(sub, r, assigned_h, inputs["assigned"], ind)
                if (r, assigned_h) not in sub.suppressed
                else inputs["assigned"]
            )
        else:
            value_text, assigned_text = inputs["value"], inputs["assigned"]
        year_text = str(form.year) if form.year is not None else ""
        table_rows.append(
            (
                r,
                [ident, year_text, value_text, inputs["source"], inputs["note"], assigned_text]
                + [text(r, role) for role in ("events", "denominator", "flag")],
            )
        )

    if form.identified:
        missing_rows = [i for i in form.indicators if i not in seen_ids]
        if missing_rows:
            sub.warn(
                None,
                None,
                f"series of the form missing from the sheet (rows deleted?): {', '.join(missing_rows)}",
                FORM_AS_SENT,
            )
    else:
        owners = [d for d in departments_seen if d]
        if expected_department:
            form.department = expected_department
        elif len(owners) == 1:
            form.department = owners[0]
        elif len(owners) > 1:
            sub.warn(
                None,
                None,
                f"the rows belong to several departments ({', '.join(plan.department_name(d) for d in owners)}); no department check was possible",
                "one department's form",
            )
        form.department_name = plan.department_name(form.department) if form.department else None

    table = Table(
        file=sub.file,
        sheet=sub.sheet,
        header_row=header_row,
        headers=[ident_h, value_h, value_h, source_h, note_h, assigned_h, *extra_h],
        columns={
            "indicator": 0,
            "year": 1,
            "value": 2,
            "source": 3,
            "note": 4,
            "assigned_target": 5,
            "events": 6,
            "denominator": 7,
            "flag": 8,
        },
        rows=table_rows,
        meta={"format": "form", "sheet": sub.sheet, "header_row": header_row},
        problems=[],
        missing=[],
    )
    sub.table = table
