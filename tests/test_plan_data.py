"""The plan as data: dayao_data/data/plans/dayao-14th-fyp-basic-public-services.yaml.

Every expected number in this file is copied by hand from the printed plan (its headline table,
chapter 1 and chapter 3), or is hand arithmetic on those numbers written out below. None is
copied from the program's output. The plan's text lives next to the YAML file
(dayao-14th-fyp-basic-public-services-plan.txt) and is the only source of truth.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dayao_data.plan import PlanError, iter_cites, load_plan, normalise_space

REPO = Path(__file__).resolve().parents[1]
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


@pytest.fixture(scope="module")
def plan():
    return load_plan()


@pytest.fixture(scope="module")
def plan_text(plan):
    text = plan.source_text()
    assert text, "the plan file must name its full text (plan.source_text) and the text must be there"
    return normalise_space(text)


# --------------------------------------------------------------------------------------
# The file loads, and the headline table is all there
# --------------------------------------------------------------------------------------


def test_plan_file_loads(plan):
    assert plan.id == "dayao_14th_fyp_basic_public_services"
    assert (plan.base_year, plan.target_year) == (2020, 2025)


def test_headline_table_has_21_series_over_rows_1_to_20(plan):
    rows = plan.table_rows()
    assert sorted(rows) == list(range(1, 21))
    assert len(plan.indicators) == 21
    for row, series in rows.items():
        assert len(series) == (2 if row == 11 else 1), f"row {row}"
    # Row 11 prints two series: 每万人口执业医生数 19.4 → 22 and 每万人口注册护士数 20.2 → 25.
    row11 = {ind.name_zh: (ind.baseline_value, ind.target_value, ind.series) for ind in rows[11]}
    assert row11 == {
        "每万人口执业医生数": (19.4, 22.0, "a"),
        "每万人口注册护士数": (20.2, 25.0, "b"),
    }


# --------------------------------------------------------------------------------------
# Every citation can be found again in the plan's text
# --------------------------------------------------------------------------------------


def test_every_cite_quote_is_verbatim_in_the_plan_text(plan, plan_text):
    cites = list(iter_cites(plan))
    assert len(cites) > 300  # headline, extended targets, quality issues and projects all cite
    missing = [(label, c.quote) for label, c in cites if normalise_space(c.quote) not in plan_text]
    assert missing == []


def test_every_cite_location_names_where_it_is(plan):
    for label, cite in iter_cites(plan):
        assert (
            re.search(r"第[一二三四五六]章", cite.location) or "附件" in cite.location or "信息公开栏" in cite.location
        ), label
        assert len(cite.quote) <= 160, f"{label}: quote a clause, not a paragraph"


# --------------------------------------------------------------------------------------
# The headline table's printed numbers (typed in by hand from the table)
# --------------------------------------------------------------------------------------

# indicator id: (2020年完成, 2025年目标, 五年累计增长) as printed.
PRINTED_TABLE = {
    "preschool_gross_enrolment_rate": (85.76, 90.00, 4.24),
    "compulsory_education_retention_rate": (98.9, 99.5, 0.6),
    "senior_secondary_gross_enrolment_rate": (88.45, 95, 6.55),
    "working_age_schooling_years": (11.2, 13, 1.8),
    # Row 6: 1.5 = 4.2 − 2.7 is the headroom of a ceiling, not a growth goal (unemployment_brackets).
    "urban_registered_unemployment_rate": (2.7, 4.2, 1.5),
    "medical_insurance_coverage": (96.1, 100, 3.9),
    "life_expectancy": (75, 77, 2),
    "hospital_beds_per_1000": (4.84, 5.2, 0.36),
    "doctors_per_10000": (19.4, 22, 2.6),
    "nurses_per_10000": (20.2, 25, 4.8),
    "destitute_centralised_care_rate": (38.1, 55, 16.9),
    "radio_tv_coverage": (99.8, 100, 0.2),
    "national_reading_rate": (44.1, 50, 5.9),
    "regular_exercise_ratio": (35, 36, 1),
}

# Hand arithmetic, target − baseline, for every row that prints a growth figure:
#   90.00 − 85.76 = 4.24    99.5 − 98.9 = 0.6     95 − 88.45 = 6.55    13 − 11.2 = 1.8
#   100 − 96.1 = 3.9        77 − 75 = 2           5.2 − 4.84 = 0.36    22 − 19.4 = 2.6
#   25 − 20.2 = 4.8         55 − 38.1 = 16.9      100 − 99.8 = 0.2     50 − 44.1 = 5.9
#   36 − 35 = 1             (row 6: 4.2 − 2.7 = 1.5, the headroom)
HAND_DIFFERENCES = [4.24, 0.6, 6.55, 1.8, 3.9, 2, 0.36, 2.6, 4.8, 16.9, 0.2, 5.9, 1]


def test_printed_change_equals_target_minus_baseline(plan):
    numeric = [ind for ind in plan.indicators if ind.change is not None and ind.change.value is not None]
    assert {ind.id for ind in numeric} == set(PRINTED_TABLE)
    for ind in numeric:
        baseline, target, change = PRINTED_TABLE[ind.id]
        assert ind.baseline_value == pytest.approx(baseline), ind.id
        assert ind.target_value == pytest.approx(target), ind.id
        assert float(ind.change.printed) == pytest.approx(change), ind.id
        assert ind.change.value == pytest.approx(change), ind.id
        assert target - baseline == pytest.approx(change), ind.id
    growth = sorted(c for i, (_, _, c) in PRINTED_TABLE.items() if i != "urban_registered_unemployment_rate")
    assert growth == sorted(HAND_DIFFERENCES)


def test_change_printed_as_dashes_has_no_value(plan):
    dashes = {ind.id for ind in plan.indicators if ind.change is not None and ind.change.printed == "--"}
    assert dashes == {"urban_new_jobs", "pension_insurance_coverage"}  # rows 5 and 7 print "--"
    for ind in plan.indicators:
        if ind.id in dashes:
            assert ind.change.value is None


# --------------------------------------------------------------------------------------
# The rows that are easy to get wrong
# --------------------------------------------------------------------------------------


def test_row5_new_jobs_is_a_five_year_total_without_baseline(plan):
    ind = plan.indicator("urban_new_jobs")
    assert (ind.table_row, ind.kind, ind.direction, ind.unit) == (5, "cumulative", 1, "万人")
    assert ind.baseline is None
    assert ind.target_value == pytest.approx(1.58)
    assert ind.previous_period is not None and ind.previous_period.value == pytest.approx(1.86)


def test_row6_unemployment_is_a_non_strict_ceiling(plan):
    ind = plan.indicator("urban_registered_unemployment_rate")
    assert (ind.kind, ind.direction, ind.strict, ind.attribute) == ("ceiling", -1, False, "binding")
    assert ind.target_value == pytest.approx(4.2)
    assert ind.target.comparator == "<="
    assert ind.baseline_value == pytest.approx(2.7)


def test_row7_pension_coverage_is_maintained_at_100(plan):
    ind = plan.indicator("pension_insurance_coverage")
    assert (ind.kind, ind.direction) == ("maintain", 1)
    assert (ind.baseline_value, ind.target_value) == (100.0, 100.0)


@pytest.mark.parametrize("ind_id, bound", [("maternal_mortality_rate", 15.0), ("infant_child_mortality_rate", 5.0)])
def test_rows12_13_are_strict_ceilings(plan, ind_id, bound):
    ind = plan.indicator(ind_id)
    assert (ind.kind, ind.direction, ind.strict, ind.attribute) == ("ceiling", -1, True, "binding")
    assert ind.target_value == bound
    assert ind.target.comparator == "<"


def test_row15_single_value_is_the_target_without_baseline(plan):
    ind = plan.indicator("disability_subsidy_coverage")
    assert (ind.table_row, ind.kind, ind.direction) == (15, "level", 1)
    assert ind.baseline is None
    assert ind.target_value == 100.0


@pytest.mark.parametrize(
    "ind_id, row, previous", [("urban_affordable_housing", 16, 870), ("rural_housing_renovation", 17, 29652)]
)
def test_rows16_17_are_qualitative_with_previous_period(plan, ind_id, row, previous):
    ind = plan.indicator(ind_id)
    assert (ind.table_row, ind.kind, ind.attribute) == (row, "qualitative", "binding")
    assert ind.target is None and ind.baseline is None
    assert ind.target_printed == "完成省州下达目标"
    assert ind.previous_period.value == previous
    assert ind.whole_number


# --------------------------------------------------------------------------------------
# Departments: the responsibility box of chapter 6
# --------------------------------------------------------------------------------------


def test_every_headline_series_has_the_department_its_box_entry_names(plan):
    typo_issue = {q.id: q for q in plan.quality_issues}["responsibility_box_typos"]
    typo_quotes = {s.cite.quote for s in typo_issue.statements}
    for ind in plan.indicators:
        assert ind.department in plan.departments, ind.id
        dep = plan.departments[ind.department]
        cite = ind.department_cite
        assert cite is not None and "专栏 部门责任分工" in cite.location, ind.id
        assert cite.quote.startswith(str(ind.table_row)), ind.id
        assert dep.short_zh in cite.quote, ind.id
        if dep.name_zh not in cite.quote:
            # Only item 16, printed 大姚县县住房和城乡建设局, and that printing quirk is recorded.
            assert ind.table_row == 16
            assert cite.quote in typo_quotes


def test_extended_targets_name_an_inferred_department(plan):
    for ind in plan.extended_targets:
        assert ind.department in plan.departments, ind.id
        assert ind.department_inferred, ind.id


def test_departments_added_for_extended_targets_say_so(plan):
    boxed = {
        "education_sports",
        "human_resources_social_security",
        "medical_security",
        "health",
        "civil_affairs",
        "housing_urban_rural",
        "media_center",
        "culture_tourism",
    }
    for dep_id, dep in plan.departments.items():
        if dep_id not in boxed:
            assert "not named in the plan's responsibility box" in dep.name_en, dep_id


# --------------------------------------------------------------------------------------
# Identifiers
# --------------------------------------------------------------------------------------


def test_ids_are_unique_ascii_snake_case(plan):
    ids = (
        [i.id for i in plan.indicators]
        + [i.id for i in plan.extended_targets]
        + [p.id for p in plan.projects]
        + [q.id for q in plan.quality_issues]
    )
    assert len(ids) == len(set(ids))
    for group in (ids, list(plan.departments), list(plan.domains)):
        for ident in group:
            assert ident.isascii() and SNAKE.match(ident) and len(ident) <= 64, ident


# --------------------------------------------------------------------------------------
# Quality issues
# --------------------------------------------------------------------------------------

# id: (indicator, field, value) of the alternative the suite assesses side by side, or None.
REQUIRED_ISSUES = {
    "preschool_target_table_vs_text": ("preschool_gross_enrolment_rate", "target", 95.0),
    "compulsory_retention_table_vs_text": ("compulsory_education_retention_rate", "target", 99.0),
    "infant_mortality_2020_378_vs_464": ("infant_child_mortality_rate", "baseline", 3.78),
    "schooling_years_112_vs_135": ("new_labour_force_schooling_years", "baseline", 11.2),
    "row15_single_value": None,
    "unemployment_brackets": None,
    "radio_tv_coverage_baseline": ("radio_tv_coverage", "baseline", 98.8),
}


@pytest.mark.parametrize("issue_id", sorted(REQUIRED_ISSUES))
def test_required_quality_issue_exists_with_its_alternative(plan, issue_id):
    issues = {q.id: q for q in plan.quality_issues}
    assert issue_id in issues
    issue = issues[issue_id]
    expected = REQUIRED_ISSUES[issue_id]
    if expected is None:
        assert issue.alternative is None
    else:
        alt = issue.alternative
        assert (alt["indicator"], alt["field"], alt["value"]) == expected
        assert alt.get("label_zh") and alt.get("label_en")
        # The alternative is one of the statements the issue quotes.
        assert expected[2] in [s.value for s in issue.statements]


def test_quality_issues_cover_the_known_doubts(plan):
    issues = {q.id: q for q in plan.quality_issues}
    assert issues["unemployment_brackets"].kind == "printing_quirk"
    assert issues["immunisation_rate_90_vs_95"].alternative["value"] == 90.0
    assert {s.value for s in issues["immunisation_rate_90_vs_95"].statements} >= {90.0, 95.0}
    assert {s.value for s in issues["maternal_management_baseline_above_target"].statements} == {94.86, 90.0}
    assert {s.value for s in issues["hospital_delivery_rate_9993_vs_9985"].statements} == {99.93, 99.85}
    units = issues["headline_units_not_printed"]
    assert units.kind == "inferred_unit"
    assert sorted({s.cite.table_row for s in units.statements}) == [4, 9, 10, 11, 13, 16, 17]
    names = issues["responsibility_box_names"]
    assert names.kind == "naming"
    assert {plan.indicator(i).table_row for i in names.indicators} == {3, 16, 18, 20}


def test_every_quality_issue_is_complete(plan):
    for q in plan.quality_issues:
        assert q.summary_zh and q.summary_en and q.handling_zh and q.handling_en, q.id
        assert q.statements, q.id
        if q.kind == "contradiction":
            assert len({s.value for s in q.statements}) >= 2, q.id
            assert q.alternative is not None, q.id


def test_quality_issues_named_in_notes_exist(plan):
    ids = {q.id for q in plan.quality_issues}
    named = set()
    for ind in plan.series("all"):
        named |= set(re.findall(r"quality issue ([a-z][a-z0-9_]+)", ind.notes_en))
        named |= set(re.findall(r"见数据质量\s*([a-z][a-z0-9_]+)", ind.notes_zh))
    assert named and named <= ids


# --------------------------------------------------------------------------------------
# Extended targets (the chapters' own quantified targets)
# --------------------------------------------------------------------------------------


def test_extended_catalogue_is_complete(plan):
    assert len(plan.extended_targets) >= 40
    for ind in plan.extended_targets:
        assert ind.section and ind.section.startswith("第三章"), ind.id
        assert ind.attribute == "expected", ind.id
        assert ind.target is not None and ind.target.cite is not None, ind.id
        if ind.kind == "qualitative":
            assert ind.target.value is None and ind.target_printed, ind.id
        else:
            assert isinstance(ind.target.value, float), ind.id
        assert "约束性/预期性" in ind.notes_zh or ind.related_indicator, ind.id
    qualitative = [i for i in plan.extended_targets if i.kind == "qualitative"]
    assert len(qualitative) <= 5


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?(?:/\d+)?", text)


# Where the stored value is not the first number printed: 6千万元 is 6 × 1000 万元, and
# 1/3 is stored as a percentage rounded down to 33.3.
CONVERTED = {
    "fitness_leisure_industry_scale": 6000.0,
    "domestic_new_film_share": 33.3,
    # 每3个月随访1次 → 12 ÷ 3 = 4 follow-ups a year
    "keshan_disease_followups": 4.0,
}


def test_extended_values_match_their_printed_text_and_quote(plan):
    for ind in plan.extended_targets:
        for fig in (ind.baseline, ind.target):
            if fig is None or fig.value is None:
                continue
            printed_numbers = _numbers(fig.printed)
            for number in printed_numbers:
                assert number in normalise_space(fig.cite.quote).replace(" ", ""), (ind.id, number)
            if ind.id in CONVERTED and fig is ind.target:
                assert fig.value == CONVERTED[ind.id]
            elif printed_numbers:
                assert fig.value == pytest.approx(float(printed_numbers[0])), ind.id


# id: (value, printed) typed from the plan's chapters.
REQUIRED_EXTENDED = {
    "inclusive_kindergarten_coverage": (100, "100%"),
    "special_education_enrolment_rate": (98, "98%以上"),
    "junior_graduate_progression_rate": (98, "98%以上"),
    "preschool_gross_enrolment_rate_text": (95, "95%以上"),
    "compulsory_retention_rate_text": (99, "99%以上"),
    "vocational_centre_enrolment": (1200, "1200人左右"),
    "dual_qualified_teacher_share": (50, "50%以上"),
    "continuing_education_participation_rate": (60, "60%以上"),
    "new_labour_force_schooling_years": (15, "15年"),
    "physicians_per_1000": (2.2, "2.2人"),
    "employment_entrepreneurship_training": (5000, "5000人以上"),
    "vocational_skills_training": (5000, "5000人"),
    "new_high_skilled_talent": (500, "500人"),
    "electronic_health_record_rate": (80, "80%以上"),
    "child_immunisation_rate_by_township": (95, "95%以上"),
    "infectious_disease_reporting_rate": (100, "100%"),
    "infectious_disease_timely_reporting_rate": (100, "100%"),
    "public_health_emergency_reporting_rate": (100, "100%"),
    "child_health_management_rate": (90, "90%以上"),
    "maternal_system_management_rate": (90, "90%以上"),
    "elderly_health_management_rate": (70, "70%以上"),
    "hypertension_management_rate": (70, "70%以上"),
    "diabetes_management_rate": (70, "70%以上"),
    "severe_mental_illness_management_rate": (80, "80%以上"),
    "health_supervision_coverage": (100, "100%"),
    "premarital_medical_check_rate": (80, "80%以上"),
    "newborn_metabolic_screening_rate": (96, "96%以上"),
    "newborn_hearing_screening_rate": (95, "95%以上"),
    "elderly_tcm_health_management_coverage": (70, "70%"),
    "child_tcm_health_management_coverage": (70, "70%"),
    "tcm_grade_2a_hospital": (1, "1个"),
    "sports_area_per_capita": (2.0, "力争达到2.0平方米"),
    "fitness_leisure_industry_scale": (6000, "6千万元"),
    "regular_exercise_participants": (10, "10万人次"),
    "preschool_project_investment": (138471, "138471万元"),
    "preschool_project_kindergartens": (115, "115所"),
    "preschool_project_floor_area": (44157, "44157平方米"),
    "compulsory_project_primary_schools": (97, "97所"),
    "compulsory_project_secondary_schools": (11, "11所"),
    "senior_high_project_investment": (66298.00, "66298.00万元"),
    "senior_high_project_schools": (2, "2所"),
    "senior_high_project_floor_area": (45316, "45316平方米"),
    "vocational_project_investment": (14368, "14368万元"),
    "vocational_project_schools": (1, "1所"),
    "vocational_project_floor_area": (3320, "3320平方米"),
    "health_projects_investment_14th_fyp": (294100, "294100万元"),
}


@pytest.mark.parametrize("ind_id", sorted(REQUIRED_EXTENDED))
def test_required_extended_target(plan, ind_id):
    ind = plan.indicator(ind_id)
    assert ind.catalogue == "extended"
    value, printed = REQUIRED_EXTENDED[ind_id]
    assert ind.target_value == pytest.approx(value)
    assert ind.target.printed == printed


def test_extended_kinds_follow_the_method(plan):
    by_id = {i.id: i for i in plan.extended_targets}
    # "达到X%以上 by 2025": level, higher is better, at least X.
    assert (
        by_id["special_education_enrolment_rate"].kind,
        by_id["special_education_enrolment_rate"].target.comparator,
    ) == ("level", ">=")
    # "1200人左右": about.
    assert by_id["vocational_centre_enrolment"].target.comparator == "~"
    # "稳定在95%以上" in every year: a floor, i.e. a ceiling with direction +1, not strict.
    stable = by_id["immunisation_rate_stable"]
    assert (stable.kind, stable.direction, stable.strict) == ("ceiling", 1, False)
    # "控制在4.2%以内": a ceiling, direction −1, not strict.
    assert (
        by_id["unemployment_rate_text"].kind,
        by_id["unemployment_rate_text"].direction,
        by_id["unemployment_rate_text"].strict,
    ) == ("ceiling", -1, False)
    # Five-year investment and build totals are cumulative, without a baseline.
    for ind_id in (
        "preschool_project_investment",
        "preschool_project_kindergartens",
        "compulsory_project_primary_schools",
        "senior_high_project_floor_area",
        "vocational_project_investment",
        "health_projects_investment_14th_fyp",
        "employment_entrepreneurship_training",
        "vocational_skills_training",
        "new_high_skilled_talent",
    ):
        assert by_id[ind_id].kind == "cumulative" and by_id[ind_id].baseline is None, ind_id
    # Ranges take the lower end: 撤并教学点3-5个 → 3.
    merged = by_id["rural_teaching_points_merged"]
    assert (merged.target_value, merged.target.printed) == (3.0, "3-5个")
    # Counts are whole numbers (physicians per 1,000 people is a rate counted in 人, not a count).
    for ind in plan.extended_targets:
        if ind.unit in ("人", "所", "个", "项", "名", "块", "套", "户", "种", "班") and ind.id != "physicians_per_1000":
            assert ind.whole_number, ind.id


def test_extended_baselines_are_those_the_plan_prints(plan):
    # 新增劳动力平均受教育年限 从13.5年提高到15年 (chapter 3); 孕产妇系统管理率 94.86% in 2020 (chapter 1).
    schooling = plan.indicator("new_labour_force_schooling_years")
    assert (schooling.baseline_value, schooling.target_value) == (13.5, 15.0)
    maternal = plan.indicator("maternal_system_management_rate")
    assert maternal.baseline_value == 94.86 and "第一章" in maternal.baseline.cite.location
    assert "第三章" in maternal.target.cite.location
    physicians = plan.indicator("physicians_per_1000")
    assert physicians.baseline_value == 1.94  # 每千人口拥有执业(助理)医师1.94人
    # Hand check: 1.94 and 2.2 per 1,000 are row 11's 19.4 and 22 per 10,000.
    doctors = plan.indicator(physicians.related_indicator)
    assert doctors.baseline_value == pytest.approx(10 * 1.94)
    assert doctors.target_value == pytest.approx(10 * 2.2)


def test_education_sports_targets_for_2023(plan):
    in_2023 = {i.id for i in plan.extended_targets if i.target_year == 2023}
    assert in_2023 == {
        "featured_competitive_sports_2023",
        "sports_talent_delivered_2023",
        "education_sports_demo_county_2023",
    }
    for ind_id in in_2023:
        assert plan.indicator(ind_id).target.year == 2023
    assert plan.indicator("sports_talent_delivered_2023").target_value == 10  # 一批(10人以上)


def test_related_indicators_are_headline_series(plan):
    headline = {i.id for i in plan.indicators}
    related = {i.id: i.related_indicator for i in plan.extended_targets if i.related_indicator}
    assert related["preschool_gross_enrolment_rate_text"] == "preschool_gross_enrolment_rate"
    assert related["compulsory_retention_rate_text"] == "compulsory_education_retention_rate"
    assert set(related.values()) <= headline


# --------------------------------------------------------------------------------------
# Key projects
# --------------------------------------------------------------------------------------


def test_key_projects_are_there_with_their_targets(plan):
    projects = {p.name_zh: p for p in plan.projects}
    for name in (
        "学前教育建设工程",
        "义务教育学校标准化建设工程",
        "普通高中建设工程",
        "职业教育基础能力提升工程",
        "特殊教育建设项目工程",
        "公共卫生服务体系建设工程",
        "医疗服务保障体系建设工程",
        "大姚县人民医院整体搬迁建设项目",
        "公共文化服务体系建设工程",
        "体育基础设施建设工程",
    ):
        assert name in projects, name
    extended = {i.id for i in plan.extended_targets}
    for p in plan.projects:
        assert set(p.targets) <= extended, p.id
        assert p.cite.quote and p.section, p.id
    assert set(projects["学前教育建设工程"].targets) >= {
        "preschool_project_investment",
        "preschool_project_kindergartens",
        "preschool_project_floor_area",
    }
    # The plan's own period target is the 294100万元 to be completed in 2021–2025; the 607300万元 total
    # (which runs past 2025) and the 25 reserve projects are context, not 2025 targets (exclusions file).
    assert set(projects["医疗服务保障体系建设工程"].targets) >= {"health_projects_investment_14th_fyp"}
    assert not {"health_projects_count", "health_projects_total_investment"} & extended
    # Every rate of the public-health project paragraph is linked to it (15 clauses, 17 series).
    assert len(projects["公共卫生服务体系建设工程"].targets) == 17


# --------------------------------------------------------------------------------------
# A broken plan file is refused with the file and the line
# --------------------------------------------------------------------------------------

# A small plan in the same schema (the 15th plan of an imaginary county). Line numbers matter
# below: the indicator starts on line 14, its department on line 20, its kind on line 21 and its
# target value on line 30.
MINIMAL_PLAN = """\
schema: dayao-plan/1
plan:
  id: example_county_15th_fyp
  title_zh: 示例县“十五五”基本公共服务规划
  base_year: 2025
  target_year: 2030
