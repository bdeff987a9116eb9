"""An English report writes no Chinese unit: sentences, yearly tables and chart labels.

The Chinese units are read here from the shipped plan file itself (every ``unit:`` of a series
that holds a Chinese character), not from the program's unit table, and every English text the
report layers make — the mid-term's and final's sentences, the yearly tables of 2024, the chart
labels of every series — is searched for a figure followed by one of them ("0.81 万人" once stood in
the English mid-term).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from matplotlib.text import Text

from dayao_data import charts
from dayao_data.actuals import example_actuals_path, load_actuals
from dayao_data.charts.words import bound_label, short_title, unit_label
from dayao_data.evaluation import final, midterm
from dayao_data.evaluation.narrative import final_sentences, midterm_problems, midterm_sentences
from dayao_data.plan import load_plan
from dayao_data.yearly import tables as T
from dayao_data.yearly.context import setup

ROOT = Path(__file__).parents[1]
PLAN_FILE = ROOT / "dayao_data" / "data" / "plans" / "dayao-14th-fyp-basic-public-services.yaml"
CJK = re.compile(r"[\u3400-\u9fff]")


def _plan_units() -> set[str]:
    """Every Chinese unit a series of the shipped plan file prints (read from the YAML itself)."""
    found: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            if "id" in node and isinstance(node.get("unit"), str) and CJK.search(node["unit"]):
                found.add(node["unit"].strip())
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(yaml.safe_load(PLAN_FILE.read_text("utf-8")))
    return found


UNITS = _plan_units()
# A figure, then (after spaces or a multiplication sign) a Chinese unit of the plan: "0.81 万人",
# "13.5/10万" (a unit "1/10万" is printed after the figure as "/10万").
_WRITTEN = sorted(UNITS | {u[1:] for u in UNITS if u.startswith("1/")}, key=len, reverse=True)
FIGURE_WITH_CHINESE_UNIT = re.compile(r"\d\s*(?:×\s*)?(" + "|".join(re.escape(u) for u in _WRITTEN) + ")")


#: The plan quoted word for word (“十四五期间……115所幼儿园”) stays Chinese in an English report.
QUOTE = re.compile(r"“[^”]*”")


def _offences(texts, where: str) -> list[str]:
    return [f"{where}: {t!r}" for t in texts if FIGURE_WITH_CHINESE_UNIT.search(QUOTE.sub("", str(t)))]


def test_the_plan_has_chinese_units_to_look_for():
    """The check below has something to find: the plan prints units such as 万人, 年 and 张."""
    assert {"万人", "年", "张", "所"} <= UNITS
    assert FIGURE_WITH_CHINESE_UNIT.search("0.81 万人") and FIGURE_WITH_CHINESE_UNIT.search("13.5/10万")
    assert not FIGURE_WITH_CHINESE_UNIT.search("0.81 × 10,000 persons")


@pytest.fixture(scope="module")
def plan():
    return load_plan()


@pytest.fixture(scope="module")
def actuals(plan):
    files = [example_actuals_path(), ROOT / "dayao_data/data/examples/actuals-illustrative-2025.csv"]
    return load_actuals(files, plan)


def test_english_evaluation_sentences_carry_no_chinese_unit(plan, actuals):
    bad: list[str] = []
    for name, evaluation, sentences in (
        ("midterm", midterm(plan, actuals), midterm_sentences),
        ("final", final(plan, actuals), final_sentences),
    ):
        n = 0
        for chapter, items in sentences(evaluation, "en").items():
            bad += _offences([s.text for s in items], f"{name} {chapter}")
            n += sum(bool(re.search(r"\d", s.text)) for s in items)
        assert n > 10, name  # sentences with figures were searched
    assert not bad, "\n".join(bad)


def _cells(frame: pd.DataFrame, skip: tuple[str, ...] = ()) -> list[str]:
    kept = frame[[c for c in frame.columns if c not in skip]]
    return [str(v) for v in kept.to_numpy().ravel() if isinstance(v, str)]


@pytest.fixture(scope="module")
def ctx_en():
    return setup(2024, language="en")


def test_english_yearly_tables_carry_no_chinese_unit(ctx_en):
    bad: list[str] = []
    overview = T.overview(ctx_en).frame
    unit_column = ctx_en.t("col_unit")
    assert not [u for u in overview[unit_column] if CJK.search(str(u))], overview[unit_column].tolist()
    completion = T.completion_table(ctx_en).frame
    for name, cells in (
        ("overview", _cells(overview)),
        # the remarks hold the rate notes of yearly/verdict_notes.py: see the test below
        ("completion", _cells(completion, (ctx_en.t("col_remarks"),))),
        ("alarms", _cells(T.alarms(ctx_en).frame)),
        # the plan's target as printed is a quote of the plan, Chinese in both languages
        ("extended targets", _cells(T.extended_targets(ctx_en).frame, (ctx_en.t("col_target_printed"),))),
    ):
        bad += _offences(cells, name)
    assert not bad, "\n".join(bad)


def test_english_rate_notes_carry_no_chinese_unit(ctx_en):
    remarks = T.completion_table(ctx_en).frame[ctx_en.t("col_remarks")]
    bad = _offences([r for r in remarks if isinstance(r, str)], "completion remarks")
    assert not bad, "\n".join(bad)


def test_english_chart_labels_carry_no_chinese_unit(plan, actuals):
    bad: list[str] = []
    for ind in plan.series("all"):
        texts = [unit_label(ind, "en"), short_title(ind, "en", 12)]
        if ind.target_value is not None and ind.direction:
            texts.append(bound_label(ind, "en"))
        bad += _offences(texts, ind.id)
        if CJK.search(unit_label(ind, "en")):
            bad.append(f"{ind.id}: axis {unit_label(ind, 'en')!r}")
    for ind in plan.indicators:
        fig = charts.series_chart(plan, actuals, ind.id, 2024, language="en")
        bad += _offences([t.get_text() for t in fig.findobj(Text)], f"{ind.id} chart")
    assert not bad, "\n".join(bad)


def test_english_sentences_take_each_series_own_english_unit(plan, actuals):
    """The unit a sentence writes is the series' own ``unit_en`` of the plan file, even when the
    result was computed before another plan was worded (as in a report run, where the notebooks get
    the result computed once)."""
    raw = yaml.safe_load(PLAN_FILE.read_text("utf-8"))
    own = {}

    def walk(node) -> None:
        if isinstance(node, dict):
            if "id" in node and node.get("unit_en"):
                own[node["id"]] = node["unit_en"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(raw)
    m = midterm(plan, actuals)
    midterm(load_plan(ROOT / "tests" / "fixtures" / "evaluation-plan.yaml"), actuals_of_fixture())
    nurses = [s.text for s in midterm_problems(m, "en") if s.text.startswith("Registered nurses")]
    assert nurses, "the example data make the nurses a problem of the mid-term"
    assert own["nurses_per_10000"] == "nurses per 10,000 population"
    for text in nurses:
        assert re.search(r"\d " + re.escape(own["nurses_per_10000"]), text), text
        assert not re.search(r"\d persons\b", text), text  # the labels file's words for 人


def actuals_of_fixture():
    fixtures = ROOT / "tests" / "fixtures"
    fixture_plan = load_plan(fixtures / "evaluation-plan.yaml")
    return load_actuals(
        [fixtures / "evaluation-actuals-2021-2023.csv", fixtures / "evaluation-actuals-2024-2026.csv"], fixture_plan
    )
