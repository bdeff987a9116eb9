"""A corpus of returned forms, good and bad, built in a temporary folder from a freshly generated form.

Nothing here is a committed binary fixture: every case starts from ``dayao forms`` output for the
education bureau (大姚县教育体育局) and changes it the way a returned form goes wrong in practice.
Each case states the exact problems the intake must report (file, sheet, row, column, message,
expected) — worked out by hand from the form's layout: header on row 4, one row per series from
row 5 in the plan's order (学前三年毛入园率 row 5, 九年义务教育巩固率 row 6, 高中阶段毛入学率 row 7,
劳动年龄人口平均受教育年限 row 8, 经常参加体育锻炼的人数比例 row 9), the sign-off row at row 11.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

from dayao_data.collect.forms import FORM_SHEET, HEADER_ROW, write_forms
from dayao_data.collect.submission import MERGED_HINT
from dayao_data.plan import Indicator, Plan

EDU = "education_sports"
EDU_NAME = "大姚县教育体育局"
YEAR = 2024

#: The education bureau's series in form order, with the row each stands on.
EDU_ROWS = {
    "preschool_gross_enrolment_rate": 5,
    "compulsory_education_retention_rate": 6,
    "senior_secondary_gross_enrolment_rate": 7,
    "working_age_schooling_years": 8,
    "regular_exercise_ratio": 9,
}

#: Plausible 2024 figures for the education bureau's series (what a correct form holds).
EDU_2024 = {
    "preschool_gross_enrolment_rate": 88.6,
    "compulsory_education_retention_rate": 99.2,
    "senior_secondary_gross_enrolment_rate": 92.4,
    "working_age_schooling_years": 12.3,
    "regular_exercise_ratio": 35.6,
}


def plausible_value(ind: Indicator, year: int) -> tuple[float, float | None]:
    """A valid figure (and assigned target) for any headline series: on the line from baseline to target."""
    if ind.kind == "qualitative":
        quota = 120.0 + year - 2020
        return quota + 3, quota
    if ind.kind == "cumulative":
        return 0.31, None
    if ind.kind == "ceiling":
        lo, hi = ind.bounds
        bound = ind.target_value
        return round(bound * 0.8, 2), None
    base = ind.baseline_value if ind.baseline_value is not None else ind.target_value - 5
    step = (ind.target_value - base) * (year - ind.base_year) / (ind.target_year - ind.base_year)
    return round(base + step, 2), None


def seed_csv(path: Path, plan: Plan, years=(2021, 2022, 2023)) -> Path:
    """A plain actuals CSV with a figure for every headline series in ``years``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["indicator", "year", "value", "source", "note", "assigned_target"])
    for ind in plan.indicators:
        for y in years:
            value, assigned = plausible_value(ind, y)
            w.writerow([ind.id, y, value, f"{ind.name_zh}{y}年统计年报", "", "" if assigned is None else assigned])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def make_form(folder: Path, plan: Plan, *, department: str = EDU, year: int = YEAR, store=None) -> Path:
    """A freshly generated form (``dayao forms``) for one department."""
    [form] = write_forms(plan, year, folder, departments=[department], store=store)
    return form.path


def columns(ws) -> dict[str, int]:
    return {str(ws.cell(HEADER_ROW, c).value): c for c in range(1, ws.max_column + 1) if ws.cell(HEADER_ROW, c).value}


def code_rows(ws) -> dict[str, int]:
    cols = columns(ws)
    return {
        ws.cell(r, cols["指标代码"]).value: r
        for r in range(HEADER_ROW + 1, ws.max_row + 1)
        if ws.cell(r, cols["指标代码"]).value
    }


