"""Mid-term and final evaluation against hand calculations on a made-up plan.

The plan (fixtures/evaluation-plan.yaml, "清河县", not Dayao) runs 2020 → 2026, so the mid-point is
2020 + ceil(6 / 2) = 2023 and the time share there is (2023 − 2020) / 6 = 0.5.  Its actuals are in
fixtures/evaluation-actuals-2021-2023.csv (what the mid-term sees) and -2024-2026.csv (the rest).
Every expected number below is worked out by hand from those files; the arithmetic is beside it.

The series (table row, kind, what it is there to show):

====  ==============  ===========  ==================================================================
row   id              kind         mid-term (2023)                         final (2026)
====  ==============  ===========  ==================================================================
1     school_rate     level up     80 → 87.5 of 92: ahead                   92.5: achieved
2     wait_days       level down   30 → 28 of 18 (binding): lagging         20: not achieved
3     accident_rate   ceiling ≤3   2.8, 3.4, 2.9 (binding): breach recovers 2.8: met, breached 2022
4     new_homes       cumulative   100 + 60, no 2023: lagging, stale        +130+140+150 = 580 < 600, 2023 missing
5     insured_rate    maintain 98  98, 97.5, 97.8 (binding): regressing     98.2: achieved
6     quota_task      qualitative  30 of 40 assigned (binding): lagging     60 of 55: achieved
7a    doctors         level up     10 → 13 of 16: on track                  16.5: achieved
7b    nurses          level up     20 → 23.5 of 26: ahead, gain in one year 25.5: not achieved → row 7 not achieved
8     exercise_share  level up     40 → 45.5 of 45: achieved                44.5: achieved no longer
9     library_visits  level up     50 → 49.5 of 60: regressing              no 2026 value: no final-year data
10    noise_level     ceiling ≤60  57, 58, 61: breached                     60.5: not achieved, breached 2023 and 2026
11    museum_count    level up     no data                                  no data
====  ==============  ===========  ==================================================================
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from dayao_data.actuals import load_actuals
from dayao_data.evaluation import (
    GROUP_ORDER,
    cell,
    final,
    midpoint_year,
    midterm,
    path_facts,
)
from dayao_data.evaluation.methods import _disagreement
from dayao_data.plan import load_plan
from dayao_data.progress import observations

FIXTURES = Path(__file__).parent / "fixtures"
MID_FILE = FIXTURES / "evaluation-actuals-2021-2023.csv"
LATE_FILE = FIXTURES / "evaluation-actuals-2024-2026.csv"


@pytest.fixture(scope="module")
def plan():
    return load_plan(FIXTURES / "evaluation-plan.yaml")


@pytest.fixture(scope="module")
def early(plan):
    return load_actuals(MID_FILE, plan)


@pytest.fixture(scope="module")
def everything(plan):
    return load_actuals([MID_FILE, LATE_FILE], plan)


@pytest.fixture(scope="module")
def mid(plan, early):
    return midterm(plan, early)


@pytest.fixture(scope="module")
def fin(plan, everything):
    return final(plan, everything)


def row(frame: pd.DataFrame, key: str, column: str = "indicator_id") -> pd.Series:
    hit = frame[frame[column] == key]
    assert len(hit) == 1, f"{key}: {len(hit)} rows"
    return hit.iloc[0]


def missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


# ----------------------------------------------------------------------------- the mid-point


def test_midpoint_from_the_plan(plan):
    assert midpoint_year(plan) == 2023  # 2020 + ceil(6 / 2)
    assert midpoint_year(load_plan()) == 2023  # Dayao: 2020 + ceil(5 / 2) = 2020 + 3


def test_midterm_ignores_actuals_after_the_year(plan, early, everything):
    """The mid-term on 2021–2023 data equals the mid-term on every year's data."""
    a, b = midterm(plan, early), midterm(plan, everything)
    for name in ("overall", "series", "problems", "scenarios", "methods"):
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name], check_dtype=False)