departments:
  - id: education
    name_zh: 示例县教育局
domains:
  - id: public_education
    name_zh: 公共教育服务
indicators:
  - id: preschool_gross_enrolment_rate
    table_row: 1
    name_zh: 学前三年毛入园率
    domain: public_education
    unit: "%"
    attribute: expected
    department: education
    kind: level
    direction: 1
    baseline:
      value: 90.0
      printed: "90"
      cite:
        location: 第二章 主要指标表 第1行
        quote: 学前三年毛入园率 % 90 95
    target:
      value: 95.0
      printed: "95"
      cite:
        location: 第二章 主要指标表 第1行
        quote: 学前三年毛入园率 % 90 95
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "broken-plan.yaml"
    path.write_text(text, "utf-8")
    return path


def _line(text: str, number: int) -> str:
    return text.splitlines()[number - 1]


def test_minimal_plan_loads(tmp_path):
    assert _line(MINIMAL_PLAN, 14) == "  - id: preschool_gross_enrolment_rate"
    plan = load_plan(_write(tmp_path, MINIMAL_PLAN))
    assert (plan.base_year, plan.target_year) == (2025, 2030)
    assert plan.indicator("学前三年毛入园率").target_value == 95.0


def _refused(tmp_path: Path, text: str) -> str:
    path = _write(tmp_path, text)
    with pytest.raises(PlanError) as excinfo:
        load_plan(path)
    message = str(excinfo.value)
    assert str(path) in message
    return message


