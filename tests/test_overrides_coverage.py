"""Reviewed overrides, coverage for the year, the data cut-off and store revisions (issue 13)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest

from dayao_data import coverage as cov
from dayao_data.actuals import load_actuals
from dayao_data.overrides import OverridesError, apply_overrides, load_overrides
from dayao_data.plan import load_plan
from dayao_data.progress import assess


@pytest.fixture(scope="module")
def plan():
    return load_plan()


GOOD = """\
schema: dayao-overrides/1
overrides:
  - indicator: 婴幼儿死亡率
    year: 2024
    status: 已实现
    reason: 13例/2500活产,与5‰的差异在随机波动范围内。
    decided_by: 县卫生健康局、县统计局
    date: 2025-03-20
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "overrides.yaml"
    path.write_text(text, "utf-8")
    return path


def test_override_sits_beside_the_computed_status(tmp_path, plan):
    overrides = load_overrides(_write(tmp_path, GOOD), plan)
    assert [(o.indicator, o.year, o.status, o.date) for o in overrides] == [
        ("infant_child_mortality_rate", 2024, "achieved", "2025-03-20")
    ]
    table = assess(plan, load_actuals(), 2024)
    out = apply_overrides(table, overrides)
    row = out.set_index("indicator_id").loc["infant_child_mortality_rate"]
    # the example's 5.2‰ against "<5" is breached as the method defines it; the decision is beside it
    assert row.status == "breached" and row.decided_status == "achieved" and row.decided_status_zh == "已实现"
    assert row.decided_by == "县卫生健康局、县统计局"
    # nothing else changes, and other rows carry no decision
    pd.testing.assert_frame_equal(out[table.columns], table)
    assert (out.set_index("indicator_id").drop(index="infant_child_mortality_rate")["decided_status"] == "").all()
    # an override for another year does not apply to this year's row
    assert (apply_overrides(assess(plan, load_actuals(), 2023), overrides)["decided_status"] == "").all()


@pytest.mark.parametrize(
    "change, line, words",
    [
        (("婴幼儿死亡率", "婴幼儿死忙率"), 3, "unknown series"),
        (("status: 已实现", "status: fine"), 5, "unknown status 'fine'"),
        (("    reason: 13例/2500活产,与5‰的差异在随机波动范围内。\n", ""), 3, "needs 'reason'"),
        (("    decided_by: 县卫生健康局、县统计局\n", ""), 3, "needs 'decided_by'"),
        (("date: 2025-03-20", "date: 20.3.2025"), 8, "not a date"),
        (("year: 2024", "year: 2019"), 4, "outside the plan period 2021–2025"),
    ],
)
def test_bad_overrides_are_refused_with_file_and_line(tmp_path, plan, change, line, words):
    path = _write(tmp_path, GOOD.replace(*change))
    with pytest.raises(OverridesError) as err:
        load_overrides(path, plan)
    assert f"{path} line {line}:" in str(err.value) and words in str(err.value)


def test_the_same_decision_twice_is_refused(tmp_path, plan):
    body = GOOD + GOOD.split("overrides:\n", 1)[1]
    with pytest.raises(OverridesError, match="decided twice"):
        load_overrides(_write(tmp_path, body), plan)


def test_empty_overrides_file(tmp_path, plan):
    assert load_overrides(_write(tmp_path, "schema: dayao-overrides/1\noverrides: []\n"), plan) == []


def test_coverage_counts_series_with_data_for_the_year(plan):
    # Hand count for 2024 in the shipped example: every headline series has a 2024 figure except
    # 劳动年龄人口平均受教育年限 (2021, 2023 only) and 人口预期寿命 (none until 2025): 19 of 21.
    actuals = load_actuals()
    by_domain = cov.coverage(plan, actuals, 2024, by="domain")
    total = by_domain.iloc[-1]
    assert (total.group_zh, total.series, total.with_data, total.without_data) == ("合计", 21, 19, 2)
    assert by_domain.iloc[:-1]["series"].sum() == 21
    by_dept = cov.coverage(plan, actuals, 2024, by="department").set_index("group")
    assert by_dept.loc["health", "without_data"] == 1 and by_dept.loc["education_sports", "without_data"] == 1
    missing = cov.awaited(plan, actuals, 2024).set_index("indicator_id")
    assert set(missing.index) == {"working_age_schooling_years", "life_expectancy"}
    assert missing.loc["working_age_schooling_years", "latest_year"] == 2023
    assert pd.isna(missing.loc["life_expectancy", "latest_year"])
    sentence = cov.coverage_sentence(plan, actuals, 2024)
    assert (
        sentence
        == "2024年21项指标中19项已有当年数据，2项待报送：大姚县教育体育局（劳动年龄人口平均受教育年限）；大姚县卫生健康局（人口预期寿命）。"
    )