def test_midterm_year_must_be_in_the_plan_period(plan, early):
    with pytest.raises(ValueError, match="outside the plan period"):
        midterm(plan, early, year=2027)


# ----------------------------------------------------------------------------- 一、总体进展


def test_overall_time_share_and_task_share(mid):
    m = mid.metric
    assert m("year") == 2023 and m("years_left") == 3
    assert m("time_share") == pytest.approx(0.5)  # (2023 − 2020) / 6
    # Series with a progress share P (ceilings, maintain, qualitative and no-data have none):
    #   school (87.5−80)/12 = 0.625 · wait (28−30)/(18−30) = 1/6 · new_homes 160/600 = 4/15
    #   doctors 3/6 = 0.5 · nurses 3.5/6 = 7/12 · exercise 5.5/5 = 1.1 → 1 (capped) · library −0.5/10 = −0.05
    assert m("n_with_share") == 7
    # mean = (75 + 20 + 32 + 60 + 70 + 120 − 6)/120 / 7 = 371/840
    assert m("mean_task_share") == pytest.approx(371 / 840)
    assert m("median_task_share") == pytest.approx(0.5)  # −0.05, 1/6, 4/15, [0.5], 7/12, 0.625, 1
    # time shares at the data years: six at 2023 (0.5), new_homes at 2022 (1/3): (3 + 1/3)/7 = 10/21
    assert m("mean_time_share") == pytest.approx(10 / 21)
    assert m("task_time_gap") == pytest.approx(371 / 840 - 400 / 840)  # −29/840: "任务过半" not met
    # P ≥ τ_s: school, doctors (0.5 ≥ 0.5), nurses, exercise; new_homes 4/15 < 1/3
    assert m("n_at_or_above_time") == 4 and m("n_below_time") == 3
    assert m("n_at_or_above_half") == 4  # school, doctors, nurses, exercise
    assert m("n_stale") == 1  # new_homes: latest data 2022
    assert m("n_binding") == 4 and m("n_binding_satisfactory") == 1 and m("n_binding_alarm") == 3
    counts = {s: m(f"n_{s}") for s in GROUP_ORDER}
    # accident_rate is within its bound in 2023 but was over it in 2022: its own group, not 已实现.
    assert counts == {
        "achieved": 1,
        "achieved_after_breach": 1,
        "ahead": 2,
        "on_track": 1,
        "lagging": 3,
        "regressing": 2,
        "breached": 1,
        "no_data": 1,
        "not_assessable": 0,
    }
    # The one definition of completion: 1 completed, 1 within the bound after a breach, 9 short, 1 no data.
    assert (m("n_completed"), m("n_completed_breached"), m("n_not_completed"), m("n_undetermined")) == (1, 1, 9, 1)


def test_data_years_are_reported(mid):
    assert list(mid.data_years["data_year"]) == [2023, 2022]
    assert list(mid.data_years["n"]) == [10, 1]  # 12 series − new_homes (2022) − museum (no data)


# ----------------------------------------------------------------------------- 二、主要指标完成情况


def test_groups_in_method_order_binding_first(mid):
    s = mid.series
    assert list(s["indicator_id"]) == [
        "exercise_share",  # 已实现
        "accident_rate",  # 达标但期间曾突破约束 (over the bound in 2022)
        "school_rate",
        "nurses",  # 快于预期
        "doctors",  # 基本符合预期
        "wait_days",
        "quota_task",
        "new_homes",  # 滞后: the two binding ones first, in plan order
        "insured_rate",
        "library_visits",  # 倒退: binding first
        "noise_level",  # 突破约束
        "museum_count",  # 无数据
    ]
    assert list(s["group"]) == ["achieved", "achieved_after_breach"] + ["ahead"] * 2 + ["on_track"] + [
        "lagging"
    ] * 3 + ["regressing"] * 2 + ["breached", "no_data"]
    assert list(s["group_zh"][:2]) == ["已实现", "达标但期间曾突破约束"]
    assert list(mid.groups["status"]) == GROUP_ORDER
    assert dict(zip(mid.groups["status"], mid.groups["n_binding"]))["lagging"] == 2