def test_unknown_kind_is_refused_with_its_line(tmp_path):
    assert _line(MINIMAL_PLAN, 21) == "    kind: level"
    message = _refused(tmp_path, MINIMAL_PLAN.replace("    kind: level", "    kind: levelled"))
    assert "line 21:" in message and "kind" in message and "levelled" in message


def test_level_without_target_value_is_refused_with_its_line(tmp_path):
    assert _line(MINIMAL_PLAN, 30) == "      value: 95.0"
    message = _refused(tmp_path, MINIMAL_PLAN.replace("      value: 95.0\n", ""))
    # the target entry whose value is missing starts on line 29
    assert "line 29:" in message and "target.value" in message


def test_unknown_department_is_refused_with_its_line(tmp_path):
    assert _line(MINIMAL_PLAN, 20) == "    department: education"
    message = _refused(tmp_path, MINIMAL_PLAN.replace("    department: education", "    department: educaton"))
    assert "line 20:" in message and "educaton" in message


def test_bad_yaml_is_refused_with_its_line(tmp_path):
    assert _line(MINIMAL_PLAN, 12) == "    name_zh: 公共教育服务"
    message = _refused(tmp_path, MINIMAL_PLAN.replace("    name_zh: 公共教育服务", "    name_zh: 公共教育服务: 基本"))
    assert "line 12" in message and "not valid YAML" in message


