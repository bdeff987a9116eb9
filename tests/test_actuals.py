"""Reading and validating annual actuals (dayao_data.actuals) and ``dayao validate``.

Every rule is tested with the exact problem it must produce: the file, the row number the user
sees in Excel or a text editor (header = row 1), the column header as typed, and the severity.
Expected values come from the plan's printed numbers or are worked out by hand here.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import time
from pathlib import Path

import openpyxl
import pytest

from dayao_data.actuals import (
    ACTUALS_COLUMNS,
    REQUIRED_COLUMNS,
    ActualsError,
    Problem,
    example_actuals_path,
    is_illustrative_source,
    load_actuals,
    read_table,
    validate_actuals,
)
from dayao_data.cli import main as cli_main
from dayao_data.plan import load_plan

FRAME_COLUMNS = [
    "indicator",
    "year",
    "value",
    "source",
    "note",
    "assigned_target",
    "events",
    "denominator",
    "flag",
    "series_break",
    "illustrative",
    "file",
    "row",
]
HEADER = "indicator,year,value,source,note,assigned_target\n"


@pytest.fixture(scope="module")
def plan():
    return load_plan()


def write(tmp_path: Path, text: str, name: str = "actuals.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def one(problems: list[Problem], severity: str | None = None) -> Problem:
    chosen = [p for p in problems if severity is None or p.severity == severity]
    assert len(chosen) == 1, "\n".join(map(str, problems))
    return chosen[0]


def where(p: Problem) -> tuple:
    return (p.file, p.row, p.column, p.severity)


def digest(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns


def write_xlsx(
    path: Path,
    rows: list[list],
    sheet: str = "Sheet1",
    extra_sheets: dict[str, list[list]] | None = None,
    formats: dict[str, str] | None = None,
) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    for cell, fmt in (formats or {}).items():
        ws[cell].number_format = fmt
    for name, other in (extra_sheets or {}).items():
        ws2 = wb.create_sheet(name)
        for r in other:
            ws2.append(r)
    wb.save(path)
    return path


TINY_PLAN = """\
schema: dayao-plan/1
plan:
  id: tinyville_15th
  title_zh: 小镇“十五五”规划(测试用)
  base_year: 2025
  target_year: 2030
departments:
  - id: bureau
    name_zh: 小镇局
domains:
  - id: services
    name_zh: 公共服务
indicators:
  - id: clinic_share
    table_row: 1
    name_zh: 标准化诊所占比
    aliases: [诊所占比]
    domain: services
    unit: "%"
    attribute: expected
    kind: level
    direction: 1
    baseline: {value: 40, printed: "40", cite: {location: t, quote: t}}
    target: {value: 60, printed: "60", cite: {location: t, quote: t}}
  - id: new_homes
    table_row: 2
    name_zh: 新建住房
    domain: services
    unit: 套
    attribute: binding
    kind: qualitative
    direction: 1
    target_printed: 完成下达任务
  - id: service_coverage
    table_row: 3
    name_zh: 服务覆盖率
    domain: services
    unit: "%"
    attribute: expected
    kind: qualitative
    direction: 1
    target_printed: 稳步提高
    baseline: {value: 80, printed: "80", cite: {location: t, quote: t}}
