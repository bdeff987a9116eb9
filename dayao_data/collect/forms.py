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

import json
import os
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from dayao_data.excel import plain_number_text, write_cell
from dayao_data.plan import Indicator, Plan

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

FORM_SCHEMA = "dayao-form/1"
INSTRUCTIONS_SHEET = "填报说明"
FORM_SHEET = "填报表"
META_SHEET = "_form"
#: The row of the column headers on the form sheet (rows 1–3 hold the title and the department).
HEADER_ROW = 4
#: Labels of the sign-off row below the table (the intake stops reading data at this row).
FOOTER_LABELS = ("填报人：", "联系电话：", "审核人（负责人）：", "填报日期：")

CODE = "指标代码"
TABLE_ROW = "表中序号"
NAME = "指标名称"
UNIT = "单位"
GUIDE = "填报要求"
SOURCE = "统计口径/来源"
NOTE = "备注"
#: Optional inputs for rates from counts (read by the intake as events / denominator / flag).
EVENTS = "事件数（仅率指标）"
DENOMINATOR = "分母（仅率指标）"
FLAG = "数据状态"
FLAG_CHOICES = ("初步", "正式", "估计")

LOCKED_FILL = "F2F2F2"
INPUT_FILL = "FFF2CC"
HEADER_FILL = "D9E1F2"
DISABLED_FILL = "BFBFBF"


def value_header(year: int) -> str:
    """The header of the input column: ``2024年实际值``."""
    return f"{year}年实际值"


def assigned_header(year: int) -> str:
    return f"{year}年下达任务数"


def earlier_header(year: int) -> str:
    """The header of a locked column with the figure on record for an earlier year: ``2022年（已报）``."""
    return f"{year}年（已报）"


def previous_source_header(year: int) -> str:
    return f"{year}年数据来源（已报）"


def baseline_header(plan: Plan) -> str:
    return f"基期值（{plan.base_year}年）"


def target_header(plan: Plan) -> str:
    return f"目标值（{plan.target_year}年）"


@dataclass(frozen=True)
class FormColumns:
    """The headers of a form sheet, in order, and which are input columns."""

    headers: tuple[str, ...]
    inputs: tuple[str, ...]
    earlier_years: tuple[int, ...]

    def index(self, header: str) -> int:
        """1-based column of a header."""
        return self.headers.index(header) + 1


def form_columns(plan: Plan, year: int) -> FormColumns:
    earlier = tuple(range(plan.base_year + 1, year))
    headers = [CODE, TABLE_ROW, NAME, UNIT, baseline_header(plan), target_header(plan), GUIDE]
    headers += [earlier_header(y) for y in earlier]
    if earlier:
        headers.append(previous_source_header(year - 1))
    inputs = (value_header(year), assigned_header(year), EVENTS, DENOMINATOR, FLAG, SOURCE, NOTE)
    headers += list(inputs)
    return FormColumns(tuple(headers), inputs, earlier)


@dataclass(frozen=True)
class FormFile:
    """A form written by :func:`write_forms`."""

    path: Path
    department: str
    department_name: str
    year: int
    indicators: tuple[str, ...]
    form_id: str


def _is_rate(ind: Indicator) -> bool:
    """A series whose value may be given with events and denominator (‰, 1/10万 …, not %)."""
    from dayao_data.certainty import unit_scale

    return ind.unit != "%" and unit_scale(ind.unit) is not None


def resolve_department(plan: Plan, text: str) -> str:
    """A department id from an id, a full or short Chinese name or the English name.

    >>> from dayao_data.plan import load_plan
    >>> plan = load_plan()
    >>> resolve_department(plan, "卫生健康局"), resolve_department(plan, "大姚县教育体育局")
    ('health', 'education_sports')
    """
    wanted = str(text).strip()
    for dep in plan.departments.values():
        if wanted in (dep.id, dep.name_zh, dep.short_zh, dep.name_en) and wanted:
            return dep.id
    for dep in plan.departments.values():  # "教育体育局" inside "大姚县教育体育局"
        if wanted and (wanted in dep.name_zh):
            return dep.id
    names = "; ".join(f"{d.id} ({d.name_zh})" for d in plan.departments.values())
    raise KeyError(f"unknown department {wanted!r}; the plan's departments are: {names}")


