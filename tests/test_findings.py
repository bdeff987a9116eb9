"""The yearly report's problems and recommendations (dayao_data.yearly.findings and .overall) against hand calculations.

The example actuals (dayao_data/data/examples/actuals-illustrative.csv) give 九年义务教育巩固率
98.95, 99.00, 99.02, 99.05 for 2021–2024 against the plan's 98.9 (2020) and 99.5 (2025); the
expected figures below are worked out from those numbers by hand.
"""

from __future__ import annotations

import re

import pytest

from dayao_data.yearly import findings, overall
from dayao_data.yearly.context import setup


@pytest.fixture(scope="module")
def ctx():
    return setup(2024)


@pytest.fixture(scope="module")
def found(ctx):
    return findings.problems(ctx)


def test_retention_problem_states_the_hand_computed_figures(found):
    education = next(p for p in found if p.domain == "public_education")
    text = education.text
    # 99.05 − 98.9 = 0.15 points; P = 0.15 / 0.6 = 25.0 %; τ = 4 / 5 = 80.0 %; gap 99.5 − 99.05 = 0.45
    assert "九年义务教育巩固率（约束性）2024年为99.05%" in text
    assert "比2020年提高0.15个百分点" in text
    assert "完成进度25.0%，低于时间进度80.0%" in text
    assert "还差0.45个百分点" in text
    # one year left: 0.45 in 2025, against the best year 2021 (98.95 − 98.9 = 0.05) and the
    # average (99.05 − 98.9) / 4 = 0.0375 → 0.04
    assert "2025年须提高0.45个百分点" in text
    assert "2021年（提高0.05个百分点）" in text
    assert "年均提高0.04个百分点" in text
    # the plan's text says 99 %: achieved against that figure, said beside the verdict
    assert "按99%评估为已实现" in text


def test_binding_problems_come_first_and_every_problem_names_its_department(ctx, found):
    assert found, "the example data has lagging series"
    binding_flags = [p.binding for p in found]
    assert binding_flags == sorted(binding_flags, reverse=True)
    for p in found:
        for dept in p.departments:
            assert dept in p.recommendation


def test_every_off_course_series_is_in_one_problem(ctx, found):
    listed = [i for p in found for i in p.indicators]
    assert len(listed) == len(set(listed))
    table = ctx.table.set_index("indicator_id")
    binding = {i.id for i in ctx.plan.indicators if i.attribute == "binding"}
    for ind_id, row in table.iterrows():
        off = row["status"] in findings.PROBLEM_STATUSES or (
            ind_id in binding and row["status"] not in ("achieved", "ahead", "on_track")
        )
        assert (ind_id in listed) == off, ind_id


def test_recommendations_quote_the_plan_and_repeat_no_long_sentence(ctx, found):
    plan_text = re.sub(r"\s+", "", (ctx.plan.path.parent / ctx.plan.meta["source_text"]).read_text("utf-8"))
    sentences: dict[str, int] = {}
    for n, p in enumerate(found):
        for quote in re.findall(r"“([^”]+)”", p.recommendation):
            # the plan's own double quotes are shown as ‘’ inside the quotation; the rest is its words
            assert re.sub(r"\s+", "", quote).replace("‘", "“").replace("’", "”") in plan_text, quote
        for sentence in re.split(r"[。；]", p.text + p.recommendation):
            if len(sentence) >= 20:
                assert sentences.setdefault(sentence, n) == n, f"repeated across problems: {sentence}"


def test_ceiling_breach_is_worded_with_the_bound(found):
    health = next(p for p in found if p.domain == "health")
    # 5.2‰ against <5‰: 0.2 per-mille points over
    assert "婴幼儿死亡率（约束性）2024年为5.2‰，超出规划<5‰的约束上限0.2个千分点" in health.text


def test_coverage_counts_the_series_with_data_for_the_year(ctx):
    cov = overall.coverage(ctx)
    assert int(cov["series"].sum()) == len(ctx.plan.indicators)
    # the example data has no 2024 figure for 人口预期寿命 (none at all) and 劳动年龄人口平均受教育年限 (2023)
    awaited = sorted(n for names in cov["awaited"] for n in names)
    assert awaited == ["人口预期寿命", "劳动年龄人口平均受教育年限"]
    assert int(cov["with_data"].sum()) == len(ctx.plan.indicators) - 2


def test_overall_opens_with_the_counts_and_names_binding_alarms(ctx):
    paras = overall.overall_paragraphs(ctx)
    assert paras[0].startswith("规划确定的21项主要发展指标中")
    binding_para = next(p for p in paras if "约束性指标中" in p)
    for name in ("九年义务教育巩固率", "婴幼儿死亡率"):
        assert name in binding_para