def test_data_cutoff_from_params_or_vintage():
    from dayao_data.collect.store import Vintage

    v = Vintage("20250312-001", "2025-03-12T10:15:00+08:00")
    assert cov.data_cutoff("2025-03-31", v) == "2025-03-31"  # the params key wins
    assert cov.data_cutoff("", v) == "2025-03-12"
    assert cov.data_cutoff(None, None) is None
    with pytest.raises(ValueError, match="not a date"):
        cov.data_cutoff("March", v)


def test_revisions_list_first_reported_and_revised(tmp_path):
    from dayao_data.collect.store import ActualsStore, IncomingFile, NewVersion

    cst = timezone(timedelta(hours=8))

    def incoming(name: str, data: bytes) -> IncomingFile:
        path = tmp_path / name
        path.write_bytes(data)
        return IncomingFile(path, hashlib.sha256(data).hexdigest(), name, "actuals")

    store = ActualsStore(tmp_path / "store")
    f1, f2 = incoming("a.csv", b"first"), incoming("b.csv", b"second")
    store.record(
        [
            NewVersion("preschool_gross_enrolment_rate", 2023, 88.1, "初步", file=f1),
            NewVersion("life_expectancy", 2023, 76.0, "年报", file=f1),
        ],
        [f1],
        now=datetime(2025, 3, 10, 10, tzinfo=cst),
    )
    store.record(
        [NewVersion("preschool_gross_enrolment_rate", 2023, 88.4, "正式", file=f2)],
        [f2],
        now=datetime(2025, 3, 20, 10, tzinfo=cst),
    )
    rev = cov.revisions(store)
    assert len(rev) == 1
    r = rev.iloc[0]
    assert (r.indicator, r.year, r.first_value, r.current_value, r.versions) == (
        "preschool_gross_enrolment_rate",
        2023,
        88.1,
        88.4,
        2,
    )
    assert r.change == pytest.approx(0.3)  # 88.4 − 88.1
    assert len(cov.revisions(store, only_changed=False)) == 2


def test_report_context_hooks(tmp_path):
    from dayao_data.yearly.context import setup

    path = _write(tmp_path, GOOD)
    ctx = setup(2024, overrides_file=str(path), data_cutoff="2025-03-31")
    assert ctx.data_cutoff == "2025-03-31"
    row = ctx.decided.set_index("indicator_id").loc["infant_child_mortality_rate"]
    assert (row.status, row.decided_status) == ("breached", "achieved")
    rates = ctx.rate_certainty.set_index("indicator_id")
    infant = rates.loc["infant_child_mortality_rate"]
    # 2024: 13 deaths in 2500 births = 5.2‰; pooled 2022–2024: (12 + 12 + 13) / (2500 + 2400 + 2500) = 37 / 7400 = 5.0‰
    assert (infant.events, infant.denominator, infant.rate) == (13, 2500, pytest.approx(5.2))
    assert infant.pooled_years == "2022、2023、2024" and infant.pooled_rate == pytest.approx(5.0)
    assert infant.bound_within_interval and "随机波动" in infant.note_zh and "不稳定" in infant.note_zh
    # maternal 2024: 0 deaths in 2500 births; the exact upper limit is 3.689 / 2500 × 100000 = 147.6 per 10万
    maternal = rates.loc["maternal_mortality_rate"]
    assert maternal.rate == 0 and maternal.rate_high == pytest.approx(3.689 / 2500 * 100000, abs=0.1)
    assert ctx.coverage_sentence.startswith("2024年21项指标中19项已有当年数据")
    assert len(ctx.certainty) == len(ctx.table)
    assert setup(2024).data_cutoff is None  # the example names no store vintage


def test_params_data_cutoff_is_checked():
    import datetime as dt

    from dayao_data.params import ParamsError, validate_params

    assert validate_params({"year": 2024, "data_cutoff": dt.date(2025, 3, 31)})["data_cutoff"] == "2025-03-31"
    assert validate_params({"year": 2024})["data_cutoff"] == ""
    with pytest.raises(ParamsError, match="key 'data_cutoff'.*not a date"):
        validate_params({"year": 2024, "data_cutoff": "31.3.2025"}, "params/2024.yaml")
