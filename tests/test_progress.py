"""The progress engine against hand calculations of progress-method.md.

Every expected number below is worked out by hand from the plan's printed baseline and target
(or from the made-up plan in fixtures/other-plan.yaml); the arithmetic is written next to it.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from dayao_data.plan import load_plan
from dayao_data.progress import (
    ASSESS_COLUMNS,
    anticipated_from_share,
    assess,
    assess_alternatives,
    bound_history,
    cagr_status,
    evaluate,
    projection_line,
)

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def plan():
    return load_plan()


@pytest.fixture(scope="module")
def other():
    return load_plan(FIXTURES / "other-plan.yaml")


def actuals(*rows):
    """rows of (indicator, year, value[, assigned_target])."""
    recs = []
    for r in rows:
        recs.append(
            {
                "indicator": r[0],
                "year": r[1],
                "value": r[2],
                "source": "test",
                "assigned_target": r[3] if len(r) > 3 else float("nan"),
            }
        )
    return pd.DataFrame(recs, columns=["indicator", "year", "value", "source", "assigned_target"])


def one(plan, frame, year, indicator, **kw):
    table = assess(plan, frame, year, **kw)
    assert list(table.columns) == ASSESS_COLUMNS
    return table.set_index("indicator_id").loc[indicator]


def nan(x):
    return x is None or (isinstance(x, float) and math.isnan(x)) or pd.isna(x)


PRE = "preschool_gross_enrolment_rate"  # 85.76 (2020) -> 90.00 (2025), level, +1


# ----------------------------------------------------------------------------- level


def test_level_on_track_every_figure(plan):
    r = one(plan, actuals((PRE, 2022, 87.5)), 2022, PRE)
    # tau = (2022-2020)/(2025-2020) = 0.4
    assert r.time_share == pytest.approx(0.4)
    # P = (87.5-85.76)/(90-85.76) = 1.74/4.24 = 0.410377...
    assert r.progress_share == pytest.approx(0.4103773585)
    # years ahead = (P - tau) * 5 = 0.0103773585 * 5
    assert r.years_ahead == pytest.approx(0.0518867925)
    assert r.gap == pytest.approx(2.5)  # 90 - 87.5
    assert r.required_annual_increment == pytest.approx(2.5 / 3)  # 3 years left (2023-2025)
    assert r.required_annual_rate == pytest.approx(0.0094346, abs=1e-6)  # (90/87.5)^(1/3) - 1
    assert r.observed_annual_rate == pytest.approx(0.0100932, abs=1e-6)  # (87.5/85.76)^(1/2) - 1
    # q = P / tau = 1.0259 -> within [0.9, 1.1) -> on track
    assert r.status == "on_track" and r.status_zh == "基本符合预期"
    # CAGR ratio: r = (90/85.76)^(1/5) - 1 = 0.0096975; R = 0.0100932 / 0.0096975 = 1.0408
    assert r.cagr_ratio == pytest.approx(1.0408, abs=5e-4)
    assert r.cagr_status == "substantial"
    # Projection through (2020, 85.76) and (2022, 87.5): slope 0.87/yr -> 2025: 85.76 + 5*0.87 = 90.11
    assert r.projected_final == pytest.approx(90.11)
    assert r.anticipated_progress == pytest.approx((90.11 - 85.76) / 4.24)
    assert r.anticipated_status == "maintain"
    assert r.data_year == 2022 and r.value == 87.5 and r.baseline == 85.76 and r.target == 90.0
    assert r.attribute == "expected" and r.department == "大姚县教育体育局" and r.unit == "%"
    assert r.direction == 1 and r.target_kind == "level" and r.year == 2022


def test_level_ahead(plan):
    # 2021: P = 1.24/4.24 = 0.29245, tau = 0.2, q = 1.462 >= 1.1
    r = one(plan, actuals((PRE, 2021, 87.0)), 2021, PRE)
    assert r.status == "ahead"
    assert r.years_ahead == pytest.approx((1.24 / 4.24 - 0.2) * 5)


def test_level_lagging(plan):
    # 2023: P = 0.24/4.24 = 0.0566, tau = 0.6, q = 0.094 < 0.9
    r = one(plan, actuals((PRE, 2023, 86.0)), 2023, PRE)
    assert r.status == "lagging" and r.status_zh == "滞后"
    assert r.progress_share == pytest.approx(0.24 / 4.24)


def test_level_regressing(plan):
    # 85.0 < 85.76: P = -0.76/4.24 < 0; observed rate negative -> CAGR deterioration
    r = one(plan, actuals((PRE, 2022, 85.0)), 2022, PRE)
    assert r.status == "regressing" and r.status_zh == "倒退"
    assert r.progress_share == pytest.approx(-0.76 / 4.24)
    assert r.cagr_status == "deterioration" and r.cagr_ratio < 0
    # projection 85.76 -> 85.0 over 2 years: slope -0.38, 2025: 85.76 - 1.9 = 83.86, A < 0
    assert r.projected_final == pytest.approx(83.86)
    assert r.anticipated_status == "reverse"


def test_level_achieved_early_required_figures_zero(plan):
    r = one(plan, actuals((PRE, 2023, 90.5)), 2023, PRE)
    assert r.status == "achieved" and r.cagr_status == "achieved"
    assert r.required_annual_increment == 0 and r.required_annual_rate == 0
    assert r.gap == pytest.approx(-0.5)


def test_level_exactly_at_target_is_achieved(plan):
    assert one(plan, actuals((PRE, 2024, 90.0)), 2024, PRE).status == "achieved"


def test_band_edges_are_inclusive_as_written(plan):
    # q = 1 + b exactly -> ahead: P = 0.44 at tau 0.4 -> x = 85.76 + 0.44*4.24 = 87.6256
    assert one(plan, actuals((PRE, 2022, 87.6256)), 2022, PRE).status == "ahead"
    # q = 1 - b exactly -> on track: P = 0.36 -> x = 85.76 + 0.36*4.24 = 87.2864
    assert one(plan, actuals((PRE, 2022, 87.2864)), 2022, PRE).status == "on_track"
    # P = 0 exactly (no move) -> lagging, not regressing
    assert one(plan, actuals((PRE, 2022, 85.76)), 2022, PRE).status == "lagging"


def test_band_is_a_parameter(plan):
    # q = 1.4623 at 2021 (see test_level_ahead): with b = 0.5 it is on track
    assert one(plan, actuals((PRE, 2021, 87.0)), 2021, PRE, band=0.5).status == "on_track"


def test_last_year_unmet_has_no_required_figures(plan):
    r = one(plan, actuals((PRE, 2025, 89.0)), 2025, PRE)
    assert nan(r.required_annual_increment) and nan(r.required_annual_rate)
    # P = 3.24/4.24 = 0.764, tau = 1 -> q < 0.9 -> lagging
    assert r.status == "lagging" and r.time_share == 1.0


def test_stale_data_uses_latest_year_before_t(plan):
    frame = actuals((PRE, 2022, 87.5))
    result = evaluate(plan, frame, 2025)
    r = result.table.set_index("indicator_id").loc[PRE]
    # data year 2022: tau = 0.4 and one year... three years left from the data year
    assert r.data_year == 2022 and r.time_share == pytest.approx(0.4)
    assert r.required_annual_increment == pytest.approx(2.5 / 3)
    assert "stale_data" in set(result.notes_for(PRE)["code"])


def test_actuals_after_t_are_ignored(plan):
    r = one(plan, actuals((PRE, 2021, 87.0), (PRE, 2023, 95.0)), 2022, PRE)
    assert r.data_year == 2021 and r.value == 87.0


def test_missing_middle_year_is_reported(plan):
    result = evaluate(plan, actuals((PRE, 2021, 87.0), (PRE, 2023, 88.0)), 2023)
    notes = result.notes_for(PRE)
    assert list(notes["code"]) == ["missing_years"]
    assert notes.iloc[0]["missing_years"] == [2022]


def test_no_data(plan):
    r = one(plan, actuals(), 2023, PRE)
    assert r.status == "no_data" and r.status_zh == "无数据"
    assert pd.isna(r.data_year) and nan(r.value) and nan(r.progress_share) and nan(r.gap)


def test_no_printed_baseline_row_15(plan):
    ind = "disability_subsidy_coverage"  # row 15: only the target 100 is printed
    r = one(plan, actuals((ind, 2023, 99.5)), 2023, ind)
    assert r.status == "lagging"
    assert nan(r.progress_share) and nan(r.years_ahead) and nan(r.observed_annual_rate) and nan(r.baseline)
    assert r.gap == pytest.approx(0.5) and r.required_annual_increment == pytest.approx(0.25)
    # one actual and no baseline: no line can be fitted
    assert nan(r.projected_final) and nan(r.anticipated_status)
    # two actuals 99 -> 99.5: slope 0.5, 2025 -> 100.5, clipped to the bound 100 -> meets target
    r = one(plan, actuals((ind, 2022, 99.0), (ind, 2023, 99.5)), 2023, ind)
    assert r.projected_final == 100.0 and r.anticipated_status == "maintain"
    assert one(plan, actuals((ind, 2024, 100)), 2024, ind).status == "achieved"


def test_zero_baseline_has_no_rates(other):
    # clinics_share 0 (2025) -> 50 (2030); 20 in 2027: tau = 0.4, P = 0.4 -> q = 1 on track
    r = one(other, actuals(("clinics_share", 2027, 20)), 2027, "clinics_share")
    assert r.status == "on_track" and r.progress_share == pytest.approx(0.4)
    assert nan(r.observed_annual_rate) and nan(r.cagr_ratio) and nan(r.cagr_status)
    assert r.required_annual_rate == pytest.approx((50 / 20) ** (1 / 3) - 1)


def test_level_lower_is_better(other):
    # waiting_days 30 -> 20 (d = -1); 27 in 2027: P = (27-30)/(20-30) = 0.3, tau 0.4, q 0.75 -> lagging
    r = one(other, actuals(("waiting_days", 2027, 27)), 2027, "waiting_days")
    assert r.status == "lagging" and r.progress_share == pytest.approx(0.3)
    assert r.gap == pytest.approx(-7) and r.required_annual_increment == pytest.approx(-7 / 3)
    assert r.required_annual_rate == pytest.approx((20 / 27) ** (1 / 3) - 1)
    # observed -0.05132/yr; needed (20/30)^(1/5)-1 = -0.07789/yr; R = 0.05132/0.07789 = 0.659 -> moderate
    assert r.cagr_ratio == pytest.approx(((27 / 30) ** 0.5 - 1) * -1 / abs((20 / 30) ** 0.2 - 1))
    assert r.cagr_status == "moderate"
    assert one(other, actuals(("waiting_days", 2027, 31)), 2027, "waiting_days").status == "regressing"
    assert one(other, actuals(("waiting_days", 2027, 19)), 2027, "waiting_days").status == "achieved"


def test_target_already_met_at_baseline(plan):
    # A plan whose target does not lie ahead of the baseline: a fall below it is regressing.
    from dayao_data.progress import assess_series, observations

    ind = plan.indicator(PRE)
    frame = actuals((PRE, 2022, 89.0))
    res = assess_series(ind, observations(frame, PRE), 2022, plan, baseline=92.0)
    assert res.row["status"] == "regressing" and res.row["progress_share"] is None
    assert "target_met_at_baseline" in [n["code"] for n in res.notes]
    res = assess_series(ind, observations(actuals((PRE, 2022, 91.0)), PRE), 2022, plan, baseline=92.0)
    assert res.row["status"] == "achieved"


# ----------------------------------------------------------------------------- ceilings


def test_ceiling_non_strict(plan):
    ind = "urban_registered_unemployment_rate"  # <= 4.2, binding
    r = one(plan, actuals((ind, 2023, 4.2)), 2023, ind)
    assert r.status == "achieved" and r.gap == pytest.approx(0.0)
    r = one(plan, actuals((ind, 2023, 4.21)), 2023, ind)
    assert r.status == "breached" and r.status_zh == "突破约束" and r.gap == pytest.approx(-0.01)
    for col in (
        "progress_share",
        "years_ahead",
        "required_annual_increment",
        "required_annual_rate",
        "observed_annual_rate",
        "cagr_ratio",
        "anticipated_progress",
    ):
        assert nan(r[col]), col


def test_ceiling_strict(plan):
    ind = "infant_child_mortality_rate"  # < 5 (strict)
    assert one(plan, actuals((ind, 2023, 5.0)), 2023, ind).status == "breached"
    r = one(plan, actuals((ind, 2023, 4.99)), 2023, ind)
    assert r.status == "achieved" and r.gap == pytest.approx(0.01)
    ind = "maternal_mortality_rate"  # < 15 per 100,000, 0 at baseline
    assert one(plan, actuals((ind, 2022, 14.9)), 2022, ind).status == "achieved"
    assert one(plan, actuals((ind, 2022, 15)), 2022, ind).status == "breached"


def test_ceiling_projection(plan):
    ind = "urban_registered_unemployment_rate"
    # (2020, 2.7), (2021, 3.0), (2022, 3.3): slope 0.3 -> 2025: 4.2, within <= 4.2
    r = one(plan, actuals((ind, 2021, 3.0), (ind, 2022, 3.3)), 2022, ind)
    assert r.projected_final == pytest.approx(4.2) and r.anticipated_status == "maintain"
    # (2020, 2.7), (2021, 3.0), (2022, 3.4): mean 2021/3.0333, Sxy = 0.7, Sxx = 2 -> slope 0.35
    # 2025: 3.0333 + 4*0.35 = 4.4333 > 4.2 -> reverse
    r = one(plan, actuals((ind, 2021, 3.0), (ind, 2022, 3.4)), 2022, ind)
    assert r.projected_final == pytest.approx(3.0333333 + 1.4) and r.anticipated_status == "reverse"


def test_floor(other):
    # vaccination_floor: at least 95 every year (a ceiling with d = +1, not strict)
    assert one(other, actuals(("vaccination_floor", 2026, 95)), 2026, "vaccination_floor").status == "achieved"
    r = one(other, actuals(("vaccination_floor", 2026, 94.9)), 2026, "vaccination_floor")
    assert r.status == "breached" and r.gap == pytest.approx(-0.1)


def test_breach_stays_on_record(plan):
    ind = "urban_registered_unemployment_rate"
    frame = actuals((ind, 2021, 3.1), (ind, 2022, 4.3), (ind, 2023, 3.9))
    assert one(plan, frame, 2023, ind).status == "achieved"  # this year's value is within
    hist = bound_history(plan, frame, 2023)
    hist = hist[hist.indicator_id == ind].set_index("year")
    assert list(hist["within"]) == [True, False, True]


# ----------------------------------------------------------------------------- maintain


def test_maintain(plan):
    ind = "pension_insurance_coverage"  # 100 -> 100
    r = one(plan, actuals((ind, 2022, 100)), 2022, ind)
    assert r.status == "achieved" and nan(r.progress_share)
    r = one(plan, actuals((ind, 2022, 99.5)), 2022, ind)
    assert r.status == "regressing" and r.gap == pytest.approx(0.5)
    assert r.required_annual_increment == pytest.approx(0.5 / 3)
    # projection (2020,100),(2022,99.5): slope -0.25 -> 2025: 98.75 < 100 -> reverse
    assert r.projected_final == pytest.approx(98.75) and r.anticipated_status == "reverse"


# ----------------------------------------------------------------------------- cumulative

JOBS = "urban_new_jobs"  # [1.58] 万人 over 2021-2025


def test_cumulative_running_sum(plan):
    r = one(plan, actuals((JOBS, 2021, 0.3), (JOBS, 2022, 0.3), (JOBS, 2023, 0.32)), 2023, JOBS)
    # S = 0.92; P = 0.92/1.58 = 0.58228; tau = 0.6; q = 0.9705 -> on track
    assert r.value == pytest.approx(0.92) and nan(r.baseline) and r.target == 1.58
    assert r.progress_share == pytest.approx(0.92 / 1.58)
    assert r.years_ahead == pytest.approx((0.92 / 1.58 - 0.6) * 5)
    assert r.status == "on_track"
    assert r.gap == pytest.approx(0.66) and r.required_annual_increment == pytest.approx(0.33)
    assert nan(r.required_annual_rate) and nan(r.observed_annual_rate) and nan(r.cagr_ratio)
    # projection = S + mean flow * years left = 0.92 + (0.92/3)*2 = 1.53333; A = 0.97046
    assert r.projected_final == pytest.approx(0.92 + 0.92 / 3 * 2)
    assert r.anticipated_progress == pytest.approx((0.92 + 0.92 / 3 * 2) / 1.58)
    assert r.anticipated_status == "accelerate"


def test_cumulative_missing_year_is_reported(plan):
    result = evaluate(plan, actuals((JOBS, 2021, 0.3), (JOBS, 2023, 0.32)), 2023)
    r = result.table.set_index("indicator_id").loc[JOBS]
    assert r.value == pytest.approx(0.62) and r.data_year == 2023
    # P = 0.62/1.58 = 0.3924, q = 0.654 -> lagging (behind schedule)
    assert r.status == "lagging"
    note = result.notes_for(JOBS)
    assert list(note["code"]) == ["incomplete_sum"] and note.iloc[0]["missing_years"] == [2022]


def test_cumulative_achieved_with_float_sums(plan):
    frame = actuals(*[(JOBS, y, v) for y, v in zip(range(2021, 2026), [0.3, 0.3, 0.32, 0.33, 0.33])])
    r = one(plan, frame, 2025, JOBS)  # 0.3+0.3+0.32+0.33+0.33 = 1.58 exactly
    assert r.status == "achieved" and r.required_annual_increment == 0


def test_cumulative_last_year_unmet(plan):
    frame = actuals(*[(JOBS, y, 0.2) for y in range(2021, 2026)])
    r = one(plan, frame, 2025, JOBS)
    assert r.value == pytest.approx(1.0) and nan(r.required_annual_increment)
    assert r.status == "lagging"  # P = 0.633, tau = 1


# ----------------------------------------------------------------------------- qualitative

HOUSING = "urban_affordable_housing"


def test_qualitative_with_assigned_target(plan):
    r = one(plan, actuals((HOUSING, 2022, 80, 100), (HOUSING, 2023, 150, 150)), 2023, HOUSING)
    assert r.status == "achieved" and r.value == 150 and r.target == 150 and r.gap == 0
    # the latest row WITH a quota counts: 2022 (80 of 100)
    r = one(plan, actuals((HOUSING, 2022, 80, 100), (HOUSING, 2023, 150)), 2023, HOUSING)
    assert r.status == "lagging" and r.value == 80 and r.target == 100 and r.gap == 20 and r.data_year == 2022


def test_qualitative_without_assigned_target(plan):
    result = evaluate(plan, actuals((HOUSING, 2022, 80)), 2023)
    r = result.table.set_index("indicator_id").loc[HOUSING]
    assert r.status == "not_assessable" and r.status_zh == "无法评估" and r.value == 80 and nan(r.target)
    assert "assigned_target" in result.notes_for(HOUSING).iloc[0]["message_en"]
    assert one(plan, actuals(), 2023, HOUSING).status == "no_data"


# ----------------------------------------------------------------------------- thresholds


@pytest.mark.parametrize(
    "ratio, status",
    [
        (1.2, "substantial"),
        (0.95, "substantial"),
        (0.9499, "moderate"),
        (0.60, "moderate"),
        (0.5999, "limited"),
        (0.0, "limited"),
        (-0.01, "deterioration"),
        (None, None),
    ],
)
def test_cagr_thresholds(ratio, status):
    assert cagr_status(ratio) == status


@pytest.mark.parametrize(
    "share, status",
    [(1.0, "maintain"), (1.3, "maintain"), (0.999, "accelerate"), (0.0, "accelerate"), (-0.1, "reverse")],
)
def test_anticipated_thresholds(share, status):
    assert anticipated_from_share(share) == status


def test_projection_line_ols():
    # points (0,1), (1,3), (2,2): mean t 1, mean x 2, Sxy = (-1)(-1) + 0 + (1)(0) = 1, Sxx = 2 -> slope 0.5
    intercept, slope = projection_line([(0, 1.0), (1, 3.0), (2, 2.0)])
    assert slope == pytest.approx(0.5) and intercept == pytest.approx(1.5)
    assert projection_line([(2020, 1.0)]) is None


# ----------------------------------------------------------------------------- the plan as a whole


def test_year_outside_the_period_is_refused(plan):
    for year in (2020, 2026):
        with pytest.raises(ValueError, match="outside the plan period 2021–2025"):
            assess(plan, actuals(), year)


def test_unknown_indicator_in_a_frame_is_refused(plan):
    with pytest.raises(ValueError, match="not_an_indicator"):
        assess(plan, actuals(("not_an_indicator", 2021, 1.0)), 2021)


def test_chinese_names_are_accepted_as_indicator(plan):
    r = one(plan, actuals(("学前三年毛入园率", 2022, 87.5)), 2022, PRE)
    assert r.status == "on_track"


def test_other_plan_other_years_and_target_year(other):
    table = assess(other, actuals(("early_goal", 2026, 12)), 2027).set_index("indicator_id")
    # early_goal: 10 (2025) -> 16 by 2028: tau at 2026 = 1/3, P = 2/6 -> q = 1 -> on track
    assert table.loc["early_goal", "time_share"] == pytest.approx(1 / 3)
    assert table.loc["early_goal", "status"] == "on_track"
    assert len(table) == 8 and set(table["year"]) == {2027}
    # assessed in 2030, after its own target year: only data up to 2028 count
    frame = actuals(("early_goal", 2026, 12), ("early_goal", 2028, 16), ("early_goal", 2029, 9))
    result = evaluate(other, frame, 2030)
    r = result.table.set_index("indicator_id").loc["early_goal"]
    assert r.value == 16 and r.data_year == 2028 and r.status == "achieved"
    assert "after_target_year" in set(result.notes_for("early_goal")["code"])
    with pytest.raises(ValueError, match="2026–2030"):
        assess(other, actuals(), 2025)


def test_alternatives_side_by_side(plan):
    if not plan.quality_issues:
        pytest.skip("quality issues not in the plan file yet")
    alt = assess_alternatives(plan, actuals((PRE, 2024, 89.8)), 2024).set_index("issue_id")
    row = alt.loc["preschool_target_table_vs_text"]
    # against 90: P = 4.04/4.24 = 0.953, q = 1.19 -> ahead; against 95: P = 4.04/9.24 = 0.437 -> lagging
    assert row.status_used == "ahead" and row.status_alternative == "lagging" and row.differs
    assert row.progress_share_alternative == pytest.approx(4.04 / 9.24)
