"""Issue 12: any plan as data — the plan facts the reports print, and rows numbered within sections.

The made-up plan ``fixtures/sections-plan-2030.yaml`` (青山县, 2025 → 2030, three sections whose rows
are numbered 1–4, 1–6, 1–4) is the counter-example to Dayao, whose table numbers rows 1–20.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dayao_data import assess, load_plan, summarize

FIXTURES = Path(__file__).parent / "fixtures"
SECTIONS = FIXTURES / "sections-plan-2030.yaml"
SECTIONS_ACTUALS = FIXTURES / "sections-actuals-2026-2030.csv"


@pytest.fixture(scope="module")
def dayao():
    return load_plan()


@pytest.fixture(scope="module")
def sections():
    return load_plan(SECTIONS)


# -- A. plan facts, from the plan file ------------------------------------------------------


def test_dayao_plan_facts_as_printed(dayao):
    # From the plan text: line 7 "发文机构:大姚县发展改革局"; the table's title and its columns.
    assert dayao.region() == "大姚县"
    assert dayao.issuer() == "大姚县发展改革局"
    assert dayao.table_title() == "大姚县“十四五”基本公共服务领域主要发展指标"
    assert dayao.table_short() == "主要发展指标表"
    assert dayao.table_location == "第二章 第三节 主要目标"
    assert (dayao.baseline_column(), dayao.target_column(), dayao.change_column()) == (
        "2020年完成",
        "2025年目标",
        "五年累计增长",
    )
    assert dayao.domains["public_education"].chapter() == "第三章 第一节 公共教育服务体系"
    assert dayao.domains["health"].chapter() == "第三章 第五节 基本医疗卫生服务体系"
    assert dayao.text_targets_location() == "第三章各节正文"
    assert dayao.form_percent_example() == ("学前三年毛入园率", "85.76")
    assert dayao.form_source_example(2024) == "2024年教育事业统计年报"


def test_derived_facts_for_a_plan_that_gives_few(sections):
    assert sections.region() == "青山县"
    assert sections.issuer() is None  # the file does not say; nobody is invented
    assert sections.report_author() == "青山县"
    assert sections.baseline_column() == "2025年完成"
    assert sections.target_column() == "2030年目标"
    assert sections.change_column() == "五年累计增长"  # 2030 − 2025 = 5 years
    assert sections.table_short() == "青山县“十五五”基本公共服务主要指标"
    assert sections.text_targets_location() == "规划正文"
    # the first % indicator with a printed baseline: 托育入托率 60.0
    assert sections.form_percent_example() == ("托育入托率", "60.0")
    assert sections.form_source_example(2027) == "2027年统计年报"
    assert sections.identity["id"] == "qingshan_15th_fyp_public_services"
    assert len(sections.identity["sha256"]) == 64


def test_region_derived_from_the_title_when_not_given(tmp_path):
    text = (
        SECTIONS.read_text("utf-8").replace("  region_zh: 青山县\n", "").replace("青山县“十五五”", "白水市“十五五”", 1)
    )
    p = tmp_path / "p.yaml"
    p.write_text(text, "utf-8")
    assert load_plan(p).region() == "白水市"


# -- B. rows numbered within sections -----------------------------------------------------------


def test_dayao_rows_stay_numbered_1_to_20(dayao):
    rows = dayao.table_rows()
    assert not dayao.rows_within_sections
    assert list(rows) == list(range(1, 21))
    assert [i.id for i in rows[11]] == ["doctors_per_10000", "nurses_per_10000"]
    assert dayao.indicator("nurses_per_10000").label() == "11b 每万人口注册护士数"


def test_rows_numbered_within_sections_are_labelled_as_printed(sections):
    assert sections.rows_within_sections
    rows = sections.table_rows()
    # 4 + 6 + 4 rows as printed, not max(row) = 6
    assert len(rows) == 14
    assert list(rows)[:5] == ["（一）1", "（一）2", "（一）3", "（一）4", "（二）1"]
    assert list(rows)[-1] == "（三）4"
    assert sections.indicator("infant_mortality").row_label == "（二）4"
    assert sections.indicator("library_visits").label() == "（三）1 人均图书馆到馆次数"
    assert sections.indicator("library_visits").row_key == ("（三）", 1)


def test_summary_counts_14_rows_not_6(sections):
    table = assess(sections, SECTIONS_ACTUALS, 2028)
    s = summarize(table, sections)
    assert len(s.rows) == 14
    assert s.rows["table_row"].tolist()[4] == "（二）1"
    # each row holds exactly its one series
    assert (s.rows["series"] == 1).all()
    assert s.rows.set_index("table_row").loc["（三）1", "indicator_ids"] == "library_visits"


def test_final_evaluation_counts_14_rows(sections):
    from dayao_data.actuals import load_actuals
    from dayao_data.evaluation import final

    fin = final(sections, load_actuals(SECTIONS_ACTUALS, sections))
    assert len(fin.rows) == 14
    assert fin.rows["table_row"].tolist()[10] == "（三）1"


# -- C. dayao plan check: every problem in one run, plain words, its line ----------------------

BROKEN = """\
schema: dayao-plan/1
plan:
  id: x
  title_zh: 测试县规划
  base_year: 2025
  target_year: 2030