def test_the_example_in_the_schema_guide_loads(tmp_path):
    guide = (REPO / "docs" / "plan-schema.md").read_text("utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", guide, flags=re.S)
    assert blocks, "docs/plan-schema.md shows a complete minimal plan in a ```yaml block"
    path = tmp_path / "example-plan.yaml"
    path.write_text(blocks[0], "utf-8")
    example = load_plan(path)
    assert example.indicators and example.extended_targets and example.projects and example.quality_issues


def test_the_data_quality_page_lists_every_issue(plan):
    page = (REPO / "docs" / "data-quality.md").read_text("utf-8")
    missing = [q.id for q in plan.quality_issues if f"`{q.id}`" not in page]
    assert missing == []


# --------------------------------------------------------------------------------------
# The catalogue audited against the text (issue 13)
# --------------------------------------------------------------------------------------


def test_alias_of_the_headline_does_not_hide_the_chapter_entry(plan):
    # 第三章 第二节: "力争新增就业1.58万人以上" is the chapter entry named 新增就业; the headline is 城镇新增就业人数.
    assert plan.resolve("新增就业") == "new_jobs_text"
    assert plan.resolve("城镇新增就业人数") == "urban_new_jobs"
    assert plan.resolve("城镇新增就业") == "urban_new_jobs"


