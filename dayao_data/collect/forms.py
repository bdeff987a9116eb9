"""Yearly data-collection forms (填报表): one Excel workbook per responsible department.

Each form holds only the series the plan assigns to that department (专栏 部门责任分工), with the
plan's name, unit, baseline and target and the figures already on record (from the actuals store)
prefilled and locked; the department types the year's figure, the quota handed down (for the
"完成省州下达目标" series), the source and a note into the unlocked yellow cells.

The workbook has three sheets:

* ``填报说明`` — instructions in Chinese (first, so it is what opens);
* ``填报表`` — the table, protected (no password: protection prevents slips, it is not security),
  with Excel data validation on every input cell: numbers only, 0–100 for %, at least 0 for
  counts, whole numbers for 套/户/人… series, and a Chinese input message on each;
* ``_form`` — very hidden: the form's identity (form id, plan id and SHA-256, department, year,
  the series and the figures prefilled), so that :mod:`dayao_data.collect.intake` recognises a returned
  form and checks that it is the right department's form for the right year.

The sheets are written by :mod:`~dayao_data.collect.form_sheets`; the layout (sheet names, headers,
whose series, the file name) is :mod:`~dayao_data.collect.form_layout`, which this module re-exports.

Every text written goes through :func:`dayao_data.excel.write_cell`, so a source typed as
``=cmd|' /C calc'!A0`` last year comes out inert in this year's form.

Examples
--------
>>> from dayao_data.plan import load_plan
>>> plan = load_plan()
>>> form_file_name(plan, "education_sports", 2024)
'2024-大姚县教育体育局-填报表.xlsx'
>>> [i.id for i in department_series(plan, "media_center")]
['radio_tv_coverage']
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from dayao_data.collect.form_layout import (
    FOOTER_LABELS,
    FORM_SCHEMA,
    FORM_SHEET,
    HEADER_ROW,
    INSTRUCTIONS_SHEET,
    META_SHEET,
    FormColumns,
    FormFile,
    department_series,
    form_columns,
    form_file_name,
    resolve_department,
    value_header,
)
from dayao_data.collect.form_sheets import write_identity, write_instructions, write_table
from dayao_data.fsutil import atomic_path
from dayao_data.plan import Plan
from dayao_data.safe_text import safe_filename

__all__ = [
    "FORM_SCHEMA",
    "FORM_SHEET",
    "INSTRUCTIONS_SHEET",
    "META_SHEET",
    "HEADER_ROW",
    "FOOTER_LABELS",
    "FormFile",
    "FormColumns",
    "build_form",
    "department_series",
    "form_columns",
    "form_file_name",
    "resolve_department",
    "value_header",
    "write_forms",
]


def build_form(
    plan: Plan,
    department: str,
    year: int,
    *,
    current=None,
    extended: bool = False,
    return_to: str | None = None,
    deadline: str | None = None,
    generated_at: datetime | None = None,
    store_vintage: str | None = None,
    form_id: str | None = None,
):
    """The form of one department for one year, as an openpyxl Workbook.

    Parameters
    ----------
    current
        The figures on record (a frame like :meth:`dayao_data.collect.store.ActualsStore.current`: indicator,
        year, value, source); earlier years' values are prefilled and locked.  None: no figures yet.
    extended
        Include the chapters' quantified targets (the extended catalogue) as well as the headline table.
    return_to, deadline
        Whom to return the form to and by when (printed in the instructions).  Default: the plan's
        issuer (``plan.meta["issuer_zh"]``), "the date in the notice".
    """
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    year = plan.check_year(year, "form year")
    if department not in plan.departments:
        raise KeyError(f"unknown department {department!r}")
    series = department_series(plan, department, extended=extended)
    if not series:
        raise ValueError(
            f"{plan.department_name(department)} has no series to report"
            + ("" if extended else " in the headline table (try extended=True)")
        )
    generated_at = (generated_at or datetime.now().astimezone()).replace(microsecond=0)
    form_id = form_id or uuid.uuid4().hex
    dep_name = plan.department_name(department)
    return_to = return_to or plan.meta.get("issuer_zh") or "规划牵头单位"
    columns = form_columns(plan, year)

    on_record: dict[str, dict[int, Any]] = {}
    sources_on_record: dict[str, str] = {}
    if current is not None and len(current):
        for r in current.itertuples(index=False):
            on_record.setdefault(r.indicator, {})[int(r.year)] = float(r.value)
            if int(r.year) == year - 1:
                sources_on_record[r.indicator] = r.source

    wb = Workbook()
    guide = wb.active
    guide.title = INSTRUCTIONS_SHEET
    write_instructions(
        guide,
        plan,
        year,
        dep_name=dep_name,
        series=series,
        form_id=form_id,
        generated_at=generated_at,
        return_to=return_to,
        deadline=deadline,
        store_vintage=store_vintage,
    )
    write_table(
        wb.create_sheet(FORM_SHEET),
        plan,
        year,
        dep_name=dep_name,
        form_id=form_id,
        series=series,
        columns=columns,
        on_record=on_record,
        sources_on_record=sources_on_record,
    )
    wb.active = 0
    write_identity(
        wb.create_sheet(META_SHEET),
        plan,
        department,
        year,
        dep_name=dep_name,
        extended=extended,
        series=series,
        columns=columns,
        on_record=on_record,
        form_id=form_id,
        store_vintage=store_vintage,
        generated_at=generated_at,
    )

    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.title = f"{year}年实际值填报表 — {dep_name}"
    wb.properties.subject = plan.title("zh")
    wb.properties.creator = "dayao_data"
    wb.properties.identifier = form_id
    return wb


def write_forms(
    plan: Plan,
    year: int,
    out_dir: str | Path,
    *,
    departments: Sequence[str] | None = None,
    extended: bool = False,
    store=None,
    return_to: str | None = None,
    deadline: str | None = None,
    replace: bool = True,
) -> list[FormFile]:
    """Write one form per department (those with series) into ``out_dir``; each file atomically.

    With ``replace=False`` (what ``dayao forms`` does unless ``--replace``), a form file that is
    already there is not overwritten: :class:`FileExistsError` names them before any is written
    (a form in the folder may be one a department returned filled in).

    ``store`` is an :class:`~dayao_data.collect.store.ActualsStore` whose figures in force prefill the
    earlier years (None: no prefill).  Returns the forms written, in the plan's department order.
    """
    year = plan.check_year(year, "form year")
    current = None
    vintage = None
    if store is not None:
        current = store.current()
        v = store.vintage()
        vintage = v.intake_id if v is not None else None
    wanted: Iterable[str] = departments or list(plan.departments)
    out = Path(out_dir)
    written: list[FormFile] = []
    used: set[str] = set()
    names: list[tuple[str, str]] = []
    for dep in wanted:
        if not department_series(plan, dep, extended=extended):
            continue
        name = form_file_name(plan, dep, year)
        if name.casefold() in used:  # two departments whose names read the same once made safe
            name = name.replace("-填报表.xlsx", f"-{safe_filename(dep, 'department')}-填报表.xlsx")
        used.add(name.casefold())
        if os.path.dirname(name) or os.path.abspath((out / name).parent) != os.path.abspath(out):
            raise ValueError(
                f"form file name {name!r} would leave the folder {out}"
            )  # cannot happen: see safe_filename
        names.append((dep, name))
    if not replace:
        existing = [n for _, n in names if (out / n).exists()]
        if existing:
            raise FileExistsError(
                f"{len(existing)} form(s) already in {out} (sent earlier, perhaps returned filled in): "
                + ", ".join(existing[:3])
                + (f" and {len(existing) - 3} more" if len(existing) > 3 else "")
            )
    for dep, name in names:
        wb = build_form(
            plan,
            dep,
            year,
            current=current,
            extended=extended,
            return_to=return_to,
            deadline=deadline,
            store_vintage=vintage,
        )
        path = out / name
        with atomic_path(path, suffix=".xlsx") as tmp:
            wb.save(tmp)  # atomic_path gives it the permissions of an ordinary file: a form is shared
        form_id = wb.properties.identifier
        written.append(
            FormFile(
                path,
                dep,
                plan.department_name(dep),
                year,
                tuple(i.id for i in department_series(plan, dep, extended=extended)),
                form_id,
            )
        )
    return written