def fill_form(
    path: Path,
    values: dict[str, Any],
    *,
    year: int = YEAR,
    sources: dict[str, Any] | None = None,
    notes: dict[str, Any] | None = None,
    out: Path | None = None,
    edit: Callable | None = None,
) -> Path:
    """Type figures into a form as a department would: value (or (value, assigned)), a source, a note.

    ``sources`` overrides the default source "<name><year>年统计年报"; ``edit(wb, ws)`` makes any
    further change before the workbook is saved (to ``out``, default: over ``path``).
    """
    wb = openpyxl.load_workbook(path)
    ws = wb[FORM_SHEET]
    cols = columns(ws)
    rows = code_rows(ws)
    names = {code: ws.cell(r, cols["指标名称"]).value for code, r in rows.items()}
    for code, v in values.items():
        r = rows[code]
        assigned = None
        if isinstance(v, tuple):
            v, assigned = v
        ws.cell(r, cols[f"{year}年实际值"]).value = v
        if assigned is not None:
            ws.cell(r, cols[f"{year}年下达任务数"]).value = assigned
        source = (sources or {}).get(code, f"{names[code]}{year}年统计年报")
        cell = ws.cell(r, cols["统计口径/来源"])
        cell.value = source
        if isinstance(source, str):
            cell.data_type = "s"
        if notes and code in notes:
            ws.cell(r, cols["备注"]).value = notes[code]
    if edit is not None:
        edit(wb, ws)
    target = out or path
    wb.save(target)
    return target


def set_cached_value(path: Path, coordinate: str, cached: Any, sheet_xml: str = "xl/worksheets/sheet2.xml") -> None:
    """Give a formula cell the saved result Excel would store (openpyxl writes formulas without one)."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    xml = parts[sheet_xml].decode("utf-8")
    pattern = re.compile(rf'(<c r="{coordinate}"[^>]*>)(<f>.*?</f>)(<v\s*/>|<v></v>)')
    assert pattern.search(xml), f"no formula cell {coordinate} in {sheet_xml}"
    xml = pattern.sub(lambda m: f"{m.group(1)}{m.group(2)}<v>{cached}</v>", xml)
    parts[sheet_xml] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def sheet_as_csv(path: Path, out: Path, encoding: str) -> Path:
    """The form sheet saved as CSV the way Excel does ("CSV (逗号分隔)" is GBK in Chinese Windows)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[FORM_SHEET]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for row in ws.iter_rows(values_only=True):
        w.writerow(["" if v is None else v for v in row])
    out.write_bytes(buf.getvalue().encode(encoding))
    return out


# --------------------------------------------------------------------------------------
# The cases
# --------------------------------------------------------------------------------------


@dataclass
class Case:
    """A returned file (or files), how it is taken in, and exactly what the intake must say."""

    files: list[Path]
    errors: list[str]
    warnings: list[str] = field(default_factory=list)
    kwargs: dict = field(default_factory=dict)
    #: For cases that are read correctly: the figures a dry run would record, {(indicator, year): value}.
    would_record: dict | None = None


def _good(folder: Path, plan: Plan, name: str = "returned.xlsx", **fill_kwargs) -> Path:
    form = make_form(folder / "sent", plan)
    return fill_form(form, fill_kwargs.pop("values", EDU_2024), out=folder / name, **fill_kwargs)


def _loc(f: Path, row: int | None = None, column: str | None = None, sheet: str | None = FORM_SHEET) -> str:
    parts = [str(f)]
    if sheet:
        parts.append(f"sheet '{sheet}'")
    if row is not None:
        parts.append(f"row {row}")
    if column is not None:
        parts.append(f"column '{column}'")
    return ", ".join(parts)


VALUE = f"{YEAR}年实际值"


def case_wrong_sheet(folder: Path, plan: Plan) -> Case:
    def rename(wb, ws):
        ws.title = "Sheet1"

    f = _good(folder, plan, edit=rename)
    return Case(
        [f],
        [
            f"{f}: the form has no sheet '填报表'; its sheets are '填报说明', 'Sheet1' (expected the sheet '填报表' as sent: do not rename, move or delete the form's sheets)"
        ],
    )