def test_health_project_target_is_the_period_investment(plan):
    # "“十四五”期间计划完成投资294100万元": the period's target; 607300万元 is the total, context only.
    ind = plan.indicator("health_projects_investment_14th_fyp")
    assert (ind.kind, ind.target_value, ind.target_year) == ("cumulative", 294100.0, 2025)
    assert "607300" in ind.notes_zh
    ids = {i.id for i in plan.series("all")}
    assert "health_projects_total_investment" not in ids and "health_projects_count" not in ids


# id: (value, printed, kind, direction) typed from the chapters.
ADDED_IN_AUDIT = {
    "archery_featured_schools": (3, "实验中学、仓街明德小学和赵家店完小", "level", 1),  # three schools named
    "hardship_households_without_employment": (0, "至少一人实现就业", "ceiling", -1),
    "child_health_checkups_0_6": (13, "13次", "ceiling", 1),
    "child_tcm_sessions_0_3": (2, "每年提供2次", "ceiling", 1),
    "elderly_annual_health_check": (1, "提供1次", "ceiling", 1),
    "elderly_tcm_constitution_check": (1, "每人每年提供1次", "ceiling", 1),
    "preconception_check_per_couple": (1, "每孩次提供1次", "ceiling", 1),
    "first_trimester_check": (1, "1次孕早期健康检查", "ceiling", 1),
    "postpartum_visit": (1, "1次产后访视", "ceiling", 1),
    "keshan_disease_followups": (4, "每3个月随访1次", "ceiling", 1),  # 12 months ÷ 3 = 4 a year
    "endemic_disease_annual_followup": (1, "每年随访1次", "ceiling", 1),
    "severe_mental_illness_followups": (4, "每年随访4次", "ceiling", 1),
    "children_in_difficulty_register_updates": (4, "一季度更新一次", "ceiling", 1),  # 4 quarters
    "left_behind_children_register_updates": (4, "一季度更新一次", "ceiling", 1),
}