def test_data_year_flag(mid):
    s = mid.series
    assert list(s.loc[s["stale"], "indicator_id"]) == ["new_homes"]
    homes = row(s, "new_homes")
    assert homes["data_year"] == 2022
    assert homes["time_share"] == pytest.approx(1 / 3)  # (2022 − 2020) / 6
    assert homes["progress_share"] == pytest.approx(160 / 600)
    assert homes["status"] == "lagging"  # q = 0.2667 / 0.3333 = 0.8 < 0.9
    assert not row(s, "museum_count")["stale"]  # no data at all is "no data", not "stale"


def test_ceiling_breach_that_recovers_is_kept(mid):
    acc = row(mid.series, "accident_rate")
    assert acc["status"] == "achieved"  # 2.9 ≤ 3.0 in 2023
    assert acc["breach_years"] == (2022,)  # 3.4 > 3.0


# ----------------------------------------------------------------------------- 三、重点任务和重点工程


def test_projects_with_investment_and_progress(mid):
    p = mid.projects
    assert list(p["key"]) == ["clinic_project/clinic_investment", "clinic_project/clinics_built"]
    inv = row(p, "clinic_project/clinic_investment", "key")
    assert inv["is_investment"] and inv["unit"] == "万元" and inv["target"] == 1200
    assert inv["value"] == pytest.approx(750)  # 200 + 300 + 250
    assert inv["progress_share"] == pytest.approx(0.625)  # 750 / 1200
    assert inv["status"] == "ahead"  # q = 0.625 / 0.5 = 1.25 ≥ 1.1
    built = row(p, "clinic_project/clinics_built", "key")
    assert not built["is_investment"] and not built["has_data"] and built["status"] == "no_data"


# ----------------------------------------------------------------------------- 四、存在的问题


def test_problems_table_order(mid):
    # binding first; inside, breached < breached earlier < regressing < lagging; then plan order
    assert list(mid.problems["indicator_id"]) == [
        "accident_rate",
        "insured_rate",
        "wait_days",
        "quota_task",
        "noise_level",
        "library_visits",
        "new_homes",
    ]
    assert list(mid.problems["problem"]) == [
        "breached_earlier",
        "regressing",
        "lagging",
        "lagging",
        "breached",
        "regressing",
        "lagging",
    ]


def test_problem_level_down(mid):
    w = row(mid.problems, "wait_days")
    assert w["years_left"] == 3  # 2026 − 2023
    assert w["required_annual_increment"] == pytest.approx(-10 / 3)  # (18 − 28) / 3
    assert w["required_annual_rate"] == pytest.approx((18 / 28) ** (1 / 3) - 1)
    # changes: 2021 29−30 = −1, 2022 −0.5, 2023 −0.5 → best (most negative, d = −1) −1 in 2021
    assert w["best_change"] == pytest.approx(-1) and w["best_year"] == 2021
    assert w["mean_change"] == pytest.approx(-2 / 3)  # (28 − 30) / 3
    assert w["exceeds_best"] is True  # needs 3.33 a year down, best so far 1


def test_problem_maintain_regressing(mid):
    i = row(mid.problems, "insured_rate")
    assert i["required_annual_increment"] == pytest.approx(0.2 / 3)  # (98 − 97.8) / 3
    # changes: 2021 98−98 = 0, 2022 −0.5, 2023 +0.3 → best +0.3 in 2023
    assert i["best_change"] == pytest.approx(0.3) and i["best_year"] == 2023
    assert i["mean_change"] == pytest.approx(-0.2 / 3)  # (97.8 − 98) / 3
    assert i["exceeds_best"] is False  # 0.067 ≤ 0.3