departments:
  - {id: edu, name_zh: 测试县教育局}
domains:
  - {id: education, name_zh: 公共教育服务}
indicators:
  - id: a
    table_row: 1
    name_zh: 甲
    domain: 公共教育服务
    unit: "%"
    attribute: 预期性
    kind: ceiling
    direction: 1
    target: {value: 5, printed: "5", cite: {location: l, quote: q}}
"""


def _check(tmp_path, text, *extra):
    from dayao_data.cli import main

    p = tmp_path / "plan.yaml"
    p.write_text(text, "utf-8")
    return p, main(["plan", "check", str(p), *extra])


def test_plan_check_lists_schema_and_semantic_problems_in_one_run(tmp_path, capsys):
    p, rc = _check(tmp_path, BROKEN)
    out = capsys.readouterr().out
    assert rc == 1
    # three problems: two of the schema (domain by name on line 15, attribute on line 17) and one
    # cross-field rule (a ceiling without strict, entry starting on line 12) — together.
    assert "3 problem(s)" in out
    assert "第15行" in out and "domain: education" in out  # the code to write instead of the name
    assert "第17行" in out and "binding、expected" in out
    assert "第12行" in out and "strict" in out
    assert "Traceback" not in out and "regular expression" not in out and "does not match" not in out


def test_unquoted_percent_unit_is_explained(tmp_path, capsys):
    _, rc = _check(tmp_path, BROKEN.replace('unit: "%"', "unit: %"))
    out = capsys.readouterr().out
    assert rc == 1
    assert "第16行第11列" in out  # "    unit: %": the % is the 11th character
    assert 'unit: "%"' in out and "cannot start any token" not in out


def test_colon_in_a_value_is_explained(tmp_path, capsys):
    _, rc = _check(tmp_path, BROKEN.replace("name_zh: 甲", "name_zh: 甲: 乙"))
    out = capsys.readouterr().out
    assert rc == 1 and "第14行" in out and "中文冒号" in out and "mapping values" not in out


def test_load_plan_lists_every_problem_at_once(tmp_path):
    from dayao_data.plan import PlanError

    p = tmp_path / "plan.yaml"
    p.write_text(BROKEN, "utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(p)
    assert len(info.value.problems) == 3


def test_plan_check_passes_a_good_plan(capsys):
    from dayao_data.cli import main

    assert main(["plan", "check", str(SECTIONS)]) == 0
    out = capsys.readouterr().out
    assert "14 headline series in 14 table rows" in out


def test_plan_check_json_and_missing_file(tmp_path, capsys):
    import json

    from dayao_data.cli import main

    assert main(["plan", "check", str(tmp_path / "none.yaml"), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and "no such file" in report["problems"][0]["en"]


# -- E. runs belong to their plan --------------------------------------------------------------


def _report_folder(tmp_path, identity, ids=("nursery_enrolment",)):
    import json

    folder = tmp_path / "reports" / "2027"
    folder.mkdir(parents=True)
    (folder / "assess.csv").write_text("indicator_id,status\n" + "".join(f"{i},on_track\n" for i in ids), "utf-8")
    if identity is not None:
        (folder / "manifest.json").write_text(json.dumps({"plan": identity}), "utf-8")
    return folder


def test_previous_report_of_another_plan_is_refused(tmp_path, dayao, sections):
    from dayao_data.plan.identity import PlanMismatch, check_previous_report

    folder = _report_folder(tmp_path, dayao.identity)
    with pytest.raises(PlanMismatch, match="dayao_14th_fyp_basic_public_services"):
        check_previous_report(sections, folder)
    check_previous_report(dayao, folder)  # its own plan: fine


def test_previous_report_of_another_version_of_the_plan_file_is_refused(tmp_path, sections):
    from dayao_data.plan.identity import PlanMismatch, check_previous_report

    other = dict(sections.identity, sha256="0" * 64)
    with pytest.raises(PlanMismatch, match="another version of the plan file"):
        check_previous_report(sections, _report_folder(tmp_path, other))


def test_previous_report_without_manifest_is_judged_by_its_indicators(tmp_path, sections):
    from dayao_data.plan.identity import PlanMismatch, check_previous_report

    folder = _report_folder(tmp_path, None, ids=("preschool_gross_enrolment_rate", "nursery_enrolment"))
    with pytest.raises(PlanMismatch, match="preschool_gross_enrolment_rate"):
        check_previous_report(sections, folder / "assess.csv")


def test_setup_refuses_a_previous_report_of_another_plan(tmp_path, dayao):
    from dayao_data.plan.identity import PlanMismatch
    from dayao_data.yearly.context import setup

    folder = _report_folder(tmp_path, dayao.identity)
    with pytest.raises(PlanMismatch):
        setup(2027, plan_file=str(SECTIONS), actuals_files=[str(SECTIONS_ACTUALS)], previous_report=str(folder))


def test_store_of_another_plan_is_refused(tmp_path, dayao, sections):
    from dayao_data.plan.identity import PlanMismatch, check_store

    class FakeStore:
        root = tmp_path

        def intakes(self):
            return [{"intake_id": "20270301-001", "options": {"plan": dayao.identity}}]

    with pytest.raises(PlanMismatch, match="20270301-001"):
        check_store(sections, FakeStore())
    check_store(dayao, FakeStore())


def test_intake_records_the_plan_it_was_checked_against(tmp_path):
    from dayao_data.collect.intake import take_in
    from dayao_data.collect.store import ActualsStore

    plan = load_plan(SECTIONS)
    f = tmp_path / "a.csv"
    f.write_text("indicator,year,value,source\nnursery_enrolment,2026,62,县教育局年报\n", "utf-8")
    store = ActualsStore(tmp_path / "store")
    take_in([f], plan, store)
    assert store.intakes()[0]["options"]["plan"]["id"] == "qingshan_15th_fyp_public_services"


def test_assess_with_a_plan_but_no_actuals_says_what_it_needs(capsys):
    from dayao_data.cli import main

    assert main(["assess", "--plan", str(SECTIONS), "--year", "2027"]) == 2
    err = capsys.readouterr().err
    assert "--actuals" in err and "142" not in err


def test_validate_without_plan_asks_for_it(capsys):
    from dayao_data.cli import main

    assert main(["validate", str(SECTIONS_ACTUALS)]) == 1
    err = capsys.readouterr().err
    assert "--plan PLAN.yaml" in err and "did you mean" not in err
    assert main(["validate", str(SECTIONS_ACTUALS), "--plan", str(SECTIONS)]) == 0


def test_midterm_year_0_is_the_mid_point(tmp_path):
    import argparse

    from dayao_data.commands.report import evaluation_params

    p = tmp_path / "midterm.yaml"
    p.write_text(
        f"year: 0\nplan_file: {SECTIONS}\nactuals_files: [{SECTIONS_ACTUALS}]\n"
        "notebooks: [notebooks/midterm/00_overall.ipynb]\noutput_folder: reports/midterm\n",
        "utf-8",
    )
    params = evaluation_params("midterm", argparse.Namespace(params=str(p)), tmp_path)
    # 2025 + ceil((2030 − 2025) / 2) = 2025 + 3
    assert params["year"] == 2028
    f = tmp_path / "final.yaml"
    f.write_text(p.read_text("utf-8").replace("notebooks/midterm/00_overall", "notebooks/final/00_overall"), "utf-8")
    assert evaluation_params("final", argparse.Namespace(params=str(f)), tmp_path)["year"] == 2030


def test_params_of_a_midterm_do_not_build_a_yearly_report(tmp_path, capsys):
    from dayao_data.cli import main

    p = tmp_path / "midterm.yaml"
    p.write_text("year: 2023\nnotebooks: [notebooks/midterm/00_overall.ipynb]\n", "utf-8")
    assert main(["report", "--params", str(p), "--no-pdf"]) == 2
    err = capsys.readouterr().err
    assert "dayao report --midterm --params" in err


def test_yearly_params_are_refused_by_the_midterm(tmp_path):
    import argparse

    from dayao_data.commands.report import evaluation_params
    from dayao_data.params import ParamsError

    p = tmp_path / "2023.yaml"
    p.write_text("year: 2023\n", "utf-8")
    with pytest.raises(ParamsError, match="notebooks/midterm"):
        evaluation_params("midterm", argparse.Namespace(params=str(p)), tmp_path)


@pytest.mark.slow
def test_90_explore_runs_on_another_plan(tmp_path):
    import papermill as pm

    root = Path(__file__).parent.parent
    out = tmp_path / "90.ipynb"
    pm.execute_notebook(
        str(root / "notebooks" / "90_explore.ipynb"),
        str(out),
        kernel_name="python3",
        progress_bar=False,
        cwd=str(root / "notebooks"),
        parameters=dict(
            year=2027, plan_file=str(SECTIONS), actuals_files=[str(SECTIONS_ACTUALS)], output_folder=str(tmp_path)
        ),
    )
    assert (tmp_path / "qingshan_15th_fyp_public_services-2027-tables.xlsx").exists()


def test_two_series_in_one_row_without_series_letters_are_refused(tmp_path):
    from dayao_data.plan import PlanError

    text = SECTIONS.read_text("utf-8").replace(
        "  - id: upper_secondary_enrolment\n    table_row: 3\n", "  - id: upper_secondary_enrolment\n    table_row: 2\n"
    )
    p = tmp_path / "p.yaml"
    p.write_text(text, "utf-8")
    with pytest.raises(PlanError, match="series: a"):
        load_plan(p)
