"""``dayao plan import``: the Dayao headline table, typed in by this test from the plan text, comes back
as the 21 series of the shipped plan file (which was checked against the plan text independently).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dayao_data import load_plan
from dayao_data.cli import main
from dayao_data.plan.importer import CONFIRM, ImportError_, import_table, parse_figure

# The table 大姚县“十四五”基本公共服务领域主要发展指标 (plan text, 第二章 第三节), cell by cell as printed,
# with the 责任单位 of the responsibility box (第六章 第一节). Row 11 prints two series in one row: written
# here as the planner's spreadsheet holds it, the second series on a line without a row number.
HEADER = ["序号", "分类", "指标", "单位", "2020年完成", "2025年目标", "五年累计增长", "指标属性", "责任单位"]
DAYAO_TABLE = [
    ["1", "公共教育服务", "学前三年毛入园率", "%", "85.76", "90.00", "4.24", "预期性", "大姚县教育体育局"],
    ["2", "", "九年义务教育巩固率", "%", "98.9", "99.5", "0.6", "约束性", "大姚县教育体育局"],
    ["3", "", "高中阶段毛入学率", "%", "88.45", "95", "6.55", "预期性", "大姚县教育体育局"],
    ["4", "", "劳动年龄人口平均受教育年限", "", "11.2", "13", "1.8", "预期性", "大姚县教育体育局"],
    [
        "5",
        "劳动就业服务",
        "城镇新增就业人数",
        "万人",
        "[1.86]",
        "[ 1.58 ]",
        "--",
        "预期性",
        "大姚县人力资源和社会保障局",
    ],
    ["6", "", "城镇登记失业率", "%", "[2.7]", "[≤4.2]", "1.5", "约束性", "大姚县人力资源和社会保障局"],
    ["7", "基本社会保险", "城乡居民养老保险参保率", "%", "100", "100", "--", "约束性", "大姚县人力资源和社会保障局"],
    ["8", "", "城乡居民医疗保险参保率", "%", "96.1", "100", "3.9", "预期性", "大姚县医疗保障局"],
    ["9", "基本医疗卫生服务", "人口预期寿命", "", "75", "77", "2", "预期性", "大姚县卫生健康局"],
    ["10", "", "每千人口医疗机构床位数", "", "4.84", "5.2", "0.36", "预期性", "大姚县卫生健康局"],
    ["11", "", "每万人口执业医生数", "", "19.4", "22", "2.6", "预期性", "大姚县卫生健康局"],
    ["", "", "每万人口注册护士数", "", "20.2", "25", "4.8", "预期性", "大姚县卫生健康局"],
    ["12", "", "孕产妇死亡率", "1/10万", "0", "<15", "", "约束性", "大姚县卫生健康局"],
    ["13", "", "婴幼儿死亡率", "", "4.64", "<5", "", "约束性", "大姚县卫生健康局"],
    ["14", "基本社会服务", "生活不能自理特困人员集中供养率", "%", "38.1", "55", "16.9", "预期性", "大姚县民政局"],
    ["15", "", "困难残疾人生活补贴和重度残疾人护理补贴覆盖率", "%", "", "100", "", "预期性", "大姚县民政局"],
    [
        "16",
        "基本住房保障",
        "城镇保障性住房建设",
        "",
        "[870]",
        "完成省州下达目标",
        "",
        "约束性",
        "大姚县住房和城乡建设局",
    ],
    ["17", "", "农村保障性安居工程改造", "", "[29652]", "完成省州下达目标", "", "约束性", "大姚县住房和城乡建设局"],
    ["18", "公共文化体育服务", "广播、电视综合人口覆盖率", "%", "99.8", "100", "0.2", "预期性", "大姚县融媒体中心"],
    ["19", "", "国民综合阅读率", "%", "44.1", "50", "5.9", "预期性", "大姚县文化和旅游局"],
    ["20", "", "经常参加体育锻炼的人数比例", "%", "35", "36", "1", "预期性", "大姚县教育体育局"],
]
TITLE = "大姚县“十四五”基本公共服务领域主要发展指标"


def write_csv(path: Path, header=HEADER, rows=DAYAO_TABLE, title=TITLE, encoding="utf-8-sig") -> Path:
    with open(path, "w", newline="", encoding=encoding) as fh:
        w = csv.writer(fh)
        if title:
            w.writerow([title])
        w.writerow(header)
        w.writerows(rows)
        w.writerow(["", "", "注:表中[ ]内为五年累计数"])
    return path


def write_xlsx(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([TITLE])
    ws.append(HEADER)
    for r in DAYAO_TABLE:
        ws.append(
            [
                float(c)
                if c.replace(".", "", 1).isdigit() and c.count(".") <= 1 and not c.startswith("0") or c == "0"
                else (c or None)
                for c in r
            ]
        )
    # 分类 as a merged cell, as planners lay it out
    ws.merge_cells("B3:B6")
    wb.save(path)
    return path


def _by_row(plan):
    return {(i.table_row, i.series): i for i in plan.indicators}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_dayao_table_comes_back_as_the_shipped_plan(tmp_path, fmt):
    table = write_csv(tmp_path / "table.csv") if fmt == "csv" else write_xlsx(tmp_path / "table.xlsx")
    out = tmp_path / "draft.yaml"
    result = import_table(table, out, region="大姚县")
    draft = load_plan(out)  # the draft loads: a valid plan file
    shipped = load_plan()
    assert (draft.base_year, draft.target_year) == (2020, 2025)
    assert len(draft.indicators) == 21 and result.n_rows == 20
    mine, theirs = _by_row(draft), _by_row(shipped)
    assert set(mine) == set(theirs)  # rows 1–20, row 11 as 11a and 11b
    for key, ind in theirs.items():
        got = mine[key]
        assert got.name_zh == ind.name_zh, key
        assert got.kind == ind.kind, (key, got.kind, ind.kind)
        assert got.direction == ind.direction, key
        assert got.strict == ind.strict, key
        assert got.attribute == ind.attribute, key
        assert got.baseline_value == ind.baseline_value, key
        assert got.target_value == ind.target_value, key
        if ind.target is not None:
            assert got.target.comparator == ind.target.comparator, key
        assert (got.previous_period.value if got.previous_period else None) == (
            ind.previous_period.value if ind.previous_period else None
        ), key
        assert draft.department_name(got.department) == shipped.department_name(ind.department), key
        assert got.domain_printed == ind.domain_printed, key
    # each table-row figure the shipped plan reads as a change
    assert mine[(6, None)].change.value == 1.5
    assert draft.table_title() == TITLE


def test_every_inference_is_marked_for_the_planner(tmp_path):
    out = tmp_path / "draft.yaml"
    import_table(write_csv(tmp_path / "t.csv"), out)
    text = out.read_text("utf-8")
    lines = text.splitlines()
    kind_lines = [l for l in lines if l.strip().startswith("kind:")]
    assert len(kind_lines) == 21 and all(f"# {CONFIRM}" in l for l in kind_lines)
    strict_lines = [l for l in lines if l.strip().startswith("strict:")]
    assert len(strict_lines) == 3 and all(f"# {CONFIRM}" in l for l in strict_lines)  # rows 6, 12, 13
    assert all(f"# {CONFIRM}" in l for l in lines if l.strip().startswith("bounds:"))
    assert all(f"# {CONFIRM}" in l for l in lines if l.strip().startswith("previous_period:"))
    # rows 4, 9, 10, 11a, 11b, 13, 16, 17 print no unit: each is flagged
    assert sum(1 for l in lines if l.strip().startswith('unit: ""') and CONFIRM in l) == 8


def test_import_never_overwrites(tmp_path, capsys):
    out = tmp_path / "draft.yaml"
    out.write_text("mine", "utf-8")
    assert main(["plan", "import", str(write_csv(tmp_path / "t.csv")), "-o", str(out)]) == 1
    assert out.read_text("utf-8") == "mine"
    assert "never overwrites" in capsys.readouterr().err


def test_header_variants_and_gbk(tmp_path):
    header = ["行号", "领域", "指标名称", "计量单位", "基期值", "目标值", "属性", "牵头单位"]
    rows = [
        ["1", "教育", "入学率", "%", "90", "95", "约束性", "教育局"],
        ["2", "", "失业率", "%", "4.0", "<=5", "预期性", "人社局"],
        ["3", "", "送戏下乡", "场", "", "[600]", "", "文化局"],
    ]
    t = write_csv(tmp_path / "t.csv", header, rows, title=None, encoding="gb18030")
    out = tmp_path / "d.yaml"
    import_table(t, out, base_year=2025, target_year=2030)
    p = load_plan(out)
    got = [(i.kind, i.direction, i.strict, i.attribute) for i in p.indicators]
    assert got == [
        ("level", 1, None, "binding"),
        ("ceiling", -1, False, "expected"),
        ("cumulative", 1, None, "expected"),
    ]


def test_years_are_required(tmp_path):
    header = ["指标", "单位", "基期值", "目标值"]
    t = write_csv(tmp_path / "t.csv", header, [["入学率", "%", "90", "95"]], title=None)
    with pytest.raises(ImportError_, match="--base-year"):
        import_table(t, tmp_path / "d.yaml")


def test_rows_numbered_within_sections_import_as_printed(tmp_path):
    header = ["序号", "分类", "指标", "单位", "2025年基期", "2030年目标", "属性"]
    rows = [
        ["1", "教育", "甲率", "%", "90", "95", "预期性"],
        ["2", "", "乙率", "%", "80", "85", "预期性"],
        ["1", "卫生", "丙率", "%", "50", "55", "预期性"],
        ["2", "", "丁率", "‰", "6", "<5", "约束性"],
    ]
    out = tmp_path / "d.yaml"
    import_table(write_csv(tmp_path / "t.csv", header, rows, title=None), out)
    p = load_plan(out)
    assert list(p.table_rows()) == ["（一）1", "（一）2", "（二）1", "（二）2"]


def test_figures_99_percent_or_more():
    # "99%以上": a level reached by the target year, unless the base year already meets it (a floor)
    f = parse_figure("99%以上")
    assert (f.value, f.comparator, f.bracket) == (99.0, ">=", False)
    from dayao_data.plan.importer import _infer
    from dayao_data.plan.printed_table import TableRow

    reach = _infer(TableRow(1, 1, None, "", "x率", "%", "95", "99%以上", "", "", ""))
    keep = _infer(TableRow(1, 1, None, "", "x率", "%", "99.5", "99%以上", "", "", ""))
    assert (reach["kind"], reach["direction"]) == ("level", 1)
    assert (keep["kind"], keep["direction"], keep["strict"]) == ("ceiling", 1, False)


def test_a_row_printing_two_series_in_one_cell_splits(tmp_path):
    # row 11 as the plan prints it: two names, two baselines, two targets in one row
    rows = [r for r in DAYAO_TABLE if r[0] != "" and r[0] != "11"]
    rows.insert(
        10,
        [
            "11",
            "",
            "每万人口执业医生数\n每万人口注册护士数",
            "",
            "19.4\n20.2",
            "22\n25",
            "2.6\n4.8",
            "预期性",
            "大姚县卫生健康局",
        ],
    )
    out = tmp_path / "d.yaml"
    import_table(write_csv(tmp_path / "t.csv", rows=rows), out)
    p = load_plan(out)
    eleven = p.table_rows()[11]
    assert [(i.series, i.name_zh, i.baseline_value, i.target_value) for i in eleven] == [
        ("a", "每万人口执业医生数", 19.4, 22.0),
        ("b", "每万人口注册护士数", 20.2, 25.0),
    ]
    assert len(p.indicators) == 21
