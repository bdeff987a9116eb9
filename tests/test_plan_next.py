"""``dayao plan next``: the next period's draft carries every indicator over with its final-year actual."""

from __future__ import annotations

from pathlib import Path

import yaml

from dayao_data.cli import main
from dayao_data.plan.draft_next import draft_next_plan

FIXTURES = Path(__file__).parent / "fixtures"
SECTIONS = FIXTURES / "sections-plan-2030.yaml"


def _actuals(tmp_path) -> Path:
    # Real-looking sources (not the illustrative example), chosen to hit each flag:
    rows = [
        "indicator,year,value,source,note,assigned_target",
        "nursery_enrolment,2029,70,县教育局2029年统计年报,,",
        "nursery_enrolment,2030,72.5,县教育局2030年统计年报,,",  # the 2030 value: clean
        "upper_secondary_enrolment,2028,93,县教育局2028年统计年报,,",  # latest 2028: older than 2030
        "elderly_care_beds,2030,33,县民政局2030年快报,,",  # 快报: provisional
        "teacher_training,2026,900,县教育局,,",
        "teacher_training,2027,1000,县教育局,,",
        "teacher_training,2029,1100,县教育局,,",  # 2028 and 2030 missing
    ]
    p = tmp_path / "actuals.csv"
    p.write_text("\n".join(rows) + "\n", "utf-8")
    return p


def test_next_plan_draft(tmp_path):
    out = tmp_path / "next.yaml"
    result = draft_next_plan(SECTIONS, [str(_actuals(tmp_path))], out)
    assert (result.base_year, result.target_year) == (2030, 2035)
    doc = yaml.safe_load(out.read_text("utf-8"))
    assert (doc["plan"]["base_year"], doc["plan"]["target_year"]) == (2030, 2035)
    ind = {d["id"]: d for d in doc["indicators"]}
    assert len(ind) == 14  # every indicator carried over
    assert all("target" not in d for d in ind.values())  # targets left for the planner
    assert (
        ind["nursery_enrolment"]["baseline"]["value"] == 72.5 and "待确认" not in ind["nursery_enrolment"]["notes_zh"]
    )
    assert ind["upper_secondary_enrolment"]["baseline"] == {
        **ind["upper_secondary_enrolment"]["baseline"],
        "value": 93,
        "year": 2028,
    }
    assert "早于上一期末年" in ind["upper_secondary_enrolment"]["notes_zh"]
    assert "初步/预计数" in ind["elderly_care_beds"]["notes_zh"]
    # cumulative: 900 + 1000 + 1100 = 3000 over 2026–2030, two years missing
    tt = ind["teacher_training"]
    assert tt["previous_period"]["value"] == 3000 and "baseline" not in tt
    assert "缺2028、2030年" in tt["notes_zh"]
    # no actual at all: flagged as missing
    assert "基期缺失" in ind["infant_mortality"]["notes_zh"] and "baseline" not in ind["infant_mortality"]
    # the draft is a plan file whose only problems are the targets to write
    from dayao_data.plan.check import check_file

    problems = check_file(out)
    assert problems and all("target" in p.en for p in problems)


def test_next_plan_never_overwrites(tmp_path, capsys):
    out = tmp_path / "next.yaml"
    out.write_text("keep", "utf-8")
    assert main(["plan", "next", "--from", str(SECTIONS), "--actuals", str(_actuals(tmp_path)), "-o", str(out)]) == 1
    assert out.read_text("utf-8") == "keep"


def test_next_plan_of_dayao_flags_the_example_data(tmp_path):
    out = tmp_path / "next.yaml"
    from dayao_data.actuals import example_actuals_path

    res = draft_next_plan(
        "dayao", ["example", str(Path(example_actuals_path()).with_name("actuals-illustrative-2025.csv"))], out
    )
    assert (res.base_year, res.target_year) == (2025, 2030)
    doc = yaml.safe_load(out.read_text("utf-8"))
    assert len(doc["indicators"]) == 21
    assert all("示例数据" in d["notes_zh"] for d in doc["indicators"] if "baseline" in d)