def case_moved_columns(folder: Path, plan: Plan) -> Case:
    """统计口径/来源 and 备注 moved in front of the figures: read by their headers."""

    def move(wb, ws):
        cols = columns(ws)
        a, b = cols[VALUE], cols["统计口径/来源"]
        for r in range(HEADER_ROW, ws.max_row + 1):
            ca, cb = ws.cell(r, a), ws.cell(r, b)
            ca.value, cb.value = cb.value, ca.value

    f = _good(folder, plan, edit=move)
    return Case([f], [], would_record={(k, YEAR): v for k, v in EDU_2024.items()})


def case_merged_cells(folder: Path, plan: Plan) -> Case:
    def merge(wb, ws):
        col = columns(ws)[VALUE]
        letter = ws.cell(5, col).column_letter
        ws.merge_cells(f"{letter}5:{letter}6")

    f = _good(folder, plan, edit=merge)
    letter = "L"  # the value column of a 2024 form: A–G plan columns, H–J 2021–2023, K the 2023 source
    return Case([f], [f"{_loc(f, 5, VALUE)}: cells {letter}5:{letter}6 are merged (expected {MERGED_HINT})"])


def case_text_in_numeric_cells(folder: Path, plan: Plan) -> Case:
    values = dict(
        EDU_2024,
        preschool_gross_enrolment_rate="约90",
        working_age_schooling_years="十二点三",
        regular_exercise_ratio="35-36",
    )
    f = _good(folder, plan, values=values)
    pct = "a percentage as printed in the plan, such as 85.76, in %"
    return Case(
        [f],
        [
            f"{_loc(f, 5, VALUE)}: '约90' is an approximation; only an exact figure can be recorded (expected {pct})",
            f"{_loc(f, 8, VALUE)}: '十二点三' is written in Chinese numerals; type it in digits, e.g. 92 (expected a number in 年, such as 92.5)",
            f"{_loc(f, 9, VALUE)}: '35-36' holds more than one number (a range or two figures); only one figure can be recorded (expected {pct})",
        ],
    )


def case_fraction_for_percentage(folder: Path, plan: Plan) -> Case:
    f = _good(folder, plan, values=dict(EDU_2024, preschool_gross_enrolment_rate=0.886))
    return Case(
        [f],
        [
            f"{_loc(f, 5, VALUE)}: 0.886 looks like a fraction; percentages are entered as printed in the plan, e.g. 88.6 for 88.6 % "
            "(expected a percentage such as 88.6; the plan's level for 学前三年毛入园率 is about 90)"
        ],
    )


def case_blank_rows(folder: Path, plan: Plan) -> Case:
    """Two blank rows inserted inside the table: skipped, every figure still read."""

    def insert(wb, ws):
        ws.insert_rows(7, 2)

    f = _good(folder, plan, edit=insert)
    return Case([f], [], would_record={(k, YEAR): v for k, v in EDU_2024.items()})


def case_extra_department_row(folder: Path, plan: Plan) -> Case:
    """A row of the health bureau's series typed into the spare row under the table."""

    def add(wb, ws):
        cols = columns(ws)
        ws.cell(10, cols["指标代码"]).value = "life_expectancy"
        ws.cell(10, cols["指标名称"]).value = "人口预期寿命"
        ws.cell(10, cols[VALUE]).value = 76.1
        ws.cell(10, cols["统计口径/来源"]).value = "县卫健局"

    f = _good(folder, plan, edit=add)
    return Case(
        [f],
        [
            f"{_loc(f, 10, '指标代码')}: 人口预期寿命 (life_expectancy) is reported by 大姚县卫生健康局, not by {EDU_NAME} "
            f"(expected only the series of {EDU_NAME} on this form; report this one on its own department's form)"
        ],
    )


def case_wrong_year(folder: Path, plan: Plan) -> Case:
    """Last year's form, filled in again, taken in with this year's."""
    form = make_form(folder / "sent2023", plan, year=2023)
    f = fill_form(form, EDU_2024, year=2023, out=folder / "returned-2023.xlsx")
    return Case(
        [f],
        [f"{_loc(f)}: this is the form for 2023, but this intake is for 2024 (--year 2024) (expected the 2024 form)"],
        kwargs={"year": YEAR},
    )