def test_problem_level_regressing(mid):
    lib = row(mid.problems, "library_visits")
    assert lib["required_annual_increment"] == pytest.approx(3.5)  # (60 − 49.5) / 3
    # changes −1, −1, +1.5 → best +1.5 in 2023; mean (49.5 − 50)/3
    assert lib["best_change"] == pytest.approx(1.5) and lib["best_year"] == 2023
    assert lib["mean_change"] == pytest.approx(-0.5 / 3)
    assert lib["exceeds_best"] is True


def test_problem_cumulative_uses_yearly_flows(mid):
    h = row(mid.problems, "new_homes")
    assert h["data_year"] == 2022 and h["years_left"] == 4  # 2026 − 2022
    assert h["required_annual_increment"] == pytest.approx(110)  # (600 − 160) / 4
    assert h["best_change"] == pytest.approx(100) and h["best_year"] == 2021  # flows 100, 60
    assert h["mean_change"] == pytest.approx(80)  # (100 + 60) / 2
    assert h["exceeds_best"] is True  # 110 > 100


def test_problem_ceilings(mid):
    noise = row(mid.problems, "noise_level")
    assert noise["required_annual_increment"] == pytest.approx(-1)  # back to the bound: 60 − 61
    # changes +2, +1, +3 (d = −1): the "best" is the least bad, +1 in 2022, not in the right direction
    assert noise["best_change"] == pytest.approx(1) and noise["best_year"] == 2022
    assert noise["best_in_direction"] is False
    assert noise["exceeds_best"] is True
    acc = row(mid.problems, "accident_rate")
    assert acc["required_annual_increment"] == 0  # within the bound now
    assert acc["best_change"] == pytest.approx(-0.5) and acc["best_year"] == 2023  # 3.4 → 2.9
    assert acc["mean_change"] == pytest.approx(0.4 / 3)  # (2.9 − 2.5) / 3
    assert acc["breach_years"] == (2022,)
    assert acc["exceeds_best"] is False


def test_problem_qualitative(mid):
    q = row(mid.problems, "quota_task")
    assert q["value"] == 30 and q["target"] == 40 and q["gap"] == 10  # the 2023 row: 30 of 40
    assert missing(q["required_annual_increment"]) and missing(q["exceeds_best"])


def test_path_facts_with_a_missing_year(plan):
    """Two years apart, the change per year is the average over both (span 2)."""
    ind = plan.indicator("school_rate")
    frame = pd.DataFrame(
        {"indicator": ["school_rate"] * 2, "year": [2021, 2023], "value": [82.0, 86.0], "source": ["t", "t"]}
    )
    facts = path_facts(ind, observations(frame, "school_rate"), 2023)
    # 2020→2021: +2 (span 1); 2021→2023: (86 − 82)/2 = +2 per year, span 2 → tie, the earliest wins
    assert facts.changes == ((2021, 2.0, 1), (2023, 2.0, 2))
    assert facts.best_year == 2021 and facts.best_span == 1
    assert facts.mean_change == pytest.approx(2.0)  # (86 − 80) / 3


# ----------------------------------------------------------------------------- scenarios


def test_scenarios_level_and_cumulative(mid):
    sc = mid.scenarios
    assert "quota_task" not in set(sc["indicator_id"])  # a yearly quota has no path to project
    w = row(sc, "wait_days")
    assert w["value_at_mean"] == pytest.approx(26)  # 28 − 2/3 × 3
    assert w["value_at_best"] == pytest.approx(25)  # 28 − 1 × 3
    assert w["value_required"] == 18
    assert w["verdict"] == "not_reachable_at_any_pace_seen"
    assert w["year_reached_at_best"] == 2033  # 10 days at 1 a year: 2023 + 10
    assert w["year_reached_at_mean"] == 2038  # 10 / (2/3) = 15 years
    h = row(sc, "new_homes")
    assert h["value_at_mean"] == pytest.approx(480)  # 160 + 80 × 4
    assert h["value_at_best"] == pytest.approx(560)  # 160 + 100 × 4
    assert h["verdict"] == "not_reachable_at_any_pace_seen"
    assert h["year_reached_at_best"] == 2027  # 440 / 100 = 4.4 → 5 years after 2022
    lib = row(sc, "library_visits")
    assert lib["value_at_mean"] == pytest.approx(49.0) and lib["value_at_best"] == pytest.approx(
        54.0
    )  # 49.5 − 0.5; 49.5 + 4.5
    assert lib["year_reached_at_best"] == 2030  # 10.5 / 1.5 = 7
    assert missing(lib["year_reached_at_mean"])  # the average moves away