def department_series(plan: Plan, department: str, *, extended: bool = False) -> list[Indicator]:
    """The series a department reports: the headline table's, and with ``extended`` the chapters' targets."""
    catalogue = "all" if extended else "headline"
    return [ind for ind in plan.series(catalogue) if ind.department == department]


def form_file_name(plan: Plan, department: str, year: int) -> str:
    """``2024-大姚县教育体育局-填报表.xlsx``.

    The department's name comes from the plan: it is made a safe file-name component
    (:func:`dayao_data.safe_text.safe_filename`: no ``/``, ``..``, control characters or reserved
    names), so that a form is always written inside its folder: a department named
    ``../../evil`` gives ``2024-evil-填报表.xlsx``, one named ``a/b`` gives ``2024-a_b-填报表.xlsx``.
    """
    from dayao_data.safe_text import safe_filename

    return (
        f"{year}-{safe_filename(plan.department_name(department), safe_filename(department, 'department'))}-填报表.xlsx"
    )


def _printed_example(ind: Indicator, fallback: str) -> str:
    """The series' own printed baseline as an example of what to type (its number only)."""
    if ind.baseline is not None and ind.baseline.value is not None and ind.baseline.printed:
        text = ind.baseline.printed.strip("[]%‰ ")
        try:
            float(text)
            return text
        except ValueError:
            pass
    return fallback


def _percent_example(ind: Indicator | None, plan: Plan | None = None) -> tuple[str, str]:
    """("85.76", "0.8576"): a percentage as typed, and the share it must not be typed as."""
    if ind is not None:
        shown = _printed_example(ind, "")
    else:
        shown = plan.form_percent_example()[1] if plan is not None else ""
    if not shown or not 0 < float(shown) < 100:
        shown = "85.5"
    return shown, f"{float(shown) / 100:.{len(shown.split('.')[-1]) + 2 if '.' in shown else 2}f}"


def _guide(ind: Indicator, year: int) -> str:
    """What to type for this series, in Chinese."""
    unit = ind.unit
    if ind.kind == "cumulative":
        text = f"填{year}年当年新增数（{unit}），不填累计数"
    elif ind.kind == "qualitative":
        text = f"填{year}年当年完成数（{unit}），并填当年下达任务数"
    elif ind.kind == "ceiling":
        text = f"填{year}年实际值（{unit}）"
    else:
        text = f"填{year}年实际值（{unit}）"
    if ind.is_percent:
        shown, share = _percent_example(ind)
        text += f"；百分数填{shown}这样的数，不填{share}"
    elif unit == "‰":
        text += f"；千分率填{_printed_example(ind, '3.5')}这样的数"
    if ind.whole_number:
        text += "；填整数"
    return text


def _bounds_text(ind: Indicator) -> str:
    lo, hi = ind.bounds
    if lo is not None and hi is not None:
        return f"{plain_number_text(lo)}–{plain_number_text(hi)}"
    if lo is not None:
        return f"不小于{plain_number_text(lo)}"
    if hi is not None:
        return f"不大于{plain_number_text(hi)}"
    return "任意数值"


