"""Counts beside rates, data flags and series breaks in the actuals (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dayao_data.actuals import load_actuals, validate_actuals


def write(tmp_path: Path, text: str, name: str = "actuals.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


HEAD = "indicator,year,value,source,events,denominator,flag\n"


def test_counts_and_flag_are_read(tmp_path):
    # 12 deaths in 2400 live births: 12 / 2400 × 1000 = 5.0‰
    path = write(tmp_path, HEAD + "infant_child_mortality_rate,2023,5.0,年报,12,2400,初步\n")
    df = load_actuals(path)
    row = df.iloc[0]
    assert (int(row.events), int(row.denominator), row.flag) == (12, 2400, "provisional")


def test_chinese_headers_and_flag_words(tmp_path):
    path = write(
        tmp_path,
        "指标,年份,数值,来源,死亡数,活产数,数据状态,口径变化\n孕产妇死亡率,2023,0,年报,0,2400,正式,2023年起按新口径\n婴幼儿死亡率,2022,4.8,年报,12,2500,估计,\n",
    )
    df = load_actuals(path).set_index("indicator")
    assert df.loc["maternal_mortality_rate", "flag"] == "final"
    assert df.loc["maternal_mortality_rate", "series_break"] == "2023年起按新口径"
    assert df.loc["infant_child_mortality_rate", "flag"] == "estimated"


def test_rate_must_agree_with_counts_within_rounding(tmp_path):
    # 13 / 2500 × 1000 = 5.2‰; 5.3 is off by 0.1 > 0.05 (half a unit of the printed decimal)
    path = write(tmp_path, HEAD + "infant_child_mortality_rate,2024,5.3,年报,13,2500,\n")
    (p,) = [p for p in validate_actuals(path) if p.severity == "error"]
    assert p.row == 2 and p.column == "value" and "13 ÷ 2500 × 1000 = 5.200" in p.message
    # 11 / 2450 × 1000 = 4.4898, printed 4.5: within 0.05
    ok = write(tmp_path, HEAD + "infant_child_mortality_rate,2021,4.5,年报,11,2450,\n", "ok.csv")
    assert [p for p in validate_actuals(ok) if p.severity == "error"] == []


@pytest.mark.parametrize(
    "cells, column, words",
    [
        ("-1,2400,", "events", "not a whole number"),
        ("1.5,2400,", "events", "not a whole number"),
        ("12,0,", "denominator", "the denominator is 0"),
        ("2500,2400,", "events", "more than the denominator"),
        ("12,,", "denominator", "denominator is empty"),
        ("12,2400,draft", "flag", "not a data flag"),
    ],
)
def test_bad_counts_name_row_and_column(tmp_path, cells, column, words):
    path = write(tmp_path, HEAD + f"infant_child_mortality_rate,2023,5.0,年报,{cells}\n")
    errors = [p for p in validate_actuals(path) if p.severity == "error"]
    assert any(p.row == 2 and p.column == column and words in p.message for p in errors), "\n".join(map(str, errors))


def test_counts_for_a_non_rate_are_ignored_with_a_warning(tmp_path):
    path = write(tmp_path, HEAD + "urban_new_jobs,2023,0.3,年报,3,10,\n")
    (p,) = validate_actuals(path)
    assert p.severity == "warning" and "only read for rates" in p.message
    assert load_actuals(path)["events"].isna().all()


def test_shipped_example_counts_agree_with_rates():
    df = load_actuals()
    rates = df[df["events"].notna()]
    assert set(rates["indicator"]) == {"infant_child_mortality_rate", "maternal_mortality_rate"}
    # Dayao has roughly 2,300–2,600 live births a year (illustrative)
    assert rates["denominator"].between(2300, 2600).all()
    scale = {"infant_child_mortality_rate": 1000, "maternal_mortality_rate": 100000}
    for r in rates.itertuples():
        assert abs(r.events / r.denominator * scale[r.indicator] - r.value) <= 0.05


def test_a_returned_form_carries_counts_and_flag(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from form_corpus import code_rows, columns, fill_form

    from dayao_data.collect.forms import write_forms
    from dayao_data.collect.intake import take_in
    from dayao_data.collect.store import ActualsStore
    from dayao_data.plan import load_plan

    plan = load_plan()
    store = ActualsStore(tmp_path / "store")
    (form,) = [f for f in write_forms(plan, 2024, tmp_path / "forms", store=store) if f.department == "health"]

    def counts(events):
        def edit(wb, ws):
            cols, rows = columns(ws), code_rows(ws)
            r = rows["infant_child_mortality_rate"]
            ws.cell(r, cols["事件数（仅率指标）"]).value = events
            ws.cell(r, cols["分母（仅率指标）"]).value = 2500
            ws.cell(r, cols["数据状态"]).value = "初步"

        return edit

    # 13 ÷ 2500 × 1000 = 5.2‰: agrees
    good = fill_form(form.path, {"infant_child_mortality_rate": 5.2}, out=tmp_path / "good.xlsx", edit=counts(13))
    result = take_in([good], plan, store, year=2024, dry_run=True)
    assert not result.errors, [str(p) for p in result.errors]
    # 14 ÷ 2500 × 1000 = 5.6‰ disagrees with 5.2: refused, naming the row and the value column
    bad = fill_form(form.path, {"infant_child_mortality_rate": 5.2}, out=tmp_path / "bad.xlsx", edit=counts(14))
    result = take_in([bad], plan, store, year=2024, dry_run=True)
    assert any("14 ÷ 2500 × 1000 = 5.600" in p.message and p.column == "2024年实际值" for p in result.errors), [
        str(p) for p in result.errors
    ]