"""


@pytest.fixture()
def tiny_plan(tmp_path):
    path = tmp_path / "tiny-plan.yaml"
    path.write_text(TINY_PLAN, encoding="utf-8")
    return load_plan(path)


# --------------------------------------------------------------------------------------
# The public API's shape
# --------------------------------------------------------------------------------------


def test_column_constants():
    assert ACTUALS_COLUMNS == (
        "indicator",
        "year",
        "value",
        "source",
        "note",
        "assigned_target",
        "events",
        "denominator",
        "flag",
        "series_break",
    )
    assert REQUIRED_COLUMNS == ("indicator", "year", "value", "source")


def test_problem_str_reads_like_the_location_a_planner_looks_up():
    p = Problem("actuals.csv", 7, "value", "'九十二' is not a number", "a number such as 92.5")
    assert str(p) == "actuals.csv, row 7, column 'value': '九十二' is not a number (expected a number such as 92.5)"
    assert p.severity == "error" and p.sheet is None
    w = Problem("a.xlsx", 3, "年份", "something odd", None, "warning", "实际值")
    assert str(w) == "a.xlsx, sheet '实际值', row 3, column '年份': warning: something odd"
    assert (
        str(Problem("b.csv", None, None, "the file is empty (0 bytes)", None)) == "b.csv: the file is empty (0 bytes)"
    )


def test_problem_is_frozen():
    p = Problem("a.csv", 2, "value", "m", None)
    with pytest.raises(AttributeError):
        p.row = 3  # type: ignore[misc]


def test_actuals_error_lists_every_problem():
    problems = [
        Problem("a.csv", 2, "value", "first thing", None),
        Problem("b.csv", 5, "year", "second thing", "a year"),
    ]
    err = ActualsError(problems)
    assert isinstance(err, ValueError)
    assert err.problems == problems
    text = str(err)
    assert "a.csv, row 2, column 'value': first thing" in text
    assert "b.csv, row 5, column 'year': second thing (expected a year)" in text


@pytest.mark.parametrize(
    "source, expected",
    [
        ("示例数据 illustrative — 非真实统计", True),
        ("示例", True),
        ("ILLUSTRATIVE figures", True),
        ("Illustrative", True),
        ("2023年教育事业统计年报", False),
        ("", False),
        (None, False),
        (float("nan"), False),
    ],
)
def test_is_illustrative_source(source, expected):
    assert is_illustrative_source(source) is expected


def test_example_actuals_path():
    path = example_actuals_path()
    assert isinstance(path, Path)
    assert path.name == "actuals-illustrative.csv"
    assert (
        path.parent.name == "examples"
        and path.parent.parent.name == "data"
        and path.parent.parent.parent.name == "dayao_data"
    )


def test_load_actuals_without_paths_reads_the_example(plan):
    if not example_actuals_path().exists():
        pytest.skip("the illustrative example is not there yet")
    df = load_actuals(None, plan)
    assert list(df.columns) == FRAME_COLUMNS
    assert len(df) > 0
    assert df["illustrative"].all()
    assert set(df["file"]) == {str(example_actuals_path())}


# --------------------------------------------------------------------------------------
# A valid file: the tidy frame
# --------------------------------------------------------------------------------------


def test_load_valid_csv_gives_the_tidy_frame(tmp_path, plan):
    path = write(
        tmp_path,
        HEADER
        + "学前三年毛入园率,2023,89.2,2023年教育事业统计年报,,\n"  # printed Chinese name
        + "urban_new_jobs,2021,0.31,人社局年报,当年新增,\n"  # id
        + "城镇保障性住房建设套数,2022,80,住建局,,100\n"  # alias
        + "高中阶段 毛入学率,2024,92,示例数据 illustrative,,\n",  # name with a space
    )
    df = load_actuals(path, plan)
    assert list(df.columns) == FRAME_COLUMNS
    assert df["indicator"].tolist() == [
        "preschool_gross_enrolment_rate",
        "urban_new_jobs",
        "urban_affordable_housing",
        "senior_secondary_gross_enrolment_rate",
    ]
    assert df["year"].tolist() == [2023, 2021, 2022, 2024]
    assert df["value"].tolist() == [89.2, 0.31, 80.0, 92.0]
    assert df["source"].tolist()[0] == "2023年教育事业统计年报"
    assert df["note"].tolist() == ["", "当年新增", "", ""]
    assert math.isnan(df["assigned_target"][0]) and df["assigned_target"][2] == 100.0
    assert df["illustrative"].tolist() == [False, False, False, True]
    assert df["file"].tolist() == [str(path)] * 4
    assert df["row"].tolist() == [2, 3, 4, 5]
    assert df["year"].dtype == "int64" and df["row"].dtype == "int64"
    assert df["value"].dtype == "float64" and df["assigned_target"].dtype == "float64"
    assert df["illustrative"].dtype == bool
    assert isinstance(df["indicator"][0], str)
    assert df.attrs["problems"] == []


def test_optional_columns_may_be_absent(tmp_path, plan):
    path = write(tmp_path, "indicator,year,value,source\npreschool_gross_enrolment_rate,2022,88,年报\n")
    df = load_actuals(path, plan)
    assert df["note"].tolist() == [""]
    assert math.isnan(df["assigned_target"][0])


def test_paths_may_be_one_path_a_string_or_a_list(tmp_path, plan):
    a = write(tmp_path, HEADER + "preschool_gross_enrolment_rate,2022,88,年报,,\n", "a.csv")
    b = write(tmp_path, HEADER + "preschool_gross_enrolment_rate,2023,89,年报,,\n", "b.csv")
    assert len(load_actuals(a, plan)) == 1
    assert len(load_actuals(str(a), plan)) == 1
    df = load_actuals([a, b], plan)
    assert df["file"].tolist() == [str(a), str(b)]
    assert df["year"].tolist() == [2022, 2023]


def test_plan_none_means_the_embedded_plan(tmp_path):
    path = write(tmp_path, HEADER + "学前三年毛入园率,2022,88,年报,,\n")
    assert load_actuals(path)["indicator"].tolist() == ["preschool_gross_enrolment_rate"]
    assert validate_actuals(path, None) == []


def test_header_only_file_is_an_empty_frame_with_a_warning(tmp_path, plan):
    path = write(tmp_path, HEADER)
    df = load_actuals(path, plan)
    assert list(df.columns) == FRAME_COLUMNS and len(df) == 0
    w = one(df.attrs["problems"])
    assert where(w) == (str(path), 1, None, "warning")
    assert "no data rows" in w.message


# --------------------------------------------------------------------------------------
# Encodings, separators, headers, title rows, blank rows
# --------------------------------------------------------------------------------------

CHINESE_FILE = (
    "指标,年份,数值,来源,备注\n学前三年毛入园率,2023,89.2,教育统计年报,县教体局报送\n城镇登记失业率,2023,3.4,人社局,\n"
)


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "gb18030", "gbk"]
)
def test_every_encoding_reads_the_same(tmp_path, plan, encoding):
    if encoding == "utf-16-le-bom":
        data = b"\xff\xfe" + CHINESE_FILE.encode("utf-16-le")
    elif encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + CHINESE_FILE.encode("utf-16-be")
    else:
        data = CHINESE_FILE.encode(encoding)
    path = tmp_path / "a.csv"
    path.write_bytes(data)
    df = load_actuals(path, plan)
    assert df["indicator"].tolist() == ["preschool_gross_enrolment_rate", "urban_registered_unemployment_rate"]
    assert df["value"].tolist() == [89.2, 3.4]
    assert df["source"].tolist() == ["教育统计年报", "人社局"]
    assert df["note"].tolist() == ["县教体局报送", ""]
    _, meta = read_table(path)
    expected = {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "gb18030": "gb18030", "gbk": "gb18030"}.get(
        encoding, "utf-16"
    )
    assert meta["encoding"] == expected


def test_undecodable_bytes_give_one_problem_naming_the_file(tmp_path, plan):
    path = tmp_path / "bad.csv"
    # 0xFF is invalid in UTF-8 and as a GB18030 lead byte.
    path.write_bytes(b"indicator,year,value,source\n\xff\xff,2023,1,x\n")
    problems = validate_actuals(path, plan)
    p = one(problems)
    assert where(p) == (str(path), None, None, "error")
    assert "UTF-8 or GB18030" in p.message and "0xff" in p.message
    with pytest.raises(ActualsError) as info:
        load_actuals(path, plan)
    assert info.value.problems == problems


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_separators(tmp_path, plan, sep):
    text = (
        sep.join(["indicator", "year", "value", "source"])
        + "\n"
        + sep.join(["城镇登记失业率", "2022", "4.3", "人社局, 年报"])
        + "\n"
    )
    if sep == ",":
        text = text.replace("人社局, 年报", '"人社局, 年报"')
    path = write(tmp_path, text, "a.tsv" if sep == "\t" else "a.csv")
    df = load_actuals(path, plan)
    assert df["value"].tolist() == [4.3]
    assert df["source"].tolist() == ["人社局, 年报"]
    assert read_table(path)[1]["separator"] == sep


def test_excel_sep_line_names_the_separator(tmp_path, plan):
    path = write(tmp_path, "sep=;\nindicator;year;value;source\nurban_new_jobs;2021;0,31;年报\n")
    p = one(validate_actuals(path, plan))
    # The sep= line is row 1, so the header is row 2 and the data row 3.
    assert where(p) == (str(path), 3, "value", "error")
    assert p.message == "'0,31' uses a comma as the decimal mark (did you mean 0.31?)"


@pytest.mark.parametrize(
    "headers",
    [
        ["indicator", "year", "value", "source", "note", "assigned_target"],
        ["指标", "年份", "数值", "来源", "备注", "下达目标"],
        ["指标名称", "年度", "实际值", "数据来源", "说明", "省州下达目标"],
        ["指标名称", "年度", "完成值", "统计口径/来源", "备注", "下达任务"],
        ["Indicator", "YEAR", " Value ", "Source", "Note", "Assigned Target"],
        ["ＩＮＤＩＣＡＴＯＲ", "ｙｅａｒ", "ｖａｌｕｅ", "ｓｏｕｒｃｅ", "ｎｏｔｅ", "assigned-target"],
        ["指 标", "年　份", "数值（万人）", "统计口径／来源", "备注", "下达　任务"],
    ],
)
def test_header_aliases(tmp_path, plan, headers):
    path = write(tmp_path, ",".join(headers) + "\n城镇保障性住房建设,2023,150,住建局年报,如期完成,150\n")
    df = load_actuals(path, plan)
    assert df.loc[0, "indicator"] == "urban_affordable_housing"
    assert df.loc[0, "value"] == 150.0
    assert df.loc[0, "note"] == "如期完成"
    assert df.loc[0, "assigned_target"] == 150.0
    _, meta = read_table(path)
    assert meta["columns"]["value"] == headers[2].strip()


def test_title_rows_above_the_header_and_blank_rows(tmp_path, plan):
    text = (
        "大姚县“十四五”基本公共服务规划 年度实际值,,,\n"  # row 1: a title
        "填报单位:县发展改革局,,,\n"  # row 2
        ",,,\n"  # row 3: blank
        "指标,年份,数值,来源\n"  # row 4: the header
        "学前三年毛入园率,2022,88.1,年报\n"  # row 5
        "\n"  # row 6: blank, skipped silently
        ",,,\n"  # row 7: blank with separators
        "学前三年毛入园率,2023,九十,年报\n"  # row 8
    )
    path = write(tmp_path, text)
    problems = validate_actuals(path, plan)
    p = one(problems)
    assert where(p) == (str(path), 8, "数值", "error")
    assert p.message == "'九十' is not a number"
    df = load_actuals(path, plan, keep_valid_rows=True)
    assert df["row"].tolist() == [5]
    frame, meta = read_table(path)
    assert meta["header_row"] == 4
    assert list(frame.index) == [5, 8]
    assert list(frame.columns) == ["指标", "年份", "数值", "来源"]
    assert frame.loc[8, "数值"] == "九十"


def test_header_beyond_the_tenth_row_is_not_found(tmp_path, plan):
    text = (
        "".join(f"说明第{i}行\n" for i in range(1, 12)) + "indicator,year,value,source\nurban_new_jobs,2021,0.3,年报\n"
    )
    path = write(tmp_path, text)
    p = one(validate_actuals(path, plan))
    assert p.severity == "error" and "missing required columns indicator, year, value, source" in p.message


def test_read_table_returns_strings_and_meta(tmp_path):
    path = write(tmp_path, "指标,年份,数值,来源,单位\n学前三年毛入园率,2023,89.20,年报,%\n")
    frame, meta = read_table(path)
    assert frame.loc[2].tolist() == ["学前三年毛入园率", "2023", "89.20", "年报", "%"]
    assert meta["format"] == "csv" and meta["encoding"] == "utf-8" and meta["separator"] == ","
    assert meta["sheet"] is None and meta["header_row"] == 1
    assert meta["columns"] == {"indicator": "指标", "year": "年份", "value": "数值", "source": "来源"}
    assert [p.message for p in meta["problems"]] == ["column '单位' is not used and will be ignored"]


# --------------------------------------------------------------------------------------
# XLSX
# --------------------------------------------------------------------------------------


def test_xlsx_first_sheet_with_numbers_and_text(tmp_path, plan):
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [
            ["大姚县年度实际值"],  # row 1: title
            ["指标", "年份", "数值", "来源", "备注", "下达目标"],  # row 2
            ["学前三年毛入园率", 2023, 89.2, "教育统计年报", None, None],  # row 3
            [None, None, None, None],  # row 4: blank
            ["城镇保障性住房建设", 2022, 80, "住建局", "未完成", 100],  # row 5
            ["urban_new_jobs", "2021", "0.31", "人社局", None, None],  # row 6: numbers typed as text
        ],
    )
    df = load_actuals(path, plan)
    assert df["indicator"].tolist() == ["preschool_gross_enrolment_rate", "urban_affordable_housing", "urban_new_jobs"]
    assert df["value"].tolist() == [89.2, 80.0, 0.31]
    assert df["year"].tolist() == [2023, 2022, 2021]
    assert df["row"].tolist() == [3, 5, 6]
    assert df["assigned_target"].tolist()[1] == 100.0
    _, meta = read_table(path)
    assert meta["format"] == "xlsx" and meta["sheet"] == "Sheet1" and meta["header_row"] == 2


def test_xlsx_problem_names_the_sheet_and_cell(tmp_path, plan):
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [["指标", "年份", "数值", "来源"], ["学前三年毛入园率", 2023, "九十二", "年报"]],
        sheet="2023年",
    )
    p = one(validate_actuals(path, plan))
    assert where(p) == (str(path), 2, "数值", "error") and p.sheet == "2023年"
    assert (
        str(p)
        == f"{path}, sheet '2023年', row 2, column '数值': '九十二' is not a number (expected a number such as 92.5)"
    )


@pytest.mark.parametrize("preferred", ["actuals", "实际值", "Actuals"])
def test_xlsx_prefers_a_sheet_named_actuals(tmp_path, plan, preferred):
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [["封面"], ["说明:本表为填报说明"]],
        sheet="说明",
        extra_sheets={preferred: [["indicator", "year", "value", "source"], ["urban_new_jobs", 2022, 0.26, "人社局"]]},
    )
    df = load_actuals(path, plan)
    assert df["value"].tolist() == [0.26]
    assert read_table(path)[1]["sheet"] == preferred


def test_xlsx_percent_formatted_cell_is_shown_as_typed(tmp_path, plan):
    # A planner types "89%" into Excel: the cell holds 0.89 formatted as a percentage.
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [["indicator", "year", "value", "source"], ["学前三年毛入园率", 2023, 0.89, "年报"]],
        formats={"C2": "0%"},
    )
    p = one(validate_actuals(path, plan))
    assert where(p) == (str(path), 2, "value", "error")
    assert p.message == "'89%' has a % sign (did you mean 89?)"


def test_xlsx_float_noise_is_not_reported_as_a_long_decimal(tmp_path, plan):
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [["indicator", "year", "value", "source"], ["学前三年毛入园率", 2023.0, 0.1 + 88.2, "年报"]],
    )
    df = load_actuals(path, plan)
    assert df["year"].tolist() == [2023]
    assert df["value"].tolist() == [0.1 + 88.2]


def test_xlsx_empty_sheet_is_one_problem(tmp_path, plan):
    path = write_xlsx(tmp_path / "a.xlsx", [])
    p = one(validate_actuals(path, plan))
    assert where(p) == (str(path), None, None, "error") and p.sheet == "Sheet1"
    assert "empty" in p.message


# --------------------------------------------------------------------------------------
# Files that cannot be read: one clear Problem, never a traceback
# --------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("empty.csv", b"", "empty"),
        ("empty.xlsx", b"", "empty"),
        ("blank.csv", b"\n\n  \n", "blank"),
        ("image.xlsx", PNG, "PNG image"),
        ("report.xlsx", PDF, "PDF document"),
        ("image.csv", PNG, "PNG image"),
        ("text.xlsx", b"indicator,year,value,source\n", "CSV file renamed"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "legacy Excel .xls"),
        ("data.ods", b"PK\x03\x04", "'.ods'"),
        ("data.json", b"{}", "'.json'"),
        ("noextension", b"indicator,year,value,source\n", "without an extension"),
        ("broken.xlsx", b"PK\x03\x04 this is not really a zip file", "workbook cannot be read"),
        ("nul.csv", b"indicator,year\x00,value\n", "NUL"),
    ],
)
def test_unreadable_file_gives_one_problem(tmp_path, plan, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    problems = validate_actuals(path, plan)
    p = one(problems)
    assert where(p) == (str(path), None, None, "error")
    assert words in p.message, p.message
    assert p.expected
    with pytest.raises(ActualsError) as info:
        load_actuals(path, plan)
    assert info.value.problems == problems
    assert str(path) in str(info.value)
    with pytest.raises(ActualsError):
        read_table(path)


def test_zip_that_is_not_a_workbook(tmp_path, plan):
    import zipfile

    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    p = one(validate_actuals(path, plan))
    assert where(p) == (str(path), None, None, "error")
    assert "workbook cannot be read" in p.message


def test_missing_file_and_folder(tmp_path, plan):
    missing = tmp_path / "nope.csv"
    assert one(validate_actuals(missing, plan)).message == "file not found"
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert "folder" in one(validate_actuals(folder, plan)).message


def test_one_bad_file_does_not_hide_the_problems_of_another(tmp_path, plan):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(PNG)
    other = write(tmp_path, HEADER + "urban_new_jobs,2021,-0.1,年报,,\n", "other.csv")
    problems = validate_actuals([bad, other], plan)
    assert [where(p) for p in problems] == [(str(bad), None, None, "error"), (str(other), 2, "value", "error")]


# --------------------------------------------------------------------------------------
# Columns
# --------------------------------------------------------------------------------------


def test_missing_required_columns_are_named_with_the_columns_found(tmp_path, plan):
    path = write(tmp_path, "指标,数值,单位\n学前三年毛入园率,89,%\n")
    p = one(validate_actuals(path, plan))
    assert where(p) == (str(path), 1, None, "error")
    assert p.message == "missing required columns year, source; the header row (row 1) has: '指标', '数值', '单位'"
    assert "indicator, year, value, source" in p.expected


def test_one_missing_column(tmp_path, plan):
    path = write(tmp_path, "indicator,year,value\nurban_new_jobs,2021,0.3\n")
    p = one(validate_actuals(path, plan))
    assert p.message.startswith("missing required column source;")


def test_two_columns_meaning_the_same(tmp_path, plan):
    path = write(tmp_path, "指标,指标名称,年份,数值,来源\nurban_new_jobs,城镇新增就业人数,2021,0.3,年报\n")
    p = one(validate_actuals(path, plan))
    assert where(p) == (str(path), 1, "指标名称", "error")
    assert "both mean 'indicator'" in p.message


def test_extra_columns_are_a_warning(tmp_path, plan):
    path = write(tmp_path, "indicator,year,value,source,单位,负责部门\nurban_new_jobs,2021,0.3,年报,万人,人社局\n")
    df = load_actuals(path, plan)  # a warning does not block
    w = one(df.attrs["problems"])
    assert where(w) == (str(path), 1, None, "warning")
    assert w.message == "columns '单位', '负责部门' are not used and will be ignored"


def test_data_under_no_header_is_a_warning(tmp_path, plan):
    path = write(tmp_path, "indicator,year,value,source\nurban_new_jobs,2021,0.3,年报,stray\n")
    w = one(validate_actuals(path, plan))
    assert where(w) == (str(path), 1, None, "warning")
    assert w.message == "column E holds data but no header; it is ignored"


def test_repeated_header_row(tmp_path, plan):
    path = write(
        tmp_path,
        "指标,年份,数值,来源\nurban_new_jobs,2021,0.3,年报\n指标,年份,数值,来源\nurban_new_jobs,2022,0.2,年报\n",
    )
    p = one(validate_actuals(path, plan))
    assert where(p) == (str(path), 3, None, "error")
    assert p.message == "this row repeats the header row"


# --------------------------------------------------------------------------------------
# Rows: indicator, year, value, source, assigned_target
# --------------------------------------------------------------------------------------


def check_row(tmp_path, plan, row: str, header: str = HEADER) -> Problem:
    path = write(tmp_path, header + row + "\n")
    problems = validate_actuals(path, plan)
    p = one(problems)
    assert p.file == str(path) and p.row == 2
    return p


def test_unknown_indicator_suggests_close_names(tmp_path, plan):
    p = check_row(tmp_path, plan, "学前毛入园率,2023,88,年报,,")
    assert (p.column, p.severity) == ("indicator", "error")
    assert p.message.startswith("unknown indicator '学前毛入园率'; did you mean “学前三年毛入园率”")
    assert p.message.count("“") <= 3


def test_unknown_indicator_without_any_close_name(tmp_path, plan):
    p = check_row(tmp_path, plan, "zzzz,2023,88,年报,,")
    assert p.message == "unknown indicator 'zzzz'"
    assert p.expected == "an indicator id, its Chinese name as printed in the plan, or an alias"


def test_empty_indicator(tmp_path, plan):
    p = check_row(tmp_path, plan, ",2023,88,年报,,")
    assert (p.column, p.message) == ("indicator", "indicator is empty")


@pytest.mark.parametrize(
    "year, message",
    [
        ("2023.5", "'2023.5' is not a whole number"),
        ("2023年", "'2023年' is not a whole number (did you mean 2023?)"),
        ("２０２３", "'２０２３' is not a whole number (did you mean 2023?)"),
        ("二〇二三", "'二〇二三' is not a whole number"),
        ("", "year is empty"),
    ],
)
def test_year_not_a_whole_number(tmp_path, plan, year, message):
    p = check_row(tmp_path, plan, f"学前三年毛入园率,{year},88,年报,,")
    assert (p.column, p.severity, p.message) == ("year", "error", message)


def test_year_written_as_decimal_zero_is_accepted(tmp_path, plan):
    path = write(tmp_path, HEADER + "学前三年毛入园率,2023.0,88,年报,,\n")
    assert load_actuals(path, plan)["year"].tolist() == [2023]


def test_base_year_is_outside_the_period_and_lives_in_the_plan(tmp_path, plan):
    p = check_row(tmp_path, plan, "学前三年毛入园率,2020,85.76,年报,,")
    assert (p.column, p.severity) == ("year", "error")
    assert (
        p.message
        == "year 2020 is outside the plan period of 学前三年毛入园率 (2021–2025); the 2020 base-year value lives in the plan, not in the actuals"
    )
    assert p.expected == "a year from 2021 to 2025"


def test_year_after_the_target_year(tmp_path, plan):
    p = check_row(tmp_path, plan, "婴幼儿死亡率,2026,4.1,年报,,")
    assert p.message == "year 2026 is outside the plan period of 婴幼儿死亡率 (2021–2025); the plan ends in 2025"


def test_other_plan_period(tmp_path, tiny_plan):
    path = write(
        tmp_path,
        HEADER
        + "标准化诊所占比,2026,45,局年报,,\n"  # row 2: fine
        + "诊所占比,2030,58,局年报,,\n"  # row 3: fine (alias, target year)
        + "clinic_share,2025,40,局年报,,\n"  # row 4: the base year
        + "clinic_share,2022,41,局年报,,\n"  # row 5: Dayao's years are not this plan's
        + "学前三年毛入园率,2026,88,年报,,\n",  # row 6: not in this plan
    )
    problems = validate_actuals(path, tiny_plan)
    assert [(p.row, p.column) for p in problems] == [(4, "year"), (5, "year"), (6, "indicator")]
    assert (
        problems[0].message
        == "year 2025 is outside the plan period of 标准化诊所占比 (2026–2030); the 2025 base-year value lives in the plan, not in the actuals"
    )
    df = load_actuals(path, tiny_plan, keep_valid_rows=True)
    assert df["indicator"].tolist() == ["clinic_share", "clinic_share"]
    assert df["year"].tolist() == [2026, 2030]


def test_a_plan_file_path_may_be_given(tmp_path):
    plan_path = tmp_path / "tiny-plan.yaml"
    plan_path.write_text(TINY_PLAN, encoding="utf-8")
    path = write(tmp_path, HEADER + "新建住房,2027,12,局,,15\n")
    df = load_actuals(path, plan_path)
    assert df["indicator"].tolist() == ["new_homes"] and df["assigned_target"].tolist() == [15.0]


@pytest.mark.parametrize(
    "cell, message",
    [
        ("九十二", "'九十二' is not a number"),
        ("abc", "'abc' is not a number"),
        ("约88", "'约88' is not a number"),
        ("1e3", "'1e3' is in scientific notation, which is not accepted here (did you mean 1000?)"),
        ("8.8E1", "'8.8E1' is in scientific notation, which is not accepted here (did you mean 88?)"),
        ("８５．３", "'８５．３' uses full-width digits (did you mean 85.3?)"),
        ("85.3%", "'85.3%' has a % sign (did you mean 85.3?)"),
        ("８５％", "'８５％' uses full-width digits and has a % sign (did you mean 85?)"),
        ('"1,234.5"', "'1,234.5' has thousands separators (did you mean 1234.5?)"),
        ("−3", "'−3' uses the sign '−' instead of the minus '-' (did you mean -3?)"),
        ("--", "'--' is a placeholder, not a number; leave the row out until the figure is known"),
        ("#DIV/0!", "'#DIV/0!' is an Excel error, not a number; fix the formula or type the figure"),
        ("nan", "'nan' is a placeholder, not a number; leave the row out until the figure is known"),
        ("inf", "'inf' is not a number"),
        ("", "value is empty"),
    ],
)
def test_value_must_be_a_plain_number(tmp_path, plan, cell, message):
    p = check_row(tmp_path, plan, f"学前三年毛入园率,2023,{cell},年报,,")
    assert (p.column, p.severity, p.message) == ("value", "error", message)
    assert p.expected


@pytest.mark.parametrize(
    "cell, value", [("92.5", 92.5), ("-0", 0.0), ("+88", 88.0), (".5", 0.5), ("88.", 88.0), (" 88.10 ", 88.1)]
)
def test_plain_numbers_are_accepted(tmp_path, plan, cell, value):
    ind = "urban_registered_unemployment_rate" if value < 1 else "preschool_gross_enrolment_rate"
    path = write(tmp_path, HEADER + f"{ind},2023,{cell},年报,,\n")
    assert load_actuals(path, plan)["value"].tolist() == [value]


def test_percentage_outside_0_100(tmp_path, plan):
    p = check_row(tmp_path, plan, "学前三年毛入园率,2023,101,年报,,")
    assert (p.column, p.message) == ("value", "'101' is a percentage outside 0–100")
    p = check_row(tmp_path, plan, "城镇登记失业率,2023,-1,年报,,")
    assert (p.column, p.message) == ("value", "'-1' is a percentage outside 0–100")


def test_per_thousand_outside_0_1000(tmp_path, plan):
    p = check_row(tmp_path, plan, "infant_child_mortality_rate,2023,1200,年报,,")
    assert (p.column, p.message) == ("value", "'1200' is a rate per thousand outside 0–1000 ‰")


def test_value_outside_other_bounds(tmp_path, plan):
    # 劳动年龄人口平均受教育年限 is bounded to 0–25 years in the plan file.
    p = check_row(tmp_path, plan, "working_age_schooling_years,2023,30,年报,,")
    assert p.message == "'30' is outside the possible range of 劳动年龄人口平均受教育年限 (0–25 年)"


def test_negative_count(tmp_path, plan):
    p = check_row(tmp_path, plan, "urban_new_jobs,2022,-0.2,年报,,")
    assert (p.column, p.severity) == ("value", "error")
    assert p.message == "'-0.2' is a negative count: 城镇新增就业人数 cannot be below 0"


def test_negative_value_with_a_lower_bound_of_zero(tmp_path, plan):
    p = check_row(tmp_path, plan, "working_age_schooling_years,2022,-1,年报,,")
    assert p.message == "'-1' is a negative value: 劳动年龄人口平均受教育年限 cannot be below 0"


def test_percentage_that_looks_like_a_fraction(tmp_path, plan):
    # 学前三年毛入园率: target 90; 100 · 0.92 = 92 is far closer to 90 than 0.92 is.
    p = check_row(tmp_path, plan, "学前三年毛入园率,2023,0.92,年报,,")
    assert (p.column, p.severity) == ("value", "error")
    assert p.message == "0.92 looks like a fraction; percentages are entered as printed in the plan, e.g. 92 for 92 %"


@pytest.mark.parametrize("cell", ["0.5", "0.92", "1"])
def test_small_percentage_near_a_small_reference_is_not_a_fraction(tmp_path, plan, cell):
    # 城镇登记失业率: ceiling 4.2.  0.92 %: |ln 92 − ln 4.2| = 3.09 > |ln 0.92 − ln 4.2| = 1.52.
    # 0.5 %: ln(50/4.2) = 2.48 > ln(4.2/0.5) = 2.13.  1 %: ln(100/4.2) = 3.17 > ln 4.2 = 1.44.
    path = write(tmp_path, HEADER + f"城镇登记失业率,2023,{cell},年报,,\n")
    assert load_actuals(path, plan)["value"].tolist() == [float(cell)]


def test_fraction_check_uses_the_baseline_without_a_target(tmp_path, tiny_plan):
    # 服务覆盖率 has no numeric target, baseline 80: 100 · 0.85 = 85 is near 80, 0.85 is not.
    p = check_row(tmp_path, tiny_plan, "服务覆盖率,2027,0.85,局年报,,")
    assert (p.column, p.message) == (
        "value",
        "0.85 looks like a fraction; percentages are entered as printed in the plan, e.g. 85 for 85 %",
    )


def test_whole_number_units(tmp_path, plan):
    p = check_row(tmp_path, plan, "城镇保障性住房建设,2022,12.5,住建局,,20")
    assert (p.column, p.severity) == ("value", "error")
    assert p.message == "'12.5' is not a whole number: 城镇保障性住房建设 is counted in whole 套"
    p = check_row(tmp_path, plan, "农村危房改造,2022,3.3,住建局,,")
    assert "counted in whole 户" in p.message


def test_whole_number_is_not_required_of_rates_per_population(tmp_path, plan):
    # 每万人口执业医生数 is in 人 but a ratio (whole_number: false in the plan file).
    path = write(tmp_path, HEADER + "doctors_per_10000,2023,20.3,卫健局,,\n")
    assert load_actuals(path, plan)["value"].tolist() == [20.3]


def test_empty_source_is_an_error(tmp_path, plan):
    p = check_row(tmp_path, plan, "学前三年毛入园率,2023,88,,,")
    assert (p.column, p.severity) == ("source", "error")
    assert p.message == "source is empty: every figure must say where it came from"
    p = check_row(tmp_path, plan, "学前三年毛入园率,2023,88,   ,,")
    assert p.column == "source"


def test_assigned_target_for_a_qualitative_indicator(tmp_path, plan):
    path = write(
        tmp_path, HEADER + "urban_affordable_housing,2023,150,住建局,,160\nurban_affordable_housing,2024,90,住建局,,\n"
    )
    df = load_actuals(path, plan)
    assert df["value"].tolist() == [150.0, 90.0]
    assert df["assigned_target"].tolist()[0] == 160.0 and math.isnan(df["assigned_target"].tolist()[1])


@pytest.mark.parametrize(
    "cell, message",
    [
        ("一百", "'一百' is not a number"),
        ("1,600", "'1,600' has thousands separators (did you mean 1600?)"),
        ("-5", "'-5' is negative: a quota cannot be below 0"),
    ],
)
def test_assigned_target_errors(tmp_path, plan, cell, message):
    p = check_row(tmp_path, plan, f'urban_affordable_housing,2023,150,住建局,,"{cell}"')
    assert (p.column, p.severity, p.message) == ("assigned_target", "error", message)


def test_assigned_target_for_a_numeric_target_is_a_warning_and_ignored(tmp_path, plan):
    path = write(tmp_path, "指标,年份,数值,来源,下达目标\n城镇登记失业率,2023,3.1,人社局,4\n")
    df = load_actuals(path, plan)
    w = one(df.attrs["problems"])
    assert where(w) == (str(path), 2, "下达目标", "warning")
    assert "only used for qualitative targets" in w.message and "城镇登记失业率" in w.message
    assert math.isnan(df["assigned_target"][0])


def test_every_problem_of_a_row_is_reported(tmp_path, plan):
    path = write(tmp_path, HEADER + "学前毛入园率,二〇二三,九十,,,\n")
    problems = validate_actuals(path, plan)
    assert [(p.row, p.column) for p in problems] == [(2, "indicator"), (2, "year"), (2, "value"), (2, "source")]


# --------------------------------------------------------------------------------------
# Duplicates, within a file and across files
# --------------------------------------------------------------------------------------


def test_duplicate_with_different_values_names_both_rows(tmp_path, plan):
    path = write(
        tmp_path,
        HEADER
        + "城镇登记失业率,2022,3.1,人社局,,\n学前三年毛入园率,2022,88,年报,,\n城镇登记失业率,2022,3.2,统计局,,\n",
    )
    p = one(validate_actuals(path, plan))
    assert where(p) == (str(path), 4, "value", "error")
    assert (
        p.message
        == f"城镇登记失业率 2022 is given twice with different values: 3.1 in {path} row 2 and 3.2 in {path} row 4"
    )


def test_duplicate_by_name_and_by_id(tmp_path, plan):
    path = write(
        tmp_path, HEADER + "urban_registered_unemployment_rate,2022,3.1,人社局,,\n城镇登记失业率,2022,3.3,人社局,,\n"
    )
    p = one(validate_actuals(path, plan))
    assert (p.row, p.severity) == (3, "error")


def test_identical_duplicate_is_a_warning_and_kept_once(tmp_path, plan):
    path = write(tmp_path, HEADER + "城镇登记失业率,2022,3.1,人社局,,\n城镇登记失业率,2022,3.10,人社局年报,,\n")
    df = load_actuals(path, plan)
    assert len(df) == 1 and df["row"].tolist() == [2]
    w = one(df.attrs["problems"])
    assert where(w) == (str(path), 3, "value", "warning")
    assert (
        w.message
        == f"城镇登记失业率 2022 appears twice with the same value 3.1 ({path} row 2 and {path} row 3); the second is ignored"
    )


def test_duplicate_across_files(tmp_path, plan):
    a = write(tmp_path, HEADER + "urban_new_jobs,2021,0.28,人社局,,\n", "education.csv")
    b = write(tmp_path, "指标,年份,数值,来源\n城镇新增就业人数,2021,0.30,统计局\n", "statistics.csv")
    p = one(validate_actuals([a, b], plan))
    assert where(p) == (str(b), 2, "数值", "error")
    assert str(a) in p.message and str(b) in p.message and "row 2" in p.message
    assert "0.28" in p.message and "0.3 " in p.message
    with pytest.raises(ActualsError):
        load_actuals([a, b], plan)


def test_qualitative_duplicate_differing_only_in_the_quota(tmp_path, plan):
    path = write(
        tmp_path,
        HEADER + "urban_affordable_housing,2023,150,住建局,,150\nurban_affordable_housing,2023,150,住建局,,160\n",
    )
    p = one(validate_actuals(path, plan))
    assert (p.row, p.severity) == (3, "error")
    assert "150 (assigned 150)" in p.message and "150 (assigned 160)" in p.message


def test_a_wrong_value_is_not_also_reported_as_a_duplicate(tmp_path, plan):
    path = write(tmp_path, HEADER + "学前三年毛入园率,2022,0.88,年报,,\n学前三年毛入园率,2022,88,年报,,\n")
    p = one(validate_actuals(path, plan))
    assert (p.row, p.column) == (2, "value") and "fraction" in p.message


# --------------------------------------------------------------------------------------
# load_actuals: errors block, keep_valid_rows keeps the rest
# --------------------------------------------------------------------------------------

MIXED = (
    HEADER
    + "学前三年毛入园率,2022,88.1,年报,,\n"  # row 2 ok
    + "学前三年毛入园率,2023,九十,年报,,\n"  # row 3 error
    + "城镇登记失业率,2022,3.1,人社局,,4\n"  # row 4 ok with a warning
    + "城镇登记失业率,2023,3.2,人社局,,\n"  # row 5 conflicts with row 6
    + "城镇登记失业率,2023,3.3,人社局,,\n"  # row 6
    + "urban_new_jobs,2021,0.3,,,\n"  # row 7 error: no source
)


def test_load_raises_listing_every_problem(tmp_path, plan):
    path = write(tmp_path, MIXED)
    with pytest.raises(ActualsError) as info:
        load_actuals(path, plan)
    errors = [(p.row, p.column) for p in info.value.problems if p.severity == "error"]
    assert errors == [(3, "value"), (6, "value"), (7, "source")]
    assert [(p.row, p.severity) for p in info.value.problems if p.severity == "warning"] == [(4, "warning")]
    text = str(info.value)
    assert "row 3" in text and "row 6" in text and "row 7" in text


def test_keep_valid_rows_drops_the_bad_rows(tmp_path, plan):
    path = write(tmp_path, MIXED)
    df = load_actuals(path, plan, keep_valid_rows=True)
    # Both rows of the conflict are dropped: which one is right is for the planner to say.
    assert df["row"].tolist() == [2, 4]
    assert [(p.row, p.severity) for p in df.attrs["problems"]] == [
        (3, "error"),
        (4, "warning"),
        (6, "error"),
        (7, "error"),
    ]


def test_keep_valid_rows_with_an_unreadable_file(tmp_path, plan):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(PDF)
    good = write(tmp_path, HEADER + "urban_new_jobs,2021,0.3,人社局,,\n")
    df = load_actuals([bad, good], plan, keep_valid_rows=True)
    assert df["file"].tolist() == [str(good)]
    assert [p.file for p in df.attrs["problems"]] == [str(bad)]


def test_validate_never_raises_for_bad_content(tmp_path, plan):
    path = write(tmp_path, MIXED)
    problems = validate_actuals(path, plan)
    assert all(isinstance(p, Problem) and p.file and p.message for p in problems)


# --------------------------------------------------------------------------------------
# Reading never changes the input
# --------------------------------------------------------------------------------------


def test_csv_bytes_and_mtime_unchanged(tmp_path, plan):
    path = write(tmp_path, MIXED, encoding="gb18030")
    old = time.time() - 3600
    os.utime(path, (old, old))
    before = digest(path)
    validate_actuals(path, plan)
    load_actuals(path, plan, keep_valid_rows=True)
    with pytest.raises(ActualsError):
        load_actuals(path, plan)
    read_table(path)
    assert digest(path) == before


def test_xlsx_bytes_and_mtime_unchanged_and_not_locked(tmp_path, plan):
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [
            ["指标", "年份", "数值", "来源"],
            ["学前三年毛入园率", 2023, 89.2, "年报"],
            ["学前三年毛入园率", 2024, "x", "年报"],
        ],
    )
    old = time.time() - 3600
    os.utime(path, (old, old))
    before = digest(path)
    validate_actuals(path, plan)
    load_actuals(path, plan, keep_valid_rows=True)
    read_table(path)
    assert digest(path) == before
    # Not held open: the file can be renamed and replaced straight away (Windows refuses while open).
    moved = path.rename(tmp_path / "b.xlsx")
    moved.rename(path)
    assert digest(path) == before


# --------------------------------------------------------------------------------------
# dayao validate
# --------------------------------------------------------------------------------------


def test_cli_ok_file_exits_0(tmp_path, capsys):
    path = write(tmp_path, HEADER + "学前三年毛入园率,2023,89.2,年报,,\n")
    assert cli_main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}: OK (1 data row)" in out
    assert out.strip().splitlines()[-1].startswith("1 file checked, 1 data row: 0 errors, 0 warnings")


def test_cli_warnings_only_exit_0(tmp_path, capsys):
    path = write(tmp_path, "indicator,year,value,source,单位\n学前三年毛入园率,2023,89.2,年报,%\n")
    assert cli_main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "warning: row 1: column '单位' is not used" in out
    assert "0 errors, 1 warning" in out


def test_cli_groups_by_file_errors_before_warnings(tmp_path, capsys):
    a = write(tmp_path, MIXED, "a.csv")
    b = tmp_path / "b.xlsx"
    b.write_bytes(PNG)
    assert cli_main(["validate", str(a), str(b)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == f"{a}:"
    labels = [line.split(":")[0].strip() for line in lines[1:5]]
    assert labels == ["error", "error", "error", "warning"]
    assert lines[1].startswith("  error: row 3, column 'value': '九十' is not a number")
    assert lines[5] == f"{b}:"
    assert lines[6].startswith("  error: not an Excel workbook")
    assert lines[-1].startswith("2 files checked") and "4 errors, 1 warning" in lines[-1]


def test_cli_json(tmp_path, capsys):
    path = write(tmp_path, MIXED)
    assert cli_main(["validate", "--format", "json", str(path)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["errors"] == 3 and report["warnings"] == 1
    assert report["files"] == [{"file": str(path), "rows": 6}]
    first = report["problems"][0]
    assert first == {
        "file": str(path),
        "row": 3,
        "column": "value",
        "message": "'九十' is not a number",
        "expected": "a number such as 92.5",
        "severity": "error",
        "sheet": None,
    }


def test_cli_other_plan(tmp_path, capsys):
    plan_path = tmp_path / "tiny-plan.yaml"
    plan_path.write_text(TINY_PLAN, encoding="utf-8")
    path = write(tmp_path, HEADER + "标准化诊所占比,2026,45,局年报,,\n")
    assert cli_main(["validate", str(path), "--plan", str(plan_path)]) == 0
    assert cli_main(["validate", str(path)]) == 1  # not an indicator of the Dayao plan
    capsys.readouterr()


def test_cli_plan_that_cannot_be_loaded(tmp_path, capsys):
    path = write(tmp_path, HEADER)
    assert cli_main(["validate", str(path), "--plan", str(tmp_path / "missing.yaml")]) == 2
    assert "plan cannot be loaded" in capsys.readouterr().err


def test_every_rule_function_cites_a_section_of_the_actuals_format_by_its_heading():
    """The checks are one function per rule of docs/actuals-format.md (issue 9): each rule's docstring
    starts with the section it implements, and that section exists with that heading (English part)."""
    import inspect
    import re

    from dayao_data.actuals import header_rules, rules

    doc = (Path(__file__).resolve().parent.parent / "docs" / "actuals-format.md").read_text("utf-8")
    english = doc[doc.index("## English") :]
    headings = dict(re.findall(r"^### (\d+)\. (.+)$", english, re.M))
    assert len(headings) >= 8
    checked = 0
    for module in (rules, header_rules):
        for name in module.__all__:
            obj = getattr(module, name)
            if not inspect.isfunction(obj):
                continue
            text = inspect.getdoc(obj) or ""
            cited = re.match(r'Section (\d+)(?: \("([^"]+)"|, )', text)
            assert cited, f"{module.__name__}.{name} does not start by citing its section: {text[:60]!r}"
            number, title = cited.group(1), cited.group(2)
            assert number in headings, f"{name} cites section {number}, which the format does not have"
            if title is not None:
                assert headings[number].startswith(title), f"{name}: section {number} is {headings[number]!r}"
            checked += 1
    assert checked >= 15
