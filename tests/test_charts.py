"""The charts: every kind and edge case draws without a warning, and what is drawn is what the method says.

Expected values come from the plan's printed numbers, the example data file and hand calculations
written here, not from the chart code.  Every test turns warnings into errors, so a glyph missing
from the fonts ("Glyph … missing from font(s)") fails it; figures are rendered to PNG, since glyphs
are looked up when text is drawn.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

from dayao_data import charts
from dayao_data.actuals import example_actuals_path, load_actuals
from dayao_data.plan import load_plan
from dayao_data.progress import STATUS_LABELS, STATUS_ORDER, assess

pytestmark = pytest.mark.filterwarnings("error")

FIXTURES = Path(__file__).parent / "fixtures"
CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def plan():
    return load_plan()


@pytest.fixture(scope="module")
def example(plan):
    return load_actuals(example_actuals_path(), plan)


@pytest.fixture(scope="module")
def other_plan():
    return load_plan(FIXTURES / "other-plan.yaml")


@pytest.fixture(scope="module")
def other_actuals():
    """Made-up figures for the made-up plan (2025 → 2030), with its edge cases."""
    rows = [
        ("clinics_share", 2026, 8.0),  # zero baseline
        ("clinics_share", 2027, 19.0),
        ("waiting_days", 2026, 29.0),  # lower is better
        ("waiting_days", 2027, 26.0),
        ("waiting_days", 2028, 24.0),
        ("accident_rate", 2026, 2.5),  # ceiling ≤ 3.0 ‰ (not strict)
        ("accident_rate", 2027, 3.0),  # on the bound: within
        ("accident_rate", 2028, 3.2),  # breached
        ("vaccination_floor", 2026, 96.0),  # floor ≥ 95 %
        ("vaccination_floor", 2027, 94.5),  # breached
        ("new_homes", 2026, 150.0),  # cumulative, no baseline
        ("new_homes", 2028, 180.0),  # 2027 missing
        ("quota_task", 2026, 40.0),  # qualitative, no quota: not assessable
        ("insured", 2026, 98.0),  # maintain
        ("insured", 2027, 97.5),
        ("early_goal", 2026, 12.0),  # target year 2028
        ("early_goal", 2027, 13.0),
        ("early_goal", 2029, 17.0),  # after its target year: never drawn
    ]
    frame = pd.DataFrame(rows, columns=["indicator", "year", "value"])
    frame["source"] = "测试县统计局"
    return frame


def render(fig: Figure, dpi: int = 40) -> bytes:
    """Draw the figure (glyphs are looked up now) and return the PNG."""
    png = charts.figure_png(fig, dpi=dpi)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return png


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def by_gid(fig: Figure, gid: str) -> list:
    return [a for a in fig.findobj() if a.get_gid() == gid]


def one_line(fig: Figure, gid: str) -> Line2D:
    lines = [a for a in by_gid(fig, gid) if isinstance(a, Line2D)]
    assert len(lines) == 1, f"expected one {gid} line, found {len(lines)}"
    return lines[0]


# --------------------------------------------------------------------------------------
# Everything draws, without warnings
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("year, language", [(2021, "zh"), (2025, "en")])
def test_every_headline_series_draws(plan, example, year, language):
    for ind in plan.indicators:
        render(charts.series_chart(plan, example, ind.id, year, language=language))


@pytest.mark.parametrize("year", [2026, 2028, 2030])
def test_every_series_of_another_plan_draws(other_plan, other_actuals, year):
    for ind in other_plan.indicators:
        fig = charts.series_chart(other_plan, other_actuals, ind.id, year)
        render(fig)
        ax = fig.axes[0]
        # Whole years from the base year to the series' own target year (2028 for early_goal).
        assert [int(t) for t in ax.get_xticks()] == list(range(2025, ind.target_year + 1))


def test_extended_targets_draw(plan, example):
    for ind in plan.extended_targets:
        render(charts.series_chart(plan, example, ind.id, 2024), dpi=20)


@pytest.mark.parametrize(
    "case, rows",
    [
        ("no actuals at all", []),
        ("one actual", [(2026, 5.0)]),
        ("all actuals equal", [(2026, 20.0), (2027, 20.0), (2028, 20.0)]),
        ("all actuals zero", [(2026, 0.0), (2027, 0.0)]),
        ("at the upper bound", [(2026, 100.0), (2027, 100.0)]),
    ],
)
def test_edge_cases_draw_for_every_kind(other_plan, case, rows):
    for ind in other_plan.indicators:
        frame = pd.DataFrame(
            [{"indicator": ind.id, "year": y, "value": v, "source": "测试"} for y, v in rows],
            columns=["indicator", "year", "value", "source"],
        )
        render(charts.series_chart(other_plan, frame, ind.id, 2030))


def test_series_without_baseline_and_without_actuals(plan):
    render(charts.series_chart(plan, None, "nurses_per_10000", 2022))
    empty = pd.DataFrame(columns=["indicator", "year", "value", "source"])
    render(charts.series_chart(plan, empty, "disability_subsidy_coverage", 2023, language="en"))


def test_bad_arguments_are_refused(plan, example):
    with pytest.raises(ValueError, match="outside the plan period"):
        charts.series_chart(plan, example, "nurses_per_10000", 2026)
    with pytest.raises(ValueError, match="language"):
        charts.series_chart(plan, example, "nurses_per_10000", 2024, language="fr")
    with pytest.raises(KeyError):
        charts.series_chart(plan, example, "no_such_series", 2024)


# --------------------------------------------------------------------------------------
# Titles, units, statuses
# --------------------------------------------------------------------------------------


def test_title_is_row_and_name_and_subtitle_is_the_engines_status(plan, example):
    fig = charts.series_chart(plan, example, "nurses_per_10000", 2024)
    render(fig)
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "11b 每万人口注册护士数（示例数据）"
    subtitle = by_gid(fig, "subtitle")[0].get_text()
    # The example file marks this series "示例:滞后"; the engine must say so too.
    assert "滞后" in subtitle and "2024" in subtitle
    row = assess(plan, example, 2024).set_index("indicator_id").loc["nurses_per_10000"]
    assert STATUS_LABELS[row.status][0] in subtitle
    assert ax.get_ylabel() == "单位：人"


def test_subtitle_names_an_older_data_year(plan, example):
    # national_reading_rate has no 2023 value in the example: 2023 is assessed on 2022.
    fig = charts.series_chart(plan, example, "national_reading_rate", 2023)
    assert "2022" in by_gid(fig, "subtitle")[0].get_text()


def test_units_are_on_the_axes(plan, example, other_plan, other_actuals):
    assert charts.series_chart(plan, example, "urban_new_jobs", 2024).axes[0].get_ylabel() == "单位：万人"
    assert "‰" in charts.series_chart(plan, example, "infant_child_mortality_rate", 2024).axes[0].get_ylabel()
    assert charts.series_chart(plan, example, "preschool_gross_enrolment_rate", 2024).axes[0].get_ylabel() == "单位：%"
    assert charts.series_chart(other_plan, other_actuals, "new_homes", 2028).axes[0].get_ylabel() == "单位：套"
    assert charts.series_chart(other_plan, other_actuals, "quota_task", 2028).axes[0].get_ylabel() == "单位：户"


def test_english_charts_have_no_chinese_text(plan, example):
    for ind_id in (
        "nurses_per_10000",
        "urban_new_jobs",
        "infant_child_mortality_rate",
        "urban_affordable_housing",
        "rural_housing_renovation",
        "pension_insurance_coverage",
        "life_expectancy",
    ):
        fig = charts.series_chart(plan, example, ind_id, 2024, language="en")
        render(fig)
        chinese = [t for t in texts(fig) if CJK.search(t)]
        assert not chinese, f"{ind_id}: {chinese}"
    assert "ILLUSTRATIVE DATA" in texts(fig)


def test_all_chart_words_exist_in_both_languages():
    assert set(charts.LABELS["zh"]) == set(charts.LABELS["en"])


# --------------------------------------------------------------------------------------
# The illustrative watermark
# --------------------------------------------------------------------------------------


def test_watermark_when_illustrative_and_not_otherwise(plan, example):
    fig = charts.series_chart(plan, example, "preschool_gross_enrolment_rate", 2024)
    assert "示例数据" in texts(fig)
    assert fig.axes[0].get_title(loc="left").endswith("(示例数据)")
    assert len(by_gid(fig, "watermark")) == 1

    real = example.assign(source="县教育局统计年报", illustrative=False)
    fig = charts.series_chart(plan, real, "preschool_gross_enrolment_rate", 2024)
    assert "示例数据" not in texts(fig) and not by_gid(fig, "watermark")
    assert "示例数据" not in fig.axes[0].get_title(loc="left")

    # An explicit argument wins over the data.
    assert not by_gid(
        charts.series_chart(plan, example, "preschool_gross_enrolment_rate", 2024, illustrative=False), "watermark"
    )
    assert by_gid(
        charts.series_chart(plan, real, "preschool_gross_enrolment_rate", 2024, illustrative=True), "watermark"
    )


def test_watermark_inferred_from_source_without_illustrative_column(plan):
    frame = pd.read_csv(example_actuals_path())  # no illustrative column: the source says 示例
    fig = charts.series_chart(plan, frame, "doctors_per_10000", 2023, language="en")
    assert "ILLUSTRATIVE DATA" in texts(fig)
    assert fig.axes[0].get_title(loc="left").endswith("(illustrative data)")


def test_watermark_on_small_multiples_and_status_by_domain(plan, example):
    page = charts.small_multiples(plan, example, 2024)
    assert "示例数据" in texts(page)
    table = assess(plan, example, 2024)
    assert "示例数据" in texts(charts.status_by_domain(table, plan))
    real = table.assign(illustrative=False)
    fig = charts.status_by_domain(real, plan)
    assert not by_gid(fig, "watermark") and "示例数据" not in texts(fig)


# --------------------------------------------------------------------------------------
# What is drawn
# --------------------------------------------------------------------------------------


def _line_handles(fig: Figure) -> list[Line2D]:
    legend = fig.axes[0].get_legend()
    assert legend is not None
    return [h for h in legend.legend_handles if isinstance(h, Line2D)]


@pytest.mark.parametrize(
    "ind_id",
    [
        "preschool_gross_enrolment_rate",
        "urban_registered_unemployment_rate",
        "infant_child_mortality_rate",
        "pension_insurance_coverage",
        "urban_new_jobs",
    ],
)
def test_legend_tells_elements_apart_without_colour(plan, example, ind_id):
    fig = charts.series_chart(plan, example, ind_id, 2024)
    handles = _line_handles(fig)
    looks = {(h.get_linestyle(), h.get_marker()) for h in handles}
    assert len(looks) >= 4, looks
    # No two legend lines differ by colour alone (a broad band differs by width).
    keys = [(h.get_linestyle(), h.get_marker(), h.get_linewidth() >= 3) for h in handles]
    assert len(keys) == len(set(keys)), keys


@pytest.mark.parametrize(
    "ind_id, year",
    [
        ("preschool_gross_enrolment_rate", 2022),
        ("preschool_gross_enrolment_rate", 2024),
        ("urban_registered_unemployment_rate", 2023),
        ("infant_child_mortality_rate", 2024),
        ("pension_insurance_coverage", 2024),
        ("disability_subsidy_coverage", 2024),  # no baseline: the line runs through the actuals only
        ("working_age_schooling_years", 2024),  # 2024 missing: projected from 2023
        ("urban_new_jobs", 2023),  # cumulative
    ],
)
def test_projection_ends_at_the_engines_projected_final(plan, example, ind_id, year):
    fig = charts.series_chart(plan, example, ind_id, year)
    line = one_line(fig, "projection")
    row = assess(plan, example, year).set_index("indicator_id").loc[ind_id]
    assert line.get_xdata()[-1] == plan.indicator(ind_id).target_year
    assert line.get_ydata()[-1] == pytest.approx(row.projected_final, rel=1e-12, abs=1e-12)
    assert line.get_xdata()[0] == row.data_year  # from the data year


def test_projection_matches_a_hand_calculation(other_plan, other_actuals):
    # clinics_share: (2025, 0), (2026, 8), (2027, 19).  Means 2026 and 9; Sxx = 2;
    # Sxy = (−1)(−9) + 0 + (1)(10) = 19; slope 9.5; at 2030: 9 + 9.5 × 4 = 47 %.
    line = one_line(charts.series_chart(other_plan, other_actuals, "clinics_share", 2027), "projection")
    assert list(line.get_xdata()) == [2027, 2030]
    assert line.get_ydata()[-1] == pytest.approx(47.0)


def test_projection_is_clipped_to_the_bounds(other_plan):
    # 60 → 90 → 99 % from a zero baseline rises past 100 %; the engine clips at 100, so does the line.
    frame = pd.DataFrame({"indicator": "clinics_share", "year": [2026, 2027], "value": [60.0, 99.0], "source": "t"})
    line = one_line(charts.series_chart(other_plan, frame, "clinics_share", 2027), "projection")
    assert max(line.get_ydata()) == pytest.approx(100.0)
    assert line.get_ydata()[-1] == pytest.approx(100.0)


def test_actuals_after_the_assessment_year_are_not_drawn(plan, example):
    fig = charts.series_chart(plan, example, "preschool_gross_enrolment_rate", 2022)
    line = one_line(fig, "actuals")
    assert list(line.get_xdata()) == [2021, 2022]
    assert list(line.get_ydata()) == [87.0, 88.1]  # the example file's 2021 and 2022 values
    all_y = [y for a in fig.findobj(Line2D) for y in a.get_ydata()]
    assert 89.2 not in all_y and 89.8 not in all_y  # 2023 and 2024


def test_actuals_after_the_series_target_year_are_not_drawn(other_plan, other_actuals):
    fig = charts.series_chart(other_plan, other_actuals, "early_goal", 2030)
    assert list(one_line(fig, "actuals").get_xdata()) == [2026, 2027]


def test_baseline_time_line_and_target_as_printed(plan, example):
    fig = charts.series_chart(plan, example, "preschool_gross_enrolment_rate", 2024)
    baseline = one_line(fig, "baseline")
    assert (baseline.get_xdata()[0], baseline.get_ydata()[0]) == (2020, 85.76)
    time_line = one_line(fig, "time_line")
    assert list(time_line.get_xdata()) == [2020, 2025] and list(time_line.get_ydata()) == [85.76, 90.0]
    target = one_line(fig, "target")
    assert (target.get_xdata()[0], target.get_ydata()[0]) == (2025, 90.0)
    required = one_line(fig, "required")  # not yet achieved: from 89.8 (2024) to 90 (2025)
    assert list(required.get_xdata()) == [2024, 2025] and list(required.get_ydata()) == [89.8, 90.0]


def test_no_required_path_once_achieved(plan, example):
    # hospital_beds_per_1000: 5.3 in 2024 against a target of 5.2 ("示例:提前实现").
    fig = charts.series_chart(plan, example, "hospital_beds_per_1000", 2024)
    assert not by_gid(fig, "required")


def test_ceiling_label_strict_and_not_strict(plan, example, other_plan, other_actuals):
    # As printed in the plan's table: 城镇登记失业率 ≤4.2, 孕产妇死亡率 <15, 婴幼儿死亡率 <5.
    cases = [
        (plan, example, "urban_registered_unemployment_rate", "≤4.2", "<"),
        (plan, example, "maternal_mortality_rate", "<15", "≤"),
        (plan, example, "infant_child_mortality_rate", "<5", "≤"),
        (other_plan, other_actuals, "accident_rate", "≤3.0", "<"),  # printed "≤3.0"
        (other_plan, other_actuals, "vaccination_floor", "≥95", ">"),  # a floor
    ]
    for p, a, ind_id, wanted, unwanted in cases:
        fig = charts.series_chart(p, a, ind_id, min(2024, p.target_year) if p is plan else 2028)
        label = by_gid(fig, "bound_label")[0].get_text()
        assert wanted in label, (ind_id, label)
        assert unwanted not in label, (ind_id, label)
        assert label.startswith("上限" if p.indicator(ind_id).direction < 0 else "下限")
    assert (
        "Ceiling <5"
        in by_gid(
            charts.series_chart(plan, example, "infant_child_mortality_rate", 2024, language="en"), "bound_label"
        )[0].get_text()
    )


def test_forbidden_side_is_shaded_beyond_the_bound(plan, example, other_plan, other_actuals):
    fig = charts.series_chart(plan, example, "urban_registered_unemployment_rate", 2024)
    (zone,) = by_gid(fig, "forbidden")
    lo, hi = sorted([zone.get_y(), zone.get_y() + zone.get_height()])
    assert zone.get_hatch() and lo == pytest.approx(4.2) and hi > 4.2  # above a ceiling
    fig = charts.series_chart(other_plan, other_actuals, "vaccination_floor", 2028)
    (zone,) = by_gid(fig, "forbidden")
    lo, hi = sorted([zone.get_y(), zone.get_y() + zone.get_height()])
    assert hi == pytest.approx(95) and lo < 95  # below a floor


def test_breached_years_are_marked(plan, example, other_plan, other_actuals):
    # 婴幼儿死亡率 < 5 (strict): 5.0 in 2023 and 5.2 in 2024 breach it; 4.5 and 4.8 do not.
    breach = one_line(charts.series_chart(plan, example, "infant_child_mortality_rate", 2024), "breach")
    assert list(breach.get_xdata()) == [2023, 2024]
    assert breach.get_marker() not in ("o", "None", "none", "")
    # 城镇登记失业率 ≤ 4.2: 4.3 in 2022 is a breach, still marked after the recovery.
    breach = one_line(charts.series_chart(plan, example, "urban_registered_unemployment_rate", 2024), "breach")
    assert list(breach.get_xdata()) == [2022]
    # ≤ 3.0 (not strict): 3.0 itself is within, 3.2 is not.
    breach = one_line(charts.series_chart(other_plan, other_actuals, "accident_rate", 2028), "breach")
    assert list(breach.get_xdata()) == [2028]
    # A floor ≥ 95: 94.5 breaches.
    breach = one_line(charts.series_chart(other_plan, other_actuals, "vaccination_floor", 2028), "breach")
    assert list(breach.get_xdata()) == [2027]


def test_cumulative_running_total_and_flows(plan, example):
    # 城镇新增就业人数, example flows 0.28, 0.26, 0.27, 0.25 万人 → totals 0.28, 0.54, 0.81, 1.06.
    fig = charts.series_chart(plan, example, "urban_new_jobs", 2024)
    total = one_line(fig, "actuals")
    assert list(total.get_xdata()) == [2020, 2021, 2022, 2023, 2024]
    assert list(total.get_ydata()) == pytest.approx([0.0, 0.28, 0.54, 0.81, 1.06])
    flows = [p.get_height() for p in by_gid(fig, "flows")]
    assert flows == pytest.approx([0.28, 0.26, 0.27, 0.25])
    target = one_line(fig, "target")
    assert (target.get_xdata()[0], target.get_ydata()[0]) == (2025, 1.58)  # the table's [1.58]


def test_qualitative_bars_and_not_assessable(plan, example):
    fig = charts.series_chart(plan, example, "urban_affordable_housing", 2024)
    quota = [p.get_height() for p in by_gid(fig, "quota")]
    done = by_gid(fig, "completed")
    assert quota == [120, 100, 150, 110]  # the example's assigned_target column
    assert [p.get_height() for p in done] == [120, 80, 150, 90]
    assert all(p.get_hatch() for p in done) and not any(p.get_hatch() for p in by_gid(fig, "quota"))
    assert not by_gid(fig, "not_assessable")
    fig = charts.series_chart(plan, example, "rural_housing_renovation", 2024)  # no quota entered
    assert "无法评估" in by_gid(fig, "not_assessable")[0].get_text()


def test_no_data_is_said_in_the_middle(plan, example):
    fig = charts.series_chart(plan, example, "life_expectancy", 2024)  # not in the example file
    (note,) = by_gid(fig, "no_data")
    assert note.get_text() == "无数据" and note.get_position() == (0.5, 0.5)
    assert "无数据" in by_gid(fig, "subtitle")[0].get_text()


def test_maintain_draws_the_level_to_hold(plan, example):
    fig = charts.series_chart(plan, example, "pension_insurance_coverage", 2024)
    level = one_line(fig, "maintain_level")
    assert list(level.get_ydata()) == [100.0, 100.0]
    assert "倒退" in by_gid(fig, "subtitle")[0].get_text()  # "示例:保持类指标未保持"


def test_draws_into_a_given_axes(plan, example):
    fig = Figure(figsize=(8, 3))
    ax1, ax2 = fig.subplots(1, 2)
    returned = charts.series_chart(plan, example, "nurses_per_10000", 2024, ax=ax2)
    assert returned is fig and ax2.lines and not ax1.lines
    assert by_gid(fig, "watermark")  # on the axes
    render(fig)


# --------------------------------------------------------------------------------------
# Small multiples and status by domain
# --------------------------------------------------------------------------------------


def test_small_multiples_one_page_for_the_headline_table(plan, example):
    fig = charts.small_multiples(plan, example, 2024)
    assert isinstance(fig, Figure)
    assert tuple(fig.get_size_inches()) == pytest.approx((8.3, 11.2))
    assert len(fig.axes) == len(plan.indicators) == 21
    assert len(fig.legends) == 1 and not any(ax.get_legend() for ax in fig.axes)
    statuses = [t.get_text() for t in by_gid(fig, "status")]
    table = assess(plan, example, 2024)
    assert len(statuses) == 21
    for status, text in zip(table["status"], statuses):
        assert STATUS_LABELS[status][0] in text
    render(fig, dpi=30)


def test_small_multiples_pages_when_more_than_fit(plan, example):
    # Two columns of six rows: 12 panels a page, so the 21 headline series take two pages.
    pages = charts.small_multiples(plan, example, 2024, ncols=2, language="en")
    assert isinstance(pages, list) and [len(p.axes) for p in pages] == [12, 9]
    for page in pages:
        assert len(page.legends) == 1
    render(pages[-1], dpi=25)


def test_small_multiples_other_plan(other_plan, other_actuals):
    render(charts.small_multiples(other_plan, other_actuals, 2029, ncols=3), dpi=25)


def test_status_by_domain_counts_hatches_and_order(plan, example):
    table = assess(plan, example, 2024)
    fig = charts.status_by_domain(table, plan)
    render(fig)
    ax = fig.axes[0]
    domains = [plan.domain_name(d) for d in plan.domain_order()]
    assert [t.get_text() for t in ax.get_yticklabels()] == domains  # every domain has series
    domain_of = {i.id: plan.domain_name(i.domain) for i in plan.indicators}
    expected = table.assign(domain=table["indicator_id"].map(domain_of)).groupby(["domain", "status"]).size()
    hatches = {}
    for status in STATUS_ORDER:
        bars = by_gid(fig, f"status_{status}")
        if not bars:
            assert status not in set(table["status"])
            continue
        for name, patch in zip(domains, bars):
            assert patch.get_width() == expected.get((name, status), 0), (name, status)
            hatches[status] = (patch.get_hatch(), patch.get_facecolor())
    # Each status looks different even without colour: hatch pattern or grey level.
    looks = [(h, round(sum(fc[:3]) / 3, 1)) for h, fc in hatches.values()]
    assert len(looks) == len(set(looks))
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert [s.split(" ", 1)[1] for s in legend] == [STATUS_LABELS[s][0] for s in STATUS_ORDER]
    counts = sorted(int(t.get_text()) for t in by_gid(fig, "count"))
    assert sum(counts) == len(table)


def test_status_by_domain_in_english(other_plan, other_actuals):
    fig = charts.status_by_domain(assess(other_plan, other_actuals, 2028), other_plan, language="en")
    render(fig)
    assert "Ceiling breached" in " ".join(t.get_text() for t in fig.legends[0].get_texts())


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------


def test_figure_png_size_and_dpi(plan, example):
    import io

    from PIL import Image

    fig = charts.series_chart(plan, example, "nurses_per_10000", 2024)
    width, height = fig.get_size_inches()
    image = Image.open(io.BytesIO(charts.figure_png(fig, dpi=100)))
    assert image.size == (int(width * 100), int(height * 100))
    assert image.info["dpi"] == pytest.approx((100, 100), abs=0.01)


def test_provisional_figures_and_series_breaks_are_marked(plan, example):
    """A provisional 2024 figure gets a ring; a change of definition in 2023 a dotted line at 2022.5."""
    frame = example.copy()
    if "flag" not in frame.columns:
        frame["flag"] = ""
    if "series_break" not in frame.columns:
        frame["series_break"] = ""
    pre = frame["indicator"].isin(["preschool_gross_enrolment_rate", "学前三年毛入园率"])
    frame.loc[pre & (frame["year"] == 2024), "flag"] = "provisional"
    frame.loc[pre & (frame["year"] == 2023), "series_break"] = "统计口径由户籍人口改为常住人口"
    fig = charts.series_chart(plan, frame, "preschool_gross_enrolment_rate", 2024)
    render(fig)
    [ring] = by_gid(fig, "flagged")
    assert [tuple(p) for p in ring.get_offsets()] == [(2024.0, 89.8)]  # the example's 2024 value
    [line] = by_gid(fig, "series_break")
    assert list(line.get_xdata()) == [2022.5, 2022.5]
    legend = (
        [t.get_text() for t in fig.legends[0].get_texts()]
        if fig.legends
        else [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    )
    assert "初步数或估计数" in legend and "口径变化（此年起）" in legend