def test_scenarios_maintain_reachable(mid):
    i = row(mid.scenarios, "insured_rate")
    assert i["value_at_mean"] == pytest.approx(97.6)  # 97.8 − 0.2/3 × 3
    assert i["value_at_best"] == pytest.approx(98.7)  # 97.8 + 0.3 × 3
    assert not i["meets_at_mean"] and i["meets_at_best"]
    assert i["verdict"] == "reachable_at_best_pace"
    assert i["year_reached_at_best"] == 2024  # 0.2 / 0.3 → within one year


def test_scenarios_ceilings_stay_within_every_year(mid):
    acc = row(mid.scenarios, "accident_rate")
    assert acc["value_at_mean"] == pytest.approx(3.3)  # 2.9 + 0.4/3 × 3: over 3.0 (already 3.03 in 2024)
    assert not acc["meets_at_mean"]
    assert acc["value_at_best"] == pytest.approx(1.4)  # 2.9 − 0.5 × 3, within every year
    assert acc["verdict"] == "reachable_at_best_pace"
    noise = row(mid.scenarios, "noise_level")
    assert noise["value_at_mean"] == pytest.approx(67) and noise["value_at_best"] == pytest.approx(
        64
    )  # 61 + 2×3; 61 + 1×3
    assert noise["verdict"] == "not_reachable_at_any_pace_seen"


# ----------------------------------------------------------------------------- methods side by side


def test_methods_ceiling_within_but_trend_crosses(mid):
    acc = row(mid.methods, "accident_rate")
    # OLS through (2020, 2.5) (2021, 2.8) (2022, 3.4) (2023, 2.9): mean 2.9, Sxy = 0.9, Sxx = 5 → slope 0.18
    # read at 2026: 2.9 + 0.18 × 4.5 = 3.71 > 3.0
    assert acc["projected_final"] == pytest.approx(3.71)
    assert acc["status"] == "achieved" and acc["anticipated_status"] == "reverse"
    assert acc["disagreement"] == "ceiling_trend_crosses" and not acc["agree"]
    assert "3.71‰" in acc["disagreement_zh"] and "3.71 ‰" in acc["disagreement_en"]


def test_methods_gain_in_one_year(mid):
    n = row(mid.methods, "nurses")
    assert n["time_ratio"] == pytest.approx((3.5 / 6) / 0.5)  # P / τ = 1.1667: ahead
    # CAGR: observed (23.5/20)^(1/3) − 1 = 0.05525; required (26/20)^(1/6) − 1 = 0.04469 → R = 1.236
    assert n["cagr_ratio"] == pytest.approx(((23.5 / 20) ** (1 / 3) - 1) / ((26 / 20) ** (1 / 6) - 1))
    assert n["cagr_status"] == "substantial"
    # OLS through 20, 20.2, 20.4, 23.5: mean 21.025, Sxy = 5.35 → slope 1.07 → 21.025 + 1.07 × 4.5 = 25.84
    assert n["projected_final"] == pytest.approx(25.84)
    assert n["anticipated_progress"] == pytest.approx(5.84 / 6)  # 0.9733: accelerate
    assert n["best_year"] == 2023 and n["best_change"] == pytest.approx(3.1)
    assert n["best_change_share"] == pytest.approx(3.1 / 3.5)  # 88.6 % of the gain since 2020 in 2023
    assert n["disagreement"] == "gain_in_one_year"
    assert "88.6%" in n["disagreement_zh"] and "2023" in n["disagreement_zh"]