def case_wrong_department(folder: Path, plan: Plan) -> Case:
    f = _good(folder, plan)
    return Case(
        [f],
        [
            f"{_loc(f)}: this is the form of {EDU_NAME}, but this intake is for 大姚县卫生健康局 (--department) (expected the form of 大姚县卫生健康局)"
        ],
        kwargs={"department": "health"},
    )


def case_gbk_csv(folder: Path, plan: Plan) -> Case:
    """The form saved as CSV by Chinese Excel (GBK): read, with a warning that its identity is lost."""
    f = _good(folder, plan)
    out = sheet_as_csv(f, folder / "returned.csv", "gbk")
    return Case(
        [out],
        [],
        warnings=[
            f"{out}: warning: this form was saved as a text file (CSV, encoding GB18030), which drops the form's identification; "
            "the year and department are taken from its headers and series (expected the .xlsx form as sent)"
        ],
        would_record={(k, YEAR): v for k, v in EDU_2024.items()},
    )


def case_empty_file(folder: Path, plan: Plan) -> Case:
    f = folder / "returned.xlsx"
    f.write_bytes(b"")
    return Case(
        [f],
        [
            f"{f}: the file is empty (0 bytes) (expected a header row (indicator, year, value, source) and one row per indicator and year)"
        ],
    )


def case_not_a_spreadsheet(folder: Path, plan: Plan) -> Case:
    f = folder / "returned.xlsx"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return Case(
        [f], [f"{f}: not an Excel workbook: it looks like a PNG image (expected an .xlsx workbook or a .csv file)"]
    )


def case_formula_without_saved_result(folder: Path, plan: Plan) -> Case:
    f = _good(folder, plan, values=dict(EDU_2024, preschool_gross_enrolment_rate="=88+0.6"))
    return Case(
        [f],
        [
            f"{_loc(f, 5, VALUE)}: the cell holds the formula =88+0.6 without a saved result (expected a typed figure (or open the file in Excel, let it calculate, and save it))"
        ],
    )


def case_source_missing(folder: Path, plan: Plan) -> Case:
    f = _good(folder, plan, sources={"compulsory_education_retention_rate": None})
    return Case(
        [f],
        [
            f"{_loc(f, 6, '统计口径/来源')}: source is empty: every figure must say where it came from (expected where the figure comes from, e.g. 2023年教育事业统计年报)"
        ],
    )


def case_percent_sign_on_a_count(folder: Path, plan: Plan) -> Case:
    f = _good(folder, plan, values=dict(EDU_2024, working_age_schooling_years="12.3%"))
    return Case(
        [f],
        [
            f"{_loc(f, 8, VALUE)}: '12.3%' has a % sign, but this indicator is not a percentage (expected a number in 年, such as 92.5)"
        ],
    )


def case_ambiguous_comma(folder: Path, plan: Plan) -> Case:
    f = _good(folder, plan, values=dict(EDU_2024, working_age_schooling_years="12,3"))
    return Case(
        [f],
        [
            f"{_loc(f, 8, VALUE)}: '12,3' is ambiguous: a comma that does not group thousands could be a decimal mark (12.3) or a typing slip (123) (expected a number in 年, such as 92.5)"
        ],
    )


def case_header_year_changed(folder: Path, plan: Plan) -> Case:
    def retitle(wb, ws):
        ws.cell(HEADER_ROW, columns(ws)[VALUE]).value = "2023年实际值"

    f = _good(folder, plan, edit=retitle)
    return Case(
        [f],
        [
            f"{_loc(f, HEADER_ROW, '2023年实际值')}: the figures column is headed '2023年实际值', but this form is for 2024 (expected the header 2024年实际值 as sent)"
        ],
    )


