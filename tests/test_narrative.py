"""Every number in the generated text equals the table cell it was taken from.

The sentences of the mid-term and final reports are templates filled with table cells
(:mod:`dayao_data.evaluation.narrative`).  Here every number found in the text by a regular expression must lie
inside a recorded reference to a table cell (or inside a plan name that carries digits, such as
"“12333”电话服务综合接通率"), and the number shown must equal that cell's value as the table holds
it — checked again from the table, independently of the code that wrote the text.  In Chinese and
in English; on the made-up plan of the evaluation tests and on the Dayao example data.
"""

from __future__ import annotations

import math
import re
import string
from pathlib import Path

import pytest

from dayao_data.actuals import example_actuals_path, load_actuals
from dayao_data.evaluation import cell, final, midterm
from dayao_data.evaluation.narrative import TEMPLATES, final_sentences, format_cell, midterm_sentences
from dayao_data.plan import load_plan

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parents[1]
NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def _scenario():
    plan = load_plan(FIXTURES / "evaluation-plan.yaml")
    actuals = load_actuals(
        [FIXTURES / "evaluation-actuals-2021-2023.csv", FIXTURES / "evaluation-actuals-2024-2026.csv"], plan
    )
    return plan, actuals


def _dayao():
    plan = load_plan()
    files = [example_actuals_path(), ROOT / "dayao_data/data/examples/actuals-illustrative-2025.csv"]
    return plan, load_actuals(files, plan)


@pytest.fixture(scope="module", params=["scenario", "dayao"])
def evaluations(request):
    plan, actuals = _scenario() if request.param == "scenario" else _dayao()
    return plan, midterm(plan, actuals), final(plan, actuals)


def _full_width(text: str) -> str:
    """The plan's punctuation in full-width form, written out here (not the narrative's helper)."""
    return text.translate(
        str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！", "“": "‘", "”": "’"})
    )


def _names(plan) -> set[str]:
    """Texts that may carry digits of their own: names of series, projects and departments."""
    names = set()
    for ind in plan.series("all"):
        names |= {ind.name_zh, ind.name_en}
    for p in plan.projects:
        names |= {p.name_zh, p.name_en}
        if p.cite is not None and p.cite.quote:
            # A quotation of the plan's own words (its half-width marks shown full-width).
            names.add(_full_width(p.cite.quote))
        if p.cite is not None and p.cite.location:
            # The project's chapter and section, as the English text names them (第三章 第一节 → chapter 3, section 1).
            m = re.match(r"第(.)章\s*第(.)节", p.cite.location)
            if m:
                digits = "一二三四五六七八九"
                names.add(f"chapter {digits.index(m.group(1)) + 1}, section {digits.index(m.group(2)) + 1}")
    for d in plan.departments.values():
        names |= {d.name_zh, d.name_en}
    return {n for n in names if n}


def _shown_number(value, fmt: str) -> float:
    """The number a cell should show, computed here from the value (not by the formatter)."""
    v = float(value)
    if fmt == "share":
        return round(v * 100, 1)
    if fmt == "share_points":
        return round(abs(v) * 100, 1)
    if fmt == "rate":
        return round(abs(v) * 100, 2)
    if fmt in ("count", "year"):
        return float(int(v))
    if fmt == "years":
        return round(abs(v), 1)
    if fmt == "ratio":
        return round(v, 2)
    if fmt in ("abs_value", "change", "signed_change"):
        return abs(v)
    return v


def _check_sentence(sentence, tables, names: set[str], where: str) -> int:
    """Assert every number of one sentence; return how many numbers it holds."""
    text = sentence.text
    spans = [(r.start, r.end, r) for r in sentence.refs] + [(a, b, None) for a, b in sentence.labels]
    for r in sentence.refs:
        assert text[r.start : r.end] == r.text, f"{where}: misplaced reference {r}"
        value = cell(tables, r.table, r.key, r.column)
        assert format_cell(value, r.fmt, r.unit, r.language) == r.text, f"{where}: {r.table}[{r.key}].{r.column}"
    found = 0
    for match in NUMBER.finditer(text):
        found += 1
        holder = [s for s in spans if s[0] <= match.start() and match.end() <= s[1]]
        assert holder, f"{where}: the number {match.group()!r} in {text!r} comes from no table cell"
        start, end, ref = holder[0]
        if ref is None:
            label = text[start:end]
            assert label in names, f"{where}: the label {label!r} carries a number and is not a plan name"
            continue
        value = cell(tables, ref.table, ref.key, ref.column)
        first = NUMBER.search(ref.text)
        if ref.fmt == "year_list":
            assert int(match.group()) in tuple(int(y) for y in value), f"{where}: {match.group()} not in {value}"
            continue
        if match.start() != ref.start + first.start():
            continue  # a digit of the unit ("/10万", "per 100,000"), checked by the formatted text above
        shown = float(match.group().replace(",", ""))
        expected = _shown_number(value, ref.fmt)
        tolerance = (
            0.5 if ref.fmt in ("value", "abs_value", "change", "signed_change") and abs(expected) >= 1000 else 0.0051
        )
        assert math.isclose(shown, expected, abs_tol=tolerance), (
            f"{where}: {shown} shown for {ref.table}[{ref.key}].{ref.column} = {value}"
        )
    return found


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_number_in_the_midterm_text_is_a_table_cell(evaluations, language):
    plan, m, _ = evaluations
    names = _names(plan)
    total = 0
    for chapter, sentences in midterm_sentences(m, language).items():
        assert sentences, chapter if chapter != "methods" else "ok"
        for i, s in enumerate(sentences):
            total += _check_sentence(s, m.tables, names, f"midterm {language} {chapter}[{i}]")
    assert total > 50  # the text is full of figures, every one of them checked


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_number_in_the_final_text_is_a_table_cell(evaluations, language):
    plan, _, f = evaluations
    names = _names(plan)
    total = 0
    for chapter, sentences in final_sentences(f, language).items():
        for i, s in enumerate(sentences):
            total += _check_sentence(s, f.tables, names, f"final {language} {chapter}[{i}]")
    assert total > 20