def test_methods_agree_where_they_agree(mid):
    m = mid.methods.set_index("indicator_id")
    for ind in ("school_rate", "wait_days", "doctors", "library_visits", "noise_level", "museum_count"):
        assert m.loc[ind, "agree"], ind
        assert m.loc[ind, "disagreement_zh"] == ""
    # wait_days: R = d·((28/30)^(1/3) − 1) / |(18/30)^(1/6) − 1| = 0.02274 / 0.08163 = 0.2786 → limited
    assert m.loc["wait_days", "cagr_ratio"] == pytest.approx(0.278569, abs=1e-6)
    assert m.loc["wait_days", "years_ahead"] == pytest.approx((1 / 6 - 0.5) * 6)  # −2 years


def test_disagreement_between_time_share_and_pace():
    """The two time-vs-pace explanations, on rows built by hand."""
    base = dict(
        target_kind="level",
        baseline=10.0,
        projected_final=None,
        progress_share=0.4,
        best_year=None,
        best_change_share=None,
        worst_year=None,
        anticipated_progress=None,
        trend_view=None,
    )
    # Growth from a small base: a compound path is behind a straight line at first.
    compound = dict(
        base,
        status="lagging",
        time_view="poor",
        cagr_status="substantial",
        pace_view="good",
        time_ratio=0.72,
        cagr_ratio=1.0,
    )
    assert _disagreement(compound, 0.10) == "compound_vs_linear"
    # q = 0.92 is inside the ±10 % band, R = 0.92 under the 0.95 line of "substantial".
    thresholds = dict(
        base,
        status="on_track",
        time_view="good",
        cagr_status="moderate",
        pace_view="poor",
        time_ratio=0.92,
        cagr_ratio=0.92,
    )
    assert _disagreement(thresholds, 0.10) == "thresholds"


# ----------------------------------------------------------------------------- 五、下一步建议


def test_recommendations_from_the_numbers(mid):
    rec = mid.recommendations
    assert list(zip(rec["code"], rec["indicator_id"])) == [
        ("ceiling_breached_earlier", "accident_rate"),  # binding first …
        ("above_best_pace", "wait_days"),
        ("sustain_best_pace", "insured_rate"),
        ("quota_short", "quota_task"),
        ("ceiling_breached", "noise_level"),  # … then the expected ones
        ("above_best_pace", "library_visits"),
        ("above_best_pace", "new_homes"),
        ("watch_trend", "nurses"),  # ahead, but the trend says accelerate
        ("stale_data", "new_homes"),
        ("no_data", "museum_count"),
    ]
    assert list(rec["rank"]) == list(range(1, 11))
    # Which series need an annual increase above their best year so far:
    above = set(rec.loc[rec["code"] == "above_best_pace", "indicator_id"])
    assert above == {"wait_days", "library_visits", "new_homes"}
    assert all(rec["text_zh"].str.len() > 0) and all(rec["text_en"].str.len() > 0)
    wait = row(rec, "wait_days")["text_zh"]
    assert "3.33天" in wait and "2021年−1天" in wait and "2033年" in wait


def test_cell_names_one_value(mid):
    assert cell(mid.tables, "problems", "new_homes", "required_annual_increment") == pytest.approx(110)
    with pytest.raises(KeyError):
        cell(mid.tables, "problems", "school_rate", "gap")


# ----------------------------------------------------------------------------- final evaluation


