"""The yearly report's charts draw the report's own assessment, not one of their own (issue 9).

context.setup() assesses the headline table and the extended catalogue once; the charts beside
the tables take that assessment (``assessed=``) and never call the engine again, so a chart's
status and the table's cannot disagree.  The truth here is what the test itself puts into the
assessment (a status the engine would not give) and whether the engine is called at all.
"""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from dayao_data import charts
from dayao_data.charts import assessed as A
from dayao_data.progress import STATUS_LABELS
from dayao_data.yearly import show
from dayao_data.yearly.context import setup

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(scope="module")
def ctx():
    return setup(2024)


@pytest.fixture
def no_engine(monkeypatch):
    """Any assessment by the charts fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("a chart assessed a series again")

    monkeypatch.setattr(A, "assess_series", refuse)


@pytest.fixture
def captured(monkeypatch):
    import IPython.display

    shown: list[dict] = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False, **kw: shown.append(obj))
    return shown


def by_gid(fig: Figure, gid: str) -> list:
    return [a for a in fig.findobj(Text) if a.get_gid() == gid]


def test_the_reports_charts_do_not_assess_again(ctx, no_engine, captured):
    show.small_multiples(ctx)
    show.domain_progress(ctx)
    show.status_chart(ctx)
    figures = sum(b["text/html"].count("<figure") for b in captured)
    assert figures >= 1 + len(ctx.plan.domain_order()) - 1  # the page(s) and (nearly) one per domain


def test_a_chart_shows_the_status_of_the_assessment_it_is_given(ctx, no_engine):
    # The example file marks 11b 每万人口注册护士数 "示例:滞后"; the assessment given says 已实现.
    table = ctx.table.copy()
    assert table.set_index("indicator_id").loc["nurses_per_10000", "status"] == "lagging"
    table.loc[table["indicator_id"] == "nurses_per_10000", "status"] = "achieved"
    fig = charts.series_chart(ctx.plan, ctx.actuals, "nurses_per_10000", 2024, assessed=table)
    subtitle = by_gid(fig, "subtitle")[0].get_text()
    assert STATUS_LABELS["achieved"][0] in subtitle and STATUS_LABELS["lagging"][0] not in subtitle
    page = charts.small_multiples(ctx.plan, ctx.actuals, 2024, assessed=table)
    corners = [t.get_text() for t in by_gid(page, "status")]
    nurses = [i.id for i in ctx.plan.series("headline")].index("nurses_per_10000")
    assert STATUS_LABELS["achieved"][0] in corners[nurses]


def test_drawn_the_same_as_a_chart_that_assesses_on_its_own(ctx):
    # The same pixels whether the status, data year and projection come from the report's
    # assessment or from the engine run by the chart (every headline and extended series).
    for catalogue, assessment in (("headline", ctx.assessment), ("extended", ctx.extended)):
        own = charts.small_multiples(ctx.plan, ctx.actuals, 2024, catalogue=catalogue, band=ctx.band)
        given = charts.small_multiples(ctx.plan, ctx.actuals, 2024, catalogue=catalogue, assessed=assessment)
        own = own if isinstance(own, list) else [own]
        given = given if isinstance(given, list) else [given]
        assert len(own) == len(given)
        for a, b in zip(own, given):
            assert bytes(charts.figure_png(a, dpi=40)) == bytes(charts.figure_png(b, dpi=40)), catalogue


def test_an_assessment_of_another_year_is_refused(ctx):
    with pytest.raises(ValueError, match="the assessment given is of 2024, the chart of 2023"):
        charts.series_chart(ctx.plan, ctx.actuals, "nurses_per_10000", 2023, assessed=ctx.assessment)


def test_an_assessment_without_the_series_is_refused(ctx):
    extended = ctx.plan.series("extended")[0]
    with pytest.raises(ValueError, match=f"no row for {extended.id}"):
        charts.series_chart(ctx.plan, ctx.actuals, extended.id, 2024, assessed=ctx.assessment)


def test_something_else_than_an_assessment_is_refused(ctx):
    with pytest.raises(TypeError, match="assess table"):
        charts.small_multiples(ctx.plan, ctx.actuals, 2024, assessed=pd.DataFrame({"x": [1]}))