def test_the_tables_hold_the_same_texts(evaluations):
    """The methods notes and recommendations written into the tables are the generated sentences."""
    _, m, _ = evaluations
    for language in ("zh", "en"):
        notes = [s.text for s in midterm_sentences(m, language)["methods"]]
        assert notes == [t for t in m.methods[f"disagreement_{language}"] if t]
        recs = [s.text for s in midterm_sentences(m, language)["recommendations"]]
        assert recs == [t for t in m.recommendations[f"text_{language}"] if t]


def test_templates_hold_no_digit_and_the_same_blanks():
    """A template never prints a figure of its own, and both languages take the same fields."""
    fields = lambda text: {n for _, n, _, _ in string.Formatter().parse(text) if n}  # noqa: E731
    for key, (zh, en) in TEMPLATES.items():
        for text in (zh, en):
            literal = "".join(part for part, *_ in string.Formatter().parse(text))
            assert not re.search(r"[0-9]", literal), f"{key}: a digit in the template text"
        assert fields(zh) == fields(en), key


def test_scenario_sentences_by_hand():
    """A few sentences in full, to show what the templates make of the numbers."""
    plan, actuals = _scenario()
    m = midterm(plan, actuals)
    zh = midterm_sentences(m, "zh")
    assert zh["overall"][0].text == "2023年是规划期的中点(基期2020年,目标年2026年),时间进度为50.0%。"
    assert (
        zh["overall"][3].text == "总体上未达到“时间过半、任务过半”:平均完成进度比平均时间进度低3.5个百分点。"
    )  # 29/840
    problems = {s.text.split("(")[0].split("〔")[0]: s.text for s in zh["problems"]}
    assert problems["新建住房"] == (
        "新建住房(清河县甲局):截至2022年累计160套,为规划期目标600套的26.7%;剩余4年每年平均需110套,"
        "超过此前最好的一年(2021年+100套),此前年均+80套。"
    )
    en = midterm_sentences(m, "en")["recommendations"][1].text
    assert en.startswith("Average waiting days [binding] (Bureau A): it needs a decrease of 3.33 天 a year for 3 years")


def test_the_check_catches_a_wrong_number():
    """The checker itself: a figure changed in the text, or a figure typed into it, is caught."""
    from dataclasses import replace

    plan, actuals = _scenario()
    m = midterm(plan, actuals)
    sentence = midterm_sentences(m, "zh")["overall"][0]  # "…时间进度为50.0%。"
    names = _names(plan)
    wrong = replace(sentence, text=sentence.text.replace("50.0%", "60.0%"))
    with pytest.raises(AssertionError):
        _check_sentence(wrong, m.tables, names, "tampered")
    typed = replace(sentence, text=sentence.text + "另有3个。")
    with pytest.raises(AssertionError, match="comes from no table cell"):
        _check_sentence(typed, m.tables, names, "typed")


def test_a_floor_is_called_a_floor():
    """A bound from below (direction +1, the other fixture plan's 接种率 ≥ 95) reads 下限 / floor, and
    the numbers of that text pass the same check."""
    import pandas as pd

    plan = load_plan(FIXTURES / "other-plan.yaml")
    rows = [
        ("vaccination_floor", 2026, 96.0),
        ("vaccination_floor", 2027, 94.0),
        ("vaccination_floor", 2028, 95.5),
        ("accident_rate", 2026, 2.5),
        ("accident_rate", 2027, 3.2),
        ("accident_rate", 2028, 2.9),
    ]
    frame = pd.DataFrame([{"indicator": i, "year": y, "value": v, "source": "t"} for i, y, v in rows])
    m = midterm(plan, frame)  # 2025 + ceil(5/2) = 2028
    names = _names(plan)
    for language, floor_word, ceiling_word in (("zh", "下限", "上限"), ("en", "floor", "bound")):
        sentences = midterm_sentences(m, language)
        for chapter, items in sentences.items():
            for i, s in enumerate(items):
                _check_sentence(s, m.tables, names, f"floor {language} {chapter}[{i}]")
        floor = [s.text for s in sentences["problems"] if s.text.startswith("接种率")]
        assert floor and floor_word in floor[0] and ceiling_word not in floor[0]
