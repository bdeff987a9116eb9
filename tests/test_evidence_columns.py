"""Evidence beside each status: data points, the latest flag, and breaks in the series (issue 13)."""

from __future__ import annotations

import pandas as pd
import pytest

from dayao_data.plan import PlanError, load_plan
from dayao_data.progress import assess
from tests.test_plan_data import MINIMAL_PLAN


def _frame(rows):
    return pd.DataFrame(rows, columns=["indicator", "year", "value", "source", "flag", "series_break"])


def test_n_points_flag_and_break_from_the_actuals():
    plan = load_plan()
    actuals = _frame(
        [
            ("preschool_gross_enrolment_rate", 2021, 87.0, "年报", "final", ""),
            ("preschool_gross_enrolment_rate", 2022, 88.1, "年报", "final", "2022年起含民办园"),
            ("preschool_gross_enrolment_rate", 2023, 89.2, "年报", "provisional", ""),
            ("preschool_gross_enrolment_rate", 2024, 89.9, "年报", "provisional", ""),  # after the assessment year
        ]
    )
    row = assess(plan, actuals, 2023).set_index("indicator_id").loc["preschool_gross_enrolment_rate"]
    assert row.n_points == 3  # 2021, 2022, 2023 (2024 is after t = 2023)
    assert row.latest_flag == "provisional"
    assert row.series_break == "2022年:2022年起含民办园"
    other = assess(plan, actuals, 2023).set_index("indicator_id").loc["life_expectancy"]
    assert (other.n_points, other.latest_flag, other.series_break) == (0, "", "")


def test_break_recorded_in_the_plan_file(tmp_path):
    text = MINIMAL_PLAN.replace(
        "    kind: level\n",
        "    kind: level\n    breaks:\n      - year: 2027\n        note_zh: 2027年起按新统计口径\n",
        1,
    )
    path = tmp_path / "plan.yaml"
    path.write_text(text, "utf-8")
    plan = load_plan(path)
    assert plan.indicator("preschool_gross_enrolment_rate").breaks == ((2027, "2027年起按新统计口径"),)
    actuals = pd.DataFrame(
        {
            "indicator": ["preschool_gross_enrolment_rate"] * 2,
            "year": [2026, 2028],
            "value": [91.0, 93.0],
            "source": ["x", "x"],
        }
    )
    assert assess(plan, actuals, 2026).iloc[0].series_break == ""  # not yet
    assert assess(plan, actuals, 2028).iloc[0].series_break == "2027年:2027年起按新统计口径"


def test_break_outside_the_plan_years_is_refused(tmp_path):
    text = MINIMAL_PLAN.replace(
        "    kind: level\n", "    kind: level\n    breaks:\n      - year: 2024\n        note_zh: 早于规划期\n", 1
    )
    path = tmp_path / "plan.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(PlanError) as err:
        load_plan(path)
    assert "a break in 2024 is outside the plan years 2026–2030" in str(err.value)
