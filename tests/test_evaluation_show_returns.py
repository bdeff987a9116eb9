"""The evaluations' ``show.*`` calls return what they displayed, and their charts draw the
Evaluation's own assessment (issue 9, items 6 and 7).

The truth for the returned tables is the Evaluation's own numeric tables (``ev.result.tables``):
the figures in the cells a call returns are those of the same rows there.  The truth for "what
was displayed" is the bundle the call handed to IPython.  The charts' truth is whether the engine
is called at all, and the pixels of the same chart assessed by the engine on its own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from dayao_data import charts as C
from dayao_data import i18n
from dayao_data.charts import assessed as A
from dayao_data.evaluation import show
from dayao_data.evaluation.show import midterm as show_midterm
from dayao_data.report.tables import ReportTable
from dayao_data.yearly.output import Shown

ROOT = Path(__file__).resolve().parents[1]
FINAL_ACTUALS = ["example", str(ROOT / "dayao_data/data/examples/actuals-illustrative-2025.csv")]

MIDTERM_CALLS = (
    "overall",
    "groups",
    "projects",
    "problems",
    "recommendations",
    "methods",
    "scenarios",
    "method_parameters",
    "run_facts",
)
FINAL_CALLS = (
    "conclusion",
    "final_series",
    "final_rows",
    "final_cumulative",
    "final_ceilings",
    "final_comparison",
    "final_annex",
    "final_problems",
    "final_experience",
    "final_next_plan",
    "method_parameters",
    "run_facts",
)


@pytest.fixture(scope="module")
def mid():
    return show.setup_midterm(2023)


@pytest.fixture(scope="module")
def fin():
    return show.setup_final(2025, actuals_files=FINAL_ACTUALS)


@pytest.fixture
def captured(monkeypatch):
    import IPython.display

    shown: list[dict] = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False, **kw: shown.append(obj))
    return shown


def number(cell: str) -> float | None:
    """The first figure in a cell ("102.8%" → 102.8, "5.21张" → 5.21, "—" → None)."""
    m = re.search(r"[-−]?\d[\d,]*(?:\.\d+)?", str(cell))
    return None if m is None else float(m.group(0).replace(",", "").replace("−", "-"))


def decimals(cell: str) -> int:
    m = re.search(r"\d\.(\d+)", str(cell))
    return len(m.group(1)) if m else 0


def assert_figure(cell: str, value, what: str) -> None:
    """The cell shows ``value`` (rounded as shown), or the empty mark when ``value`` is missing."""
    if value is None or pd.isna(value):
        assert number(cell) is None, f"{what}: {cell!r} shown for a missing value"
        return
    shown = number(cell)
    assert shown is not None, f"{what}: {cell!r} for {value}"
    assert abs(shown - float(value)) <= 0.5 * 10 ** -decimals(cell) + 1e-9, f"{what}: {cell!r} for {value}"


def one_table(result, key: str) -> ReportTable:
    tables = [t for t in result if isinstance(t, ReportTable) and t.key == key]
    assert len(tables) == 1, [getattr(t, "key", t) for t in result]
    return tables[0]


# --------------------------------------------------------------------------------------
# What a call returns is what it displayed
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["midterm", "final"])
def test_every_call_returns_what_it_displayed(kind, mid, fin, captured):
    ev, calls = (mid, MIDTERM_CALLS) if kind == "midterm" else (fin, FINAL_CALLS)
    for name in calls:
        captured.clear()
        result = getattr(show, name)(ev)
        assert isinstance(result, Shown), name
        assert len(result), f"{name} returned nothing"
        html = "".join(b["text/html"] for b in captured)
        plain = "\n".join(b["text/plain"] for b in captured)
        for item in result:
            if isinstance(item, ReportTable):
                assert item.to_html() in html, f"{name}: a returned table was not displayed"
                if name != "run_facts":  # its plain text leaves out file dates (the table has them)
                    assert item.to_text().rstrip("\n") in plain, f"{name}: a returned table was not displayed"
            else:
                assert isinstance(item, str) and item in plain, f"{name}: {item!r} was not displayed"


def test_a_returned_result_is_not_displayed_a_second_time(mid, captured):
    # A cell ending with show.overall(ev) gets its value back: Jupyter's formatter must show nothing.
    from IPython.core.interactiveshell import InteractiveShell

    result = show.overall(mid)
    formatted, metadata = InteractiveShell.instance().display_formatter.format(result)
    assert formatted == {} and metadata == {}
    assert len(captured) == 1  # the call's own display


# --------------------------------------------------------------------------------------
# The figures returned are the Evaluation's
# --------------------------------------------------------------------------------------


def test_midterm_tables_show_the_figures_of_the_evaluation(mid, captured):
    m = mid.result
    lang = mid.language
    col = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731

    overall = show.overall(mid)[0].frame
    values = dict(zip(m.overall["metric"], m.overall["value"]))
    shown = overall.iloc[:, 1].tolist()
    assert_figure(shown[0], 100 * values["time_share"], "time_share")
    assert number(shown[1]) == values["n_series"] and number(shown[2]) == values["n_with_share"]
    assert_figure(shown[3], 100 * values["mean_task_share"], "mean_task_share")

    series = show.groups(mid)[0].frame
    assert len(series) == len(m.series)
    for (_, cells), r in zip(series.iterrows(), m.series.itertuples()):
        assert cells[col("col_indicator")] == mid.plan.indicator(r.indicator_id).name(lang)
        assert_figure(cells[col("col_data_year")], r.data_year, r.indicator_id)
        assert_figure(cells[col("col_value")], r.value, r.indicator_id)
        assert_figure(cells[col("col_progress_share")], 100 * r.progress_share, r.indicator_id)
        assert_figure(cells[col("col_time_share")], 100 * r.time_share, r.indicator_id)

    problems = one_table(show.problems(mid), "problems").frame
    assert len(problems) == len(m.problems) > 0
    for (_, cells), r in zip(problems.iterrows(), m.problems.itertuples()):
        assert cells[col("col_indicator")] == mid.plan.indicator(r.indicator_id).name(lang)
        assert_figure(cells[col("col_data_year")], r.data_year, r.indicator_id)
        assert_figure(cells[col("col_value")], r.value, r.indicator_id)

    methods = one_table(show.methods(mid), "methods").frame
    assert len(methods) == len(m.methods)
    for (_, cells), r in zip(methods.iterrows(), m.methods.itertuples()):
        assert_figure(cells.iloc[2], r.time_ratio, r.indicator_id)
        assert_figure(cells.iloc[4], r.cagr_ratio, r.indicator_id)

    assert len(one_table(show.scenarios(mid), "scenarios").frame) == len(m.scenarios)


def test_final_tables_show_the_figures_of_the_evaluation(fin, captured):
    f = fin.result
    lang = fin.language
    col = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731

    series = one_table(show.final_series(fin), "final_series").frame
    assert len(series) == len(f.series)
    for (_, cells), r in zip(series.iterrows(), f.series.itertuples()):
        assert cells[col("col_indicator")] == fin.plan.indicator(r.indicator_id).name(lang)
        assert_figure(cells[col("col_data_year")], r.data_year, r.indicator_id)
        assert_figure(cells[col("col_value")], r.value, r.indicator_id)

    assert len(one_table(show.final_rows(fin), "final_rows").frame) == len(f.rows)
    assert len(one_table(show.final_cumulative(fin), "final_cumulative").frame) == len(f.cumulative)
    assert len(one_table(show.final_ceilings(fin), "final_ceilings").frame) == len(f.ceilings)
    comparison = show.final_comparison(fin)
    assert len(one_table(comparison, "comparison").frame) == len(f.comparison)

    extended = one_table(show.final_annex(fin), "extended").frame
    assert len(extended) == len(f.extended)
    for (_, cells), r in zip(extended.iterrows(), f.extended.itertuples()):
        assert_figure(cells[col("col_data_year")], r.data_year, r.indicator_id)
        assert_figure(cells[col("col_value")], r.value, r.indicator_id)


# --------------------------------------------------------------------------------------
# The charts draw the Evaluation's assessment
# --------------------------------------------------------------------------------------


@pytest.fixture
def no_engine(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a chart assessed a series again")

    monkeypatch.setattr(A, "assess_series", refuse)


@pytest.mark.parametrize("kind", ["midterm", "final"])
def test_the_evaluations_charts_do_not_assess_again(kind, mid, fin, no_engine, captured):
    ev = mid if kind == "midterm" else fin
    figures = show.charts(ev)
    assert len(figures) >= 1 and all(hasattr(fig, "savefig") for fig in figures)
    assert sum(b["text/html"].count("<figure") for b in captured) == len(figures)


@pytest.mark.parametrize("kind", ["midterm", "final"])
def test_drawn_the_same_as_when_the_charts_assessed_on_their_own(kind, mid, fin):
    # The evaluation's small multiples as drawn before (the engine run by the chart) and now (the
    # Evaluation's assessment): the same pixels.
    ev = mid if kind == "midterm" else fin
    corner = show_midterm.chart_corners(ev)
    common = dict(language=ev.language, illustrative=ev.illustrative, corner=corner)
    year = ev.result.year
    own = C.small_multiples(ev.plan, ev.ctx.actuals, year, band=ev.result.band, **common)
    given = C.small_multiples(ev.plan, ev.ctx.actuals, year, assessed=ev.ctx.assessment, **common)
    own = own if isinstance(own, list) else [own]
    given = given if isinstance(given, list) else [given]
    assert len(own) == len(given)
    for a, b in zip(own, given):
        assert bytes(C.figure_png(a, dpi=40)) == bytes(C.figure_png(b, dpi=40))


def test_the_workbook_imports_first_without_a_cycle():
    # The runner imports evaluation.workbook before any show module; the show package must not
    # import the workbook back (it did, and `dayao report --midterm` failed with an ImportError).
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", "import dayao_data.evaluation.workbook"], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