def test_final_verdict_per_series(fin):
    v = dict(zip(fin.series["indicator_id"], fin.series["verdict"]))
    assert v == {
        "school_rate": "achieved",  # 92.5 ≥ 92
        "wait_days": "not_achieved",  # 20 > 18 (lower is better)
        "accident_rate": "achieved_after_breach",  # 2.8 ≤ 3.0 in 2026, but 3.4 in 2022
        "new_homes": "incomplete",  # 100+60+130+140+150 = 580 < 600, 2023 missing
        "insured_rate": "achieved",  # 98.2 ≥ 98
        "quota_task": "achieved",  # 60 of 55 in 2026
        "doctors": "achieved",  # 16.5 ≥ 16
        "nurses": "not_achieved",  # 25.5 < 26
        "exercise_share": "not_achieved",  # 44.5 < 45
        "library_visits": "no_final_year_data",  # latest 2025: never counted as achieved from an earlier year
        "noise_level": "not_achieved",  # 60.5 > 60
        "museum_count": "no_data",
    }
    lib = row(fin.series, "library_visits")
    assert lib["data_year"] == 2025 and not lib["final_year_data"] and missing(lib["achieved"])
    m = fin.metric
    assert (m("verdict_achieved"), m("verdict_achieved_after_breach"), m("verdict_not_achieved")) == (4, 1, 4)
    assert (m("verdict_incomplete"), m("verdict_no_final_year_data"), m("verdict_no_data")) == (1, 1, 1)
    # wait_days is the binding one missed; accident_rate was breached in 2022, so its every-year
    # promise was not kept even though 2026 is within the bound
    assert m("n_binding") == 4 and m("n_binding_achieved") == 2


def test_final_rows_two_series_row(fin):
    r = fin.rows.set_index("table_row")
    assert r.loc[7, "n_series"] == 2
    assert r.loc[7, "series_verdicts"] == ("achieved", "not_achieved")  # doctors yes, nurses no
    assert r.loc[7, "verdict"] == "not_achieved" and not r.loc[7, "achieved"]
    # within the bound in the target year, but breached in 2022: the row is not counted as achieved
    assert r.loc[3, "verdict"] == "achieved_after_breach" and not r.loc[3, "achieved"]
    m = fin.metric
    # rows achieved 1, 5, 6; not achieved 2, 3 (breached 2022), 7, 8, 10; undetermined 4 (incomplete),
    # 9 (no 2026), 11 (no data)
    assert (m("n_rows"), m("n_rows_achieved"), m("n_rows_not_achieved"), m("n_rows_undetermined")) == (11, 3, 5, 3)


def test_final_cumulative_totals(fin):
    h = row(fin.cumulative, "new_homes")
    assert h["total"] == pytest.approx(580)  # 100 + 60 + 130 + 140 + 150
    assert h["share"] == pytest.approx(580 / 600)
    assert h["remaining"] == pytest.approx(20)
    assert h["missing_years"] == (2023,) and h["years_present"] == (2021, 2022, 2024, 2025, 2026)
    assert not h["complete"] and not h["achieved"] and h["verdict"] == "incomplete"
    assert pd.isna(h["2023"]) and h["2024"] == 130


def test_final_ceilings_every_year(fin):
    c = fin.ceilings.set_index("indicator_id")
    assert c.loc["accident_rate", "breach_years"] == (2022,)
    assert c.loc["accident_rate", "verdict"] == "breached" and not c.loc["accident_rate", "held_every_year"]
    assert c.loc["noise_level", "breach_years"] == (2023, 2026)  # 61 and 60.5 over 60
    assert c.loc["noise_level", "years_reported"] == (2021, 2022, 2023, 2024, 2025, 2026)
    assert fin.metric("n_ceilings_breached") == 2 and fin.metric("n_ceilings_held") == 0