def _validation(ind: Indicator, year: int, *, assigned: bool = False):
    """Excel data validation for one input cell: numbers only, the series' bounds, whole numbers for counts."""
    from openpyxl.worksheet.datavalidation import DataValidation

    lo, hi = ind.bounds
    if assigned:
        lo, hi = 0.0, None
    kind = "whole" if ind.whole_number else "decimal"
    if lo is not None and hi is not None:
        operator, f1, f2 = "between", plain_number_text(lo), plain_number_text(hi)
    elif lo is not None:
        operator, f1, f2 = "greaterThanOrEqual", plain_number_text(lo), None
    elif hi is not None:
        operator, f1, f2 = "lessThanOrEqual", plain_number_text(hi), None
    else:
        operator, f1, f2 = "between", "-1E+15", "1E+15"
    what = "下达任务数" if assigned else "实际值"
    rule = "整数" if ind.whole_number else "数字"
    bounds = "不小于0" if assigned else _bounds_text(ind)
    prompt = f"{ind.name_zh}：填{year}年{what}，单位{ind.unit}，只填{rule}（{bounds}）"
    if ind.is_percent and not assigned:
        shown, share = _percent_example(ind)
        prompt += f"。百分数填{shown}，不填{share}或{shown}%"
    dv = DataValidation(
        type=kind,
        operator=operator,
        formula1=f1,
        formula2=f2,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorStyle="stop",
        promptTitle=what[:32],
        prompt=prompt[:255],
        errorTitle="输入有误",
        error=f"{ind.name_zh}的{what}只能填{rule}，范围{bounds}，单位{ind.unit}。没有数据请留空，并在备注中说明。"[
            :255
        ],
    )
    return dv


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
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
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

    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    locked = Protection(locked=True)
    unlocked = Protection(locked=False)
    wrap = Alignment(wrap_text=True, vertical="center")
    fill = lambda color: PatternFill("solid", start_color=color, end_color=color)  # noqa: E731

    wb = Workbook()
    # -- 填报说明 ---------------------------------------------------------------------
    guide = wb.active
    guide.title = INSTRUCTIONS_SHEET
    deadline_text = f"请于{deadline}前" if deadline else "请在通知规定的时间内"
    # Examples come from the plan itself (its own figures and names), never from another plan.
    pct_name, _ = plan.form_percent_example()
    pct, pct_share = _percent_example(None, plan)
    cumulative = next((i.name_zh for i in plan.indicators if i.kind == "cumulative"), None)
    cumulative_example = f"（如{cumulative}）" if cumulative else ""
    lines = [
        (f"{plan.short_title('zh')} · {year}年实际值填报表", Font(bold=True, size=14)),
        (f"填报单位：{dep_name}　　填报年度：{year}年　　指标数：{len(series)}", Font(bold=True)),
        ("", None),
        ("一、填什么", Font(bold=True)),
        (
            f"1. 只填“{FORM_SHEET}”工作表中的黄色单元格：{value_header(year)}、{assigned_header(year)}（仅“完成省州下达目标”类指标）、{SOURCE}、{NOTE}。",
            None,
        ),
        ("2. 灰色单元格是规划中的指标名称、单位、基期值、目标值和以前年度已报送的数据，已锁定，请不要修改。", None),
        ("3. 暂时没有数据的指标，实际值留空，并在备注中说明原因；不要填“/”“无”“约90”或“90-92”这样的内容。", None),
        ("", None),
        ("二、怎么填数字", Font(bold=True)),
        ("4. 按规划表中的单位填写，数字后面不要写单位。", None),
        (f"5. 百分数（%）填百分数本身：{pct_name}{pct}%填{pct}，不要填{pct_share}，也不要填“{pct}%”。", None),
        ("6. 千分率（‰）填千分数，如3.5；每十万人的比率（1/10万）填如12.5。", None),
        (f"7. 套、户、人、所、个等计数的指标填整数；累计类指标{cumulative_example}填当年新增数，不要填累计数。", None),
        ("8. 请直接输入数字，不要用公式，也不要从其他表格粘贴带公式的单元格。", None),
        ("", None),
        ("三、统计口径/来源（必填）", Font(bold=True)),
        (
            f"9. 每个数字都要在“{SOURCE}”列写明出处和口径，例如“{plan.form_source_example(year)}”“业务系统{year}年12月31日数据”。没有来源的数字不能录入。",
            None,
        ),
        ("", None),
        ("四、不要改动表格结构", Font(bold=True)),
        (
            "10. 不要增删行或列，不要改工作表名称，不要合并单元格，不要另存为 .xls、.csv 或截图；填好后直接保存为 .xlsx 报送。",
            None,
        ),
        (
            "11. 以前年度的数据如需更正，请不要改灰色单元格：在备注中说明，并另附更正说明（年份、原数、新数、来源），由规划牵头单位按修订程序录入。",
            None,
        ),
        ("12. 工作表保护只为防止误改，没有设置密码。", None),
        ("", None),
        ("五、报送", Font(bold=True)),
        (f"13. {deadline_text}将本文件报送至{return_to}。", None),
        (f"14. 请在“{FORM_SHEET}”表下方填写填报人、联系电话、审核人（负责人）和填报日期。", None),
        ("", None),
        ("表单信息（核对用，请勿修改）", Font(bold=True)),
        (f"规划：{plan.title('zh')}", None),
        (f"表单编号：{form_id}", None),
        (
            f"生成时间：{generated_at.isoformat()}" + (f"　　已报数据版本：{store_vintage}" if store_vintage else ""),
            None,
        ),
    ]
    for k, (text, font) in enumerate(lines, start=1):
        cell = write_cell(guide, k, 1, text, alignment=Alignment(wrap_text=True, vertical="top"))
        if font is not None:
            cell.font = font
    guide.column_dimensions["A"].width = 110
    guide.protection.sheet = True

    # -- 填报表 -----------------------------------------------------------------------
    ws = wb.create_sheet(FORM_SHEET)
    ncols = len(columns.headers)
    write_cell(ws, 1, 1, f"{plan.short_title('zh')} · {year}年实际值填报表", font=Font(bold=True, size=14))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    write_cell(ws, 2, 1, f"填报单位：{dep_name}　　填报年度：{year}年　　表单编号：{form_id[:8]}", font=Font(bold=True))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    write_cell(
        ws,
        3,
        1,
        f"灰色为规划数据和已报数据（已锁定），请在黄色单元格填写；百分数填{_percent_example(None, plan)[0]}，不填{_percent_example(None, plan)[1]}；每个数字都要填统计口径/来源。",
        alignment=wrap,
    )
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=ncols)
    ws.row_dimensions[3].height = 30
    for c, header in enumerate(columns.headers, start=1):
        is_input = header in columns.inputs
        write_cell(
            ws,
            HEADER_ROW,
            c,
            header,
            font=Font(bold=True),
            fill=fill(INPUT_FILL if is_input else HEADER_FILL),
            alignment=Alignment(wrap_text=True, horizontal="center", vertical="center"),
            border=border,
        )
    ws.row_dimensions[HEADER_ROW].height = 32

    value_col = columns.index(value_header(year))
    assigned_col = columns.index(assigned_header(year))
    for k, ind in enumerate(series):
        r = HEADER_ROW + 1 + k
        row_label = ind.row_label if ind.table_row else "正文"
        baseline = ind.baseline.printed if ind.baseline else "—"
        target = ind.target.printed if ind.target else (ind.target_printed or "—")
        # A series with its own base or target year says so (the column headers give the plan's).
        if ind.baseline and ind.base_year != plan.base_year:
            baseline += f"（{ind.base_year}年）"
        if ind.target_year != plan.target_year and target != "—":
            target += f"（{ind.target_year}年）"
        values: dict[str, Any] = {
            CODE: ind.id,
            TABLE_ROW: row_label,
            NAME: ind.name_zh,
            UNIT: ind.unit,
            baseline_header(plan): baseline,
            target_header(plan): target,
            GUIDE: _guide(ind, year),
        }
        for y in columns.earlier_years:
            values[earlier_header(y)] = on_record.get(ind.id, {}).get(y)
        if columns.earlier_years:
            values[previous_source_header(year - 1)] = sources_on_record.get(ind.id, "")
        for c, header in enumerate(columns.headers, start=1):
            is_input = header in columns.inputs
            disabled = (header == assigned_header(year) and ind.kind != "qualitative") or (
                header in (EVENTS, DENOMINATOR) and not _is_rate(ind)
            )
            editable = is_input and not disabled
            write_cell(
                ws,
                r,
                c,
                None if is_input else values.get(header),
                protection=unlocked if editable else locked,
                fill=fill(DISABLED_FILL if disabled else (INPUT_FILL if editable else LOCKED_FILL)),
                alignment=wrap,
                border=border,
            )
        dv = _validation(ind, year)
        ws.add_data_validation(dv)
        dv.add(ws.cell(row=r, column=value_col))
        if ind.kind == "qualitative":
            dva = _validation(ind, year, assigned=True)
            ws.add_data_validation(dva)
            dva.add(ws.cell(row=r, column=assigned_col))
    last = HEADER_ROW + len(series)

    # Source and note: a prompt on the whole column (any text).
    from openpyxl.worksheet.datavalidation import DataValidation

    # Counts beside rates: whole numbers, only on the rate series; the flag: a drop-down.
    if series:
        counts = DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            promptTitle="可选：事件数和分母",
            prompt="率指标可填当年事件数（如死亡人数）和分母（如活产数），两者同填；数值须等于事件数÷分母×单位倍数。",
            errorTitle="请填整数",
            error="事件数和分母是不小于0的整数。",
        )
        ws.add_data_validation(counts)
        for k, ind in enumerate(series):
            if _is_rate(ind):
                for header in (EVENTS, DENOMINATOR):
                    counts.add(ws.cell(row=HEADER_ROW + 1 + k, column=columns.index(header)))
        flag_col = columns.index(FLAG)
        flags = DataValidation(
            type="list",
            formula1='"' + ",".join(FLAG_CHOICES) + '"',
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            promptTitle="数据状态",
            prompt="初步、正式或估计；初步数改为正式数时，下次填报正式数即可（作为修订记录）。",
            errorTitle="请从列表中选择",
            error="只能填 初步、正式 或 估计。",
        )
        ws.add_data_validation(flags)
        flags.add(
            f"{ws.cell(row=HEADER_ROW + 1, column=flag_col).coordinate}:{ws.cell(row=last, column=flag_col).coordinate}"
        )

    source_col = columns.index(SOURCE)
    prompt = DataValidation(
        type=None,
        allow_blank=True,
        showInputMessage=True,
        promptTitle="必填",
        prompt=f"写明数据出处和统计口径，例如“{year}年教育事业统计年报”。没有来源的数字不能录入。",
    )
    ws.add_data_validation(prompt)
    prompt.add(
        f"{ws.cell(row=HEADER_ROW + 1, column=source_col).coordinate}:{ws.cell(row=last, column=source_col).coordinate}"
    )

    # Sign-off row.
    footer = last + 2
    c = 1
    for label in FOOTER_LABELS:
        write_cell(ws, footer, c, label, font=Font(bold=True), alignment=Alignment(horizontal="right"))
        write_cell(ws, footer, c + 1, None, protection=unlocked, fill=fill(INPUT_FILL), border=border)
        c += 2

    widths = {
        CODE: 22,
        TABLE_ROW: 8,
        NAME: 30,
        UNIT: 8,
        GUIDE: 34,
        SOURCE: 30,
        NOTE: 24,
        EVENTS: 10,
        DENOMINATOR: 10,
        FLAG: 9,
    }
    for c, header in enumerate(columns.headers, start=1):
        letter = ws.cell(row=HEADER_ROW, column=c).column_letter
        ws.column_dimensions[letter].width = widths.get(
            header, 24 if header.endswith("（已报）") and "来源" in header else 13
        )
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=4)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widening a column is harmless
    ws.protection.formatRows = False
    wb.active = 0

    # -- _form (very hidden) ----------------------------------------------------------
    meta = wb.create_sheet(META_SHEET)
    prefilled = {
        ind.id: {str(y): on_record[ind.id][y] for y in columns.earlier_years if y in on_record.get(ind.id, {})}
        for ind in series
    }
    from dayao_data import __version__

    fields = [
        ("form_schema", FORM_SCHEMA),
        ("form_id", form_id),
        ("plan_id", plan.id),
        ("plan_sha256", plan.sha256 or ""),
        ("department_id", department),
        ("department_name", dep_name),
        ("year", year),
        ("catalogue", "all" if extended else "headline"),
        ("sheet", FORM_SHEET),
        ("header_row", HEADER_ROW),
        ("value_header", value_header(year)),
        ("indicators", ",".join(ind.id for ind in series)),
        ("prefilled", json.dumps(prefilled, ensure_ascii=False, sort_keys=True)),
        ("store_vintage", store_vintage or ""),
        ("generated_at", generated_at.isoformat()),
        ("generator", f"dayao_data {__version__}"),
    ]
    for k, (key, value) in enumerate(fields, start=1):
        write_cell(meta, k, 1, key)
        write_cell(meta, k, 2, value)
    meta.protection.sheet = True
    meta.sheet_state = "veryHidden"

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
    from dayao_data.fsutil import atomic_path

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
            from dayao_data.safe_text import safe_filename

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