@pytest.mark.parametrize("ind_id", sorted(ADDED_IN_AUDIT))
def test_statements_added_in_the_audit(plan, ind_id):
    value, printed, kind, direction = ADDED_IN_AUDIT[ind_id]
    ind = plan.indicator(ind_id)
    assert ind.catalogue == "extended"
    assert (ind.target_value, ind.target.printed, ind.kind, ind.direction) == (value, printed, kind, direction)


def test_fitness_circle_is_catalogued_as_qualitative(plan):
    ind = plan.indicator("urban_fitness_circle_15min")
    assert ind.kind == "qualitative" and ind.target.cite.quote == "完善城市15分钟健身圈"


def test_every_quantified_statement_is_catalogued_or_excluded(plan):
    from dayao_data import completeness

    text = plan.source_text()
    exclusions = completeness.load_exclusions(completeness.exclusions_path(plan), text)
    clauses = completeness.quantified_clauses(text)
    assert len(clauses) > 150  # the scan finds the plan's quantities (sanity: not an empty scan)
    missing = completeness.uncatalogued(text, completeness.catalogue_quotes(plan), exclusions)
    assert missing == [], "catalogue these clauses or list them with a reason in the exclusions file"
    # the scan is not vacuous: without the exclusions the 13th-plan achievements are reported
    bare = completeness.uncatalogued(text, completeness.catalogue_quotes(plan))
    assert "全县有各级各类学校231所" in bare and "全县常住人口城镇化率将达45%左右" in bare
    # and without the audit's additions their statements would be reported (a frequency in words, a count)
    without = [q for q in completeness.catalogue_quotes(plan) if "至少一人" not in q and "13次" not in q]
    missing = completeness.uncatalogued(text, without, exclusions)
    assert any("至少一人实现就业" in c for c in missing) and any("提供13次" in c for c in missing)


