"""The three sheets of a department's form: the instructions, the table with its data validation, the identity.

:func:`~dayao_data.collect.forms.build_form` creates the workbook and has each sheet written here:
:func:`write_instructions` (填报说明), :func:`write_table` (填报表: locked plan figures, yellow input
cells, Excel data validation with a Chinese prompt on each) and :func:`write_identity` (the very
hidden ``_form`` sheet the intake recognises a returned form by).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from dayao_data import __version__
from dayao_data.collect.form_layout import (
    CODE,
    DENOMINATOR,
    DISABLED_FILL,
    EVENTS,
    FLAG,
    FLAG_CHOICES,
    FOOTER_LABELS,
    FORM_SCHEMA,
    FORM_SHEET,
    GUIDE,
    HEADER_FILL,
    HEADER_ROW,
    INPUT_FILL,
    LOCKED_FILL,
    NAME,
    NOTE,
    SOURCE,
    TABLE_ROW,
    UNIT,
    FormColumns,
    assigned_header,
    baseline_header,
    earlier_header,
    is_rate,
    previous_source_header,
    target_header,
    value_header,
)
from dayao_data.excel import plain_number_text, write_cell
from dayao_data.plan import Indicator, Plan

__all__ = ["write_identity", "write_instructions", "write_table"]


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


def write_instructions(
    guide,
    plan: Plan,
    year: int,
    *,
    dep_name: str,
    series: Sequence[Indicator],
    form_id: str,
    generated_at: datetime,
    return_to: str,
    deadline: str | None,
    store_vintage: str | None,
) -> None:
    """Write the instructions (填报说明) into the sheet ``guide``: what to fill in, how, and where to send it."""
    from openpyxl.styles import Alignment, Font

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


def write_table(
    ws,
    plan: Plan,
    year: int,
    *,
    dep_name: str,
    form_id: str,
    series: Sequence[Indicator],
    columns: FormColumns,
    on_record: dict[str, dict[int, Any]],
    sources_on_record: dict[str, str],
) -> None:
    """Write the table (填报表) into ``ws``: one row per series, the plan's figures and those on record
    locked, the inputs unlocked with data validation, the sign-off row, widths, print setup, protection."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    locked = Protection(locked=True)
    unlocked = Protection(locked=False)
    wrap = Alignment(wrap_text=True, vertical="center")
    fill = lambda color: PatternFill("solid", start_color=color, end_color=color)  # noqa: E731

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
                header in (EVENTS, DENOMINATOR) and not is_rate(ind)
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
            if is_rate(ind):
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


def write_identity(
    meta,
    plan: Plan,
    department: str,
    year: int,
    *,
    dep_name: str,
    extended: bool,
    series: Sequence[Indicator],
    columns: FormColumns,
    on_record: dict[str, dict[int, Any]],
    form_id: str,
    store_vintage: str | None,
    generated_at: datetime,
) -> None:
    """Write the form's identity into the very hidden sheet ``meta`` (``_form``): schema, form id, plan
    and its SHA-256, department, year, header row, the series and the figures prefilled."""
    prefilled = {
        ind.id: {str(y): on_record[ind.id][y] for y in columns.earlier_years if y in on_record.get(ind.id, {})}
        for ind in series
    }
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
