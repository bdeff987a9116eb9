"""The yearly forms (dayao_data.collect.forms, ``dayao forms``): what a department receives.

Expected contents come from the plan as printed (series per department from the 专栏 部门责任分工,
baselines and targets as printed in the headline table) and from the form's documented layout.
"""

from __future__ import annotations

import json
import zipfile

import openpyxl
import pytest
from form_corpus import EDU_2024, code_rows, columns, fill_form, make_form, seed_csv

from dayao_data.cli import main as cli_main
from dayao_data.collect.forms import (
    FORM_SHEET,
    HEADER_ROW,
    INSTRUCTIONS_SHEET,
    META_SHEET,
    build_form,
    department_series,
    form_file_name,
    resolve_department,
    write_forms,
)
from dayao_data.collect.intake import take_in
from dayao_data.collect.store import ActualsStore
from dayao_data.plan import load_plan


@pytest.fixture(scope="module")
def plan():
    return load_plan()


def meta_of(wb) -> dict:
    ws = wb[META_SHEET]
    return {r[0].value: r[1].value for r in ws.iter_rows() if r[0].value}


def test_one_form_per_department_named_by_year_and_department(tmp_path, plan):
    written = write_forms(plan, 2024, tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    # Every department of the 专栏 部门责任分工 has headline series.
    assert names == sorted(
        f"2024-{n}-填报表.xlsx"
        for n in (
            "大姚县教育体育局",
            "大姚县人力资源和社会保障局",
            "大姚县医疗保障局",
            "大姚县卫生健康局",
            "大姚县民政局",
            "大姚县住房和城乡建设局",
            "大姚县融媒体中心",
            "大姚县文化和旅游局",
        )
    )
    assert sum(len(f.indicators) for f in written) == len(plan.indicators)  # every headline series in exactly one form
    assert form_file_name(plan, "health", 2023) == "2023-大姚县卫生健康局-填报表.xlsx"


def test_a_form_holds_only_its_departments_series_with_the_plans_figures_as_printed(tmp_path, plan):
    wb = openpyxl.load_workbook(make_form(tmp_path, plan, department="health"))
    ws = wb[FORM_SHEET]
    cols = columns(ws)
    rows = [
        [
            ws.cell(r, cols[h]).value
            for h in ("指标代码", "表中序号", "指标名称", "单位", "基期值（2020年）", "目标值（2025年）")
        ]
        for r in range(5, 11)
    ]
    assert rows == [
        ["life_expectancy", "9", "人口预期寿命", "岁", "75", "77"],
        ["hospital_beds_per_1000", "10", "每千人口医疗机构床位数", "张", "4.84", "5.2"],
        ["doctors_per_10000", "11a", "每万人口执业医生数", "人", "19.4", "22"],
        ["nurses_per_10000", "11b", "每万人口注册护士数", "人", "20.2", "25"],
        ["maternal_mortality_rate", "12", "孕产妇死亡率", "1/10万", "0", "<15"],
        ["infant_child_mortality_rate", "13", "婴幼儿死亡率", "‰", "4.64", "<5"],
    ]
    assert ws.cell(11, 1).value is None and ws.cell(12, 1).value == "填报人："


def test_layout_headers_instructions_and_identity(tmp_path, plan):
    wb = openpyxl.load_workbook(make_form(tmp_path, plan))
    assert wb.sheetnames == [INSTRUCTIONS_SHEET, FORM_SHEET, META_SHEET]
    assert wb.active.title == INSTRUCTIONS_SHEET  # the instructions are what opens
    assert wb[META_SHEET].sheet_state == "veryHidden"
    ws = wb[FORM_SHEET]
    assert [ws.cell(HEADER_ROW, c).value for c in range(1, ws.max_column + 1)] == [
        "指标代码",
        "表中序号",
        "指标名称",
        "单位",
        "基期值（2020年）",
        "目标值（2025年）",
        "填报要求",
        "2021年（已报）",
        "2022年（已报）",
        "2023年（已报）",
        "2023年数据来源（已报）",
        "2024年实际值",
        "2024年下达任务数",
        "事件数（仅率指标）",
        "分母（仅率指标）",
        "数据状态",
        "统计口径/来源",
        "备注",
    ]
    guide = "\n".join(str(c.value) for c in wb[INSTRUCTIONS_SHEET]["A"] if c.value)
    for phrase in (
        "填报单位：大姚县教育体育局",
        "填报年度：2024年",
        "85.76",
        "0.8576",
        "统计口径/来源",
        "必填",
        "不要增删行或列",
        "大姚县发展改革局",
        "没有设置密码",
    ):
        assert phrase in guide
    meta = meta_of(wb)
    assert meta["form_schema"] == "dayao-form/1"
    assert (meta["plan_id"], meta["plan_sha256"]) == (plan.id, plan.sha256)
    assert (meta["department_id"], meta["department_name"], meta["year"]) == (
        "education_sports",
        "大姚县教育体育局",
        2024,
    )
    assert meta["indicators"].split(",") == list(EDU_2024)
    assert len(meta["form_id"]) == 32 and meta["generated_at"]


def test_the_first_years_form_has_no_earlier_columns(tmp_path, plan):
    ws = openpyxl.load_workbook(make_form(tmp_path, plan, year=2021))[FORM_SHEET]
    headers = [ws.cell(HEADER_ROW, c).value for c in range(1, ws.max_column + 1)]
    assert headers[6:] == [
        "填报要求",
        "2021年实际值",
        "2021年下达任务数",
        "事件数（仅率指标）",
        "分母（仅率指标）",
        "数据状态",
        "统计口径/来源",
        "备注",
    ]


def test_only_the_input_cells_are_unlocked_and_the_sheet_and_workbook_are_protected(tmp_path, plan):
    wb = openpyxl.load_workbook(make_form(tmp_path, plan, department="housing_urban_rural"))
    ws = wb[FORM_SHEET]
    assert ws.protection.sheet and wb.security.lockStructure
    assert not ws.protection.password  # protection prevents slips; there is no password to lose
    unlocked = {
        (r, ws.cell(HEADER_ROW, c).value)
        for r in (5, 6)
        for c in range(1, ws.max_column + 1)
        if not ws.cell(r, c).protection.locked
    }
    # Both housing series are qualitative ("完成省州下达目标"): the quota column is open too.
    # The counts columns stay locked (these series are not rates); the data flag is open everywhere.
    assert unlocked == {
        (r, h) for r in (5, 6) for h in ("2024年实际值", "2024年下达任务数", "数据状态", "统计口径/来源", "备注")
    }
    edu = openpyxl.load_workbook(make_form(tmp_path / "edu", plan))[FORM_SHEET]
    assert edu.cell(5, columns(edu)["2024年下达任务数"]).protection.locked  # not a qualitative series
    assert all(ws.cell(r, c).protection.locked for r in (1, 2, 3, 4) for c in range(1, ws.max_column + 1))


def test_data_validation_numbers_only_percent_0_100_whole_numbers_for_counts(tmp_path, plan):
    def rules(department):
        ws = openpyxl.load_workbook(make_form(tmp_path / department, plan, department=department))[FORM_SHEET]
        out = {}
        for dv in ws.data_validations.dataValidation:
            for rng in dv.sqref.ranges:
                out[str(rng)] = (dv.type, dv.operator, dv.formula1, dv.formula2, dv.errorStyle, dv.allow_blank)
        return ws, out

    ws, edu = rules("education_sports")
    assert edu["L5"] == ("decimal", "between", "0", "100", "stop", True)  # 学前三年毛入园率, %
    assert edu["L8"] == ("decimal", "between", "0", "25", "stop", True)  # 受教育年限: the plan's bounds
    dv = next(d for d in ws.data_validations.dataValidation if str(d.sqref) == "L5")
    assert "85.76" in dv.prompt and "0.8576" in dv.prompt and dv.errorTitle == "输入有误"
    _, housing = rules("housing_urban_rural")
    assert housing["L5"] == ("whole", "greaterThanOrEqual", "0", None, "stop", True)  # 套
    assert housing["M5"] == ("whole", "greaterThanOrEqual", "0", None, "stop", True)  # its quota
    assert housing["L6"] == ("whole", "greaterThanOrEqual", "0", None, "stop", True)  # 户
    _, health = rules("health")
    assert health["L10"] == ("decimal", "between", "0", "1000", "stop", True)  # ‰


def test_figures_on_record_are_prefilled_locked_and_remembered(tmp_path, plan):
    store = ActualsStore(tmp_path / "store")
    seed = seed_csv(tmp_path / "seed.csv", plan)
    assert not take_in([seed], plan, store).refused
    wb = openpyxl.load_workbook(make_form(tmp_path / "forms", plan, store=store))
    ws = wb[FORM_SHEET]
    cols = columns(ws)
    r = code_rows(ws)["preschool_gross_enrolment_rate"]
    # plausible_value: 85.76 + (90 − 85.76)·k/5
    assert [ws.cell(r, cols[f"{y}年（已报）"]).value for y in (2021, 2022, 2023)] == [86.61, 87.46, 88.3]
    assert ws.cell(r, cols["2023年数据来源（已报）"]).value == "学前三年毛入园率2023年统计年报"
    assert ws.cell(r, cols["2022年（已报）"]).protection.locked
    meta = meta_of(wb)
    assert json.loads(meta["prefilled"])["preschool_gross_enrolment_rate"] == {
        "2021": 86.61,
        "2022": 87.46,
        "2023": 88.3,
    }
    assert meta["store_vintage"] == store.vintage().intake_id


def test_a_formula_typed_as_a_source_comes_out_inert_in_next_years_form(tmp_path, plan):
    store = ActualsStore(tmp_path / "store")
    attack = "=cmd|' /C calc'!A0"
    form = make_form(tmp_path / "2023", plan, year=2023)
    filled = fill_form(
        form, EDU_2024, year=2023, sources={"preschool_gross_enrolment_rate": attack}, out=tmp_path / "back.xlsx"
    )
    result = take_in([filled], plan, store)
    assert not result.refused
    assert (
        store.current().set_index("indicator").loc["preschool_gross_enrolment_rate", "source"] == attack
    )  # kept as received
    path = make_form(tmp_path / "2024", plan, year=2024, store=store)
    ws = openpyxl.load_workbook(path)[FORM_SHEET]
    cell = ws.cell(code_rows(ws)["preschool_gross_enrolment_rate"], columns(ws)["2023年数据来源（已报）"])
    assert cell.value == "'" + attack and cell.data_type == "s"
    with zipfile.ZipFile(path) as z:
        sheets = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert not any("<f>" in xml or "<f " in xml for xml in sheets)  # no formula anywhere in the form


def test_extended_catalogue_and_unknown_departments(tmp_path, plan):
    headline = department_series(plan, "education_sports")
    extended = department_series(plan, "education_sports", extended=True)
    assert len(extended) > len(headline) and extended[: len(headline)] == headline
    wb = build_form(plan, "education_sports", 2024, extended=True)
    ws = wb[FORM_SHEET]
    assert ws.cell(HEADER_ROW + len(headline) + 1, columns(ws)["表中序号"]).value == "正文"
    assert resolve_department(plan, "融媒体中心") == "media_center"
    with pytest.raises(KeyError, match="unknown department '交通局'"):
        resolve_department(plan, "交通局")
    with pytest.raises(ValueError, match="outside the plan period 2021–2025"):
        build_form(plan, "health", 2026)


def test_cli_forms(tmp_path, plan, capsys, monkeypatch):
    monkeypatch.setenv("DAYAO_STORE", str(tmp_path / "store"))
    assert (
        cli_main(
            [
                "forms",
                "--year",
                "2024",
                "-o",
                str(tmp_path / "out"),
                "--department",
                "卫生健康局",
                "--department",
                "民政局",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert f"wrote {tmp_path / 'out' / '2024-大姚县卫生健康局-填报表.xlsx'} (6 series)" in out
    assert "2 form(s) for 2024" in out and "no figures on record to prefill" in out
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "2024-大姚县卫生健康局-填报表.xlsx",
        "2024-大姚县民政局-填报表.xlsx",
    ]
    assert cli_main(["forms", "--year", "2030", "-o", str(tmp_path / "x")]) == 2
    assert "outside the plan period" in capsys.readouterr().err
    assert cli_main(["forms", "--year", "2024", "-o", str(tmp_path / "x"), "--department", "交通局"]) == 2
    assert not (tmp_path / "store").exists()  # making forms never creates or changes the store