def test_every_exclusion_is_used_and_has_a_reason(plan):
    from dayao_data import completeness

    text = plan.source_text()
    exclusions = completeness.load_exclusions(completeness.exclusions_path(plan), text)
    clauses = completeness.quantified_clauses(text)
    for e in exclusions:
        assert len(e.reason) >= 10, e.quote
        assert any(e.quote in c or c in e.quote for c in clauses), (
            f"exclusion for a clause the scan does not flag: {e.quote}"
        )


@pytest.mark.parametrize(
    "body, message",
    [
        ("schema: x\nexclusions:\n  - quotes: [a]\n", "line 3: an exclusion needs a reason"),
        ("schema: x\nexclusions:\n  - reason: context\n", "line 3: an exclusion needs a non-empty list 'quotes'"),
        ("schema: x\nexclusions:\n  - reason: context\n    quotes:\n      - 不在规划里的一句话\n", "line 5: the quote"),
        ("schema: x\nexclusions: [\n", "not valid YAML"),
        ("schema: x\n", "expected a list under 'exclusions'"),
    ],
)
def test_bad_exclusions_file_is_refused_with_its_line(tmp_path, plan, body, message):
    from dayao_data import completeness

    path = tmp_path / "x-exclusions.yaml"
    path.write_text(body, "utf-8")
    with pytest.raises(completeness.ExclusionsError) as err:
        completeness.load_exclusions(path, plan.source_text())
    assert str(path) in str(err.value) and message in str(err.value)