def test_final_changes_since_midterm(fin):
    ch = dict(zip(fin.comparison["indicator_id"], fin.comparison["change"]))
    assert ch == {
        "school_rate": "newly_achieved",  # ahead → achieved
        "wait_days": "still_not_achieved",  # lagging → not achieved
        "accident_rate": "breached_in_period",  # breached in 2022, within the bound in 2023 and 2025
        "new_homes": "no_final_data",  # incomplete total
        "insured_rate": "newly_achieved",  # regressing → achieved
        "quota_task": "newly_achieved",  # lagging → achieved
        "doctors": "newly_achieved",  # on track → achieved
        "nurses": "still_not_achieved",  # ahead → not achieved
        "exercise_share": "no_longer_achieved",  # achieved → 44.5 < 45
        "library_visits": "no_final_data",
        "noise_level": "still_not_achieved",
        "museum_count": "no_final_data",
    }
    wait = row(fin.comparison, "wait_days")
    assert wait["mid_status"] == "lagging" and wait["mid_scenario"] == "not_reachable_at_any_pace_seen"
    assert wait["mid_value"] == 28 and wait["final_value"] == 20
    s = fin.summary_comparison.set_index("metric")
    assert s.loc["mean_task_share", "midterm"] == pytest.approx(371 / 840)
    # at 2026 (P capped at 1): school 1, wait 10/12, homes 580/600, doctors 1, nurses 5.5/6, exercise 0.9,
    # library (55 − 50)/10 = 0.5 (its 2025 value) → (60 + 50 + 58 + 60 + 55 + 54 + 30)/60 / 7 = 367/420
    assert s.loc["mean_task_share", "final"] == pytest.approx(367 / 420)
    # One definition of completion in both columns: accident_rate (over its bound in 2022) is counted
    # as within the bound after a breach, never as completed — at the mid-term and at the end.
    # Mid-term: exercise_share completed; at the end the four newly achieved above.
    assert s.loc["n_completed", "midterm"] == 1 and s.loc["n_completed", "final"] == 4
    assert s.loc["n_completed_breached", "midterm"] == 1 and s.loc["n_completed_breached", "final"] == 1
    assert "n_achieved" not in s.index  # the target year's status count would count accident_rate as achieved


def test_final_extended_and_projects(fin):
    ext = fin.extended.set_index("indicator_id")
    assert list(ext.index) == ["clinic_investment"]  # clinics_built has no data: left out
    assert ext.loc["clinic_investment", "value"] == pytest.approx(1050)  # 200+300+250+150+100+50
    assert ext.loc["clinic_investment", "verdict"] == "not_achieved"  # < 1200
    inv = row(fin.projects, "clinic_project/clinic_investment", "key")
    assert inv["value"] == pytest.approx(1050) and inv["progress_share"] == pytest.approx(1050 / 1200)


def test_final_without_final_year_data_never_pretends(plan, early):
    """With data only up to 2023, nothing is achieved at the target year except what cannot be undone."""
    f = final(plan, early)
    verdicts = set(f.series["verdict"])
    assert "achieved" not in verdicts and "not_achieved" not in verdicts
    assert row(f.series, "school_rate")["verdict"] == "no_final_year_data"


def test_dayao_example_runs(tmp_path):
    """The shipped example data and the illustrative 2025 file give both evaluations without error."""
    from dayao_data.actuals import example_actuals_path

    plan = load_plan()
    files = [
        example_actuals_path(),
        Path(__file__).parents[1] / "dayao_data/data/examples/actuals-illustrative-2025.csv",
    ]
    actuals = load_actuals(files, plan)
    m = midterm(plan, actuals)
    assert m.year == 2023 and m.illustrative
    assert row(m.series, "national_reading_rate")["stale"]  # 2023 missing in the example data
    f = final(plan, actuals)
    assert f.year == 2025
    assert row(f.rows, 11, "table_row")["n_series"] == 2
    assert row(f.series, "working_age_schooling_years")["verdict"] == "no_final_year_data"
    assert len(load_actuals(files[1], plan)) == (load_actuals(files[1], plan)["year"] == 2025).sum()
    assert load_actuals(files[1], plan)["illustrative"].all()
