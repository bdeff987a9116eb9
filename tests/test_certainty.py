"""How sure a verdict is: checked against hand calculations and published table values."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dayao_data import certainty as c
from dayao_data.plan import load_plan


def _poisson_le(k: int, mu: float) -> float:
    """P(X ≤ k), summed term by term from the definition e^-mu mu^i / i! (independent of the module)."""
    total, term = 0.0, math.exp(-mu)
    for i in range(k + 1):
        if i:
            term *= mu / i
        total += term
    return total


# Published Garwood limits (e.g. the tables in Ulm 1990, Am J Epidemiol; 95 %, two-sided).
KNOWN = {0: (0.0, 3.689), 1: (0.0253, 5.572), 5: (1.6235, 11.668), 20: (12.217, 30.888)}


@pytest.mark.parametrize("k", sorted(KNOWN))
def test_poisson_limits_of_known_counts(k):
    lo, hi = c.poisson_interval(k)
    want_lo, want_hi = KNOWN[k]
    assert lo == pytest.approx(want_lo, abs=6e-4)
    assert hi == pytest.approx(want_hi, abs=6e-4)


@pytest.mark.parametrize("k", sorted(KNOWN))
def test_published_limits_satisfy_the_definition(k):
    # The definition: P(X ≤ k | U) = 0.025 and P(X ≥ k | L) = 0.025; check the printed limits
    # (to their printed precision) with the pure-Python sum above.
    want_lo, want_hi = KNOWN[k]
    assert _poisson_le(k, want_hi) == pytest.approx(0.025, abs=2e-4)
    if k:
        assert 1 - _poisson_le(k - 1, want_lo) == pytest.approx(0.025, abs=2e-4)


def test_poisson_rejects_non_counts():
    for bad in (-1, 1.5, True):
        with pytest.raises(ValueError):
            c.poisson_interval(bad)


def test_rate_interval_in_the_indicators_unit():
    # 13 deaths in 2500 live births: 13/2500 × 1000 = 5.2‰; limits 6.9225/2500×1000 and 22.2283/2500×1000.
    r = c.rate_interval(13, 2500, "‰")
    assert r.rate == pytest.approx(5.2)
    lo13, hi13 = c.poisson_interval(13)
    assert _poisson_le(13, hi13) == pytest.approx(0.025, abs=1e-9)
    assert r.low == pytest.approx(lo13 * 1000 / 2500)
    assert r.high == pytest.approx(hi13 * 1000 / 2500)
    assert r.unstable
    # one maternal death in 2500 births reads as 1/2500 × 100000 = 40 per 10万
    m = c.rate_interval(1, 2500, "1/10万")
    assert m.rate == pytest.approx(40.0)
    assert m.low == pytest.approx(0.0253 * 40, abs=0.01)
    assert m.high == pytest.approx(5.572 * 40, abs=0.05)
    # 21 events is not unstable; 20 is (≤ 20)
    assert not c.rate_interval(21, 2500, "‰").unstable
    assert c.rate_interval(20, 2500, "‰").unstable


def test_rate_interval_rejects_non_rate_units_and_zero_denominators():
    with pytest.raises(ValueError):
        c.rate_interval(1, 100, "所")
    with pytest.raises(ValueError):
        c.rate_interval(1, 0, "‰")


def test_pooled_rate_over_last_three_years():
    counts = [(2021, 11, 2600), (2022, 12, 2500), (2023, 12, 2400), (2024, 13, 2500)]
    used, r = c.pooled_rate(counts, "‰")
    assert used == [2022, 2023, 2024]
    # (12 + 12 + 13) / (2500 + 2400 + 2500) × 1000 = 37 / 7400 × 1000 = 5.0‰
    assert r.events == 37 and r.denominator == 7400
    assert r.rate == pytest.approx(5.0)
    used, r = c.pooled_rate(counts, "‰", up_to_year=2022)
    assert used == [2021, 2022] and r.events == 23
    assert c.pooled_rate(counts, "‰", up_to_year=2020) is None


def test_note_keeps_the_status_and_says_within_chance():
    r = c.rate_interval(13, 2500, "‰")  # 5.2‰, interval about 2.77–8.89 contains 5
    note = c.chance_note("breached", r, 5.0, "‰")
    assert "随机波动" in note and "不稳定" in note
    # 60 deaths in 5000: 12‰, interval 9.2–15.4 excludes 5: no "within chance"
    big = c.rate_interval(60, 5000, "‰")
    assert not c.bound_within_chance(big, 5.0)
    note = c.chance_note("breached", big, 5.0, "‰")
    assert "随机波动" not in note and "不稳定" not in note


# Student's t quantiles from the printed tables (two-sided 95 %).
T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 10: 2.228, 30: 2.042}


@pytest.mark.parametrize("df", sorted(T975))
def test_t_quantiles_match_printed_tables(df):
    assert c.t_quantile(0.975, df) == pytest.approx(T975[df], abs=6e-4)
    assert c.t_quantile(0.025, df) == pytest.approx(-T975[df], abs=6e-4)


def test_t_cdf_closed_forms():
    # df = 1 is Cauchy: F(t) = 1/2 + atan(t)/π; df = 2: F(t) = 1/2 + t / (2√(2 + t²)).
    for t in (-3.0, -0.5, 0.0, 0.7, 2.5):
        assert c.t_cdf(t, 1) == pytest.approx(0.5 + math.atan(t) / math.pi)
        assert c.t_cdf(t, 2) == pytest.approx(0.5 + t / (2 * math.sqrt(2 + t * t)))


def test_prediction_interval_worked_example():
    # Baseline 10 (2020) and three actuals 11, 13, 14 (2021–2023); target 16 in 2025, higher is better.
    # t̄ = 2021.5, x̄ = 12, Sxx = 2.25 + 0.25 + 0.25 + 2.25 = 5,
    # Sxy = (−1.5)(−2) + (−0.5)(−1) + (0.5)(1) + (1.5)(2) = 7, slope b = 7/5 = 1.4,
    # ŷ(2025) = 12 + 1.4 × 3.5 = 16.9.
    # fitted 9.9, 11.3, 12.7, 14.1 → residuals 0.1, −0.3, 0.3, −0.1, RSS = 0.2, s² = 0.2 / 2 = 0.1,
    # se = √(0.1 × (1 + 1/4 + 3.5²/5)) = √(0.1 × 3.7) = √0.37.
    # t(0.975; 2) = 4.302653 → 16.9 ± 4.302653 × 0.608276 = 16.9 ± 2.617198.
    # chance = F_2((16.9 − 16)/0.608276) = 1/2 + u / (2√(2 + u²)) with u = 1.479586 → 0.861451.
    pts = [(2020, 10.0), (2021, 11.0), (2022, 13.0), (2023, 14.0)]
    pr = c.projection_range(pts, 2025, 16.0, 1, n_actuals=3)
    se = math.sqrt(0.37)
    assert pr.projected == pytest.approx(16.9)
    assert pr.low == pytest.approx(16.9 - 4.302653 * se, abs=1e-5)
    assert pr.high == pytest.approx(16.9 + 4.302653 * se, abs=1e-5)
    u = 0.9 / se
    assert pr.chance == pytest.approx(0.5 + u / (2 * math.sqrt(2 + u * u)), abs=1e-9)
    assert pr.df == 2
    # lower is better with the same line and a ceiling of 16: the chance of staying below is the rest
    down = c.projection_range(pts, 2025, 16.0, -1, n_actuals=3)
    assert down.chance == pytest.approx(1 - pr.chance, abs=1e-9)


def test_projection_matches_engine_line():
    from dayao_data.progress import projection_line

    pts = [(2020, 85.76), (2021, 87.0), (2022, 88.1), (2023, 89.2), (2024, 89.8)]
    a, b = projection_line(pts)
    pr = c.projection_range(pts, 2025, 90.0, 1, n_actuals=4)
    assert pr.projected == pytest.approx(a + b * 2025)


def test_fewer_than_three_actuals_has_no_range():
    pr = c.projection_range([(2020, 10.0), (2021, 11.0), (2022, 13.0)], 2025, 16.0, 1, n_actuals=2)
    assert pr.low is None and pr.chance is None and pr.reason == "数据不足"


def test_cumulative_range_worked_example():
    # Flows 0.28, 0.26, 0.27 (2021–2023), target 1.58 by 2025: S = 0.81, mean 0.27, m = 2,
    # projection 0.81 + 2 × 0.27 = 1.35; sd = √((0.01² + 0.01² + 0) / 2) = 0.01,
    # se = 0.01 × √(2 + 4/3) = 0.01 × 1.825742; df = 2; chance = F_2((1.35 − 1.58)/se) ≈ 0.
    pr = c.projection_range([(2021, 0.28), (2022, 0.26), (2023, 0.27)], 2025, 1.58, 1, kind="cumulative")
    se = 0.01 * math.sqrt(2 + 4 / 3)
    assert pr.projected == pytest.approx(1.35)
    assert pr.high == pytest.approx(1.35 + 4.302653 * se, abs=1e-5)
    u = -0.23 / se
    assert pr.chance == pytest.approx(0.5 + u / (2 * math.sqrt(2 + u * u)), abs=1e-9)


def test_evidence():
    assert c.evidence([]) == {"n_points": 0, "latest_year": None, "latest_flag": None, "latest_provisional": False}
    ev = c.evidence([2021, 2022], ["provisional", "final"])
    assert ev["n_points"] == 2 and ev["latest_flag"] == "final" and not ev["latest_provisional"]


def test_certainty_table_on_the_example():
    from dayao_data.actuals import load_actuals
    from dayao_data.progress import assess

    plan = load_plan()
    actuals = load_actuals()
    table = assess(plan, actuals, 2024)
    cert = c.certainty_table(plan, actuals, table)
    assert list(cert["indicator_id"]) == list(table["indicator_id"])
    pre = cert.set_index("indicator_id").loc["preschool_gross_enrolment_rate"]
    assert pre.n_points == 4  # 2021–2024 in the example
    assert pre.projected_final == pytest.approx(
        table.set_index("indicator_id").loc["preschool_gross_enrolment_rate", "projected_final"]
    )
    assert pre.projection_low < pre.projected_final < pre.projection_high
    # working_age_schooling_years has two actuals in the example: no range
    wa = cert.set_index("indicator_id").loc["working_age_schooling_years"]
    assert wa.n_points == 2 and wa.range_note == "数据不足" and pd.isna(wa.chance_of_target)


def test_low_chance_binding_on_the_example():
    from dayao_data.actuals import load_actuals
    from dayao_data.progress import assess

    plan = load_plan()
    actuals = load_actuals()
    cert = c.certainty_table(plan, actuals, assess(plan, actuals, 2024))
    low = c.low_chance_binding(cert)
    assert (low["attribute"] == "binding").all() and (low["chance_of_target"] < 0.5).all()
    assert list(low["chance_of_target"]) == sorted(low["chance_of_target"])
    # every binding series with a chance under one half is listed, none above
    binding = cert[(cert["attribute"] == "binding") & cert["chance_of_target"].notna()]
    assert set(low["indicator_id"]) == set(binding.loc[binding["chance_of_target"] < 0.5, "indicator_id"])
    # the example's 婴幼儿死亡率 rises 4.5, 4.8, 5.0, 5.2 from 4.64: the line crosses <5, chance well below one half
    assert "infant_child_mortality_rate" in set(low["indicator_id"])
