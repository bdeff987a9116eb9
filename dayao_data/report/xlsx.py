"""The assess table as an Excel workbook for the planners (assess.xlsx).

Sheets:

* ``评估结果`` — one row per series: Chinese column headers, under them the English column codes
  (the names in assess.csv), number formats by column, header frozen, widths set;
* ``约束性指标预警`` — binding (约束性) indicators not achieved, ahead or on track, worst first;
* ``说明`` — what the run used and the data dictionary of every column and status.

With illustrative data every sheet starts with a red banner "示例数据 — 非真实统计".
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from dayao_data.excel import safe_cell_text
from dayao_data.fsutil import atomic_path
from dayao_data.labels import columns, label_pairs, sheet_columns
from dayao_data.typography import zh_text

__all__ = ["ASSESS_COLUMN_DOCS", "BANNER", "write_assess_xlsx", "write_tables_xlsx"]

BANNER = "示例数据 — 非真实统计"

#: column code → (Chinese header, number format, width, what it means): ``columns.assess`` of
#: dayao_data/data/labels.yaml (the same data docs/data-dictionary.md is written from).
ASSESS_COLUMN_DOCS: dict[str, tuple[str, str, float, str]] = {
    code: (col.zh, col.format, col.width, col.description_zh) for code, col in columns("assess").items()
}

#: The sheet 约束性指标预警: ``sheets.alarms`` of the labels file, headed as in the assess sheet.
ALARM_COLUMNS = {code: ASSESS_COLUMN_DOCS[code][:3] for code in sheet_columns("alarms")}


def _cell_value(value: Any) -> Any:
    """A cell value for openpyxl: NaN → empty, numpy → Python, text neutralised against formulas."""
    if value is None:
        return None
    if isinstance(value, str):
        # A plan's or a department's text must never run as a formula in Excel/WPS; Chinese text
        # gets the reports' typography (full-width marks), as in the PDF.
        return safe_cell_text(zh_text(value))
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):  # numpy scalars → Python
        return value.item()
    return value


def _banner(ws, width: int, styles) -> int:
    """Write the red banner on row 1 across ``width`` columns; return the next free row."""
    ws.cell(row=1, column=1, value=BANNER)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(1, width))
    cell = ws.cell(row=1, column=1)
    cell.font, cell.fill, cell.alignment = styles["banner_font"], styles["banner_fill"], styles["center"]
    ws.row_dimensions[1].height = 26
    return 2


def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="999999")
    return {
        "banner_font": Font(bold=True, color="FFFFFF", size=14),
        "banner_fill": PatternFill("solid", fgColor="C00000"),
        "head_font": Font(bold=True),
        "head_fill": PatternFill("solid", fgColor="D9E1F2"),
        "code_font": Font(italic=True, color="555555", size=9),
        "code_fill": PatternFill("solid", fgColor="F2F2F2"),
        "title_font": Font(bold=True, size=13),
        "bold": Font(bold=True),
        "center": Alignment(horizontal="center", vertical="center"),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "border": Border(bottom=thin),
    }


def _table_sheet(ws, frame: pd.DataFrame, columns: dict, first_row: int, styles, *, codes: bool) -> None:
    from openpyxl.utils import get_column_letter

    names = [c for c in columns if c in frame.columns]
    row = first_row
    for j, code in enumerate(names, start=1):
        cell = ws.cell(row=row, column=j, value=_cell_value(columns[code][0]))
        cell.font, cell.fill, cell.alignment = styles["head_font"], styles["head_fill"], styles["wrap"]
        ws.column_dimensions[get_column_letter(j)].width = columns[code][2]
    if codes:
        row += 1
        for j, code in enumerate(names, start=1):
            cell = ws.cell(row=row, column=j, value=code)
            cell.font, cell.fill = styles["code_font"], styles["code_fill"]
    header_end = row
    for record in frame[names].itertuples(index=False):
        row += 1
        for j, (code, value) in enumerate(zip(names, record), start=1):
            cell = ws.cell(row=row, column=j, value=_cell_value(value))
            fmt = columns[code][1]
            if fmt != "@" or isinstance(cell.value, str):
                cell.number_format = fmt if fmt != "@" else "General"
    # Freeze the header rows and the code/name columns so that a wide table stays readable.
    freeze_col = 3 if "name_zh" in names and names.index("name_zh") == 1 else 1
    ws.freeze_panes = ws.cell(row=header_end + 1, column=freeze_col)
    if row > header_end:
        ws.auto_filter.ref = f"A{header_end}:{get_column_letter(len(names))}{row}"


def write_assess_xlsx(
    table: pd.DataFrame,
    alarms: pd.DataFrame,
    destination: str | Path,
    *,
    illustrative: bool,
    year: int,
    plan_title: str = "",
    actuals: Sequence[dict] = (),
    generated: _dt.datetime | None = None,
    notes: pd.DataFrame | None = None,
) -> Path:
    """Write the workbook (atomically) and return its path."""
    from openpyxl import Workbook

    styles = _styles()
    wb = Workbook()

    ws = wb.active
    ws.title = "评估结果"
    first = _banner(ws, len(ASSESS_COLUMN_DOCS), styles) if illustrative else 1
    _table_sheet(ws, table, ASSESS_COLUMN_DOCS, first, styles, codes=True)

    ws = wb.create_sheet("约束性指标预警")
    first = _banner(ws, len(ALARM_COLUMNS), styles) if illustrative else 1
    ws.cell(
        row=first, column=1, value=f"{year}年约束性指标中未实现、未快于或未基本符合预期的指标（按严重程度排序）"
    ).font = styles["title_font"]
    if len(alarms):
        _table_sheet(ws, alarms, ALARM_COLUMNS, first + 1, styles, codes=True)
    else:
        ws.cell(row=first + 1, column=1, value="无：约束性指标均已实现、快于或基本符合预期。")
        ws.column_dimensions["A"].width = 60

    ws = wb.create_sheet("说明")
    row = _banner(ws, 4, styles) if illustrative else 1
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 70
    ws.column_dimensions["D"].width = 14

    def put(*values, font=None):
        nonlocal row
        for j, v in enumerate(values, start=1):
            cell = ws.cell(row=row, column=j, value=_cell_value(v))
            cell.alignment = styles["wrap"]
            if font is not None:
                cell.font = font
        row += 1

    put(plan_title or "规划实施进展评估", font=styles["title_font"])
    put("评估年度", year)
    put("生成时间", (generated or _dt.datetime.now()).strftime("%Y-%m-%d %H:%M"))
    if illustrative:
        put(
            "数据性质",
            "示例数据",
            "本表使用的是示例数据，仅用于演示，非真实统计，不得引用或上报。",
            font=styles["bold"],
        )
    for rec in actuals:
        name = "示例数据（非真实统计）" if rec.get("illustrative_example") else Path(str(rec.get("path", ""))).name
        put("实际值文件", name, f"SHA-256 {rec.get('sha256', '')}", str(rec.get("modified", ""))[:10])
    row += 1
    put("数据字典 · 评估结果各列", font=styles["title_font"])
    put("中文列名", "列代码 (assess.csv)", "含义", "数字格式", font=styles["bold"])
    for code, (zh, fmt, _, doc) in ASSESS_COLUMN_DOCS.items():
        put(zh, code, doc, fmt)
    row += 1
    put("评估状态代码", font=styles["title_font"])
    put("代码", "中文", "English", font=styles["bold"])
    for code, (zh, en) in label_pairs("status").items():
        put(code, zh, en)
    row += 1
    put("增速法状态代码", font=styles["title_font"])
    for code, (zh, en) in label_pairs("cagr").items():
        put(code, zh, en)
    if notes is not None and len(notes):
        row += 1
        put("评估说明(逐项)", font=styles["title_font"])
        put("指标代码", "说明代码", "说明", font=styles["bold"])
        for rec in notes.itertuples(index=False):
            put(rec.indicator_id, rec.code, rec.message_zh)
    ws.freeze_panes = None

    destination = Path(destination)
    with atomic_path(destination, suffix=".xlsx") as tmp:
        wb.save(tmp)
    return destination


def write_tables_xlsx(sheets: Sequence[tuple], destination: str | Path, *, illustrative: bool) -> Path:
    """A workbook of several tables in the style of assess.xlsx (for the evaluations' workbooks).

    ``sheets`` is a list of ``(sheet name, frame, columns)`` or ``(sheet name, frame, columns,
    title)``: ``columns`` maps each column code to ``(Chinese header, number format, width, …)``
    (as :data:`ASSESS_COLUMN_DOCS`); columns not in the frame are skipped.  Each sheet gets the
    Chinese headers, a row of the column codes, frozen headers and, for illustrative data, the
    red banner on its first row.
    """
    from openpyxl import Workbook

    styles = _styles()
    wb = Workbook()
    wb.remove(wb.active)
    for entry in sheets:
        name, frame, columns = entry[:3]
        title = entry[3] if len(entry) > 3 else None
        ws = wb.create_sheet(str(name)[:31])  # Excel's limit on sheet names
        shown = [c for c in columns if c in frame.columns]
        row = _banner(ws, max(1, len(shown)), styles) if illustrative else 1
        if title:
            ws.cell(row=row, column=1, value=_cell_value(title)).font = styles["title_font"]
            row += 1
        _table_sheet(ws, frame, columns, row, styles, codes=True)
    destination = Path(destination)
    with atomic_path(destination, suffix=".xlsx") as tmp:
        wb.save(tmp)
    return destination