def case_locked_figure_changed(folder: Path, plan: Plan) -> Case:
    """The 2023 figure on record (prefilled, locked) overwritten after unprotecting the sheet."""

    def overwrite(wb, ws):
        ws.cell(5, columns(ws)["2023年（已报）"]).value = 95

    f = _good(folder, plan, edit=overwrite)
    return Case(
        [f],
        [
            f"{_loc(f, 5, '2023年（已报）')}: the locked figure for 2023 was changed from empty to 95; figures on record are not revised through this form "
            "(expected the figure as sent (empty); send a correction as described in docs/data-collection.md)"
        ],
    )


def case_two_files_disagree(folder: Path, plan: Plan) -> Case:
    """The same form returned twice, the second copy with a different figure."""
    first = _good(folder, plan, name="returned-1.xlsx")
    second = fill_form(first, dict(EDU_2024, preschool_gross_enrolment_rate=88.9), out=folder / "returned-2.xlsx")
    return Case(
        [first, second],
        [
            f"{_loc(first, 5, VALUE)}: 学前三年毛入园率 2024 is given with a different value elsewhere in this intake ({second} row 5) (expected one value per indicator and year)",
            f"{_loc(second, 5, VALUE)}: 学前三年毛入园率 2024 is given twice with different values: 88.6 in {first} row 5 and 88.9 in {second} row 5 "
            "(expected one value per indicator and year: correct or delete one of the two rows)",
        ],
        warnings=[
            f"{_loc(second, 6, VALUE)}: warning: 九年义务教育巩固率 2024 appears twice with the same value 99.2 ({first} row 6 and {second} row 6); the second is ignored (expected one row per indicator and year)",
            f"{_loc(second, 7, VALUE)}: warning: 高中阶段毛入学率 2024 appears twice with the same value 92.4 ({first} row 7 and {second} row 7); the second is ignored (expected one row per indicator and year)",
            f"{_loc(second, 8, VALUE)}: warning: 劳动年龄人口平均受教育年限 2024 appears twice with the same value 12.3 ({first} row 8 and {second} row 8); the second is ignored (expected one row per indicator and year)",
            f"{_loc(second, 9, VALUE)}: warning: 经常参加体育锻炼的人数比例 2024 appears twice with the same value 35.6 ({first} row 9 and {second} row 9); the second is ignored (expected one row per indicator and year)",
        ],
    )


def case_another_plan(folder: Path, plan: Plan) -> Case:
    def replant(wb, ws):
        meta = wb["_form"]
        for row in meta.iter_rows():
            if row[0].value == "plan_id":
                row[1].value = "some_other_plan"

    f = _good(folder, plan, edit=replant)
    return Case(
        [f],
        [
            f"{f}: this form belongs to the plan 'some_other_plan', not to '{plan.id}' (expected a form of 大姚县“十四五”基本公共服务规划 written by `dayao forms`)"
        ],
    )


CASES: dict[str, Callable[[Path, Plan], Case]] = {
    "wrong sheet": case_wrong_sheet,
    "moved columns": case_moved_columns,
    "merged cells": case_merged_cells,
    "text in numeric cells": case_text_in_numeric_cells,
    "fraction for a percentage": case_fraction_for_percentage,
    "blank rows": case_blank_rows,
    "an extra department's row": case_extra_department_row,
    "wrong year": case_wrong_year,
    "wrong department": case_wrong_department,
    "GBK CSV": case_gbk_csv,
    "empty file": case_empty_file,
    "not a spreadsheet": case_not_a_spreadsheet,
    "formula without a saved result": case_formula_without_saved_result,
    "source missing": case_source_missing,
    "% on a non-percentage": case_percent_sign_on_a_count,
    "ambiguous comma": case_ambiguous_comma,
    "header year changed": case_header_year_changed,
    "locked figure changed": case_locked_figure_changed,
    "two files disagree": case_two_files_disagree,
    "another plan's form": case_another_plan,
}
