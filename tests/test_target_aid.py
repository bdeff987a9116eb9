"""十五五目标测算 — the target-setting aid, against hand calculations written here.

The made-up plan (fixtures/sections-plan-2030.yaml, 2025 → 2030) and its made-up actuals
(fixtures/sections-actuals-2026-2030.csv) give the numbers; every expected value is worked out below.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from dayao_data import load_plan
from dayao_data.actuals import load_actuals
from dayao_data.cli import main
from dayao_data.next_plan import (
    compute,
    judge,
    national_targets,
    observed_pace,
    period_name,
    read_candidates,
    trend,
    verdict_for_ratio,
)

FIXTURES = Path(__file__).parent / "fixtures"
SECTIONS = FIXTURES / "sections-plan-2030.yaml"
ACTUALS = FIXTURES / "sections-actuals-2026-2030.csv"

# 托育入托率: baseline 60.0 (2025), actuals 62, 64.5, 66, 69, 71.5 (2026–2030)
NURSERY = {2025: 60.0, 2026: 62.0, 2027: 64.5, 2028: 66.0, 2029: 69.0, 2030: 71.5}


def test_observed_pace_by_hand():
    p = observed_pace(NURSERY)
    assert p.avg_change == pytest.approx((71.5 - 60) / 5)  # 2.3 a year
    assert p.avg_rate == pytest.approx((71.5 / 60) ** (1 / 5) - 1)
    # yearly changes 2, 2.5, 1.5, 3, 2.5: best 2029 (+3), worst 2028 (+1.5)
    assert (p.best_year, p.best_change, p.worst_year, p.worst_change) == (2029, 3.0, 2028, 1.5)
    # lower is better: the best year is the largest fall
    q = observed_pace({2025: 4.0, 2026: 3.9, 2027: 3.8, 2028: 4.1}, direction=-1)
    assert (q.best_year, q.worst_year) == (2026, 2028)  # 2026 and 2027 both fall 0.1: the first is named
    assert q.best_change == pytest.approx(-0.1) and q.worst_change == pytest.approx(0.3)


def test_ols_trend_and_prediction_interval_by_hand():
    # x̄ = 2027.5, ȳ = 393/6 = 65.5, Sxx = 2(2.5² + 1.5² + 0.5²) = 17.5,
    # Sxy = 13.75 + 5.25 + 0.5 + 0.25 + 5.25 + 15 = 40, b = 40/17.5, a = 65.5 − b·2027.5
    b = 40 / 17.5
    pred = 65.5 + b * (2035 - 2027.5)  # 82.642857…
    fitted = {x: 65.5 + b * (x - 2027.5) for x in NURSERY}
    s = math.sqrt(sum((NURSERY[x] - fitted[x]) ** 2 for x in NURSERY) / 4)
    half = 2.776 * s * math.sqrt(1 + 1 / 6 + (2035 - 2027.5) ** 2 / 17.5)  # t(0.975, 4) = 2.776
    t = trend(NURSERY, 2035, (0, 100))
    assert t.value == pytest.approx(pred)
    assert (t.low, t.high) == (pytest.approx(pred - half), pytest.approx(pred + half))


def test_cumulative_trend_by_hand():
    flows = {2026: 900.0, 2027: 1000.0, 2028: 950.0, 2029: 1100.0, 2030: 1000.0}
    m = 4950 / 5  # 990 a year
    s = math.sqrt(sum((f - m) ** 2 for f in flows.values()) / 4)
    t = trend(flows, 2035, (0, None), cumulative=True, years_ahead=5)
    assert t.value == pytest.approx(990 * 5)
    assert t.high == pytest.approx(4950 + 2.776 * s * math.sqrt(5 + 25 / 5))


def test_verdict_thresholds():
    assert [verdict_for_ratio(r) for r in (0.5, 1.0, 1.01, 1.5, 1.51)] == [
        "可实现",
        "可实现",
        "需加力",
        "需加力",
        "难度很大",
    ]


def test_judge_level_cumulative_and_bounds():
    pace = observed_pace(NURSERY)
    tr = trend(NURSERY, 2035, (0, 100))
    # 85 by 2035: (85 − 71.5)/5 = 2.7 a year against 2.3 observed: ratio 1.1739 → 需加力
    req, ratio, v = judge("level", 1, 85.0, pace, tr, 5)
    assert req == pytest.approx(2.7) and ratio == pytest.approx(2.7 / 2.3) and v == "需加力"
    # 80: 1.7 a year, ratio 0.739 → 可实现; 95: 4.7 a year, ratio 2.04 → 难度很大; 70: already met → 可实现
    assert judge("level", 1, 80.0, pace, tr, 5)[2] == "可实现"
    assert judge("level", 1, 95.0, pace, tr, 5)[2] == "难度很大"
    assert judge("level", 1, 70.0, pace, tr, 5)[2] == "可实现"
    # a pace that went the wrong way cannot carry a rise
    falling = observed_pace({2025: 50.0, 2030: 48.0})
    assert judge("level", 1, 55.0, falling, trend({2025: 50.0, 2030: 48.0}, 2035), 5)[2] == "难度很大"
    # upper bound 6: the trend's interval wholly below → 可实现; bound between prediction and top → 需加力
    assert judge("ceiling", -1, 100.0, pace, tr, 5)[2] == "可实现"
    assert judge("ceiling", -1, tr.value + 0.1, pace, tr, 5)[2] == "需加力"
    assert judge("ceiling", -1, tr.value - 0.1, pace, tr, 5)[2] == "难度很大"
    # a floor of 80 with the interval above it → 可实现
    assert judge("ceiling", 1, 80.0, pace, tr, 5)[2] == "可实现"
    # a five-year total of 6000 against 990 a year: 1200/990 = 1.21 → 需加力
    flows = {2026: 900.0, 2027: 1000.0, 2028: 950.0, 2029: 1100.0, 2030: 1000.0}
    p2 = observed_pace(flows, cumulative=True)
    req, ratio, v = judge("cumulative", 1, 6000.0, p2, trend(flows, 2035, cumulative=True), 5)
    assert (req, v) == (1200.0, "需加力") and ratio == pytest.approx(1200 / 990)
    assert judge("qualitative", 1, 10.0, p2, trend(flows, 2035), 5)[2] == "定性目标"


def test_aid_for_the_made_up_plan_ending_2030(tmp_path):
    plan = load_plan(SECTIONS)
    aid = compute(
        plan,
        load_actuals(ACTUALS, plan),
        candidates={"托育入托率": 85, "teacher_training": 6000, "infant_mortality": 4.5},
    )
    assert (aid.target_year, aid.years) == (2035, 5)
    t = aid.table.set_index("indicator_id")
    assert len(t) == 14
    assert t.loc["nursery_enrolment", "avg_change"] == pytest.approx(2.3)
    assert aid.verdict("nursery_enrolment") == "需加力"
    assert aid.verdict("teacher_training") == "需加力"
    assert aid.illustrative  # the fixture's sources say 示例数据
    xlsx, pdf = aid.to_excel(tmp_path / "a.xlsx"), aid.to_pdf(tmp_path / "a.pdf")
    assert xlsx.stat().st_size > 0 and pdf.read_bytes()[:4] == b"%PDF"
    assert period_name(2031, 2035) == "“十六五”"


def test_workbook_labels_illustrative_data_and_computes_verdicts_by_formula(tmp_path):
    import openpyxl

    plan = load_plan(SECTIONS)
    aid = compute(plan, load_actuals(ACTUALS, plan))
    path = aid.to_excel(tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets[:2]:
        assert "示例数据" in str(ws["A1"].value)
    ws = wb["测算"]
    header = [c.value for c in ws[5]]
    cand = header.index("候选目标（请填写）") + 1
    verdict = header.index("判断") + 1
    row = next(r for r in range(6, ws.max_row + 1) if ws.cell(r, 1).value == "nursery_enrolment")
    assert ws.cell(row, cand).protection.locked is False
    f = ws.cell(row, verdict).value
    assert f.startswith("=IF(") and "需加力" in f and "1.5" in f
    # a planner types 85 and saves: a re-run reads the candidate back from the workbook
    ws.cell(row, cand).value = 85
    wb.save(tmp_path / "filled.xlsx")
    assert read_candidates(tmp_path / "filled.xlsx") == {"nursery_enrolment": 85.0}


def test_dayao_aid_through_the_command(tmp_path, capsys):
    from dayao_data.actuals import example_actuals_path

    extra = str(Path(example_actuals_path()).with_name("actuals-illustrative-2025.csv"))
    targets = tmp_path / "t.yaml"
    targets.write_text("学前三年毛入园率: 95\n孕产妇死亡率: 12\n", "utf-8")
    rc = main(
        [
            "plan",
            "aid",
            "--plan",
            "dayao",
            "--actuals",
            "example",
            extra,
            "--targets",
            str(targets),
            "-o",
            str(tmp_path / "out"),
        ]
    )
    out = capsys.readouterr().out
    assert rc == 0 and "“十五五”目标测算（2026–2030年）" in out and "【示例数据】" in out
    assert (tmp_path / "out" / "dayao_14th_fyp_basic_public_services-target-aid-2030.pdf").exists()


def test_national_targets_all_cite_their_source():
    targets = national_targets()
    assert targets
    for t in targets:
        assert t["source"]["document"] and t["source"]["reported_by"] and t["quote"], t["id"]
        assert str(t["value"]).rstrip("0").rstrip(".") in t["printed"].replace("%", ""), t["id"]


def test_candidates_for_unknown_indicators_are_refused():
    from dayao_data.next_plan import AidError

    plan = load_plan(SECTIONS)
    with pytest.raises(AidError, match="not in"):
        compute(plan, load_actuals(ACTUALS, plan), candidates={"学前三年毛入园率": 95})


def test_outputs_for_another_plan_carry_nothing_of_dayao(tmp_path):
    import openpyxl
    from pypdf import PdfReader

    plan = load_plan(SECTIONS)
    aid = compute(plan, load_actuals(ACTUALS, plan), candidates={"nursery_enrolment": 85})
    pdf = aid.to_pdf(tmp_path / "a.pdf")
    pages = [p.extract_text() for p in PdfReader(str(pdf)).pages]
    text = "\n".join(pages)
    wb = openpyxl.load_workbook(aid.to_excel(tmp_path / "a.xlsx"))
    text += "\n".join(str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c is not None)
    dayao_names = [
        i.name_zh for i in load_plan().indicators if i.name_zh not in {x.name_zh for x in plan.series("all")}
    ]
    for word in ["大姚", "2020", *dayao_names]:
        assert word not in text, word
    assert "青山县" in text and "2035" in text
    assert all("示例数据" in p for p in pages)  # every page says the data are illustrative
